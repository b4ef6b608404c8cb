//! The header has one encoding: parse → write gives the same bytes, and a
//! header cut anywhere short asks for more input instead of failing, for
//! headers written by us and by the `age` crate (which adds a random
//! "grease" stanza of unknown type).

use age::secrecy::SecretString;

use super::support::{age_encrypt, key_pair, ours_encrypt};
use crate::envelope::{encrypt_with_passphrase_and_work_factor, Header, Identity, Recipient};

/// Real files whose headers cover every stanza shape we meet in practice.
fn real_files() -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for count in [1, 3, 5] {
        let recipients: Vec<Recipient> = (0..count)
            .map(|_| Identity::generate().to_public())
            .collect();
        files.push((
            format!("ours, {count} recipients"),
            ours_encrypt(b"x", &recipients),
        ));
        let age_recipients: Vec<age::x25519::Recipient> =
            (0..count).map(|_| key_pair().1.to_public()).collect();
        let dyn_recipients: Vec<&dyn age::Recipient> = age_recipients
            .iter()
            .map(|r| r as &dyn age::Recipient)
            .collect();
        files.push((
            format!("age, {count} recipients"),
            age_encrypt(b"x", &dyn_recipients),
        ));
    }
    files.push((
        "ours, scrypt".to_string(),
        encrypt_with_passphrase_and_work_factor(b"x", "pass", 4).unwrap(),
    ));
    let mut scrypt = age::scrypt::Recipient::new(SecretString::from("pass".to_string()));
    scrypt.set_work_factor(4);
    files.push(("age, scrypt".to_string(), age_encrypt(b"x", &[&scrypt])));
    files
}

#[test]
fn parse_then_write_reproduces_real_headers_byte_for_byte() {
    for (name, file) in real_files() {
        let (header, len) = Header::parse(&file)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .unwrap_or_else(|| panic!("{name}: incomplete"));
        assert_eq!(header.to_bytes(), &file[..len], "{name}");
        let mut written = Vec::new();
        header.write(&mut written).unwrap();
        assert_eq!(written, &file[..len], "{name}");
    }
}

#[test]
fn every_strict_prefix_of_a_real_header_is_incomplete_not_an_error() {
    for (name, file) in real_files() {
        let (_, len) = Header::parse(&file).unwrap().unwrap();
        for end in 0..len {
            let parsed = Header::parse(&file[..end]);
            assert!(
                matches!(parsed, Ok(None)),
                "{name}, prefix of {end} bytes: {parsed:?}"
            );
        }
        // The complete header, without any payload after it, is complete.
        assert!(matches!(Header::parse(&file[..len]), Ok(Some((_, l))) if l == len));
    }
}
