//! The age v1 file format (C2SP `age-encryption.org/v1`), on RustCrypto primitives.
//!
//! Main types: [`Recipient`] and [`Identity`] (X25519 keys in their age
//! encodings), [`Encryptor`] (a `Write` that seals), [`Decryptor`] (a `Read`
//! that opens and authenticates), [`Header`] (parsed header, for the server's
//! check of uploaded ciphertext), and the passphrase functions for identity
//! files at rest.

mod error;
mod header;
mod keys;
mod length;
mod passphrase;
mod stream;

pub use error::Error;
pub use header::{Header, Stanza};
pub use keys::{parse_identities, Identity, Recipient};
pub use length::ciphertext_len;
pub use passphrase::{decrypt_with_passphrase, encrypt_with_passphrase, is_age_file};
pub use stream::{Decryptor, Encryptor, CHUNK_SIZE};
