//! The two client-authorization scripts: `tipbox-onion-client-key` makes a
//! transfer station's key pair in tor's formats, and
//! `tipbox-check-onion-auth` (run before tor starts) refuses to let the
//! newsroom onion go public without a well-formed client key.

use std::fs;
use std::path::Path;
use std::process::Command;

use x25519_dalek::{PublicKey, StaticSecret};

use crate::support::{deploy, run, tool, Outcome};

const ONION: &str = "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx";

fn make_key(name: &str, onion: &str, out: &Path) -> Outcome {
    tool("openssl", "openssl");
    tool("basenc", "coreutils");
    run(Command::new(deploy("tipbox-onion-client-key"))
        .args([name, onion])
        .arg(out))
}

fn check(dir: &Path) -> Outcome {
    run(Command::new(deploy("tipbox-check-onion-auth")).arg(dir))
}

/// RFC 4648 base32 (upper case, no padding) into 32 bytes.
fn base32_key(text: &str) -> [u8; 32] {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut bits = 0u64;
    let mut count = 0;
    let mut bytes = Vec::new();
    for c in text.bytes() {
        let value = ALPHABET
            .iter()
            .position(|&a| a == c)
            .unwrap_or_else(|| panic!("not base32: {text}"));
        bits = (bits << 5) | value as u64;
        count += 5;
        if count >= 8 {
            count -= 8;
            bytes.push((bits >> count) as u8);
        }
    }
    bytes
        .try_into()
        .unwrap_or_else(|b: Vec<u8>| panic!("{} bytes, not 32: {text}", b.len()))
}

#[test]
fn client_key_halves_belong_together_in_tor_formats() {
    let out = tempfile::tempdir().expect("temporary folder");

    let outcome = make_key("desk-1", &format!("{ONION}.onion"), out.path());

    assert!(outcome.success, "{outcome:?}");
    let private = fs::read_to_string(out.path().join("desk-1.auth_private")).expect("private half");
    let public = fs::read_to_string(out.path().join("desk-1.auth")).expect("public half");
    let private = private
        .strip_suffix('\n')
        .and_then(|l| l.strip_prefix(&format!("{ONION}:descriptor:x25519:")))
        .expect(&private);
    let public = public
        .strip_suffix('\n')
        .and_then(|l| l.strip_prefix("descriptor:x25519:"))
        .expect(&public);
    // The server's half must be the X25519 public key of the station's half.
    let derived = PublicKey::from(&StaticSecret::from(base32_key(private)));
    assert_eq!(derived.as_bytes(), &base32_key(public));
}

#[test]
fn client_key_files_are_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let out = tempfile::tempdir().expect("temporary folder");

    assert!(make_key("desk-1", ONION, out.path()).success);

    let mode = fs::metadata(out.path().join("desk-1.auth_private"))
        .expect("private half")
        .permissions()
        .mode();
    assert_eq!(mode & 0o077, 0, "private key readable by others: {mode:o}");
}

#[test]
fn client_key_refuses_to_overwrite_a_key() {
    // Mistake: running the script twice for one station would replace the
    // key the server already trusts.
    let out = tempfile::tempdir().expect("temporary folder");
    assert!(make_key("desk-1", ONION, out.path()).success);
    let first = fs::read(out.path().join("desk-1.auth_private")).expect("private half");

    let outcome = make_key("desk-1", ONION, out.path());

    assert!(!outcome.success);
    assert!(outcome.stderr.contains("already exists"), "{outcome:?}");
    assert_eq!(
        fs::read(out.path().join("desk-1.auth_private")).expect("private half"),
        first
    );
}

#[test]
fn client_key_refuses_name_that_escapes_the_folder() {
    // Mistake: a name with a slash becomes a path on the server.
    let out = tempfile::tempdir().expect("temporary folder");

    let outcome = make_key("../desk", ONION, out.path());

    assert!(!outcome.success);
    assert_eq!(fs::read_dir(out.path()).expect("folder").count(), 0);
}

#[test]
fn client_key_refuses_address_that_is_not_v3() {
    // Mistake: an old 16-character v2 address.
    let out = tempfile::tempdir().expect("temporary folder");

    let outcome = make_key("desk-1", "expyuzz4wqqyqhjn", out.path());

    assert!(!outcome.success);
    assert!(outcome.stderr.contains("v3 onion address"), "{outcome:?}");
}

#[test]
fn client_key_without_onion_keeps_no_private_half() {
    // First start: a lock without a key; nothing secret may be left behind.
    let out = tempfile::tempdir().expect("temporary folder");

    let outcome = make_key("first-start", "none", out.path());

    assert!(outcome.success, "{outcome:?}");
    let files: Vec<_> = fs::read_dir(out.path())
        .expect("folder")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(files, ["first-start.auth"]);
    assert!(
        check(out.path()).success,
        "the lock must satisfy the pre-start check"
    );
}

#[test]
fn check_accepts_a_generated_client_key() {
    let keys = tempfile::tempdir().expect("temporary folder");
    assert!(make_key("desk-1", ONION, keys.path()).success);
    let authorized = tempfile::tempdir().expect("temporary folder");
    fs::copy(
        keys.path().join("desk-1.auth"),
        authorized.path().join("desk-1.auth"),
    )
    .expect("copy public half");

    let outcome = check(authorized.path());

    assert!(outcome.success, "{outcome:?}");
}

#[test]
fn check_refuses_empty_authorized_clients() {
    // Mistake: no client key yet; tor would publish the newsroom onion openly.
    let authorized = tempfile::tempdir().expect("temporary folder");

    let outcome = check(authorized.path());

    assert!(!outcome.success);
    assert!(outcome.stderr.contains("no client key"), "{outcome:?}");
}

#[test]
fn check_refuses_missing_authorized_clients_folder() {
    let parent = tempfile::tempdir().expect("temporary folder");

    let outcome = check(&parent.path().join("authorized_clients"));

    assert!(!outcome.success);
    assert!(outcome.stderr.contains("does not exist"), "{outcome:?}");
}

#[test]
fn check_refuses_private_half_put_on_the_server() {
    // Mistake: the station's .auth_private content copied into a .auth file.
    let keys = tempfile::tempdir().expect("temporary folder");
    assert!(make_key("desk-1", ONION, keys.path()).success);
    let authorized = tempfile::tempdir().expect("temporary folder");
    fs::copy(
        keys.path().join("desk-1.auth_private"),
        authorized.path().join("desk-1.auth"),
    )
    .expect("copy");

    let outcome = check(authorized.path());

    assert!(!outcome.success);
    assert!(outcome.stderr.contains("is not one line"), "{outcome:?}");
}

#[test]
fn check_refuses_file_with_two_keys() {
    // Mistake: two clients pasted into one file; tor reads one line per file.
    let authorized = tempfile::tempdir().expect("temporary folder");
    let line = format!("descriptor:x25519:{}\n", "A".repeat(52));
    fs::write(authorized.path().join("two.auth"), line.repeat(2)).expect("write");

    let outcome = check(authorized.path());

    assert!(!outcome.success);
}
