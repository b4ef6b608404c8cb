use std::io::Read;

use crate::helpers::*;
use crate::raw::raw_cmd;

fn age_decrypt(sealed: &[u8], identities: &[age::x25519::Identity]) -> Vec<u8> {
    let mut plain = Vec::new();
    age::Decryptor::new(sealed)
        .unwrap()
        .decrypt(identities.iter().map(|i| i as &dyn age::Identity))
        .unwrap()
        .read_to_end(&mut plain)
        .unwrap();
    plain
}

#[test]
fn encrypt_output_opens_with_the_age_crate_for_each_of_three_recipients() {
    let dir = tempfile::tempdir().unwrap();
    let staff: Vec<_> = (0..3).map(|_| age::x25519::Identity::generate()).collect();
    let plain = noise(150_000, 10);
    let input = dir.path().join("in.bin");
    write(&input, &plain);
    let output = dir.path().join("out.age");
    let mut cmd = tipbox_cmd();
    cmd.arg("encrypt");
    for identity in &staff {
        cmd.arg("-r").arg(identity.to_public().to_string());
    }
    let out = run(cmd.arg(&input).arg("-o").arg(&output));
    assert!(out.status.success(), "{}", stderr(&out));
    let sealed = std::fs::read(&output).unwrap();
    for identity in &staff {
        assert_eq!(age_decrypt(&sealed, std::slice::from_ref(identity)), plain);
    }
}

#[test]
fn encrypt_then_raw_round_trips_through_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let input = dir.path().join("in.bin");
    write(&input, b"through the pipes");
    let out = run(tipbox_cmd()
        .args(["encrypt", "-r", &keys.recipient.to_string()])
        .arg(&input));
    assert!(out.status.success(), "{}", stderr(&out));
    let sealed = dir.path().join("s.age");
    write(&sealed, &out.stdout);
    let out = run(&mut raw_cmd(&keys.identity, &sealed));
    assert_eq!(out.stdout, b"through the pipes");
}

#[test]
fn encrypt_rejects_an_invalid_recipient_in_one_line() {
    let out = run(tipbox_cmd().args(["encrypt", "-r", "age1notakey", "/dev/null"]));
    assert!(!out.status.success());
    assert!(stderr(&out).contains("invalid"), "{}", stderr(&out));
}

#[test]
fn encrypt_with_a_missing_input_writes_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let output = dir.path().join("out.age");
    let out = run(tipbox_cmd()
        .args(["encrypt", "-r", &keys.recipient.to_string()])
        .arg(dir.path().join("missing"))
        .arg("-o")
        .arg(&output));
    assert_fails_with(&out, "no such file");
    assert!(!output.exists());
}
