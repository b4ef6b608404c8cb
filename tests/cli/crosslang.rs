//! A tip built and encrypted by the browser client's code (run under node,
//! through `web/tools/make-tip.mjs`) opens with `tipbox-decrypt` with every
//! field and byte intact. Needs `npm ci` in `web/` (the test command runs it
//! before the Rust tests).
use std::process::Command;

use crate::helpers::*;

#[test]
fn tip_built_by_the_javascript_client_opens_with_every_field_intact() {
    let dir = tempfile::tempdir().unwrap();
    let staff = keygen(dir.path(), "staff.txt");
    let other = keygen(dir.path(), "other-staff.txt");
    let reply = keygen(dir.path(), "reply.txt");
    let web = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("web");
    assert!(
        web.join("node_modules").is_dir(),
        "run `npm ci` in web/ first (scripts/test does)"
    );
    let photo = noise(200_003, 11);
    write(&dir.path().join("photo.jpg"), &photo);
    write(
        &dir.path().join("notes.txt"),
        "منابع — 消息来源\n".as_bytes(),
    );
    let sealed = dir.path().join("from-js.age");
    let message = "From the browser: <b>bold?</b>\nسلام — 你好";

    let out = Command::new("node")
        .arg(web.join("tools/make-tip.mjs"))
        .args([
            "-r",
            &staff.recipient.to_string(),
            "-r",
            &other.recipient.to_string(),
        ])
        .args(["-m", message, "-l", "fa"])
        .args(["--mailbox", "0123456789abcdef0123456789abcdef"])
        .args(["--reply-recipient", &reply.recipient.to_string()])
        .arg("-o")
        .arg(&sealed)
        .arg(dir.path().join("photo.jpg"))
        .arg(dir.path().join("notes.txt"))
        .output()
        .expect("node runs");
    assert!(out.status.success(), "make-tip: {}", stderr(&out));

    // Both newsroom keys open it.
    for (keys, folder) in [(&staff, "out-a"), (&other, "out-b")] {
        let out_dir = dir.path().join(folder);
        let opened = run(decrypt_cmd()
            .args(["open", "-i"])
            .arg(&keys.identity)
            .arg(&sealed)
            .arg("-o")
            .arg(&out_dir));
        assert!(opened.status.success(), "{}", stderr(&opened));
        let tip = out_dir.join("from-js");
        assert_eq!(std::fs::read(tip.join("files/photo.jpg")).unwrap(), photo);
        assert_eq!(
            std::fs::read_to_string(tip.join("files/notes.txt")).unwrap(),
            "منابع — 消息来源\n"
        );
        assert_eq!(
            std::fs::read_to_string(tip.join("message.txt")).unwrap(),
            message
        );
        let meta: serde_json::Value =
            serde_json::from_slice(&std::fs::read(tip.join("tip.json")).unwrap()).unwrap();
        assert_eq!(meta["version"], 1);
        assert_eq!(meta["kind"], "tip");
        assert_eq!(meta["encrypted_by"], "browser");
        assert_eq!(meta["language"], "fa");
        assert_eq!(meta["mailbox"], "0123456789abcdef0123456789abcdef");
        assert_eq!(meta["reply_recipient"], reply.recipient.to_string());
        let attachments = meta["attachments"].as_array().unwrap();
        assert_eq!(attachments.len(), 2);
        assert_eq!(attachments[0]["name"], "photo.jpg");
        assert_eq!(attachments[0]["size"], photo.len() as u64);
        // node's file blobs carry no media type (a browser's File does).
        assert!(attachments[0]["media_type"].is_string());
    }
}
