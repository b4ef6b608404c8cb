//! Hybrid post-quantum keys (`mlkem768x25519`) between our tools and
//! typage (`age-encryption` on npm, run under node through
//! `web/tools/typage.mjs`; needs `npm ci` in `web/`, which the test command
//! runs): files in both directions at the sizes that matter to STREAM (empty,
//! one byte, exactly one chunk, several MiB); every rejection rule of the
//! spec's hybrid stanza through `tipbox-decrypt raw`, each refused with no
//! output written; and a newsroom that moved from classic to hybrid keys
//! opening old and new tips together.
use std::path::{Path, PathBuf};
use std::process::Command;

use base64::prelude::{Engine, BASE64_STANDARD_NO_PAD};
use tipbox::bundle::read_outgoing;
use tipbox::conversation::Codename;
use tipbox::envelope::{Header, Recipient};

use crate::helpers::*;
use crate::raw::{age_file, raw_cmd};

/// Plaintext sizes: empty, one byte, exactly one 64 KiB chunk, several MiB.
const SIZES: [usize; 4] = [0, 1, 64 * 1024, 5 * 1024 * 1024 + 123];

fn web() -> PathBuf {
    let web = Path::new(env!("CARGO_MANIFEST_DIR")).join("web");
    assert!(
        web.join("node_modules").is_dir(),
        "run `npm ci` in web/ first (scripts/test does)"
    );
    web
}

fn typage(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new("node")
        .arg(web().join("tools/typage.mjs"))
        .args(args)
        .output()
        .expect("node runs")
}

/// A hybrid identity made by typage, written as a key file; its recipient.
fn typage_keygen(dir: &Path, name: &str) -> (PathBuf, Recipient) {
    let out = typage(&["keygen".as_ref()]);
    assert!(out.status.success(), "typage keygen: {}", stderr(&out));
    let keys: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let identity = keys["identity"].as_str().unwrap();
    assert!(identity.starts_with("AGE-SECRET-KEY-PQ-1"));
    let path = dir.join(name);
    write(&path, format!("{identity}\n").as_bytes());
    (path, keys["recipient"].as_str().unwrap().parse().unwrap())
}

/// The tags of the stanzas in an age file.
fn stanza_tags(file: &[u8]) -> Vec<String> {
    let (header, _) = Header::parse(file).unwrap().unwrap();
    header.stanzas.into_iter().map(|s| s.tag).collect()
}

#[test]
fn typage_encrypts_to_a_keygen_key_and_raw_opens_it() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    assert!(keys.recipient.is_hybrid());
    for (i, size) in SIZES.into_iter().enumerate() {
        let plain = noise(size, 40 + i as u64);
        let input = dir.path().join(format!("plain-{size}"));
        write(&input, &plain);
        let sealed = dir.path().join(format!("typage-{size}.age"));
        let out = typage(&[
            "encrypt".as_ref(),
            "-r".as_ref(),
            keys.recipient.to_string().as_ref(),
            "-o".as_ref(),
            sealed.as_os_str(),
            input.as_os_str(),
        ]);
        assert!(out.status.success(), "typage encrypt: {}", stderr(&out));
        assert_eq!(
            stanza_tags(&std::fs::read(&sealed).unwrap()),
            ["mlkem768x25519"]
        );

        let output = dir.path().join(format!("opened-{size}"));
        let out = run(raw_cmd(&keys.identity, &sealed).arg("-o").arg(&output));
        assert!(out.status.success(), "{size} bytes: {}", stderr(&out));
        assert!(std::fs::read(&output).unwrap() == plain, "{size} bytes");
    }
}

#[test]
fn tipbox_encrypt_to_a_typage_key_opens_with_typage() {
    let dir = tempfile::tempdir().unwrap();
    let (identity, recipient) = typage_keygen(dir.path(), "typage-key.txt");
    for (i, size) in SIZES.into_iter().enumerate() {
        let plain = noise(size, 50 + i as u64);
        let input = dir.path().join(format!("plain-{size}"));
        write(&input, &plain);
        let sealed = dir.path().join(format!("tipbox-{size}.age"));
        let out = run(tipbox_cmd()
            .args(["encrypt", "-r", &recipient.to_string()])
            .arg(&input)
            .arg("-o")
            .arg(&sealed));
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(
            stanza_tags(&std::fs::read(&sealed).unwrap()),
            ["mlkem768x25519"]
        );

        let output = dir.path().join(format!("opened-{size}"));
        let out = typage(&[
            "decrypt".as_ref(),
            "-i".as_ref(),
            identity.as_os_str(),
            "-o".as_ref(),
            output.as_os_str(),
            sealed.as_os_str(),
        ]);
        assert!(
            out.status.success(),
            "typage decrypt {size}: {}",
            stderr(&out)
        );
        assert!(std::fs::read(&output).unwrap() == plain, "{size} bytes");
    }
}

