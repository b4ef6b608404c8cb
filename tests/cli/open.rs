use crate::helpers::*;

#[test]
fn open_bundle_writes_one_folder_per_tip_with_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let big = noise(3 * 1024 * 1024 + 17, 5);
    let tips = vec![
        sealed_tip(
            std::slice::from_ref(&keys.recipient),
            "First tip\nsecond line",
            &[("a.pdf", b"%PDF-1.7"), ("big.bin", &big)],
        ),
        sealed_tip(std::slice::from_ref(&keys.recipient), "Only a message", &[]),
    ];
    let (bundle_bytes, ids) = bundle(&tips);
    let input = dir.path().join("export.tar");
    write(&input, &bundle_bytes);
    let out_dir = dir.path().join("out");

    let out = open_cmd(&keys, &input, &out_dir);
    assert!(out.status.success(), "{}{}", stderr(&out), stdout(&out));

    let first = out_dir.join(ids[0].to_string());
    assert_eq!(std::fs::read(first.join("files/big.bin")).unwrap(), big);
    assert_eq!(
        std::fs::read(first.join("files/a.pdf")).unwrap(),
        b"%PDF-1.7"
    );
    assert_eq!(
        std::fs::read_to_string(first.join("message.txt")).unwrap(),
        "First tip\nsecond line"
    );
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(first.join("tip.json")).unwrap()).unwrap();
    assert_eq!(meta["attachments"].as_array().unwrap().len(), 2);
    let second = out_dir.join(ids[1].to_string());
    assert_eq!(
        std::fs::read_to_string(second.join("message.txt")).unwrap(),
        "Only a message"
    );

    // The summary: one row per tip with date, attachment count and first line.
    let table = String::from_utf8(out.stdout).unwrap();
    let row = table
        .lines()
        .find(|l| l.starts_with(&ids[0].to_string()))
        .unwrap();
    assert!(
        row.contains("2026-11-28") && row.contains("First tip") && !row.contains("second line")
    );
    assert!(
        row.split_whitespace().any(|w| w == "2"),
        "attachment count in {row:?}"
    );
    let tip_folders = tree(&out_dir)
        .into_iter()
        .filter(|p| p.components().count() == 1 && out_dir.join(p).is_dir())
        .count();
    assert_eq!(tip_folders, 2);
}

#[test]
fn open_single_tip_uses_the_file_name_as_folder() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let input = dir.path().join("one.age");
    write(
        &input,
        &sealed_tip(
            std::slice::from_ref(&keys.recipient),
            "hi",
            &[("x.txt", b"x")],
        ),
    );
    let out_dir = dir.path().join("out");
    let out = open_cmd(&keys, &input, &out_dir);
    assert!(out.status.success(), "{}{}", stderr(&out), stdout(&out));
    assert_eq!(
        std::fs::read(out_dir.join("one/files/x.txt")).unwrap(),
        b"x"
    );
}

#[test]
fn open_keeps_a_plain_age_file_whole_as_one_attachment() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen_classic(dir.path(), "key.txt");
    // A source may encrypt any file with stock age and post it: never dropped.
    let plain = noise(100_000, 6);
    let sealed = age::encrypt(
        &keys
            .recipient
            .to_string()
            .parse::<age::x25519::Recipient>()
            .unwrap(),
        &plain,
    )
    .unwrap();
    let input = dir.path().join("stock.age");
    write(&input, &sealed);
    let out_dir = dir.path().join("out");
    let out = open_cmd(&keys, &input, &out_dir);
    assert!(out.status.success(), "{}{}", stderr(&out), stdout(&out));
    assert_eq!(
        std::fs::read(out_dir.join("stock/files/unrecognised-content.bin")).unwrap(),
        plain
    );
}

#[test]
fn open_with_the_wrong_key_leaves_no_folder() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let other = keygen(dir.path(), "other.txt");
    let input = dir.path().join("one.age");
    write(
        &input,
        &sealed_tip(std::slice::from_ref(&keys.recipient), "hi", &[]),
    );
    let out_dir = dir.path().join("out");
    let out = open_cmd(&other, &input, &out_dir);
    assert_fails_with(&out, "no identity matched");
    assert!(tree(&out_dir).is_empty(), "{:?}", tree(&out_dir));
}

#[test]
fn open_refuses_a_truncated_tip_and_leaves_no_plaintext() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let sealed = sealed_tip(
        std::slice::from_ref(&keys.recipient),
        "hi",
        &[("big.bin", &noise(400_000, 7))],
    );
    let input = dir.path().join("one.age");
    write(&input, &sealed[..sealed.len() - 100_000]);
    let out_dir = dir.path().join("out");
    let out = open_cmd(&keys, &input, &out_dir);
    assert_fails_with(&out, "truncated");
    assert!(tree(&out_dir).is_empty(), "{:?}", tree(&out_dir));
}

#[test]
fn open_refuses_a_flipped_byte_and_leaves_no_plaintext() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let mut sealed = sealed_tip(
        std::slice::from_ref(&keys.recipient),
        "hi",
        &[("big.bin", &noise(400_000, 8))],
    );
    let near_end = sealed.len() - 20;
    sealed[near_end] ^= 0x80;
    let input = dir.path().join("one.age");
    write(&input, &sealed);
    let out_dir = dir.path().join("out");
    let out = open_cmd(&keys, &input, &out_dir);
    assert_fails_with(&out, "authentication");
    assert!(tree(&out_dir).is_empty(), "{:?}", tree(&out_dir));
}

