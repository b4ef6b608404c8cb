//! What a file gives away: attachments that name their source (a JPEG with
//! a GPS position and a camera serial number, a PDF with an author, a DOCX
//! with a creator and a comment, an ODT with an author), made here, sent
//! through the no-JavaScript form of the real server, exported, opened:
//! `metadata.json`, the reading desk and the `open` table name each value,
//! and `tipbox-decrypt clean` writes copies without them that exiftool,
//! pdfinfo and Python's zipfile still read.
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::helpers::{assert_success, run_command, TestApp};
use crate::metadata_fixtures::*;
use crate::nojs::{post_form, Part};

// ---------------------------------------------------------------------------
// Running the newsroom's tools.

/// Exports through the newsroom API and runs `tipbox-decrypt open`; returns
/// the output folder and the printed table.
async fn export_and_open(app: &TestApp, dir: &Path) -> (PathBuf, String) {
    let identity = dir.join("identity.txt");
    std::fs::write(&identity, app.identity.to_encoded().as_bytes()).unwrap();
    let bundle = dir.join("export.tar");
    std::fs::write(&bundle, app.export().await.bytes().await.unwrap()).unwrap();
    let out = dir.join("opened");
    let mut open = Command::new(env!("CARGO_BIN_EXE_tipbox-decrypt"));
    open.arg("open")
        .arg("-i")
        .arg(&identity)
        .arg(&bundle)
        .arg("-o")
        .arg(&out);
    let table = assert_success(&run_command(open).await);
    (out, table)
}

async fn clean(input: &Path, output: &Path) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tipbox-decrypt"));
    command.arg("clean").arg(input).arg("-o").arg(output);
    run_command(command).await
}

/// Runs an independent tool; panics with its error if it fails.
fn tool(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|err| panic!("{program} is needed (scripts/test installs it): {err}"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The values metadata.json lists for `file`, as "name=value" strings.
fn reported(report: &serde_json::Value, file: &str) -> Vec<String> {
    let entry = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == file)
        .unwrap_or_else(|| panic!("{file} is in metadata.json: {report}"));
    assert_eq!(entry["status"], "read", "{entry}");
    assert_eq!(entry["clean"]["possible"], true, "{entry}");
    entry["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}={}",
                f["name"].as_str().unwrap(),
                f["value"].as_str().unwrap()
            )
        })
        .collect()
}

fn assert_has(fields: &[String], expected: &str) {
    assert!(
        fields.iter().any(|f| f == expected),
        "{expected:?} not in {fields:#?}"
    );
}

/// A Python check that the archive opens, every XML part parses, and the
/// source's name is in no part.
const PYTHON_ZIP_CHECK: &str = r#"
import sys, zipfile, xml.dom.minidom
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None, "a damaged entry"
names = z.namelist()
if sys.argv[3] == "odf":
    assert names[0] == "mimetype" and z.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
for name in names:
    data = z.read(name)
    if name.endswith(".xml") or name.endswith(".rels"):
        xml.dom.minidom.parseString(data)
    assert sys.argv[2].encode() not in data, name
print("ok", len(names))
"#;

