//! Differential tests against the `age` crate, in both directions: what
//! one implementation writes, the other must read back unchanged.

use std::num::NonZeroUsize;

use age::secrecy::{ExposeSecret, SecretString};

use super::support::{age_decrypt, age_encrypt, key_pair, ours_decrypt, ours_encrypt, pattern};
use crate::envelope::{
    decrypt_with_passphrase, encrypt_with_passphrase_and_work_factor, Decryptor, Encryptor,
    Identity, Recipient, BATCH_CHUNKS, CHUNK_SIZE,
};

const BATCH: usize = BATCH_CHUNKS * CHUNK_SIZE;

/// Sizes around every boundary of the format: empty, one byte, around one
/// chunk, exactly one batch (the decryptor must look ahead to know it is
/// the end), and several MiB across batch boundaries.
const SIZES: &[usize] = &[
    0,
    1,
    CHUNK_SIZE - 1,
    CHUNK_SIZE,
    CHUNK_SIZE + 1,
    BATCH,
    BATCH + 1,
    5 * 1024 * 1024 + 3,
];

#[test]
fn our_files_decrypt_with_age_at_every_size_boundary() {
    let (ours, theirs) = key_pair();
    for &size in SIZES {
        let plaintext = pattern(size);
        let ciphertext = ours_encrypt(&plaintext, &[ours.to_public()]);
        let decrypted = age_decrypt(&ciphertext, &theirs).unwrap_or_else(|e| panic!("{size}: {e}"));
        assert!(decrypted == plaintext, "size {size}: plaintext differs");
    }
}

#[test]
fn age_files_decrypt_with_ours_at_every_size_boundary() {
    let (ours, theirs) = key_pair();
    for &size in SIZES {
        let plaintext = pattern(size);
        let ciphertext = age_encrypt(&plaintext, &[&theirs.to_public()]);
        let decrypted = ours_decrypt(&ciphertext, std::slice::from_ref(&ours))
            .unwrap_or_else(|e| panic!("{size}: {e}"));
        assert!(decrypted == plaintext, "size {size}: plaintext differs");
    }
}

#[test]
fn one_thread_and_many_threads_interoperate_with_age() {
    // The parallel path must produce and accept exactly the sequential
    // STREAM: seal with 1 and 2 threads, open with the other setting and
    // with age.
    let (ours, theirs) = key_pair();
    let plaintext = pattern(3 * BATCH + CHUNK_SIZE / 2);
    for (seal_threads, open_threads) in [(1, 2), (2, 1), (2, 2)] {
        let seal_threads = NonZeroUsize::new(seal_threads).unwrap();
        let open_threads = NonZeroUsize::new(open_threads).unwrap();
        let mut encryptor = Encryptor::new(Vec::new(), &[ours.to_public()])
            .unwrap()
            .with_threads(seal_threads);
        std::io::Write::write_all(&mut encryptor, &plaintext).unwrap();
        let ciphertext = encryptor.finish().unwrap();
        assert!(age_decrypt(&ciphertext, &theirs).unwrap() == plaintext);

        let from_age = age_encrypt(&plaintext, &[&theirs.to_public()]);
        let mut decryptor = Decryptor::new(&from_age[..], std::slice::from_ref(&ours))
            .unwrap()
            .with_threads(open_threads);
        let mut decrypted = Vec::new();
        std::io::Read::read_to_end(&mut decryptor, &mut decrypted).unwrap();
        assert!(decrypted == plaintext);
    }
}

#[test]
fn every_one_of_five_recipients_can_decrypt_our_file_with_age() {
    let plaintext = pattern(CHUNK_SIZE + 17);
    for count in 1..=5 {
        let keys: Vec<_> = (0..count).map(|_| key_pair()).collect();
        let recipients: Vec<Recipient> = keys.iter().map(|(ours, _)| ours.to_public()).collect();
        let ciphertext = ours_encrypt(&plaintext, &recipients);
        for (index, (ours, theirs)) in keys.iter().enumerate() {
            assert!(
                age_decrypt(&ciphertext, theirs).unwrap() == plaintext,
                "{count} recipients: age with identity {index}"
            );
            assert!(
                ours_decrypt(&ciphertext, std::slice::from_ref(ours)).unwrap() == plaintext,
                "{count} recipients: ours with identity {index}"
            );
        }
    }
}

