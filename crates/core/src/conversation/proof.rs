//! Follow-up proofs: a follow-up shows that it comes from the holder of the
//! codename that started the conversation, in a way only the newsroom can
//! check (offline, with nothing but the opened tips).
//!
//! ```text
//! followup_key = HKDF-SHA-256(IKM = dk (64 bytes), salt = "tipbox codename v1",
//!                             info = "tipbox follow-up key v1", L = 32)
//! first tip:   tip.json "followup_key" = hex(followup_key)   (inside the ciphertext)
//! follow-up:   tip.json "followup_proof" = hex(HMAC-SHA-256(followup_key,
//!                  "tipbox follow-up proof v1\n" || SHA-256(P) || SHA-256(content)))
//! P       = tip.json exactly as written, with the proof's 64 hex digits replaced by 64 "0"
//! content = the attachments' bytes, one after the other, in container order
//! ```
//!
//! Attacks and how they are answered:
//! - *A forged follow-up* (someone who knows a mailbox id from a seized
//!   server, a manifest or an outgoing bundle posts `kind: followup` with
//!   their own `reply_recipient`): without the codename they cannot compute
//!   the MAC; the key reaches the newsroom only inside the first tip's
//!   ciphertext, and a mailbox id does not reveal it.
//! - *A changed reply key*: the whole `tip.json` (reply recipient included)
//!   is under the MAC, whatever type of key it names, so the proof keeps
//!   working when reply keys become post-quantum.
//! - *Swapped attachments*: the content digest is under the MAC.
//!
//! The key is one more HKDF output beside the existing ones: the token,
//! mailbox and reply key of every existing codename are unchanged.
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::CODENAME_SALT;

/// HKDF `info` of the follow-up key (ASCII).
pub const FOLLOWUP_KEY_INFO: &[u8] = b"tipbox follow-up key v1";

/// What the proof's 64 hex digits are replaced with before the MAC is
/// computed (and checked).
pub const PROOF_PLACEHOLDER: &str =
    "0000000000000000000000000000000000000000000000000000000000000000";

const PROOF_DOMAIN: &[u8] = b"tipbox follow-up proof v1\n";

/// The key a conversation's follow-ups are authenticated with. Zeroized on
/// drop; `Debug` does not print it.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct FollowupKey([u8; 32]);

impl std::fmt::Debug for FollowupKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FollowupKey(…)")
    }
}

impl FollowupKey {
    /// HKDF-SHA-256 (RFC 5869) of the codename KDF's 64 bytes.
    pub(super) fn from_kdf_output(dk: &[u8; 64]) -> FollowupKey {
        let mut key = [0u8; 32];
        Hkdf::<Sha256>::new(Some(CODENAME_SALT), dk)
            .expand(FOLLOWUP_KEY_INFO, &mut key)
            .expect("32 bytes is a valid HKDF-SHA-256 output length");
        FollowupKey(key)
    }

    /// 64 lower-case hex characters, as the first tip's `tip.json` carries it.
    pub fn to_hex(&self) -> zeroize::Zeroizing<String> {
        zeroize::Zeroizing::new(hex::encode(self.0))
    }

    /// Exactly 64 lower-case hex characters, or `None`.
    pub fn from_hex(text: &str) -> Option<FollowupKey> {
        if !super::is_lower_hex(text, 64) {
            return None;
        }
        let mut key = [0u8; 32];
        hex::decode_to_slice(text, &mut key).ok()?;
        Some(FollowupKey(key))
    }

    /// The proof for a follow-up whose `tip.json`, written with
    /// [`PROOF_PLACEHOLDER`] as its `followup_proof`, is `placeholder_json`.
    pub fn prove(&self, placeholder_json: &[u8], content_digest: &[u8; 32]) -> String {
        hex::encode(
            self.mac(placeholder_json, content_digest)
                .finalize()
                .into_bytes(),
        )
    }

    /// Whether `tip_json` (as received) carries a valid proof over itself
    /// and `content_digest`. The proof is found by its value: it must occur
    /// exactly once in the file as a JSON string.
    pub fn verify(&self, tip_json: &[u8], proof_hex: &str, content_digest: &[u8; 32]) -> bool {
        let Some(placeholder_json) = with_placeholder(tip_json, proof_hex) else {
            return false;
        };
        let Ok(proof) = hex::decode(proof_hex) else {
            return false;
        };
        self.mac(&placeholder_json, content_digest)
            .verify_slice(&proof)
            .is_ok()
    }

    fn mac(&self, placeholder_json: &[u8], content_digest: &[u8; 32]) -> Hmac<Sha256> {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        mac.update(PROOF_DOMAIN);
        mac.update(&Sha256::digest(placeholder_json));
        mac.update(content_digest);
        mac
    }
}

