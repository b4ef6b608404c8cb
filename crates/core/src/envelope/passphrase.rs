//! Passphrase-protected files (the age `scrypt` recipient), used for identity files at rest.
//!
//! ```text
//! -> scrypt <salt, 16 bytes> <log2 N>
//! <file key sealed under scrypt("age-encryption.org/v1/scrypt" || salt, N, r = 8, p = 1)>
//! ```
//!
//! Attack stopped here: a hostile file could name a huge work factor and
//! make us compute (and allocate `128 · 8 · 2^log_n` bytes) for minutes; we
//! refuse work factors above [`MAX_SCRYPT_WORK_FACTOR`] before computing.

use std::io::{Read, Write};

use base64::prelude::{Engine, BASE64_STANDARD_NO_PAD};
use zeroize::Zeroizing;

use super::header::{Header, Stanza, SCRYPT_TAG};
use super::primitives::{self, random_bytes, unwrap_file_key, wrap_file_key, FileKey};
use super::{Decryptor, Encryptor, Error};

/// Prefix of the scrypt salt (spec: the salt is this label followed by the
/// 16 random bytes of the stanza).
const SCRYPT_SALT_LABEL: &[u8] = b"age-encryption.org/v1/scrypt";

/// Our work factor (log2 N) for new files: 2^18 takes about a second and
/// 256 MiB on a laptop, which is what age itself aims for, and it protects
/// identity files that may sit on a seized USB stick for years.
pub const DEFAULT_SCRYPT_WORK_FACTOR: u8 = 18;

/// The largest work factor we compute when decrypting: 2^22 (4 GiB of memory,
/// several seconds), age's own default limit. Above it, a file is refused
/// as hostile rather than left to exhaust the machine.
pub const MAX_SCRYPT_WORK_FACTOR: u8 = 22;

/// True if `bytes` begin like a binary age file (`age-encryption.org/v1\n`).
pub fn is_age_file(bytes: &[u8]) -> bool {
    bytes.starts_with(b"age-encryption.org/v1\n")
}

/// Encrypts `plaintext` to an scrypt stanza derived from `passphrase`.
pub fn encrypt_with_passphrase(plaintext: &[u8], passphrase: &str) -> Result<Vec<u8>, Error> {
    encrypt_with_passphrase_and_work_factor(plaintext, passphrase, DEFAULT_SCRYPT_WORK_FACTOR)
}

/// [`encrypt_with_passphrase`] with work factor `log_n` (N = 2^log_n), for
/// tests that cannot spend a second per file. `log_n` must be from 1 to
/// [`MAX_SCRYPT_WORK_FACTOR`], so that we can decrypt what we write.
pub fn encrypt_with_passphrase_and_work_factor(
    plaintext: &[u8],
    passphrase: &str,
    log_n: u8,
) -> Result<Vec<u8>, Error> {
    if log_n > MAX_SCRYPT_WORK_FACTOR {
        return Err(Error::ScryptWorkFactorTooHigh(log_n));
    }
    let file_key = FileKey::generate();
    let salt = random_bytes::<16>();
    let wrap_key = scrypt_wrap_key(&salt, log_n, passphrase)?;
    let stanza = Stanza {
        tag: SCRYPT_TAG.to_string(),
        args: vec![BASE64_STANDARD_NO_PAD.encode(salt), log_n.to_string()],
        body: wrap_file_key(&wrap_key, &file_key).to_vec(),
    };
    let mut encryptor = Encryptor::with_stanzas(Vec::new(), &file_key, vec![stanza])?;
    encryptor.write_all(plaintext)?;
    Ok(encryptor.finish()?)
}

/// Decrypts a file made by [`encrypt_with_passphrase`] (or `age -p`).
pub fn decrypt_with_passphrase(
    ciphertext: &[u8],
    passphrase: &str,
) -> Result<zeroize::Zeroizing<Vec<u8>>, Error> {
    let mut decryptor = Decryptor::with_unwrap(ciphertext, |header| {
        unwrap_with_passphrase(header, passphrase)
    })?;
    // The plaintext is shorter than the ciphertext: reserving that much up
    // front means no reallocation leaves an unwiped copy behind.
    let mut plaintext = Zeroizing::new(Vec::with_capacity(ciphertext.len()));
    decryptor
        .read_to_end(&mut plaintext)
        .map_err(Error::from_io)?;
    Ok(plaintext)
}

/// The file key from the header's scrypt stanza. `Header::parse` already
/// made sure an scrypt stanza stands alone.
fn unwrap_with_passphrase(header: &Header, passphrase: &str) -> Result<FileKey, Error> {
    let stanza = header
        .stanzas
        .iter()
        .find(|s| s.tag == SCRYPT_TAG)
        .ok_or(Error::NotPassphraseProtected)?;
    let (salt, log_n) = stanza.scrypt_params()?;
    if log_n > MAX_SCRYPT_WORK_FACTOR {
        return Err(Error::ScryptWorkFactorTooHigh(log_n));
    }
    let body = stanza.wrapped_key("an scrypt stanza body must be exactly 32 bytes")?;
    let wrap_key = scrypt_wrap_key(&salt, log_n, passphrase)?;
    unwrap_file_key(&wrap_key, &body).ok_or(Error::BadPassphrase)
}

/// Spec: "wrap key = scrypt(N = 2^log_n, r = 8, p = 1, salt = label || salt,
/// passphrase)".
fn scrypt_wrap_key(
    salt: &[u8; 16],
    log_n: u8,
    passphrase: &str,
) -> Result<Zeroizing<[u8; 32]>, Error> {
    let mut full_salt = SCRYPT_SALT_LABEL.to_vec();
    full_salt.extend_from_slice(salt);
    primitives::scrypt(&full_salt, log_n, passphrase).ok_or(Error::MalformedHeader(
        "the scrypt work factor is outside what scrypt accepts",
    ))
}