#[test]
fn every_one_of_five_recipients_can_decrypt_an_age_file_with_ours() {
    let plaintext = pattern(CHUNK_SIZE + 17);
    for count in 1..=5 {
        let keys: Vec<_> = (0..count).map(|_| key_pair()).collect();
        let age_recipients: Vec<age::x25519::Recipient> =
            keys.iter().map(|(_, theirs)| theirs.to_public()).collect();
        let dyn_recipients: Vec<&dyn age::Recipient> = age_recipients
            .iter()
            .map(|r| r as &dyn age::Recipient)
            .collect();
        let ciphertext = age_encrypt(&plaintext, &dyn_recipients);
        for (index, (ours, _)) in keys.iter().enumerate() {
            assert!(
                ours_decrypt(&ciphertext, std::slice::from_ref(ours)).unwrap() == plaintext,
                "{count} recipients: ours with identity {index}"
            );
        }
        // Several identities at once, only the last of which matches.
        let (last, _) = keys.last().unwrap();
        let identities = [Identity::generate(), last.to_encoded().parse().unwrap()];
        assert!(ours_decrypt(&ciphertext, &identities).unwrap() == plaintext);
    }
}

#[test]
fn keys_written_by_either_side_are_read_by_the_other() {
    for _ in 0..8 {
        // Ours → age.
        let ours = Identity::generate();
        let theirs: age::x25519::Identity = ours.to_encoded().parse().unwrap();
        assert_eq!(theirs.to_public().to_string(), ours.to_public().to_string());
        let their_recipient: age::x25519::Recipient = ours.to_public().to_string().parse().unwrap();
        assert_eq!(their_recipient.to_string(), ours.to_public().to_string());

        // age → ours.
        let theirs = age::x25519::Identity::generate();
        let ours: Identity = theirs.to_string().expose_secret().parse().unwrap();
        assert_eq!(*ours.to_encoded(), *theirs.to_string().expose_secret());
        let our_recipient: Recipient = theirs.to_public().to_string().parse().unwrap();
        assert_eq!(our_recipient.to_string(), theirs.to_public().to_string());
        assert_eq!(ours.to_public().to_string(), theirs.to_public().to_string());
    }
}

/// A low work factor so that each scrypt takes milliseconds.
const TEST_WORK_FACTOR: u8 = 10;

#[test]
fn our_passphrase_files_decrypt_with_age() {
    let plaintext = b"AGE-SECRET-KEY-1... (an identity file at rest)\n";
    let ciphertext =
        encrypt_with_passphrase_and_work_factor(plaintext, "correct horse", TEST_WORK_FACTOR)
            .unwrap();
    let identity = age::scrypt::Identity::new(SecretString::from("correct horse".to_string()));
    assert_eq!(age_decrypt(&ciphertext, &identity).unwrap(), plaintext);

    let wrong = age::scrypt::Identity::new(SecretString::from("wrong".to_string()));
    assert!(age_decrypt(&ciphertext, &wrong).is_err());
}

#[test]
fn age_passphrase_files_decrypt_with_ours() {
    let plaintext = pattern(CHUNK_SIZE + 1);
    let mut recipient =
        age::scrypt::Recipient::new(SecretString::from("correct horse".to_string()));
    recipient.set_work_factor(TEST_WORK_FACTOR);
    let ciphertext = age_encrypt(&plaintext, &[&recipient]);
    let decrypted = decrypt_with_passphrase(&ciphertext, "correct horse").unwrap();
    assert!(*decrypted == plaintext);
    assert!(matches!(
        decrypt_with_passphrase(&ciphertext, "wrong"),
        Err(crate::envelope::Error::BadPassphrase)
    ));
}