#[test]
fn open_bundle_with_one_damaged_tip_opens_the_others_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let good = sealed_tip(std::slice::from_ref(&keys.recipient), "good", &[]);
    let mut bad = sealed_tip(std::slice::from_ref(&keys.recipient), "bad", &[]);
    let last = bad.len() - 1;
    bad[last] ^= 1;
    let (bytes, ids) = bundle(&[bad, good]);
    let input = dir.path().join("export.tar");
    write(&input, &bytes);
    let out_dir = dir.path().join("out");
    let out = open_cmd(&keys, &input, &out_dir);
    assert_fails_with(&out, "1 of 2 tips could not be opened");
    assert!(!out_dir.join(ids[0].to_string()).exists());
    assert_eq!(
        std::fs::read_to_string(out_dir.join(ids[1].to_string()).join("message.txt")).unwrap(),
        "good"
    );
    assert!(String::from_utf8(out.stdout).unwrap().contains("FAILED"));
}

#[test]
fn open_twice_never_overwrites_the_first_result() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let input = dir.path().join("one.age");
    write(
        &input,
        &sealed_tip(std::slice::from_ref(&keys.recipient), "hi", &[]),
    );
    let out_dir = dir.path().join("out");
    assert!(open_cmd(&keys, &input, &out_dir).status.success());
    std::fs::write(out_dir.join("one/message.txt"), "annotated by staff").unwrap();
    let out = open_cmd(&keys, &input, &out_dir);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("already in the desk: skipped"));
    assert_eq!(
        std::fs::read_to_string(out_dir.join("one/message.txt")).unwrap(),
        "annotated by staff"
    );
}

#[test]
fn open_with_a_missing_input_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let out = open_cmd(
        &keys,
        &dir.path().join("missing.tar"),
        &dir.path().join("out"),
    );
    assert_fails_with(&out, "no such file");
}

#[test]
fn open_into_an_unwritable_output_folder_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let input = dir.path().join("one.age");
    write(
        &input,
        &sealed_tip(std::slice::from_ref(&keys.recipient), "hi", &[]),
    );
    let not_a_folder = dir.path().join("file");
    write(&not_a_folder, b"");
    let out = open_cmd(&keys, &input, &not_a_folder.join("out"));
    assert_fails_with(&out, "cannot write");
}

#[test]
fn open_refuses_input_that_is_neither_age_nor_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let input = dir.path().join("junk.bin");
    write(&input, &noise(5000, 9));
    let out_dir = dir.path().join("out");
    let out = open_cmd(&keys, &input, &out_dir);
    assert_fails_with(&out, "bundle");
    assert!(tree(&out_dir).is_empty());
}

#[test]
fn open_writes_a_reading_desk_that_renders_hostile_tips_inert() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let me = std::slice::from_ref(&keys.recipient);
    let huge_name = format!("files/{}.txt", "A".repeat(5000));
    let tips = vec![
        sealed_tip(
            me,
            "<script>alert('x')</script><img src=x onerror=alert(1)>",
            &[],
        ),
        // Built by hand, as an adversary would: our own writer refuses such names.
        hostile_tip(
            me,
            r#"{"version":1,"kind":"tip","encrypted_by":"cli","language":"<b>x</b>",
                "message":"names \u202e","attachments":[]}"#,
            &[
                ("files/\"><img src=x onerror=alert(2)>.html", b"<html>"),
                ("files/invoice\u{202E}fdp.exe", b"MZ"),
                (&huge_name, b"long"),
            ],
        ),
    ];
    let (bytes, ids) = bundle(&tips);
    let input = dir.path().join("export.tar");
    write(&input, &bytes);
    let out_dir = dir.path().join("out");
    let out = open_cmd(&keys, &input, &out_dir);
    assert!(out.status.success(), "{}{}", stderr(&out), stdout(&out));

    let html = std::fs::read_to_string(out_dir.join("index.html")).unwrap();
    assert!(
        !html.to_lowercase().contains("<script"),
        "no script element may appear"
    );
    assert!(
        !html.contains("<img"),
        "no element from a message may appear"
    );
    assert!(
        html.contains("&lt;script&gt;alert("),
        "the message is shown, escaped"
    );
    assert!(
        !html.contains('\u{202E}'),
        "no right-to-left override reaches the page"
    );
    assert!(
        html.contains("default-src 'none'"),
        "the page forbids scripts and remote loads"
    );
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "nothing remote"
    );
    assert!(
        html.lines().all(|l| l.chars().count() < 2000),
        "huge names are shortened"
    );
    assert!(
        html.contains("program or script: never run it"),
        "the .exe is flagged"
    );
    assert!(html.contains("web content"), "the .html is flagged");
    for id in &ids {
        assert!(html.contains(&format!("Tip {id}")));
    }
    // Every link is relative and stays inside the output folder.
    for href in html.split("href=\"").skip(1) {
        let target = &href[..href.find('"').unwrap()];
        assert!(
            !target.contains(':') && !target.starts_with('/') && !target.contains(".."),
            "{target}"
        );
    }
}
