//! The cryptographic operations of the age v1 specification, as small free
//! functions on fixed-size arrays, and the [`FileKey`] they protect.
//!
//! Each function names the operation of the specification it implements and
//! the RFC that defines the primitive. Every derived secret is returned in a
//! [`Zeroizing`] wrapper so that it is wiped when it goes out of scope.

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::ChaCha20Poly1305;
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// Length of an age file key in bytes.
pub(crate) const FILE_KEY_LEN: usize = 16;

/// A wrapped file key: the file key sealed with ChaCha20-Poly1305 (16 bytes
/// of key and 16 bytes of tag), the body of X25519 and scrypt stanzas.
pub(crate) const WRAPPED_KEY_LEN: usize = FILE_KEY_LEN + 16;

/// The 128-bit symmetric key that encrypts one file; every recipient stanza
/// wraps the same file key. Wiped on drop.
#[derive(Zeroize, ZeroizeOnDrop)]
pub(crate) struct FileKey([u8; FILE_KEY_LEN]);

impl FileKey {
    /// A fresh file key from the OS random number generator (spec: "a random
    /// 128-bit file key").
    pub(crate) fn generate() -> Self {
        let mut key = [0u8; FILE_KEY_LEN];
        rand::rngs::OsRng.fill_bytes(&mut key);
        FileKey(key)
    }

    pub(crate) fn from_bytes(bytes: [u8; FILE_KEY_LEN]) -> Self {
        FileKey(bytes)
    }

    pub(crate) fn expose(&self) -> &[u8; FILE_KEY_LEN] {
        &self.0
    }

    /// Spec: `HMAC key = HKDF-SHA-256(ikm = file key, salt = empty, info = "header")`.
    pub(crate) fn header_mac_key(&self) -> Zeroizing<[u8; 32]> {
        hkdf_sha256(b"", &self.0, b"header")
    }

    /// Spec: `payload key = HKDF-SHA-256(ikm = file key, salt = nonce, info = "payload")`.
    pub(crate) fn payload_key(&self, nonce: &[u8; 16]) -> Zeroizing<[u8; 32]> {
        hkdf_sha256(nonce, &self.0, b"payload")
    }
}

/// HKDF-SHA-256 (RFC 5869) with a 32-byte output, as every key derivation in
/// age uses it.
pub(crate) fn hkdf_sha256(salt: &[u8], ikm: &[u8], info: &[u8]) -> Zeroizing<[u8; 32]> {
    let mut okm = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(Some(salt), ikm)
        .expand(info, okm.as_mut())
        .expect("32 bytes is far below HKDF-SHA-256's limit of 255 * 32");
    okm
}

