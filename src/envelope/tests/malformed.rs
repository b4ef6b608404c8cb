//! One test per rule of the specification, on hand-built malformed files.

use std::io::{Read, Write};

use crate::envelope::primitives::FileKey;
use crate::envelope::{Decryptor, Encryptor, Error, Header, Identity, Stanza, CHUNK_SIZE};

const SHARE: &str = "CQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQk"; // 32 bytes of 9
const BODY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"; // 32 bytes
const MAC: &str = "AwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwM";

fn parse(text: &str) -> Result<Option<(Header, usize)>, Error> {
    Header::parse(text.as_bytes())
}

fn malformed(text: &str) -> bool {
    matches!(parse(text), Err(Error::MalformedHeader(_)))
}

#[test]
fn a_well_formed_hand_built_header_parses() {
    let text = format!("age-encryption.org/v1\n-> X25519 {SHARE}\n{BODY}\n--- {MAC}\n");
    assert!(matches!(parse(&text), Ok(Some(_))));
}

#[test]
fn header_rejects_padded_base64() {
    // "…Hh8=": the body carries a padding character.
    let text = format!("age-encryption.org/v1\n-> X25519 {SHARE}\n{BODY}=\n--- {MAC}\n");
    assert!(malformed(&text));
}

#[test]
fn header_rejects_non_canonical_trailing_bits() {
    // Last character "9" instead of "8": unused low bits set.
    let body = BODY.replace("Hh8", "Hh9");
    let text = format!("age-encryption.org/v1\n-> X25519 {SHARE}\n{body}\n--- {MAC}\n");
    assert!(malformed(&text));
}

#[test]
fn header_rejects_carriage_return() {
    // A CRLF line ending on the body line.
    let text = format!("age-encryption.org/v1\n-> X25519 {SHARE}\n{BODY}\r\n--- {MAC}\n");
    assert!(malformed(&text));
}

#[test]
fn header_rejects_long_body_line() {
    // 65 columns on one body line.
    let long = "A".repeat(65);
    let text = format!("age-encryption.org/v1\n-> unknown\n{long}\n\n--- {MAC}\n");
    assert!(malformed(&text));
}

#[test]
fn header_rejects_body_ending_on_a_full_line() {
    // 64 columns and then the MAC line: the short (empty) last line is missing.
    let full = "A".repeat(64);
    let text = format!("age-encryption.org/v1\n-> unknown\n{full}\n--- {MAC}\n");
    assert!(malformed(&text));
}

#[test]
fn header_rejects_x25519_with_two_arguments() {
    let text = format!("age-encryption.org/v1\n-> X25519 {SHARE} extra\n{BODY}\n--- {MAC}\n");
    assert!(malformed(&text));
}

#[test]
fn header_rejects_x25519_with_short_body() {
    // 31-byte body.
    let text = format!(
        "age-encryption.org/v1\n-> X25519 {SHARE}\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg\n--- {MAC}\n"
    );
    assert!(malformed(&text));
}

#[test]
fn header_rejects_scrypt_mixed_with_x25519() {
    let text = format!(
        "age-encryption.org/v1\n-> X25519 {SHARE}\n{BODY}\n-> scrypt AAAAAAAAAAAAAAAAAAAAAA 10\n{BODY}\n--- {MAC}\n"
    );
    assert!(matches!(parse(&text), Err(Error::ScryptMixed)));
}

#[test]
fn header_rejects_wrong_version_line() {
    assert!(matches!(
        parse("age-encryption.org/v2\n"),
        Err(Error::BadVersion)
    ));
}

#[test]
fn header_ignores_unknown_stanzas() {
    let text = format!(
        "age-encryption.org/v1\n-> future-type a b\n\n-> X25519 {SHARE}\n{BODY}\n--- {MAC}\n"
    );
    let (header, _) = parse(&text).unwrap().unwrap();
    assert_eq!(header.x25519_count(), 1);
}

#[test]
fn header_rejects_bad_mac() {
    // A valid file whose MAC line was replaced.
    let id = Identity::generate();
    let mut enc = Encryptor::new(Vec::new(), &[id.to_public()]).unwrap();
    enc.write_all(b"tip").unwrap();
    let file = enc.finish().unwrap();
    let (header, len) = Header::parse(&file).unwrap().unwrap();
    let mut forged = Header {
        mac: [0; 32],
        ..header
    }
    .to_bytes();
    forged.extend_from_slice(&file[len..]);
    assert!(matches!(
        Decryptor::new(&forged[..], &[id]).err(),
        Some(Error::BadHeaderMac)
    ));
}

#[test]
fn x25519_rejects_all_zero_shared_secret() {
    // The ephemeral share is the point of order 1 (u = 0): every identity
    // gets the all-zero shared secret.
    let file_key = FileKey::generate();
    let stanza = Stanza {
        tag: "X25519".to_string(),
        args: vec!["AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".to_string()],
        body: vec![0; 32],
    };
    let file = Encryptor::with_stanzas(Vec::new(), &file_key, vec![stanza])
        .unwrap()
        .finish()
        .unwrap();
    let err = Decryptor::new(&file[..], &[Identity::generate()]).err();
    assert!(matches!(err, Some(Error::MalformedHeader(why)) if why.contains("all-zero")));
}

#[test]
fn stream_rejects_empty_final_chunk_after_full_chunk() {
    // Payload of exactly 64 KiB sealed as a full non-last chunk and an empty
    // last chunk (what a careless encryptor writes).
    let id = Identity::generate();
    let file_key = FileKey::generate();
    let stanza = crate::envelope::x25519::wrap(&file_key, &id.to_public()).unwrap();
    let mut enc = Encryptor::with_stanzas(Vec::new(), &file_key, vec![stanza]).unwrap();
    enc.write_all(&vec![1; CHUNK_SIZE]).unwrap();
    enc.seal_batch(false).unwrap();
    let file = enc.finish().unwrap();
    let err = Decryptor::new(&file[..], &[id])
        .unwrap()
        .read_to_end(&mut Vec::new());
    assert!(matches!(
        Error::from_io(err.unwrap_err()),
        Error::EmptyFinalChunk
    ));
}
