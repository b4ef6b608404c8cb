//! What a file gives away: attachments that name their source (a JPEG with
//! a GPS position and a camera serial number, a PDF with an author, a DOCX
//! with a creator and a comment, an ODT with an author), made here, sent
//! through the no-JavaScript form of the real server, exported, opened:
//! `metadata.json`, the reading desk and the `open` table name each value,
//! and `tipbox-decrypt clean` writes copies without them that exiftool,
//! pdfinfo and Python's zipfile still read.
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::helpers::TestApp;
use crate::nojs::{post_form, Part};

const SOURCE_NAME: &str = "Jane Q. Source";
const SERIAL: &str = "SN-4471-TIPBOX";

// ---------------------------------------------------------------------------
// Fixtures, built byte by byte.

/// An 8×8 grey baseline JPEG (JFIF) written by libjpeg-turbo's cjpeg; the
/// tests add their own EXIF segment to it.
const PLAIN_JPEG: &str = concat!(
    "ffd8ffe000104a46494600010100000100010000ffdb004300100b0c0e0c0a100e0d0e1211101318281a181616183123",
    "251d283a333d3c3933383740485c4e404457453738506d51575f626768673e4d71797064785c656763ffc0000b080008",
    "000801011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b51000020103",
    "03020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f024336272",
    "82090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475",
    "767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9",
    "cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f002bffd9",
);

/// One TIFF directory entry: tag, type (2 ASCII, 4 LONG, 5 RATIONAL), count, value bytes.
struct Entry(u16, u16, u32, Vec<u8>);

fn ascii(tag: u16, text: &str) -> Entry {
    let mut bytes = text.as_bytes().to_vec();
    bytes.push(0);
    Entry(tag, 2, bytes.len() as u32, bytes)
}

fn rationals(tag: u16, values: &[(u32, u32)]) -> Entry {
    let bytes = values
        .iter()
        .flat_map(|(n, d)| n.to_be_bytes().into_iter().chain(d.to_be_bytes()))
        .collect();
    Entry(tag, 5, values.len() as u32, bytes)
}

/// Writes one big-endian IFD at `offset` (values over 4 bytes follow it);
/// returns its bytes.
fn ifd(offset: u32, entries: &[Entry]) -> Vec<u8> {
    let table_len = 2 + entries.len() * 12 + 4;
    let mut data_offset = offset + table_len as u32;
    let mut table = (entries.len() as u16).to_be_bytes().to_vec();
    let mut data = Vec::new();
    for Entry(tag, kind, count, value) in entries {
        table.extend_from_slice(&tag.to_be_bytes());
        table.extend_from_slice(&kind.to_be_bytes());
        table.extend_from_slice(&count.to_be_bytes());
        if value.len() <= 4 {
            let mut inline = value.clone();
            inline.resize(4, 0);
            table.extend_from_slice(&inline);
        } else {
            table.extend_from_slice(&data_offset.to_be_bytes());
            data.extend_from_slice(value);
            if value.len() % 2 == 1 {
                data.push(0);
            }
            data_offset = offset + table_len as u32 + data.len() as u32;
        }
    }
    table.extend_from_slice(&0u32.to_be_bytes());
    table.extend_from_slice(&data);
    table
}

/// A hand-built EXIF APP1 segment: camera make, model and serial number,
/// the owner, and a GPS position (52°22'12.72"N 4°53'42.72"E).
fn exif_segment() -> Vec<u8> {
    // Lay out GPS and Exif directories after IFD0; offsets are from the TIFF header.
    let ifd0_len = |exif_at: u32, gps_at: u32| {
        ifd(
            8,
            &[
                ascii(0x010f, "TipboxCam"),
                ascii(0x0110, "Model 7"),
                Entry(0x8769, 4, 1, exif_at.to_be_bytes().to_vec()),
                Entry(0x8825, 4, 1, gps_at.to_be_bytes().to_vec()),
            ],
        )
        .len() as u32
    };
    let exif_at = 8 + ifd0_len(0, 0);
    let exif_dir = |at| ifd(at, &[ascii(0xa430, SOURCE_NAME), ascii(0xa431, SERIAL)]);
    let gps_at = exif_at + exif_dir(exif_at).len() as u32;
    let gps = ifd(
        gps_at,
        &[
            Entry(0x0001, 2, 2, b"N\0".to_vec()),
            rationals(0x0002, &[(52, 1), (22, 1), (1272, 100)]),
            Entry(0x0003, 2, 2, b"E\0".to_vec()),
            rationals(0x0004, &[(4, 1), (53, 1), (4272, 100)]),
        ],
    );
    let mut tiff = b"MM\0*\0\0\0\x08".to_vec();
    tiff.extend(ifd(
        8,
        &[
            ascii(0x010f, "TipboxCam"),
            ascii(0x0110, "Model 7"),
            Entry(0x8769, 4, 1, exif_at.to_be_bytes().to_vec()),
            Entry(0x8825, 4, 1, gps_at.to_be_bytes().to_vec()),
        ],
    ));
    tiff.extend(exif_dir(exif_at));
    tiff.extend(gps);
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend(tiff);
    let mut segment = vec![0xFF, 0xE1];
    segment.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    segment.extend(payload);
    segment
}

