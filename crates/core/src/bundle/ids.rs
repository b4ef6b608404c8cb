//! Ids the manifest carries besides tip ids: [`KeySetId`], the newsroom key
//! set a tip was checked against (so that staff know which identities open
//! it after a key rotation), and [`ExportId`], the export a bundle came from
//! (so that the newsroom can confirm it and the server remove exactly its
//! tips).
use sha2::{Digest, Sha256};

use super::BundleError;
use crate::hex_id::hex_id;

/// A short fingerprint of a set of newsroom recipients: the first 8 bytes
/// of SHA-256 over the sorted, de-duplicated `age1…` strings joined by
/// newlines, written as 16 lower-case hex digits. The order in which the
/// operator lists the keys does not change it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeySetId(pub [u8; 8]);

impl KeySetId {
    /// The fingerprint of `recipients` (their `age1…` texts).
    pub fn of<S: AsRef<str>>(recipients: &[S]) -> KeySetId {
        let mut sorted: Vec<&str> = recipients.iter().map(AsRef::as_ref).collect();
        sorted.sort_unstable();
        sorted.dedup();
        let digest = Sha256::digest(sorted.join("\n").as_bytes());
        let mut id = [0; 8];
        id.copy_from_slice(&digest[..8]);
        KeySetId(id)
    }
}

/// One export of the newsroom API: 128 random bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExportId(pub [u8; 16]);

impl ExportId {
    pub fn random() -> ExportId {
        ExportId(rand::random())
    }
}

hex_id!(KeySetId, 8, BundleError, invalid("key set id", 8));
hex_id!(ExportId, 16, BundleError, invalid("export id", 16));

fn invalid(what: &str, len: usize) -> BundleError {
    BundleError::BadManifest(format!(
        "invalid {what} (expected {} lower-case hex digits)",
        2 * len
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_set_id_ignores_the_order_and_repetition_of_keys() {
        let a = KeySetId::of(&["age1aaa", "age1bbb"]);
        assert_eq!(a, KeySetId::of(&["age1bbb", "age1aaa", "age1bbb"]));
        assert_ne!(a, KeySetId::of(&["age1aaa"]));
    }

    #[test]
    fn ids_round_trip_and_refuse_upper_case_or_short_text() {
        let id = ExportId([0xab; 16]);
        assert_eq!(id.to_string().parse::<ExportId>().unwrap(), id);
        assert!("AB".repeat(16).parse::<ExportId>().is_err());
        assert!("ab".repeat(7).parse::<KeySetId>().is_err());
        assert!("ab".repeat(8).parse::<KeySetId>().is_ok());
    }

    #[test]
    fn manifest_from_before_key_sets_still_reads() {
        // An older server's manifest: no export_id, key_set or key_sets.
        let old = r#"{"version":1,"tips":[{"id":"000102030405060708090a0b0c0d0e0f","received":"2026-11-01","size":3}]}"#;

        let manifest: crate::bundle::Manifest = serde_json::from_str(old).unwrap();

        manifest.check().unwrap();
        assert_eq!(manifest.tips[0].key_set, None);
        assert_eq!(manifest.export_id, None);
    }

    #[test]
    fn manifest_naming_an_unlisted_key_set_is_refused() {
        // Mistake: a tip names key set 0101…, which `key_sets` lacks.
        let text = r#"{"version":1,"tips":[{"id":"000102030405060708090a0b0c0d0e0f","received":"2026-11-01","size":3,"key_set":"0101010101010101"}]}"#;

        let manifest: crate::bundle::Manifest = serde_json::from_str(text).unwrap();

        assert!(manifest.check().is_err());
    }

    #[test]
    fn manifest_key_set_whose_fingerprint_does_not_match_its_keys_is_refused() {
        // Mistake: a hostile manifest relabels a key set.
        let recipient = crate::envelope::Identity::generate()
            .to_public()
            .to_string();
        let manifest = crate::bundle::Manifest {
            version: 1,
            key_sets: [(KeySetId([1; 8]), vec![recipient])].into(),
            ..Default::default()
        };

        assert!(manifest.check().is_err());
    }
}