#[test]
fn tipbox_encrypt_refuses_hybrid_and_classic_recipients_together() {
    let dir = tempfile::tempdir().unwrap();
    let hybrid = keygen(dir.path(), "pq.txt");
    let classic = keygen_classic(dir.path(), "classic.txt");
    let input = dir.path().join("in.bin");
    write(&input, b"tip");
    let output = dir.path().join("out.age");
    let out = run(tipbox_cmd()
        .args(["encrypt", "-r", &hybrid.recipient.to_string()])
        .args(["-r", &classic.recipient.to_string()])
        .arg(&input)
        .arg("-o")
        .arg(&output));
    assert_fails_with(&out, "cannot be mixed");
    assert!(!output.exists());
}

// --- replies: the one exception to the no-mixing rule ----------------------

/// `tipbox-decrypt reply` to a tip whose `tip.json` names `reply_recipient`,
/// from a fresh hybrid newsroom key; the stanza tags of the one reply.
fn reply_stanza_tags(reply_recipient: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let newsroom = keygen(dir.path(), "key.txt");
    assert!(newsroom.recipient.is_hybrid());
    let mailbox = Codename::generate().derive().mailbox();
    let folder = dir.path().join("desk").join("tip");
    std::fs::create_dir_all(&folder).unwrap();
    let tip_json = format!(
        r#"{{"version":1,"kind":"tip","encrypted_by":"browser","language":"en","message":"a tip","attachments":[],"mailbox":"{mailbox}","reply_recipient":"{reply_recipient}"}}"#,
    );
    write(&folder.join("tip.json"), tip_json.as_bytes());
    let outgoing = dir.path().join("outgoing.tar");
    let out = run(decrypt_cmd()
        .args(["reply", "-i"])
        .arg(&newsroom.identity)
        .arg("--to")
        .arg(&folder)
        .args(["-m", "a question"])
        .arg("-o")
        .arg(&outgoing));
    assert!(out.status.success(), "{}", stderr(&out));
    let replies = read_outgoing(std::fs::File::open(&outgoing).unwrap(), u64::MAX).unwrap();
    let [reply] = &replies[..] else {
        panic!("one reply in the outgoing bundle");
    };
    stanza_tags(&reply.ciphertext)
}

#[test]
fn a_reply_to_a_new_conversation_is_hybrid_only() {
    // A codename's reply key is hybrid, so the reply mixes nothing.
    let source = Codename::generate().derive();
    assert!(source.reply_recipient().is_hybrid());
    let tags = reply_stanza_tags(&source.reply_recipient().to_string());
    assert_eq!(tags, ["mlkem768x25519", "mlkem768x25519"]);
}

#[test]
fn a_reply_to_a_conversation_begun_with_an_x25519_reply_key_mixes_the_two_types() {
    // Conversations begun before reply keys became hybrid named the
    // codename's X25519 key, so `tipbox-decrypt reply` seals with
    // `Encryptor::with_mixed_recipients`: an X25519 stanza for the source
    // and a hybrid one per newsroom key. Such a reply is only as strong as
    // X25519 (SECURITY.md, "Ciphertext archived for later").
    let classic = Codename::generate()
        .derive()
        .classic_reply_identity
        .to_public();
    assert!(!classic.is_hybrid());
    let tags = reply_stanza_tags(&classic.to_string());
    assert_eq!(tags, ["X25519", "mlkem768x25519"]);
}

// --- the rejection rules of the mlkem768x25519 stanza ----------------------

/// A real hybrid file for a fresh `keygen` key, with its first stanza
/// changed by `change`; `raw` on it must fail with `expected` and write
/// nothing: with `-o`, no output file and no temporary file; without it,
/// nothing on stdout.
fn assert_refused_without_output(
    change: impl FnOnce(&mut tipbox::envelope::Stanza),
    expected: &str,
) {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let input = age_file(dir.path(), "in.age", &keys, &noise(100_000, 9));
    let file = std::fs::read(&input).unwrap();
    let (mut header, len) = Header::parse(&file).unwrap().unwrap();
    assert_eq!(header.stanzas[0].tag, "mlkem768x25519");
    change(&mut header.stanzas[0]);
    write(&input, &[header.to_bytes(), file[len..].to_vec()].concat());

    let output = dir.path().join("out.bin");
    let out = run(raw_cmd(&keys.identity, &input).arg("-o").arg(&output));
    assert_fails_with(&out, expected);
    assert!(!output.exists());
    assert_eq!(tree(dir.path()).len(), 2, "no temporary file left behind");
    // To standard output: nothing either.
    let out = run(&mut raw_cmd(&keys.identity, &input));
    assert_fails_with(&out, expected);
    assert!(out.stdout.is_empty());
}

