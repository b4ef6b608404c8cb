//! `tipbox-decrypt reply`: replies composed offline into an outgoing bundle.
use std::path::Path;

use tipbox::bundle::read_outgoing;
use tipbox::conversation::Codename;
use tipbox::envelope::{Decryptor, Identity};
use tipbox::tip::{self, Kind, TipMeta};

use crate::helpers::*;

/// A folder as `open` writes it, whose tip.json says `meta`.
fn tip_folder(dir: &Path, meta: &TipMeta) -> std::path::PathBuf {
    let folder = dir.join("tip");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("tip.json"), serde_json::to_vec(meta).unwrap()).unwrap();
    folder
}

fn meta(mailbox: Option<String>, reply_recipient: Option<String>) -> TipMeta {
    TipMeta {
        version: tip::FORMAT_VERSION,
        kind: Kind::Tip,
        encrypted_by: tip::EncryptedBy::ServerSealed,
        language: "en".into(),
        message: "a tip".into(),
        attachments: Vec::new(),
        mailbox,
        reply_recipient,
        followup_key: None,
        followup_proof: None,
    }
}

fn reply_cmd(keys: &Keys, to: &Path, message: &str, outgoing: &Path) -> std::process::Output {
    run(decrypt_cmd()
        .args(["reply", "-i"])
        .arg(&keys.identity)
        .arg("--to")
        .arg(to)
        .args(["-m", message])
        .arg("-o")
        .arg(outgoing))
}

#[test]
fn replies_append_to_one_outgoing_bundle_readable_by_source_and_newsroom() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let source = Codename::generate().derive();
    let folder = tip_folder(
        dir.path(),
        &meta(
            Some(source.mailbox().to_string()),
            Some(source.reply_recipient().to_string()),
        ),
    );
    let outgoing = dir.path().join("outgoing.tar");

    for text in ["first question", "second question"] {
        let out = reply_cmd(&keys, &folder, text, &outgoing);
        assert!(out.status.success(), "{}", stderr(&out));
    }

    let replies = read_outgoing(std::fs::File::open(&outgoing).unwrap(), u64::MAX).unwrap();
    assert_eq!(replies.len(), 2);
    let newsroom: Identity = std::fs::read_to_string(&keys.identity)
        .unwrap()
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .unwrap()
        .parse()
        .unwrap();
    for (reply, text) in replies.iter().zip(["first question", "second question"]) {
        assert_eq!(reply.entry.mailbox, source.mailbox());
        let (header, _) = tipbox::envelope::Header::parse(&reply.ciphertext)
            .unwrap()
            .unwrap();
        assert_eq!(
            header.hybrid_count(),
            2,
            "the source's key and the newsroom's"
        );
        for identity in [&source.reply_identity, &newsroom] {
            let out = tempfile::tempdir().unwrap();
            let mut plaintext =
                Decryptor::new(&reply.ciphertext[..], std::slice::from_ref(identity)).unwrap();
            let extracted =
                tip::extract(&mut plaintext, out.path(), &tip::Limits::default()).unwrap();
            let meta = extracted.meta.unwrap();
            assert_eq!(meta.kind, Kind::Reply);
            assert_eq!(meta.message, text);
            assert_eq!(meta.mailbox, Some(source.mailbox().to_string()));
        }
    }
}

#[test]
fn reply_to_a_tip_that_asked_for_none_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let folder = tip_folder(dir.path(), &meta(None, None));
    let outgoing = dir.path().join("outgoing.tar");

    let out = reply_cmd(&keys, &folder, "hello?", &outgoing);

    assert_fails_with(&out, "did not ask for replies");
    assert!(!outgoing.exists(), "no bundle is written");
}

#[test]
fn reply_without_text_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let source = Codename::generate().derive();
    let folder = tip_folder(
        dir.path(),
        &meta(
            Some(source.mailbox().to_string()),
            Some(source.reply_recipient().to_string()),
        ),
    );
    let out = run(decrypt_cmd()
        .args(["reply", "-i"])
        .arg(&keys.identity)
        .arg("--to")
        .arg(&folder)
        .arg("-o")
        .arg(dir.path().join("outgoing.tar")));
    assert_fails_with(&out, "-m TEXT");
}