#[tokio::test(flavor = "multi_thread")]
async fn attachments_sent_without_javascript_show_their_metadata_and_clean_copies_lose_it() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let jpeg = jpeg_with_gps_and_serial();
    let pdf = pdf_with_author();
    let docx = docx_with_creator_and_comment();
    let odt = odt_with_author();

    // Arrange: one tip through the no-JavaScript form, four attachments.
    let answer = post_form(
        &app,
        "",
        &[
            Part::text("message", "Documents attached."),
            Part::file("photo.jpg", "image/jpeg", jpeg.clone()),
            Part::file("memo.pdf", "application/pdf", pdf.clone()),
            Part::file("draft.docx", "application/octet-stream", docx.clone()),
            Part::file("minutes.odt", "application/octet-stream", odt.clone()),
        ],
    )
    .await;
    assert_eq!(answer.status().as_u16(), 200);

    // Act: export and open.
    let (opened, table) = export_and_open(&app, dir.path()).await;

    // Assert: metadata.json names each value.
    let tip = std::fs::read_dir(&opened)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir())
        .expect("one tip folder");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tip.join("metadata.json")).unwrap()).unwrap();
    let photo = reported(&report, "photo.jpg");
    assert_has(&photo, "camera make=TipboxCam");
    assert_has(&photo, "camera model=Model 7");
    assert_has(&photo, &format!("camera serial number={SERIAL}"));
    assert_has(&photo, &format!("camera owner={SOURCE_NAME}"));
    assert_has(&photo, "GPS position=52.370200, 4.895200");
    let memo = reported(&report, "memo.pdf");
    assert_has(&memo, &format!("author={SOURCE_NAME}"));
    assert_has(&memo, "producer=TipboxPDF 1.0");
    assert_has(&memo, "creator (application)=Writer of the Ministry");
    let draft = reported(&report, "draft.docx");
    assert_has(&draft, &format!("creator={SOURCE_NAME}"));
    assert_has(&draft, &format!("last modified by={SOURCE_NAME}"));
    assert_has(&draft, "revision=7");
    assert_has(&draft, "company=Ministry of Examples");
    assert_has(&draft, "template=Normal.dotm");
    assert_has(&draft, "comments=present (1 found)");
    assert_has(&draft, &format!("comment author={SOURCE_NAME}"));
    let minutes = reported(&report, "minutes.odt");
    assert_has(&minutes, &format!("initial creator={SOURCE_NAME}"));
    assert_has(&minutes, &format!("creator={SOURCE_NAME}"));
    assert_has(&minutes, "revision (editing cycles)=4");

    // The desk shows the same values (escaped) and the clean command.
    let desk = std::fs::read_to_string(opened.join("index.html")).unwrap();
    for value in [
        SERIAL,
        "52.370200, 4.895200",
        "Jane Q. Source",
        "Ministry of Examples",
        "comment author",
    ] {
        assert!(desk.contains(value), "the desk does not show {value}");
    }
    assert_eq!(desk.matches("Clean copy: possible").count(), 4);
    // The table sums it up in one line for the tip.
    assert!(table.contains("METADATA"), "{table}");
    let line = table
        .lines()
        .find(|l| l.contains("photo.jpg: "))
        .expect("a summary line");
    for part in [
        "camera serial number",
        "GPS position",
        "memo.pdf: author",
        "draft.docx: creator",
        "comment author",
        "minutes.odt: initial creator",
    ] {
        assert!(line.contains(part), "{part} not in {line}");
    }

    // The independent tools see the metadata in the originals...
    let files = tip.join("files");
    let original = tool(
        "exiftool",
        &["-s", "-n", files.join("photo.jpg").to_str().unwrap()],
    );
    assert!(original.contains(SERIAL), "{original}");
    assert!(original.contains("GPSLatitude"), "{original}");
    let original = tool("pdfinfo", &[files.join("memo.pdf").to_str().unwrap()]);
    assert!(original.contains(SOURCE_NAME), "{original}");

    // ...and `clean` removes every value, leaving files they still read.
    let clean_dir = dir.path().join("clean");
    std::fs::create_dir(&clean_dir).unwrap();
    for name in ["photo.jpg", "memo.pdf", "draft.docx", "minutes.odt"] {
        let out = clean(&files.join(name), &clean_dir.join(name)).await;
        let printed = assert_success(&out);
        assert!(printed.contains("removed: "), "{printed}");
        assert!(
            !String::from_utf8_lossy(&std::fs::read(clean_dir.join(name)).unwrap())
                .contains(SOURCE_NAME),
            "{name}: the clean copy still holds the name"
        );
    }
    let clean_photo = clean_dir.join("photo.jpg");
    let validation = tool(
        "exiftool",
        &["-s", "-validate", clean_photo.to_str().unwrap()],
    );
    assert!(
        validation.contains("Validate                        : OK"),
        "{validation}"
    );
    let photo = tool("exiftool", &["-s", "-n", clean_photo.to_str().unwrap()]);
    for gone in [SERIAL, "GPS", "TipboxCam", "Comment", SOURCE_NAME] {
        assert!(!photo.contains(gone), "{gone} survived: {photo}");
    }
    assert!(
        photo.contains("ImageWidth                      : 8"),
        "{photo}"
    );
    let memo = tool("pdfinfo", &[clean_dir.join("memo.pdf").to_str().unwrap()]);
    for gone in [SOURCE_NAME, "TipboxPDF", "Ministry"] {
        assert!(!memo.contains(gone), "{gone} survived: {memo}");
    }
    assert!(memo.contains("Pages:           1"), "{memo}");
    let text = tool(
        "pdftotext",
        &[clean_dir.join("memo.pdf").to_str().unwrap(), "-"],
    );
    assert!(text.contains("The leaked memo"), "{text}");
    let draft = tool(
        "python3",
        &[
            "-c",
            PYTHON_ZIP_CHECK,
            clean_dir.join("draft.docx").to_str().unwrap(),
            SOURCE_NAME,
            "ooxml",
        ],
    );
    assert!(draft.starts_with("ok 7"), "{draft}");
    let minutes = tool(
        "python3",
        &[
            "-c",
            PYTHON_ZIP_CHECK,
            clean_dir.join("minutes.odt").to_str().unwrap(),
            SOURCE_NAME,
            "odf",
        ],
    );
    assert!(minutes.starts_with("ok 4"), "{minutes}");
    let cleaned_docx = std::fs::read(clean_dir.join("draft.docx")).unwrap();
    let body = tool(
        "python3",
        &["-c", "import sys,zipfile; print(zipfile.ZipFile(sys.argv[1]).read('word/document.xml').decode())", clean_dir.join("draft.docx").to_str().unwrap()],
    );
    assert!(body.contains("The minister knew &amp; signed."), "{body}");
    assert!(!body.contains("comment"), "{body}");
    assert!(cleaned_docx.len() > 100);
}

#[tokio::test(flavor = "multi_thread")]
async fn clean_refuses_a_format_it_cannot_clean_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("notes.txt");
    std::fs::write(&input, "plain text, no metadata format").unwrap();
    let output = dir.path().join("notes-clean.txt");

    let out = clean(&input, &output).await;

    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("no clean copy: format not recognised"),
        "{err}"
    );
    assert!(!output.exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn clean_never_overwrites_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("photo.jpg");
    std::fs::write(&input, jpeg_with_gps_and_serial()).unwrap();
    let output = dir.path().join("out.jpg");
    std::fs::write(&output, "precious").unwrap();

    let out = clean(&input, &output).await;

    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert_eq!(std::fs::read(&output).unwrap(), b"precious");
}

#[tokio::test(flavor = "multi_thread")]
async fn clean_prints_no_escape_bytes_from_the_names_it_echoes() {
    // The copy's name, as a journalist might paste it from a hostile tip.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("photo.jpg");
    std::fs::write(&input, jpeg_with_gps_and_serial()).unwrap();
    let output = dir.path().join("\u{1b}]0;pwned\u{7}clean.jpg");

    let out = clean(&input, &output).await;

    let printed = assert_success(&out);
    assert!(printed.contains("clean.jpg"), "{printed}");
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{stream}: {text:?}"
        );
    }
}
