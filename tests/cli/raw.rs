use std::ffi::OsStr;
use std::process::Command;

use crate::helpers::*;

/// `tipbox-decrypt raw -i identity input`; callers add `-o`, the
/// environment, and run it.
pub(crate) fn raw_cmd(identity: impl AsRef<OsStr>, input: impl AsRef<OsStr>) -> Command {
    let mut cmd = decrypt_cmd();
    cmd.args(["raw", "-i"]).arg(identity).arg(input);
    cmd
}

/// An age file of `plain` for `keys`, written to `dir/name`.
pub(crate) fn age_file(
    dir: &std::path::Path,
    name: &str,
    keys: &Keys,
    plain: &[u8],
) -> std::path::PathBuf {
    let path = dir.join(name);
    let mut encryptor =
        tipbox::envelope::Encryptor::new(Vec::new(), std::slice::from_ref(&keys.recipient))
            .unwrap();
    std::io::Write::write_all(&mut encryptor, plain).unwrap();
    write(&path, &encryptor.finish().unwrap());
    path
}

#[test]
fn raw_decrypts_to_a_file_and_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let plain = noise(200_000, 1);
    let input = age_file(dir.path(), "in.age", &keys, &plain);

    let output = dir.path().join("out.bin");
    let out = run(raw_cmd(&keys.identity, &input).arg("-o").arg(&output));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read(&output).unwrap(), plain);

    let out = run(&mut raw_cmd(&keys.identity, &input));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(out.stdout, plain);
}

#[test]
fn raw_opens_a_file_made_by_the_age_crate_with_an_age_keygen_identity() {
    let dir = tempfile::tempdir().unwrap();
    let identity = age::x25519::Identity::generate();
    let key_file = dir.path().join("age-keygen.txt");
    write(
        &key_file,
        format!(
            "# created: 2026-01-01T00:00:00Z\n# public key: {}\n{}\n",
            identity.to_public(),
            secrecy::ExposeSecret::expose_secret(&identity.to_string())
        )
        .as_bytes(),
    );
    let plain = noise(70_000, 2);
    let sealed = age::encrypt(&identity.to_public(), &plain).unwrap();
    let input = dir.path().join("from-age.age");
    write(&input, &sealed);

    let out = run(&mut raw_cmd(&key_file, &input));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(out.stdout, plain);
}

#[test]
fn raw_with_the_wrong_key_says_no_identity_matched_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let other = keygen(dir.path(), "other.txt");
    let input = age_file(dir.path(), "in.age", &keys, b"secret");
    let output = dir.path().join("out.bin");
    let out = run(raw_cmd(&other.identity, &input).arg("-o").arg(&output));
    assert_fails_with(&out, "no identity matched");
    assert!(!output.exists());
    assert_eq!(tree(dir.path()).len(), 3, "no temporary file left behind");
}

#[test]
fn raw_refuses_a_truncated_file_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let input = age_file(dir.path(), "in.age", &keys, &noise(300_000, 3));
    let bytes = std::fs::read(&input).unwrap();
    write(&input, &bytes[..bytes.len() - 70_000]);

    let output = dir.path().join("out.bin");
    let out = run(raw_cmd(&keys.identity, &input).arg("-o").arg(&output));
    assert_fails_with(&out, "truncated");
    assert!(!output.exists());
    // To standard output: nothing at all, not even the chunks that authenticated.
    let out = run(&mut raw_cmd(&keys.identity, &input));
    assert_fails_with(&out, "truncated");
    assert!(out.stdout.is_empty());
}

#[test]
fn raw_refuses_a_flipped_byte_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let input = age_file(dir.path(), "in.age", &keys, &noise(300_000, 4));
    let mut bytes = std::fs::read(&input).unwrap();
    let last = bytes.len() - 10;
    bytes[last] ^= 0x01;
    write(&input, &bytes);

    let out = run(&mut raw_cmd(&keys.identity, &input));
    assert_fails_with(&out, "authentication");
    assert!(
        out.stdout.is_empty(),
        "no plaintext before the whole payload authenticated"
    );
}

#[test]
fn raw_with_a_missing_input_file_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let out = run(&mut raw_cmd(&keys.identity, dir.path().join("missing.age")));
    assert_fails_with(&out, "no such file");
}

#[test]
fn raw_with_a_missing_identity_file_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&mut raw_cmd(dir.path().join("nokey.txt"), "x.age"));
    assert_fails_with(&out, "no such file");
}

#[test]
fn raw_into_an_unwritable_output_folder_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let input = age_file(dir.path(), "in.age", &keys, b"secret");
    // Tests run as root, for whom permission bits do not stop writes: a
    // "folder" that is a regular file is unwritable for everyone.
    let not_a_folder = dir.path().join("file");
    write(&not_a_folder, b"");
    let out = run(raw_cmd(&keys.identity, &input)
        .arg("-o")
        .arg(not_a_folder.join("out.bin")));
    assert_fails_with(&out, "cannot write");
}

#[test]
fn raw_refuses_to_overwrite_an_existing_output() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let input = age_file(dir.path(), "in.age", &keys, b"secret");
    let output = dir.path().join("out.bin");
    write(&output, b"keep me");
    let out = run(raw_cmd(&keys.identity, &input).arg("-o").arg(&output));
    assert_fails_with(&out, "already exists");
    assert_eq!(std::fs::read(&output).unwrap(), b"keep me");
}