#[test]
fn raw_refuses_a_hybrid_stanza_tag_in_the_wrong_case_as_not_for_this_key() {
    // Spec: a stanza whose first argument is not exactly `mlkem768x25519` is
    // ignored; with nothing else in the header, no identity matches.
    assert_refused_without_output(|s| s.tag = "MLKEM768X25519".into(), "no identity matched");
}

#[test]
fn raw_refuses_a_hybrid_stanza_with_an_extra_argument() {
    assert_refused_without_output(|s| s.args.push("extra".into()), "exactly one argument");
}

#[test]
fn raw_refuses_a_hybrid_stanza_with_a_missing_argument() {
    assert_refused_without_output(|s| s.args.clear(), "exactly one argument");
}

#[test]
fn raw_refuses_a_hybrid_encapsulated_key_of_the_wrong_length() {
    assert_refused_without_output(
        |s| {
            let mut enc = BASE64_STANDARD_NO_PAD.decode(&s.args[0]).unwrap();
            enc.pop();
            s.args[0] = BASE64_STANDARD_NO_PAD.encode(enc);
        },
        "1120 bytes",
    );
}

#[test]
fn raw_refuses_a_hybrid_encapsulated_key_in_non_canonical_base64() {
    // The last of 1494 characters carries 2 unused bits; set one of them.
    assert_refused_without_output(
        |s| {
            let last = s.args[0].pop().unwrap();
            let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            let index = alphabet.find(last).unwrap();
            assert_eq!(index & 1, 0, "a canonical encoder leaves the bits zero");
            s.args[0].push(alphabet.as_bytes()[index | 1] as char);
        },
        "canonical base64",
    );
}

#[test]
fn raw_refuses_a_hybrid_stanza_body_of_the_wrong_length() {
    assert_refused_without_output(|s| s.body.push(0), "exactly 32 bytes");
}

#[test]
fn raw_refuses_a_hybrid_stanza_whose_x25519_share_is_a_low_order_point() {
    // The X25519 share is the last 32 bytes of `enc`; the point 0 gives the
    // all-zero X25519 result with every key.
    assert_refused_without_output(
        |s| {
            let mut enc = BASE64_STANDARD_NO_PAD.decode(&s.args[0]).unwrap();
            let at = enc.len() - 32;
            enc[at..].fill(0);
            s.args[0] = BASE64_STANDARD_NO_PAD.encode(enc);
        },
        "low-order",
    );
}

// --- rotation ------------------------------------------------------------

#[test]
fn open_reads_old_classic_and_new_hybrid_tips_with_one_identity_file() {
    // A newsroom moved from an X25519 key to a hybrid one and keeps both
    // secrets in one identity file: one bundle with tips of both eras opens.
    let dir = tempfile::tempdir().unwrap();
    let old = keygen_classic(dir.path(), "old.txt");
    let new = keygen(dir.path(), "new.txt");
    let both = dir.path().join("both.txt");
    let text = [
        std::fs::read_to_string(&old.identity).unwrap(),
        std::fs::read_to_string(&new.identity).unwrap(),
    ]
    .concat();
    write(&both, text.as_bytes());
    let (bundle_bytes, ids) = bundle(&[
        sealed_tip(
            std::slice::from_ref(&old.recipient),
            "before the switch",
            &[],
        ),
        sealed_tip(
            std::slice::from_ref(&new.recipient),
            "after the switch",
            &[],
        ),
    ]);
    let input = dir.path().join("export.tar");
    write(&input, &bundle_bytes);
    let out_dir = dir.path().join("out");
    let out = run(decrypt_cmd()
        .args(["open", "-i"])
        .arg(&both)
        .arg(&input)
        .arg("-o")
        .arg(&out_dir));
    assert!(out.status.success(), "{}", stderr(&out));
    let messages: Vec<String> = ids
        .iter()
        .map(|id| {
            std::fs::read_to_string(out_dir.join(id.to_string()).join("message.txt")).unwrap()
        })
        .collect();
    assert_eq!(messages, ["before the switch", "after the switch"]);
}
