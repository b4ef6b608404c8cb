//! Helpers shared by the envelope tests: encrypting and decrypting with
//! both implementations, and an independent STREAM sealer for hand-built
//! payloads.

use std::io::{Read, Write};
use std::iter;

use chacha20poly1305::aead::{AeadInPlace, KeyInit};
use chacha20poly1305::ChaCha20Poly1305;

use crate::envelope::header::Header;
use crate::envelope::primitives::FileKey;
use crate::envelope::{Decryptor, Encryptor, Error, Identity, Recipient};

/// `len` bytes that differ from position to position, so that a reordered
/// or shifted chunk cannot decrypt to the same plaintext.
pub(super) fn pattern(len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u32).wrapping_mul(2_654_435_761).rotate_right(13) as u8)
        .collect()
}

/// Encrypts `plaintext` to `recipients` with this implementation.
pub(super) fn ours_encrypt(plaintext: &[u8], recipients: &[Recipient]) -> Vec<u8> {
    let mut encryptor = Encryptor::new(Vec::new(), recipients).expect("header");
    encryptor.write_all(plaintext).expect("write");
    encryptor.finish().expect("finish")
}

/// Decrypts with this implementation, reading to the end (where the final
/// chunk is checked); the error is the envelope's own.
pub(super) fn ours_decrypt(ciphertext: &[u8], identities: &[Identity]) -> Result<Vec<u8>, Error> {
    let mut decryptor = Decryptor::new(ciphertext, identities)?;
    let mut plaintext = Vec::new();
    decryptor
        .read_to_end(&mut plaintext)
        .map_err(Error::from_io)?;
    Ok(plaintext)
}

/// Encrypts with the age crate.
pub(super) fn age_encrypt(plaintext: &[u8], recipients: &[&dyn age::Recipient]) -> Vec<u8> {
    let encryptor =
        age::Encryptor::with_recipients(recipients.iter().copied()).expect("age recipients");
    let mut out = Vec::new();
    let mut writer = encryptor.wrap_output(&mut out).expect("age header");
    writer.write_all(plaintext).expect("age write");
    writer.finish().expect("age finish");
    out
}

/// Decrypts with the age crate.
pub(super) fn age_decrypt(
    ciphertext: &[u8],
    identity: &dyn age::Identity,
) -> Result<Vec<u8>, String> {
    let decryptor = age::Decryptor::new(ciphertext).map_err(|e| e.to_string())?;
    let mut reader = decryptor
        .decrypt(iter::once(identity))
        .map_err(|e| e.to_string())?;
    let mut plaintext = Vec::new();
    reader
        .read_to_end(&mut plaintext)
        .map_err(|e| e.to_string())?;
    Ok(plaintext)
}

/// One of our identities and the same key as the age crate's types,
/// each parsed from the other's encoding.
pub(super) fn key_pair() -> (Identity, age::x25519::Identity) {
    let ours = Identity::generate();
    let theirs: age::x25519::Identity = ours.to_encoded().parse().expect("age parses our key");
    (ours, theirs)
}

/// The X25519 public key of an X25519 identity.
pub(super) fn x25519_public(identity: &Identity) -> x25519_dalek::PublicKey {
    match identity.to_public() {
        Recipient::X25519(public) => public,
        Recipient::Hybrid(_) => panic!("an X25519 identity was expected"),
    }
}

/// Plaintext chunks for a hand-built payload, each with its last-chunk flag.
pub(super) struct Chunk<'a> {
    pub plaintext: &'a [u8],
    pub last: bool,
}

/// A complete file for `identity`: a correct header (X25519 stanza, valid
/// MAC), `nonce`, and the given chunks sealed with the STREAM nonces the
/// specification defines. Written here from the specification rather than
/// with `stream.rs`, so that the decryptor is checked against a second
/// reading of it.
pub(super) fn hand_built_file(identity: &Identity, nonce: [u8; 16], chunks: &[Chunk]) -> Vec<u8> {
    let file_key = FileKey::generate();
    let stanza = crate::envelope::x25519::wrap(&file_key, &x25519_public(identity)).expect("wrap");
    let mut file = Header::seal(vec![stanza], &file_key).to_bytes();
    file.extend_from_slice(&nonce);
    let cipher = ChaCha20Poly1305::new(file_key.payload_key(&nonce).as_ref().into());
    for (counter, chunk) in chunks.iter().enumerate() {
        // Spec: nonce = 11-byte big-endian counter || 1-byte last flag.
        let mut chunk_nonce = [0u8; 12];
        chunk_nonce[3..11].copy_from_slice(&(counter as u64).to_be_bytes());
        chunk_nonce[11] = u8::from(chunk.last);
        let mut sealed = chunk.plaintext.to_vec();
        cipher
            .encrypt_in_place(&chunk_nonce.into(), b"", &mut sealed)
            .expect("seal");
        file.extend_from_slice(&sealed);
    }
    file
}
