//! The X25519 recipient stanza: wrapping the file key to an `age1…`
//! recipient and unwrapping it with an `AGE-SECRET-KEY-1…` identity.
//!
//! ```text
//! -> X25519 <ephemeral share>
//! <file key sealed under HKDF(salt = share || recipient, ikm = shared secret)>
//! ```
//!
//! Attack stopped here: a stanza whose ephemeral share is a low-order point
//! makes the shared secret all zeros whatever the identity, so its wrap key
//! is public. The specification requires rejecting it, and we do, loudly:
//! the file is refused rather than the stanza skipped.

use base64::prelude::{Engine, BASE64_STANDARD_NO_PAD};

use super::header::{Stanza, X25519_TAG};
use super::primitives::{hkdf_sha256, random_bytes, unwrap_file_key, wrap_file_key, FileKey};
use super::{Error, Identity};

/// HKDF info string of the X25519 wrap key.
const X25519_INFO: &[u8] = b"age-encryption.org/v1/X25519";

/// Spec: "wrap key = HKDF-SHA-256(ikm = shared secret, salt = ephemeral share
/// || recipient, info = "age-encryption.org/v1/X25519")".
fn wrap_key(
    shared_secret: &[u8; 32],
    share: &[u8; 32],
    recipient: &[u8; 32],
) -> zeroize::Zeroizing<[u8; 32]> {
    let mut salt = [0u8; 64];
    salt[..32].copy_from_slice(share);
    salt[32..].copy_from_slice(recipient);
    hkdf_sha256(&salt, shared_secret, X25519_INFO)
}

/// A stanza that wraps `file_key` to `recipient`, with a fresh ephemeral key.
pub(crate) fn wrap(
    file_key: &FileKey,
    recipient: &x25519_dalek::PublicKey,
) -> Result<Stanza, Error> {
    let ephemeral = x25519_dalek::StaticSecret::from(random_bytes::<32>());
    let share = x25519_dalek::PublicKey::from(&ephemeral);
    let shared_secret = ephemeral.diffie_hellman(recipient);
    // `Recipient::from_str` refuses low-order points, but a `Recipient` can
    // also be built in the crate; never wrap under a public key.
    if !shared_secret.was_contributory() {
        return Err(Error::InvalidKey(
            "the recipient is a low-order point, which no real key can be",
        ));
    }
    let key = wrap_key(
        shared_secret.as_bytes(),
        share.as_bytes(),
        recipient.as_bytes(),
    );
    Ok(Stanza {
        tag: X25519_TAG.to_string(),
        args: vec![BASE64_STANDARD_NO_PAD.encode(share.as_bytes())],
        body: wrap_file_key(&key, file_key).to_vec(),
    })
}

/// The file key from the first X25519 stanza that one of the X25519
/// `identities` opens (hybrid identities ignore these stanzas).
///
/// Every X25519 stanza is checked in full, even after a match, so that a
/// malformed or low-order stanza is an error whichever key opens the file.
pub(crate) fn unwrap(stanzas: &[Stanza], identities: &[Identity]) -> Result<FileKey, Error> {
    let mut found = None;
    for stanza in stanzas.iter().filter(|s| s.tag == X25519_TAG) {
        let share_bytes = stanza.x25519_share()?;
        let body = stanza.wrapped_key("an X25519 stanza body must be exactly 32 bytes")?;
        let share = x25519_dalek::PublicKey::from(share_bytes);
        for identity in identities {
            let Identity::X25519(secret) = identity else {
                continue;
            };
            let shared_secret = secret.diffie_hellman(&share);
            // Spec: "If the shared secret is all zeroes, the identity MUST
            // abort." (A low-order share; see the module comment.)
            if !shared_secret.was_contributory() {
                return Err(Error::MalformedHeader(
                    "an X25519 stanza gives an all-zero shared secret (low-order ephemeral share)",
                ));
            }
            if found.is_some() {
                continue;
            }
            let key = wrap_key(
                shared_secret.as_bytes(),
                &share_bytes,
                x25519_dalek::PublicKey::from(secret).as_bytes(),
            );
            found = unwrap_file_key(&key, &body);
        }
    }
    found.ok_or(Error::NoIdentityMatched)
}