/// `tip_json` with the one JSON string `"<proof_hex>"` replaced by the
/// placeholder; `None` if the proof is not 64 lower-case hex digits or does
/// not occur exactly once.
fn with_placeholder(tip_json: &[u8], proof_hex: &str) -> Option<Vec<u8>> {
    if !super::is_lower_hex(proof_hex, 64) || proof_hex == PROOF_PLACEHOLDER {
        return None;
    }
    let needle = format!("\"{proof_hex}\"");
    let needle = needle.as_bytes();
    let mut found = tip_json
        .windows(needle.len())
        .enumerate()
        .filter(|(_, window)| *window == needle)
        .map(|(at, _)| at);
    let at = found.next()?;
    if found.next().is_some() {
        return None;
    }
    let mut out = tip_json.to_vec();
    out[at + 1..at + 1 + 64].copy_from_slice(PROOF_PLACEHOLDER.as_bytes());
    Some(out)
}

/// SHA-256 over the attachments' bytes in container order, fed as they are
/// written or read.
#[derive(Clone, Default)]
pub struct ContentDigest(Sha256);

impl ContentDigest {
    pub fn new() -> ContentDigest {
        ContentDigest::default()
    }
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
    pub fn finish(self) -> [u8; 32] {
        self.0.finalize().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Computed independently with Python's `hashlib`/`hmac` (RFC 5869 by
    /// hand) for the vector codename of docs/CONVERSATIONS.md.
    const VECTOR_FOLLOWUP_KEY: &str =
        "31cfa0820962004897be81b86f0e194aab52031ce09ae365d456c4fcb91b7092";
    const VECTOR_PROOF: &str = "544925c0c773f152ba52aeadcb08e0977ee37a49d198882a3fd4c5f2651ecd81";

    fn vector_key() -> FollowupKey {
        FollowupKey::from_hex(VECTOR_FOLLOWUP_KEY).unwrap()
    }

    #[test]
    fn proof_matches_the_independent_vector() {
        let json = format!("{{\"x\":\"{PROOF_PLACEHOLDER}\"}}");
        let empty: [u8; 32] = Sha256::digest(b"").into();
        assert_eq!(vector_key().prove(json.as_bytes(), &empty), VECTOR_PROOF);
    }

    #[test]
    fn proof_verifies_on_the_file_as_written() {
        let key = vector_key();
        let digest = [7u8; 32];
        let template =
            |proof: &str| format!("{{\n  \"m\": \"hi\",\n  \"followup_proof\": \"{proof}\"\n}}");
        let proof = key.prove(template(PROOF_PLACEHOLDER).as_bytes(), &digest);
        assert!(key.verify(template(&proof).as_bytes(), &proof, &digest));
    }

    #[test]
    fn proof_fails_when_a_byte_of_tip_json_changes() {
        // The forger keeps a genuine proof and swaps the reply recipient.
        let key = vector_key();
        let digest = [7u8; 32];
        let json = |who: &str, proof: &str| format!("{{\"r\":\"{who}\",\"p\":\"{proof}\"}}");
        let proof = key.prove(json("source", PROOF_PLACEHOLDER).as_bytes(), &digest);
        assert!(!key.verify(json("forger", &proof).as_bytes(), &proof, &digest));
    }

    #[test]
    fn proof_fails_under_another_key_or_other_content() {
        let key = vector_key();
        let json = |proof: &str| format!("{{\"p\":\"{proof}\"}}");
        let proof = key.prove(json(PROOF_PLACEHOLDER).as_bytes(), &[1; 32]);
        assert!(!key.verify(json(&proof).as_bytes(), &proof, &[2; 32]));
        let other = FollowupKey::from_hex(&"ab".repeat(32)).unwrap();
        assert!(!other.verify(json(&proof).as_bytes(), &proof, &[1; 32]));
    }

    #[test]
    fn proof_that_occurs_twice_or_is_the_placeholder_is_refused() {
        let key = vector_key();
        let json = |proof: &str| format!("{{\"p\":\"{proof}\",\"q\":\"{proof}\"}}");
        let proof = key.prove(json(PROOF_PLACEHOLDER).as_bytes(), &[1; 32]);
        assert!(!key.verify(json(&proof).as_bytes(), &proof, &[1; 32]));
        let placeholder = format!("{{\"p\":\"{PROOF_PLACEHOLDER}\"}}");
        assert!(!key.verify(placeholder.as_bytes(), PROOF_PLACEHOLDER, &[1; 32]));
    }
}
