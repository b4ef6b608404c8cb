//! Differential tests: what we encrypt, the `age` crate decrypts, and back.

use std::io::{Read, Write};
use std::iter;
use std::str::FromStr;

use crate::envelope::{Decryptor, Encryptor, Error, Identity, Recipient, CHUNK_SIZE};

const SIZES: [usize; 6] = [
    0,
    1,
    CHUNK_SIZE - 1,
    CHUNK_SIZE,
    CHUNK_SIZE + 1,
    3 * 1024 * 1024 + 7,
];

fn plaintext(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 251) as u8).collect()
}

#[test]
fn age_crate_decrypts_what_we_encrypt() {
    for recipients in 1..=5 {
        let ours: Vec<Identity> = (0..recipients).map(|_| Identity::generate()).collect();
        let public: Vec<Recipient> = ours.iter().map(Identity::to_public).collect();
        let theirs = age::x25519::Identity::from_str(ours.last().unwrap().to_encoded().as_str())
            .expect("age parses our identity encoding");
        for size in SIZES {
            let data = plaintext(size);
            let mut enc = Encryptor::new(Vec::new(), &public).unwrap();
            enc.write_all(&data).unwrap();
            let file = enc.finish().unwrap();
            let dec = age::Decryptor::new(&file[..]).unwrap();
            let mut out = Vec::new();
            dec.decrypt(iter::once(&theirs as &dyn age::Identity))
                .unwrap()
                .read_to_end(&mut out)
                .unwrap();
            assert_eq!(out, data, "size {size}, {recipients} recipients");
        }
    }
}

#[test]
fn we_decrypt_what_age_crate_encrypts() {
    for recipients in 1..=5 {
        let theirs: Vec<age::x25519::Identity> = (0..recipients)
            .map(|_| age::x25519::Identity::generate())
            .collect();
        let ours: Vec<Identity> = theirs
            .iter()
            .map(|id| {
                use age::secrecy::ExposeSecret;
                Identity::from_str(id.to_string().expose_secret()).unwrap()
            })
            .collect();
        for (ours, theirs) in ours.iter().zip(&theirs) {
            assert_eq!(ours.to_public().to_string(), theirs.to_public().to_string());
            let parsed: Recipient = theirs.to_public().to_string().parse().unwrap();
            assert_eq!(&parsed, &ours.to_public());
        }
        let public: Vec<age::x25519::Recipient> = theirs.iter().map(|i| i.to_public()).collect();
        for size in SIZES {
            let data = plaintext(size);
            let enc =
                age::Encryptor::with_recipients(public.iter().map(|r| r as &dyn age::Recipient))
                    .unwrap();
            let mut file = Vec::new();
            let mut w = enc.wrap_output(&mut file).unwrap();
            w.write_all(&data).unwrap();
            w.finish().unwrap();
            let mut out = Vec::new();
            Decryptor::new(&file[..], &ours[recipients - 1..])
                .unwrap()
                .read_to_end(&mut out)
                .unwrap();
            assert_eq!(out, data, "size {size}, {recipients} recipients");
        }
    }
}

#[test]
fn decrypt_with_the_wrong_identity_says_no_identity_matched() {
    let mut enc = Encryptor::new(Vec::new(), &[Identity::generate().to_public()]).unwrap();
    enc.write_all(b"tip").unwrap();
    let file = enc.finish().unwrap();
    let err = Decryptor::new(&file[..], &[Identity::generate()])
        .err()
        .unwrap();
    assert!(matches!(err, Error::NoIdentityMatched));
    assert!(err.to_string().contains("no identity matched"));
}

#[test]
fn stream_rejects_missing_final_chunk() {
    // Two full chunks sealed, the final (second) one cut off: the file now
    // ends on a chunk sealed as not-last.
    let id = Identity::generate();
    let mut enc = Encryptor::new(Vec::new(), &[id.to_public()]).unwrap();
    enc.write_all(&plaintext(CHUNK_SIZE + 5)).unwrap();
    let mut file = enc.finish().unwrap();
    file.truncate(file.len() - (5 + 16));
    let err = Decryptor::new(&file[..], &[id])
        .unwrap()
        .read_to_end(&mut Vec::new());
    assert!(matches!(Error::from_io(err.unwrap_err()), Error::Truncated));
}

#[test]
fn stream_rejects_trailing_data() {
    // A full final chunk, then one more byte.
    let id = Identity::generate();
    let mut enc = Encryptor::new(Vec::new(), &[id.to_public()]).unwrap();
    enc.write_all(&plaintext(CHUNK_SIZE)).unwrap();
    let mut file = enc.finish().unwrap();
    file.push(0);
    let err = Decryptor::new(&file[..], &[id])
        .unwrap()
        .read_to_end(&mut Vec::new());
    assert!(matches!(
        Error::from_io(err.unwrap_err()),
        Error::TrailingData
    ));
}

#[test]
fn passphrase_files_round_trip_with_age_crate() {
    use age::secrecy::SecretString;
    let ours =
        crate::envelope::encrypt_with_passphrase_and_work_factor(b"secret key", "pw", 10).unwrap();
    let mut identity = age::scrypt::Identity::new(SecretString::from("pw".to_string()));
    identity.set_max_work_factor(10);
    let out = age::decrypt(&identity, &ours).unwrap();
    assert_eq!(out, b"secret key");

    let mut recipient = age::scrypt::Recipient::new(SecretString::from("pw".to_string()));
    recipient.set_work_factor(10);
    let theirs = age::encrypt(&recipient, b"other key").unwrap();
    let out = crate::envelope::decrypt_with_passphrase(&theirs, "pw").unwrap();
    assert_eq!(out.as_slice(), b"other key");
    assert!(matches!(
        crate::envelope::decrypt_with_passphrase(&theirs, "wrong"),
        Err(Error::BadPassphrase)
    ));
}
