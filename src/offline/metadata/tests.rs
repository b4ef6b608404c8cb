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
