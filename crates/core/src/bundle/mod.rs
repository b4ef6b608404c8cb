//! The export bundle that carries ciphertext from the server to the
//! air-gapped machine: a tar stream with `manifest.json` first, then
//! `tips/<id>.age` for each tip in the manifest's order, then
//! `replies/<id>.age` for each reply the newsroom sent earlier (so that the
//! reading desk shows whole conversations), then the end-of-archive marker.
//!
//! Main types: [`TipId`], [`ReplyId`], [`Manifest`], [`BundleWriter`],
//! [`BundleReader`]; the outgoing bundle of replies the newsroom sends back
//! ([`write_outgoing`], [`read_outgoing`]) is in `outgoing`.
//!
//! The reader treats a bundle as hostile (it crossed removable media and
//! came from an online machine): `manifest.json` must come first and is
//! size-bounded; every later entry must be exactly the next `tips/<id>.age`
//! the manifest lists, then the next `replies/<id>.age` of its `replies`,
//! each a regular file of the listed size. Anything else (an extra entry, a
//! link, a path, a missing tip or reply) is refused with its own
//! [`BundleError`], and the visitor only ever sees a reader limited to the
//! one entry, streamed, never buffered whole.
mod ids;
mod outgoing;
mod read;
mod write;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::conversation::MailboxId;
use crate::hex_id::hex_id;

pub use outgoing::{
    read_outgoing, write_outgoing, OutgoingEntry, OutgoingError, OutgoingListing, OutgoingReply,
    OUTGOING_VERSION,
};

pub use ids::{ExportId, KeySetId};
pub use read::BundleReader;
pub use write::{bundle_len, BundleWriter};

/// Version of the `manifest.json` format written and read by this build.
pub const MANIFEST_VERSION: u32 = 1;

/// Largest `manifest.json` accepted (about 700 000 tips at ~100 bytes each).
pub const MAX_MANIFEST_BYTES: u64 = 64 * 1024 * 1024;

const MANIFEST_PATH: &str = "manifest.json";

/// A tip's id: 128 random bits, written as 32 lower-case hex digits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TipId(pub [u8; 16]);

impl TipId {
    /// A fresh id from the operating system's randomness: ids reveal
    /// nothing about order or arrival time.
    pub fn random() -> Self {
        use rand::RngCore;
        let mut bytes = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        TipId(bytes)
    }

    /// The entry path of this tip inside a bundle.
    pub fn bundle_path(&self) -> String {
        format!("tips/{self}.age")
    }
}

// `hex` also accepts upper case; one spelling per id keeps paths and
// database keys unambiguous.
hex_id!(TipId, 16, BundleError, BundleError::BadId);

/// A reply's id: 128 random bits, 32 lower-case hex digits (chosen by
/// `tipbox-decrypt reply`; the server refuses an id it accepted before).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReplyId(pub [u8; 16]);

impl ReplyId {
    pub fn random() -> Self {
        ReplyId(TipId::random().0)
    }

    /// The entry path of this reply inside a bundle.
    pub fn bundle_path(&self) -> String {
        format!("replies/{self}.age")
    }
}

hex_id!(ReplyId, 16, BundleError, BundleError::BadReplyId);

/// One tip in a bundle.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub id: TipId,
    /// Coarsened arrival date, `YYYY-MM-DD`.
    pub received: String,
    /// Ciphertext size in bytes.
    pub size: u64,
    /// The newsroom key set the tip was checked against on arrival (listed
    /// in [`Manifest::key_sets`]); absent in bundles from before key sets
    /// were recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_set: Option<KeySetId>,
}

/// One reply (newsroom → source) in a bundle, filed under its mailbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyEntry {
    pub id: ReplyId,
    pub mailbox: MailboxId,
    /// Coarsened date the server accepted it, `YYYY-MM-DD`.
    pub created: String,
    /// Ciphertext size in bytes.
    pub size: u64,
}

/// `manifest.json`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub version: u32,
    /// The export this bundle is (absent in backups and older bundles):
    /// `POST /v1/export/confirm` with it removes exactly these tips.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub export_id: Option<ExportId>,
    pub tips: Vec<ManifestEntry>,
    /// Replies still on the server; absent in bundles from before
    /// conversations, which therefore still read.
    #[serde(default)]
    pub replies: Vec<ReplyEntry>,
    /// Each key set named by a tip: its `age1…` recipients.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub key_sets: BTreeMap<KeySetId, Vec<String>>,
}

impl Manifest {
    /// What both the writer and the reader require: the supported version,
    /// each id once, and dates that are plain `YYYY-MM-DD` (the date is
    /// printed in the summary table, so it must not carry terminal escapes).
    pub fn check(&self) -> Result<(), BundleError> {
        if self.version != MANIFEST_VERSION {
            return Err(BundleError::BadManifest(format!(
                "version {} is not supported (this build reads version {MANIFEST_VERSION})",
                self.version
            )));
        }
        let mut seen = std::collections::HashSet::new();
        for tip in &self.tips {
            if !seen.insert(tip.id) {
                return Err(BundleError::BadManifest(format!(
                    "tip {} is listed twice",
                    tip.id
                )));
            }
            if !is_plain_date(&tip.received) {
                return Err(BundleError::BadManifest(format!(
                    "tip {} has a received date that is not YYYY-MM-DD",
                    tip.id
                )));
            }
            if let Some(key_set) = tip.key_set {
                if !self.key_sets.contains_key(&key_set) {
                    return Err(BundleError::BadManifest(format!(
                        "tip {} names key set {key_set}, which the manifest does not list",
                        tip.id
                    )));
                }
            }
        }
        for (key_set, recipients) in &self.key_sets {
            // Shown to staff: only real age1… keys, no terminal escapes.
            let parsed = recipients
                .iter()
                .all(|r| r.parse::<crate::envelope::Recipient>().is_ok());
            if !parsed || KeySetId::of(recipients) != *key_set {
                return Err(BundleError::BadManifest(format!(
                    "key set {key_set} is not a list of age1… recipients with that fingerprint"
                )));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for reply in &self.replies {
            if !seen.insert(reply.id) {
                return Err(BundleError::BadManifest(format!(
                    "reply {} is listed twice",
                    reply.id
                )));
            }
            if !is_plain_date(&reply.created) {
                return Err(BundleError::BadManifest(format!(
                    "reply {} has a date that is not YYYY-MM-DD",
                    reply.id
                )));
            }
        }
        Ok(())
    }
}

fn is_plain_date(text: &str) -> bool {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    text.len() == 10 && time::Date::parse(text, &format).is_ok()
}

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("invalid tip id (expected 32 lower-case hex digits)")]
    BadId,
    #[error("invalid reply id (expected 32 lower-case hex digits)")]
    BadReplyId,
    #[error("not an export bundle: {0}")]
    NotABundle(String),
    #[error("manifest.json is invalid: {0}")]
    BadManifest(String),
    #[error("bundle entry {0:?} is not listed in the manifest or is out of order")]
    Unexpected(String),
    #[error("bundle entry {0:?} is a link or special file; refusing it")]
    NotRegularFile(String),
    #[error("bundle entry for tip {0} has {1} bytes, manifest says {2}")]
    SizeMismatch(TipId, u64, u64),
    #[error("bundle entry for reply {0} has {1} bytes, manifest says {2}")]
    ReplySizeMismatch(ReplyId, u64, u64),
    #[error("bundle is missing tips listed in its manifest")]
    Missing,
    #[error("the bundle is damaged: {0}")]
    Malformed(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}