/// HMAC-SHA-256 (RFC 2104) of `data`: the header MAC.
pub(crate) fn hmac_sha256(key: &[u8; 32], data: &[u8]) -> [u8; 32] {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// Checks an HMAC-SHA-256 (RFC 2104) tag in constant time.
pub(crate) fn hmac_sha256_verify(key: &[u8; 32], data: &[u8], tag: &[u8; 32]) -> bool {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(data);
    mac.verify_slice(tag).is_ok()
}

/// Wraps a file key for a stanza body: ChaCha20-Poly1305 (RFC 8439) under
/// `wrap_key` with the all-zero nonce. The spec allows the zero nonce because
/// every wrap key is used exactly once.
pub(crate) fn wrap_file_key(wrap_key: &[u8; 32], file_key: &FileKey) -> [u8; WRAPPED_KEY_LEN] {
    wrap_file_key_with_nonce(wrap_key, &[0u8; 12], file_key)
}

/// Seals a file key with ChaCha20-Poly1305 under `key` and `nonce` (HPKE's
/// key and base nonce for the hybrid stanza; all zeros elsewhere).
pub(crate) fn wrap_file_key_with_nonce(
    key: &[u8; 32],
    nonce: &[u8; 12],
    file_key: &FileKey,
) -> [u8; WRAPPED_KEY_LEN] {
    let sealed = ChaCha20Poly1305::new(key.into())
        .encrypt(nonce.into(), file_key.expose().as_slice())
        .expect("16 bytes of plaintext is far below ChaCha20-Poly1305's limit");
    sealed
        .try_into()
        .expect("16 bytes of plaintext seal to 16 bytes of ciphertext and 16 of tag")
}

/// Unwraps a stanza body sealed by [`wrap_file_key`]; `None` if it does not
/// authenticate under `wrap_key` (the stanza is for someone else).
pub(crate) fn unwrap_file_key(
    wrap_key: &[u8; 32],
    body: &[u8; WRAPPED_KEY_LEN],
) -> Option<FileKey> {
    unwrap_file_key_with_nonce(wrap_key, &[0u8; 12], body)
}

/// Opens a body sealed by [`wrap_file_key_with_nonce`]; `None` if it does
/// not authenticate.
pub(crate) fn unwrap_file_key_with_nonce(
    key: &[u8; 32],
    nonce: &[u8; 12],
    body: &[u8; WRAPPED_KEY_LEN],
) -> Option<FileKey> {
    let opened = Zeroizing::new(
        ChaCha20Poly1305::new(key.into())
            .decrypt(nonce.into(), body.as_slice())
            .ok()?,
    );
    let bytes: [u8; FILE_KEY_LEN] = opened
        .as_slice()
        .try_into()
        .expect("32 bytes of ciphertext open to 16 bytes of plaintext");
    Some(FileKey::from_bytes(bytes))
}

/// X25519 (RFC 7748) scalar multiplication: `scalar · point`, with the scalar
/// clamped as the RFC requires.
pub(crate) fn x25519(scalar: &[u8; 32], point: &[u8; 32]) -> Zeroizing<[u8; 32]> {
    Zeroizing::new(x25519_dalek::x25519(*scalar, *point))
}

/// scrypt (RFC 7914) with the parameters age fixes: `N = 2^log_n`, `r = 8`,
/// `p = 1`, 32 bytes of output. `salt` is the full salt (label and random part).
///
/// The caller bounds `log_n`; this function only refuses values scrypt itself
/// cannot take.
pub(crate) fn scrypt(salt: &[u8], log_n: u8, passphrase: &str) -> Option<Zeroizing<[u8; 32]>> {
    let params = scrypt::Params::new(log_n, 8, 1, 32).ok()?;
    let mut out = Zeroizing::new([0u8; 32]);
    scrypt::scrypt(passphrase.as_bytes(), salt, &params, out.as_mut())
        .expect("32 bytes is a valid scrypt output length");
    Some(out)
}

/// Fills `bytes` from the OS random number generator.
pub(crate) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_file_key_opens_only_with_its_wrap_key() {
        let file_key = FileKey::from_bytes([7; FILE_KEY_LEN]);
        let body = wrap_file_key(&[1; 32], &file_key);
        let opened = unwrap_file_key(&[1; 32], &body).expect("same wrap key");
        assert_eq!(opened.expose(), file_key.expose());
        assert!(unwrap_file_key(&[2; 32], &body).is_none());
    }

    #[test]
    fn hkdf_matches_rfc5869_test_case_1() {
        // RFC 5869, appendix A.1 (first 32 bytes of the 42-byte OKM).
        let ikm = [0x0b; 22];
        let salt: Vec<u8> = (0x00..=0x0c).collect();
        let info: Vec<u8> = (0xf0..=0xf9).collect();
        let okm = hkdf_sha256(&salt, &ikm, &info);
        assert_eq!(
            hex::encode(okm.as_ref()),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
        );
    }

    #[test]
    fn x25519_matches_rfc7748_section_6_1() {
        let alice: [u8; 32] =
            hex::decode("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")
                .unwrap()
                .try_into()
                .unwrap();
        let bob_public: [u8; 32] =
            hex::decode("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
                .unwrap()
                .try_into()
                .unwrap();
        assert_eq!(
            hex::encode(x25519(&alice, &bob_public).as_ref()),
            "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"
        );
    }
}
