//! The age v1 file format (C2SP `age-encryption.org/v1`), on RustCrypto primitives.
//!
//! Main types: [`Recipient`] and [`Identity`] (X25519 and hybrid
//! ML-KEM-768 + X25519 keys in their age encodings), [`Encryptor`] (a `Write` that seals), [`Decryptor`] (a `Read`
//! that opens and authenticates), [`Header`] (parsed header, for the server's
//! check of uploaded ciphertext), and the passphrase functions for identity
//! files at rest.
//!
//! Layout: `header` reads and writes the header (strictly: one encoding per
//! header); `primitives` holds HKDF, HMAC, X25519, scrypt and the file-key
//! wrap as small functions; `x25519`, `hybrid` (mlkem768x25519, HPKE with
//! X-Wing) and `passphrase` are the three recipient types; `stream` is the STREAM payload, sealed and opened on several
//! threads in bounded memory; `keys` are the `age1…`/`AGE-SECRET-KEY-1…`
//! and `age1pq1…`/`AGE-SECRET-KEY-PQ-1…` encodings. Every rule of the specification has a test named after the
//! mistake it rejects, in `tests/`, next to differential tests against the
//! `age` crate.

mod error;
mod header;
mod hybrid;
mod keys;
mod length;
mod passphrase;
mod primitives;
mod stream;
mod x25519;

#[cfg(test)]
mod tests;

pub use error::Error;
pub use header::{Header, Stanza, MAX_HEADER_LEN};
pub use hybrid::{HybridRecipient, HybridSecret};
pub use keys::{parse_identities, Identity, Recipient};
pub use length::ciphertext_len;
pub use passphrase::{
    decrypt_with_passphrase, encrypt_with_passphrase, encrypt_with_passphrase_and_work_factor,
    is_age_file, DEFAULT_SCRYPT_WORK_FACTOR, MAX_SCRYPT_WORK_FACTOR,
};
pub use stream::{Decryptor, Encryptor, BATCH_CHUNKS, CHUNK_SIZE};
