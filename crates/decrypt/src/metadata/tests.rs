//! Unit tests of the readers on hand-built hostile inputs.
use super::*;

#[test]
fn sniff_uses_magic_bytes_not_names() {
    assert_eq!(Format::sniff(b"\xFF\xD8\xFF\xE0"), Format::Jpeg);
    assert_eq!(Format::sniff(b"%PDF-1.7\n"), Format::Pdf);
    assert_eq!(Format::sniff(b"hello"), Format::Unknown);
}

#[test]
fn xmp_packet_names_creator_and_serial() {
    let packet = br#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="r"><rdf:Description xmlns:aux="a" aux:SerialNumber="SN-42" xmlns:dc="d"><dc:creator><rdf:Seq><rdf:li>Jane &amp; Co</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"#;
    let fields = xmp::inspect_all(packet).unwrap();
    assert!(fields
        .iter()
        .any(|f| f.name == "camera serial number" && f.value == "SN-42"));
    assert!(fields
        .iter()
        .any(|f| f.name == "creator" && f.value == "Jane & Co"));
}

#[test]
fn deeply_nested_xmp_is_refused_not_followed() {
    let mut packet = b"<x:xmpmeta>".to_vec();
    for _ in 0..10_000 {
        packet.extend_from_slice(b"<a>");
    }
    packet.extend_from_slice(b"</x:xmpmeta>");
    let err = xmp::inspect_all(&packet).unwrap_err();
    assert!(err.contains("nested deeper"), "{err}");
}

#[test]
fn xmp_packet_larger_than_the_limit_is_reported_not_parsed() {
    let mut packet = b"<x:xmpmeta><dc:creator>".to_vec();
    packet.resize(5 * 1024 * 1024, b'a');
    packet.extend_from_slice(b"</dc:creator></x:xmpmeta>");
    let err = xmp::inspect_all(&packet).unwrap_err();
    assert!(err.contains("larger than"), "{err}");
}

#[test]
fn a_jpeg_with_a_damaged_exif_block_is_unreadable_not_fatal() {
    // An APP1 "Exif" segment whose TIFF header is neither II nor MM.
    let mut jpeg = b"\xFF\xD8\xFF\xE1\x00\x14Exif\0\0XX\0*\0\0\0\x08\0\0\0\0".to_vec();
    jpeg.extend_from_slice(b"\xFF\xD9");
    let inspection = inspect_isolated(jpeg);
    assert_eq!(inspection.format, Format::Jpeg);
    assert!(inspection.fields.is_err());
}

#[test]
fn a_zip_claiming_too_many_entries_is_refused_before_it_is_read() {
    let mut zip = b"PK\x03\x04".to_vec();
    zip.extend_from_slice(&[0; 30]);
    // End of central directory: 50,000 entries claimed.
    zip.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    zip.extend_from_slice(&50_000u16.to_le_bytes());
    zip.extend_from_slice(&50_000u16.to_le_bytes());
    zip.extend_from_slice(&[0; 10]);
    let err = office::open_archive(&zip).err().unwrap();
    assert!(err.contains("entries"), "{err}");
}

#[test]
fn desk_note_escapes_every_value() {
    let report = MetadataReport {
        files: vec![FileReport {
            name: "a.pdf".into(),
            format: "PDF document".into(),
            status: Status::Read,
            fields: vec![Field::new("PDF", "author", "<script>alert(1)</script>")],
            note: None,
            clean: CleanVerdict {
                possible: true,
                reason: "x".into(),
            },
        }],
    };
    let html = desk_note(Some(&report), "a.pdf", |t| t.replace('<', "&lt;"));
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&lt;script>"), "{html}");
}

#[test]
fn pdf_document_information_is_reported() {
    use lopdf::{dictionary, Document, Object};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => Vec::<Object>::new(), "Count" => 0 },
        ),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    let info_id = doc.add_object(dictionary! { "Author" => Object::string_literal("Jane") });
    doc.trailer.set("Root", catalog_id);
    doc.trailer.set("Info", info_id);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    let fields = pdf::inspect(&bytes).unwrap();
    assert!(
        fields
            .iter()
            .any(|f| f.name == "author" && f.value == "Jane"),
        "{fields:?}\n{}",
        String::from_utf8_lossy(&bytes)
    );
}

#[test]
fn a_parser_panic_is_reported_as_could_not_be_read() {
    let inspection = isolated(b"\xFF\xD8\xFF\xE0".to_vec(), |_| {
        panic!("a bug in a third-party parser")
    });
    assert_eq!(inspection.format, Format::Jpeg);
    let report = report_for("photo.jpg", inspection);
    assert_eq!(report.status, Status::Unreadable);
    assert_eq!(
        report.summary().as_deref(),
        Some("photo.jpg: could not be read")
    );
}

#[test]
fn a_file_over_the_inspection_limit_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.jpg");
    let mut file = fs::File::create(&path).unwrap();
    std::io::Write::write_all(&mut file, b"\xFF\xD8\xFF\xE0").unwrap();
    // Sparse: one byte past the limit costs no disk.
    file.set_len(MAX_INSPECT_BYTES + 1).unwrap();
    let report = inspect_file(&path, "huge.jpg");
    assert_eq!(report.status, Status::NotInspected);
    let note = report.note.unwrap();
    assert!(note.contains("larger than 64 MiB"), "{note}");
}

