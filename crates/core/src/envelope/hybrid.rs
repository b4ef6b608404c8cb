//! The hybrid post-quantum recipient stanza (C2SP age, "The MLKEM768-X25519
//! (i.e. X-Wing) hybrid post-quantum recipient type"): the file key sealed
//! with HPKE base mode to an `age1pq1…` recipient, opened with an
//! `AGE-SECRET-KEY-PQ-1…` identity.
//!
//! ```text
//! -> mlkem768x25519 <enc: X-Wing ciphertext, 1120 bytes, base64>
//! <file key sealed by HPKE SealBase, 32 bytes>
//! ```
//!
//! HPKE (RFC 9180) with KEM MLKEM768-X25519 (X-Wing, id 0x647a), KDF
//! HKDF-SHA256 (0x0001), AEAD ChaCha20Poly1305 (0x0003), info
//! `age-encryption.org/mlkem768x25519`, empty aad. The KEM is the `x-wing`
//! crate (draft-connolly-cfrg-xwing-kem-06, the construction of
//! draft-ietf-hpke-pq's MLKEM768-X25519 that age 1.3 and typage use: a
//! 32-byte seed expanded with SHAKE256, 1216-byte public keys, 1120-byte
//! ciphertexts); the HPKE key schedule is the few lines below, on the same
//! HKDF and ChaCha20-Poly1305 as the rest of the envelope.
//!
//! Attacks stopped here:
//! - a stanza whose X25519 share is a low-order point: its X25519 half
//!   contributes nothing, leaving the file to ML-KEM alone. The age spec
//!   defers to the KEM; age (Go's `crypto/ecdh`) and typage (noble's X25519)
//!   both refuse an all-zero X25519 result, so do we, and loudly: the file is
//!   refused, as with a low-order X25519 stanza;
//! - partitioning oracles: the body length is checked before decrypting;
//! - a post-quantum file quietly downgraded: [`super::Encryptor::new`]
//!   refuses to mix hybrid and classic recipients (spec: "the same file
//!   SHOULD NOT be encrypted to both this recipient type and to other
//!   non-quantum-resistant recipient types"); replies to a source's X25519
//!   key are the one, temporary, exception
//!   ([`super::Encryptor::with_mixed_recipients`]).

use base64::prelude::{Engine, BASE64_STANDARD_NO_PAD};
use hkdf::Hkdf;
use sha2::Sha256;
use x_wing::{Decapsulator, Encapsulate, KeyExport, KeyInit, TryDecapsulate, TryKeyInit};
use zeroize::{Zeroize, Zeroizing};

use super::header::{Stanza, HYBRID_TAG};
use super::primitives::{unwrap_file_key_with_nonce, wrap_file_key_with_nonce, FileKey};
use super::{Error, Identity, Recipient};

/// Bytes of a hybrid identity: the X-Wing seed.
pub(crate) const SEED_LEN: usize = x_wing::DECAPSULATION_KEY_SIZE;
/// Bytes of a hybrid recipient: ML-KEM-768 encapsulation key and X25519 point.
pub(crate) const PUBLIC_KEY_LEN: usize = x_wing::ENCAPSULATION_KEY_SIZE;
/// Bytes of the encapsulated key `enc`: ML-KEM-768 ciphertext and X25519 share.
pub(crate) const ENC_LEN: usize = x_wing::CIPHERTEXT_SIZE;
/// Where the X25519 share starts in `enc` (after the 1088-byte ML-KEM ciphertext).
const ENC_X25519_OFFSET: usize = ENC_LEN - 32;

/// Spec: `info = "age-encryption.org/mlkem768x25519"`.
const HPKE_INFO: &[u8] = b"age-encryption.org/mlkem768x25519";
/// RFC 9180 `suite_id`: "HPKE" || KEM 0x647a || KDF 0x0001 || AEAD 0x0003.
const HPKE_SUITE_ID: &[u8; 10] = b"HPKE\x64\x7a\x00\x01\x00\x03";

/// An `age1pq1…` public key.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct HybridRecipient(x_wing::EncapsulationKey);

impl HybridRecipient {
    /// Parses the 1216 bytes of a public key: the ML-KEM half must pass
    /// FIPS 203's modulus check, the X25519 half must not be a low-order
    /// point (no real key is one, and it would give up the classical half).
    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let bytes: &[u8; PUBLIC_KEY_LEN] = bytes
            .try_into()
            .map_err(|_| Error::InvalidKey("an age1pq1… recipient must hold exactly 1216 bytes"))?;
        let x25519_half: &[u8; 32] = bytes[PUBLIC_KEY_LEN - 32..].try_into().expect("32 bytes");
        if Recipient::is_low_order(x25519_half) {
            return Err(Error::InvalidKey(
                "the recipient's X25519 half is a low-order point, which no real key can be",
            ));
        }
        let key = x_wing::EncapsulationKey::new(&(*bytes).into()).map_err(|_| {
            Error::InvalidKey("the recipient's ML-KEM-768 half is not a valid encapsulation key")
        })?;
        Ok(HybridRecipient(key))
    }

    /// The 1216 bytes of the public key.
    pub(crate) fn to_bytes(&self) -> [u8; PUBLIC_KEY_LEN] {
        self.0.to_bytes().into()
    }
}

/// An `AGE-SECRET-KEY-PQ-1…` secret: the X-Wing decapsulation key, which
/// keeps the 32-byte seed (expanded on each use) and wipes it on drop
/// (`x-wing`'s `zeroize` feature).
#[derive(Clone)]
pub struct HybridSecret(x_wing::DecapsulationKeyRejectNonContrib);

