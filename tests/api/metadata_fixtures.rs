//! Attachments that give their source away, built byte by byte: a JPEG with
//! a GPS position and a camera serial number (a hand-built EXIF segment), a
//! PDF with an author (lopdf), a DOCX with a creator and a comment and an
//! ODT with an author (zip). Used by `metadata.rs` and, through `#[path]`,
//! by the fuzz seed generator.
#![allow(dead_code)]
use std::io::Write;

pub const SOURCE_NAME: &str = "Jane Q. Source";
pub const SERIAL: &str = "SN-4471-TIPBOX";

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
