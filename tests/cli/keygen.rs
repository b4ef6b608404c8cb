use std::io::Read;

use crate::helpers::*;
use crate::raw::raw_cmd;

#[test]
fn keygen_classic_no_passphrase_key_is_accepted_by_the_age_crate() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen_classic(dir.path(), "key.txt");
    assert!(!keys.recipient.is_hybrid());
    let text = std::fs::read_to_string(&keys.identity).unwrap();
    assert!(
        text.starts_with("# created: "),
        "age-keygen style comments: {text}"
    );
    assert!(text.contains(&format!("# public key: {}", keys.recipient)));

    // age reads our key file, and decrypts what ours encrypted to its recipient.
    let identities = age::IdentityFile::from_buffer(text.as_bytes())
        .unwrap()
        .into_identities()
        .unwrap();
    let sealed = sealed_tip(std::slice::from_ref(&keys.recipient), "hello", &[]);
    let decryptor = age::Decryptor::new(&sealed[..]).unwrap();
    let mut plain = Vec::new();
    decryptor
        .decrypt(identities.iter().map(|i| i.as_ref() as &dyn age::Identity))
        .unwrap()
        .read_to_end(&mut plain)
        .unwrap();
    assert!(plain.windows(5).any(|w| w == b"hello"));
}

#[test]
fn keygen_with_passphrase_writes_a_protected_file_that_raw_unlocks() {
    let dir = tempfile::tempdir().unwrap();
    let identity = dir.path().join("protected.age");
    let out = decrypt_cmd()
        .args(["keygen", "-o"])
        .arg(&identity)
        .env("TIPBOX_PASSPHRASE", "correct horse battery staple")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let recipient: tipbox::envelope::Recipient = String::from_utf8(out.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(recipient.is_hybrid(), "the default key type, protected too");
    let bytes = std::fs::read(&identity).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1\n-> scrypt "));
    assert!(!String::from_utf8_lossy(&bytes).contains("AGE-SECRET-KEY"));

    let tip = dir.path().join("tip.age");
    write(&tip, &sealed_tip(&[recipient], "hello", &[]));
    let good = raw_cmd(&identity, &tip)
        .env("TIPBOX_PASSPHRASE", "correct horse battery staple")
        .output()
        .unwrap();
    assert!(good.status.success(), "{}", stderr(&good));

    let bad = raw_cmd(&identity, &tip)
        .env("TIPBOX_PASSPHRASE", "wrong")
        .output()
        .unwrap();
    assert_fails_with(&bad, "passphrase");
    assert!(bad.stdout.is_empty());
}

#[test]
fn keygen_refuses_to_overwrite_an_existing_key() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let before = std::fs::read(&keys.identity).unwrap();
    let out = run(decrypt_cmd()
        .args(["keygen", "--no-passphrase", "-o"])
        .arg(&keys.identity));
    assert_fails_with(&out, "already exists");
    assert_eq!(std::fs::read(&keys.identity).unwrap(), before);
}

#[test]
fn keygen_into_a_missing_folder_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(decrypt_cmd()
        .args(["keygen", "--no-passphrase", "-o"])
        .arg(dir.path().join("no/such/folder/key.txt")));
    assert_fails_with(&out, "cannot write");
    assert!(tree(dir.path()).is_empty());
}

#[test]
fn keygen_makes_a_hybrid_post_quantum_key_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    assert!(keys.recipient.is_hybrid());
    assert!(keys.recipient.to_string().starts_with("age1pq1"));
    let text = std::fs::read_to_string(&keys.identity).unwrap();
    assert!(text.contains(&format!("# public key: {}", keys.recipient)));
    let key_lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(key_lines.len(), 1);
    assert!(key_lines[0].starts_with("AGE-SECRET-KEY-PQ-1"), "{text}");
}