#[test]
fn xml_with_a_document_type_declaration_is_refused() {
    // The "billion laughs" entity bomb needs a DTD.
    let bomb = br#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><x:xmpmeta><dc:creator>&lol2;</dc:creator></x:xmpmeta>"#;
    let mut texts = Vec::new();
    let err = xml::walk(&bomb[..], |_, node| {
        if let xml::Node::Text(text) = node {
            texts.push(text.to_owned());
        }
    })
    .unwrap_err();
    assert!(err.contains("document type declaration"), "{err}");
    assert!(texts.is_empty(), "{texts:?}");
}

#[test]
fn xml_nested_one_level_past_the_limit_is_refused_and_at_the_limit_read() {
    let nested = |depth: usize| "<a>".repeat(depth) + &"</a>".repeat(depth);
    assert!(xml::walk(nested(xml::MAX_DEPTH).as_bytes(), |_, _| {}).is_ok());
    let err = xml::walk(nested(xml::MAX_DEPTH + 1).as_bytes(), |_, _| {}).unwrap_err();
    assert!(err.contains("nested deeper than 256"), "{err}");
}

#[test]
fn only_the_first_eight_xmp_packets_of_a_file_are_read() {
    let mut file = Vec::new();
    for i in 0..9 {
        file.extend_from_slice(
            format!("junk<x:xmpmeta><dc:creator>packet {i}</dc:creator></x:xmpmeta>").as_bytes(),
        );
    }
    let fields = xmp::inspect_all(&file).unwrap();
    let creators: Vec<&str> = fields
        .iter()
        .filter(|f| f.name == "creator")
        .map(|f| f.value.as_str())
        .collect();
    assert_eq!(creators.len(), 8, "{creators:?}");
    assert!(!creators.contains(&"packet 8"), "{creators:?}");
}

/// A stored ZIP of `parts` whose central directory claims `claimed`
/// expanded bytes for each part named in `inflate` (what a zip bomb's would).
fn zip_claiming(parts: &[(&str, &[u8])], inflate: &[&str], claimed: u64) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, content) in parts {
        zip.start_file(*name, stored).unwrap();
        zip.write_all(content).unwrap();
    }
    let mut bytes = zip.finish().unwrap().into_inner();
    let claimed = u32::try_from(claimed).unwrap().to_le_bytes();
    for name in inflate {
        let record = (0..bytes.len() - 46)
            .find(|&i| {
                bytes[i..].starts_with(b"PK\x01\x02")
                    && bytes[i + 46..].starts_with(name.as_bytes())
            })
            .unwrap();
        bytes[record + 24..record + 28].copy_from_slice(&claimed);
    }
    bytes
}

#[test]
fn an_office_part_claiming_more_than_the_part_limit_is_not_read() {
    let core: &[u8] = b"<cp:coreProperties><dc:creator>Jane</dc:creator></cp:coreProperties>";
    let bytes = zip_claiming(
        &[
            ("[Content_Types].xml", b"<Types/>"),
            ("docProps/core.xml", core),
        ],
        &["docProps/core.xml"],
        office::MAX_PART + 1,
    );
    let fields = office::inspect(&bytes, office::Kind::Word).unwrap();
    assert!(
        fields
            .iter()
            .any(|f| f.name == "part not read" && f.value.contains("zip bomb")),
        "{fields:?}"
    );
    assert!(!fields.iter().any(|f| f.value == "Jane"), "{fields:?}");
}

#[test]
fn office_parts_stop_at_the_expansion_budget_of_the_document() {
    // Five parts of 60 MiB each (under the part limit): the fifth is past
    // the 256 MiB a document may expand to.
    let names = [
        "_rels/1.rels",
        "_rels/2.rels",
        "_rels/3.rels",
        "_rels/4.rels",
        "_rels/5.rels",
    ];
    let parts: Vec<(&str, &[u8])> = std::iter::once(("[Content_Types].xml", &b"<Types/>"[..]))
        .chain(names.iter().map(|n| (*n, &b"<Relationships/>"[..])))
        .collect();
    let bytes = zip_claiming(&parts, &names, 60 << 20);
    let fields = office::inspect(&bytes, office::Kind::Word).unwrap();
    let past_budget: Vec<&Field> = fields
        .iter()
        .filter(|f| f.value.contains("beyond the 16 MiB read per document"))
        .collect();
    assert_eq!(past_budget.len(), 1, "{fields:?}");
    assert!(
        past_budget[0].value.starts_with("_rels/5.rels"),
        "{fields:?}"
    );
}

#[test]
fn a_hostile_value_is_shortened_and_its_control_characters_replaced() {
    let author = format!("\u{1b}[2J{}\u{7}", "a".repeat(1024 * 1024));
    let field = Field::new("PDF", "author", &author);
    assert_eq!(field.value.chars().count(), MAX_VALUE_CHARS);
    assert!(field.value.ends_with('…'), "{}", &field.value[..20]);
    assert!(!field.value.chars().any(char::is_control));
    assert!(field.value.starts_with(" [2J"), "{}", &field.value[..20]);
}