impl HybridSecret {
    pub(crate) fn from_seed(seed: &[u8; SEED_LEN]) -> Self {
        HybridSecret(x_wing::DecapsulationKeyRejectNonContrib::new(
            &(*seed).into(),
        ))
    }

    /// The seed, which the identity's encoding holds.
    pub(crate) fn seed(&self) -> Zeroizing<[u8; SEED_LEN]> {
        let mut bytes = self.0.to_bytes();
        let mut seed = Zeroizing::new([0u8; SEED_LEN]);
        seed.copy_from_slice(&bytes);
        bytes.as_mut_slice().zeroize();
        seed
    }

    pub(crate) fn to_public(&self) -> HybridRecipient {
        HybridRecipient(self.0.encapsulation_key().clone())
    }
}

/// RFC 9180 KeySchedule for mode_base with an empty PSK: the AEAD key and
/// base nonce for `shared_secret` and [`HPKE_INFO`].
fn key_schedule(shared_secret: &[u8]) -> (Zeroizing<[u8; 32]>, Zeroizing<[u8; 12]>) {
    let psk_id_hash = labeled_extract(b"", b"psk_id_hash", b"");
    let info_hash = labeled_extract(b"", b"info_hash", HPKE_INFO);
    let mut context = [0u8; 65];
    context[0] = 0x00; // mode_base
    context[1..33].copy_from_slice(psk_id_hash.as_ref());
    context[33..].copy_from_slice(info_hash.as_ref());
    let secret = labeled_extract(shared_secret, b"secret", b"");
    let mut key = Zeroizing::new([0u8; 32]);
    labeled_expand(&secret, b"key", &context, key.as_mut());
    let mut nonce = Zeroizing::new([0u8; 12]);
    labeled_expand(&secret, b"base_nonce", &context, nonce.as_mut());
    (key, nonce)
}

/// RFC 9180 LabeledExtract: HKDF-Extract(salt, "HPKE-v1" || suite_id || label || ikm).
fn labeled_extract(salt: &[u8], label: &[u8], ikm: &[u8]) -> Zeroizing<[u8; 32]> {
    let mut extract = hkdf::HkdfExtract::<Sha256>::new(Some(salt));
    extract.input_ikm(b"HPKE-v1");
    extract.input_ikm(HPKE_SUITE_ID);
    extract.input_ikm(label);
    extract.input_ikm(ikm);
    let (prk, _) = extract.finalize();
    Zeroizing::new(prk.into())
}

/// RFC 9180 LabeledExpand: HKDF-Expand(prk, I2OSP(L, 2) || "HPKE-v1" ||
/// suite_id || label || info, L).
fn labeled_expand(prk: &[u8; 32], label: &[u8], info: &[u8], out: &mut [u8]) {
    let length = u16::try_from(out.len()).expect("HPKE outputs are short");
    Hkdf::<Sha256>::from_prk(prk)
        .expect("32 bytes is a valid SHA-256 PRK")
        .expand_multi_info(
            &[
                &length.to_be_bytes(),
                b"HPKE-v1",
                HPKE_SUITE_ID,
                label,
                info,
            ],
            out,
        )
        .expect("HPKE outputs are far below HKDF's limit");
}

/// A stanza that wraps `file_key` to `recipient`: HPKE SealBase with a
/// fresh X-Wing encapsulation.
pub(crate) fn wrap(file_key: &FileKey, recipient: &HybridRecipient) -> Stanza {
    let (enc, mut shared_secret) = recipient.0.encapsulate();
    let (key, nonce) = key_schedule(&shared_secret);
    shared_secret.zeroize();
    Stanza {
        tag: HYBRID_TAG.to_string(),
        args: vec![BASE64_STANDARD_NO_PAD.encode(enc.as_slice())],
        body: wrap_file_key_with_nonce(&key, &nonce, file_key).to_vec(),
    }
}

/// The file key from the first `mlkem768x25519` stanza that one of the
/// hybrid `identities` opens (others are ignored, as the spec requires).
///
/// The header parser already refused stanzas of the wrong shape. Every
/// hybrid stanza's X25519 share is checked, even after a match, so that a
/// low-order stanza is an error whichever key opens the file; a low-order
/// share gives the all-zero X25519 result with every identity, so one check
/// per stanza suffices.
pub(crate) fn unwrap(stanzas: &[Stanza], identities: &[Identity]) -> Result<FileKey, Error> {
    let mut found = None;
    for stanza in stanzas.iter().filter(|s| s.tag == HYBRID_TAG) {
        let enc = stanza.hybrid_enc()?;
        let body = stanza.wrapped_key("an mlkem768x25519 stanza body must be exactly 32 bytes")?;
        let share: &[u8; 32] = enc[ENC_X25519_OFFSET..].try_into().expect("32 bytes");
        if Recipient::is_low_order(share) {
            return Err(Error::MalformedHeader(
                "an mlkem768x25519 stanza's X25519 share is a low-order point (all-zero X25519 result)",
            ));
        }
        if found.is_some() {
            continue;
        }
        let enc = x_wing::Ciphertext::from(enc);
        for identity in identities {
            let Identity::Hybrid(secret) = identity else {
                continue;
            };
            let Ok(mut shared_secret) = secret.0.try_decapsulate(&enc) else {
                // Only a non-contributory X25519 result fails here, and the
                // share was checked above.
                return Err(Error::MalformedHeader(
                    "an mlkem768x25519 stanza gives an all-zero X25519 result",
                ));
            };
            let (key, nonce) = key_schedule(&shared_secret);
            shared_secret.zeroize();
            found = unwrap_file_key_with_nonce(&key, &nonce, &body);
            if found.is_some() {
                break;
            }
        }
    }
    found.ok_or(Error::NoIdentityMatched)
}