pub fn jpeg_with_gps_and_serial() -> Vec<u8> {
    let plain = hex::decode(PLAIN_JPEG).unwrap();
    let mut jpeg = plain[..2].to_vec();
    jpeg.extend(exif_segment());
    // A comment segment too: clean removes it.
    let comment = format!("shot by {SOURCE_NAME}");
    jpeg.extend_from_slice(&[0xFF, 0xFE]);
    jpeg.extend_from_slice(&((comment.len() + 2) as u16).to_be_bytes());
    jpeg.extend_from_slice(comment.as_bytes());
    jpeg.extend_from_slice(&plain[2..]);
    jpeg
}

/// A one-page PDF written by lopdf whose document information names its author.
pub fn pdf_with_author() -> Vec<u8> {
    use lopdf::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let content = doc.add_object(Stream::new(
        dictionary! {},
        b"BT /F1 24 Tf 72 720 Td (The leaked memo) Tj ET".to_vec(),
    ));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
        "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    let info_id = doc.add_object(dictionary! {
        "Author" => Object::string_literal(SOURCE_NAME),
        "Creator" => Object::string_literal("Writer of the Ministry"),
        "Producer" => Object::string_literal("TipboxPDF 1.0"),
        "CreationDate" => Object::string_literal("D:20261101120000Z"),
    });
    doc.trailer.set("Root", catalog_id);
    doc.trailer.set("Info", info_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn zip_file(entries: &[(&str, &str)]) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in entries {
        let method = if *name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        zip.start_file(
            *name,
            SimpleFileOptions::default().compression_method(method),
        )
        .unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A Word document whose properties name its creator and whose body carries
/// a comment by the same person.
pub fn docx_with_creator_and_comment() -> Vec<u8> {
    let content_types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;
    let document_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>"#;
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}"><w:body><w:p><w:commentRangeStart w:id="0"/><w:r><w:t>The minister knew &amp; signed.</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p></w:body></w:document>"#
    );
    let comments = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="{SOURCE_NAME}" w:initials="JQS" w:date="2026-11-01T10:00:00Z"><w:p><w:r><w:t>Delete before sending!</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    let core = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>{SOURCE_NAME}</dc:creator><cp:lastModifiedBy>{SOURCE_NAME}</cp:lastModifiedBy><cp:revision>7</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2026-11-01T09:00:00Z</dcterms:created></cp:coreProperties>"#
    );
    let app = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Template>Normal.dotm</Template><Company>Ministry of Examples</Company><Application>Microsoft Office Word</Application></Properties>"#;
    zip_file(&[
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", rels),
        ("word/document.xml", &document),
        ("word/_rels/document.xml.rels", document_rels),
        ("word/comments.xml", &comments),
        ("docProps/core.xml", &core),
        ("docProps/app.xml", app),
    ])
}

/// An OpenDocument text whose meta.xml names its author.
pub fn odt_with_author() -> Vec<u8> {
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:text><text:p>Minutes of the closed meeting.</text:p></office:text></office:body></office:document-content>"#;
    let meta = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"><office:meta><meta:initial-creator>{SOURCE_NAME}</meta:initial-creator><dc:creator>{SOURCE_NAME}</dc:creator><meta:creation-date>2026-11-01T09:00:00</meta:creation-date><meta:editing-cycles>4</meta:editing-cycles><meta:generator>LibreOffice/7.4</meta:generator></office:meta></office:document-meta>"#
    );
    zip_file(&[
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", content),
        ("meta.xml", &meta),
    ])
}

// ---------------------------------------------------------------------------
// Running the newsroom's tools.

async fn run(mut command: Command) -> Output {
    tokio::task::spawn_blocking(move || command.env_remove("TIPBOX_PASSPHRASE").output().unwrap())
        .await
        .unwrap()
}

fn stdout_of(out: &Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

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
    let table = stdout_of(&run(open).await);
    (out, table)
}

async fn clean(input: &Path, output: &Path) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tipbox-decrypt"));
    command.arg("clean").arg(input).arg("-o").arg(output);
    run(command).await
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
        let printed = stdout_of(&out);
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
