//! Passphrase-protected files (the age `scrypt` recipient), used for identity files at rest.

use super::Error;

/// True if `bytes` begin like a binary age file (`age-encryption.org/v1\n`).
pub fn is_age_file(bytes: &[u8]) -> bool {
    bytes.starts_with(b"age-encryption.org/v1\n")
}

/// Encrypts `plaintext` to an scrypt stanza derived from `passphrase`.
pub fn encrypt_with_passphrase(_plaintext: &[u8], _passphrase: &str) -> Result<Vec<u8>, Error> {
    todo!()
}

/// Decrypts a file made by [`encrypt_with_passphrase`] (or `age -p`).
pub fn decrypt_with_passphrase(
    _ciphertext: &[u8],
    _passphrase: &str,
) -> Result<zeroize::Zeroizing<Vec<u8>>, Error> {
    todo!()
}
