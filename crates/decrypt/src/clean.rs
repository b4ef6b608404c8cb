//! `tipbox-decrypt clean FILE -o OUT`: a copy of an attachment without the
//! metadata [`super::metadata`] reports, that still opens in its usual
//! program. JPEG, PNG and WebP keep only the chunks an image needs (EXIF,
//! XMP, comments and text chunks go); a PDF loses its document information,
//! file identifier and XMP streams; OOXML and ODF lose their property parts'
//! contents, their comments, the printer name, and every ZIP entry's date.
//!
//! Formats it cannot rewrite safely are refused with the reason (TIFF and
//! HEIF, encrypted PDFs, documents with tracked changes, spreadsheet and
//! presentation comments). The copy is checked with the same reader before
//! it is written: if anything identifying is still found, nothing is
//! written. Output appears only on success and never replaces a file
//! ([`tipbox_core::output::write_new`]).
use std::io::{BufReader, Cursor, Read, Write};
use std::path::Path;

use img_parts::jpeg::Jpeg;
use img_parts::png::Png;
use img_parts::webp::WebP;
use img_parts::Bytes;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, Writer};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::metadata::office::{self, Kind, MAX_EXPANDED, MAX_PART};
use super::metadata::{self, xml::MAX_DEPTH, CleanVerdict, Field, Format, MAX_INSPECT_BYTES};
use super::OfflineError;
use tipbox_core::output::write_new;

/// What `clean` did, for the journalist.
#[derive(Debug)]
pub struct Cleaned {
    pub format: &'static str,
    /// The fields found in the original that the copy no longer has.
    pub removed: Vec<Field>,
    /// Fields the copy still has on purpose (e.g. an external link).
    pub kept: Vec<Field>,
}

/// Whether [`clean_bytes`] will accept a file of `format` with `fields`
/// (shown beside each attachment on the desk).
pub fn verdict(format: Format, fields: &[Field]) -> CleanVerdict {
    match refusal(format, fields) {
        Some(reason) => CleanVerdict {
            possible: false,
            reason,
        },
        None => CleanVerdict {
            possible: true,
            reason: match format {
                Format::Pdf => "removes the document information, file identifier and XMP",
                Format::Office(_) => {
                    "removes the document properties, comments, printer name and file dates"
                }
                _ => "removes EXIF, XMP, comments and text chunks (EXIF orientation too: check the picture's rotation)",
            }
            .into(),
        },
    }
}

fn has(fields: &[Field], name: &str) -> bool {
    fields.iter().any(|f| f.name == name)
}

fn refusal(format: Format, fields: &[Field]) -> Option<String> {
    Some(match format {
        Format::Jpeg | Format::Png | Format::Webp => return None,
        Format::Tiff | Format::Heif => format!(
            "{}: its metadata is part of the image's own structure and cannot be removed here; convert it (for example to PNG) and clean the copy",
            format.describe()
        ),
        Format::Pdf if has(fields, "encryption") => {
            "encrypted PDF: it cannot be rewritten without its password".into()
        }
        Format::Pdf => return None,
        Format::Office(_) if has(fields, "tracked changes") => {
            "tracked changes present: accept or reject them in the office program first (each names its author)".into()
        }
        Format::Office(kind) if kind == Kind::Word || kind.is_odf() => {
            if has(fields, "part not read") {
                "part of the document could not be read (see the report)".into()
            } else {
                return None;
            }
        }
        Format::Office(_) if has(fields, "comments") => {
            "comments in a spreadsheet or presentation: delete them in the office program first".into()
        }
        Format::Office(_) if has(fields, "part not read") => {
            "part of the document could not be read (see the report)".into()
        }
        Format::Office(_) => return None,
        Format::Zip => "ZIP archive: the files inside are not cleaned".into(),
        Format::Unknown => "format not recognised: clean cannot tell what metadata it holds".into(),
    })
}

/// Writes a clean copy of `input` to `output` (never replacing a file).
pub fn clean(input: &Path, output: &Path) -> Result<Cleaned, OfflineError> {
    let size = std::fs::metadata(input)
        .map_err(OfflineError::read(input))?
        .len();
    if size > MAX_INSPECT_BYTES {
        return Err(OfflineError::CannotClean(
            input.to_owned(),
            format!("larger than {} MiB", MAX_INSPECT_BYTES >> 20),
        ));
    }
    let bytes = std::fs::read(input).map_err(OfflineError::read(input))?;
    let (copy, cleaned) = clean_bytes(&bytes)
        .map_err(|reason| OfflineError::CannotClean(input.to_owned(), reason))?;
    write_new(output, &copy)?;
    Ok(cleaned)
}

/// Builds the clean copy in memory and checks it with the metadata reader.
pub fn clean_bytes(bytes: &[u8]) -> Result<(Vec<u8>, Cleaned), String> {
    let before = metadata::inspect_bytes(bytes);
    let format = before.format;
    let fields = before
        .fields
        .map_err(|why| format!("{} could not be read: {why}", format.describe()))?;
    if let Some(reason) = refusal(format, &fields) {
        return Err(reason);
    }
    let copy = match format {
        Format::Jpeg => jpeg(bytes)?,
        Format::Png => png(bytes)?,
        Format::Webp => webp(bytes)?,
        Format::Pdf => pdf(bytes)?,
        Format::Office(kind) => office(bytes, kind)?,
        _ => unreachable!("refusal() refuses every other format"),
    };
    let after = metadata::inspect_bytes(&copy);
    if after.format != format {
        return Err("the rewritten copy is no longer recognised as the same format".into());
    }
    let remaining = after
        .fields
        .map_err(|why| format!("the rewritten copy could not be read back: {why}"))?;
    let (kept, left): (Vec<Field>, Vec<Field>) = remaining
        .into_iter()
        .partition(|f| f.name == "external reference");
    if !left.is_empty() {
        let names: Vec<&str> = left.iter().map(|f| f.name.as_str()).collect();
        return Err(format!(
            "metadata remains after cleaning ({}): nothing written",
            names.join(", ")
        ));
    }
    let removed = fields.into_iter().filter(|f| !kept.contains(f)).collect();
    Ok((
        copy,
        Cleaned {
            format: format.describe(),
            removed,
            kept,
        },
    ))
}

/// JPEG: every segment but APPn and COM, plus JFIF (APP0), the ICC colour
/// profile (APP2) and Adobe's colour transform flag (APP14), which decoders need.
fn jpeg(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut image =
        Jpeg::from_bytes(Bytes::copy_from_slice(bytes)).map_err(|err| format!("JPEG: {err}"))?;
    image.segments_mut().retain(|segment| {
        let contents = segment.contents();
        match segment.marker() {
            0xE0 => contents.starts_with(b"JFIF\0") || contents.starts_with(b"JFXX\0"),
            0xE2 => contents.starts_with(b"ICC_PROFILE\0"),
            0xEE => contents.starts_with(b"Adobe"),
            0xE1..=0xEF | 0xFE => false,
            _ => true,
        }
    });
    Ok(image.encoder().bytes().to_vec())
}

/// PNG: the critical chunks and those that only describe colour, size or animation.
fn png(bytes: &[u8]) -> Result<Vec<u8>, String> {
    const KEEP: &[&[u8; 4]] = &[
        b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
        b"bKGD", b"pHYs", b"acTL", b"fcTL", b"fdAT", b"cICP",
    ];
    let mut image =
        Png::from_bytes(Bytes::copy_from_slice(bytes)).map_err(|err| format!("PNG: {err}"))?;
    image
        .chunks_mut()
        .retain(|chunk| KEEP.iter().any(|kind| **kind == chunk.kind()));
    Ok(image.encoder().bytes().to_vec())
}

/// WebP: image, alpha, animation and colour-profile chunks; the VP8X flags
/// are updated by img-parts as chunks go.
fn webp(bytes: &[u8]) -> Result<Vec<u8>, String> {
    const KEEP: &[&[u8; 4]] = &[
        b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP",
    ];
    let mut image =
        WebP::from_bytes(Bytes::copy_from_slice(bytes)).map_err(|err| format!("WebP: {err}"))?;
    let mut drop: Vec<[u8; 4]> = image
        .chunks()
        .iter()
        .map(|chunk| chunk.id())
        .filter(|id| !KEEP.contains(&id))
        .collect();
    drop.dedup();
    for id in drop {
        image.remove_chunks_by_id(id);
    }
    Ok(image.encoder().bytes().to_vec())
}

/// PDF: rewritten whole by lopdf (earlier revisions kept by incremental
/// saves go too) without `/Info`, `/ID`, `/Metadata` streams and
/// applications' private `/PieceInfo`.
fn pdf(bytes: &[u8]) -> Result<Vec<u8>, String> {
    use lopdf::Object;
    let mut doc = metadata::pdf::load(bytes)?;
    if doc.is_encrypted() {
        return Err("encrypted PDF: it cannot be rewritten without its password".into());
    }
    if let Some(Object::Reference(info)) = doc.trailer.remove(b"Info") {
        doc.objects.remove(&info);
    }
    doc.trailer.remove(b"ID");
    let mut metadata_streams = Vec::new();
    for (id, object) in doc.objects.iter_mut() {
        let dict = match object {
            Object::Dictionary(dict) => dict,
            Object::Stream(stream) => {
                if stream.dict.has_type(b"Metadata") {
                    metadata_streams.push(*id);
                }
                &mut stream.dict
            }
            _ => continue,
        };
        dict.remove(b"Metadata");
        dict.remove(b"PieceInfo");
    }
    for id in metadata_streams {
        doc.objects.remove(&id);
    }
    // Whatever no longer hangs off the trailer (old revisions' objects, an
    // information dictionary shared under another number) goes too.
    doc.prune_objects();
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|err| format!("PDF could not be written: {err}"))?;
    Ok(out)
}

/// What to do with one XML element while a part is copied.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    Keep,
    /// Leave the element and everything inside it out.
    Drop,
    /// Keep the element, leave out everything inside it.
    Empty,
}

/// How one part of an office document is copied.
enum Plan {
    Copy,
    Filter(fn(usize, &str, &BytesStart) -> Action),
}

fn empty_root(depth: usize, _: &str, _: &BytesStart) -> Action {
    if depth == 0 {
        Action::Empty
    } else {
        Action::Keep
    }
}

fn word_story(_: usize, local: &str, _: &BytesStart) -> Action {
    match local {
        "commentRangeStart" | "commentRangeEnd" | "commentReference" => Action::Drop,
        _ => Action::Keep,
    }
}

fn odf_meta(depth: usize, local: &str, _: &BytesStart) -> Action {
    if depth == 1 && local == "meta" {
        Action::Empty
    } else {
        Action::Keep
    }
}

fn odf_content(_: usize, local: &str, _: &BytesStart) -> Action {
    match local {
        "annotation" | "annotation-end" => Action::Drop,
        _ => Action::Keep,
    }
}

fn odf_settings(_: usize, local: &str, start: &BytesStart) -> Action {
    if local != "config-item" {
        return Action::Keep;
    }
    let printer = start.attributes().with_checks(false).flatten().any(|a| {
        a.key.local_name().as_ref() == b"name"
            && matches!(a.value.as_ref(), b"PrinterName" | b"PrinterSetup")
    });
    if printer {
        Action::Drop
    } else {
        Action::Keep
    }
}

fn plan(kind: Kind, name: &str) -> Plan {
    let lower = name.to_ascii_lowercase();
    if kind.is_odf() {
        return match lower.as_str() {
            "meta.xml" => Plan::Filter(odf_meta),
            "content.xml" | "styles.xml" => Plan::Filter(odf_content),
            "settings.xml" => Plan::Filter(odf_settings),
            _ => Plan::Copy,
        };
    }
    let file = lower.rsplit('/').next().unwrap_or(&lower);
    if matches!(
        lower.as_str(),
        "docprops/core.xml" | "docprops/app.xml" | "docprops/custom.xml"
    ) || (lower.starts_with("word/")
        && lower.ends_with(".xml")
        && (file.starts_with("comments") || file == "people.xml"))
    {
        Plan::Filter(empty_root)
    } else if lower.starts_with("word/")
        && lower.ends_with(".xml")
        && ["document", "header", "footer", "footnotes", "endnotes"]
            .iter()
            .any(|p| file.starts_with(p))
    {
        Plan::Filter(word_story)
    } else {
        Plan::Copy
    }
}

/// Rewrites the archive entry by entry, in order (ODF needs `mimetype`
/// first and stored), every entry dated 1980-01-01 (ZIP dates are local
/// save times), no archive or entry comments, no extra fields.
fn office(bytes: &[u8], kind: Kind) -> Result<Vec<u8>, String> {
    let mut archive = office::open_archive(bytes)?;
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    let mut budget = MAX_EXPANDED;
    for index in 0..archive.len() {
        let entry = archive
            .by_index(index)
            .map_err(|err| format!("ZIP entry {index}: {err}"))?;
        let name = entry
            .name()
            .map_err(|err| format!("ZIP entry {index}: {err}"))?
            .into_owned();
        let method = match entry.compression() {
            CompressionMethod::Stored => CompressionMethod::Stored,
            _ => CompressionMethod::Deflated,
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(DateTime::DEFAULT)
            .unix_permissions(0o644);
        if entry.is_dir() {
            out.add_directory(name, options)
                .map_err(|err| format!("ZIP: {err}"))?;
            continue;
        }
        let declared = entry.size();
        if declared > MAX_PART || declared > budget {
            return Err(format!(
                "{name} expands beyond the {} MiB allowed (zip bomb?)",
                MAX_PART.min(budget) >> 20
            ));
        }
        budget -= declared;
        out.start_file(name.as_str(), options)
            .map_err(|err| format!("ZIP: {err}"))?;
        let mut reader = entry.take(declared);
        match plan(kind, &name) {
            Plan::Copy => {
                std::io::copy(&mut reader, &mut out).map_err(|err| format!("{name}: {err}"))?;
            }
            Plan::Filter(decide) => {
                filter_xml(BufReader::new(reader), &mut out, decide)
                    .map_err(|err| format!("{name}: {err}"))?;
            }
        }
    }
    let cursor = out.finish().map_err(|err| format!("ZIP: {err}"))?;
    Ok(cursor.into_inner())
}

/// Copies XML event by event, leaving out what `decide` says, and the XML
/// comments. Depth is bounded as in the reader.
fn filter_xml<R: std::io::BufRead, W: Write>(
    input: R,
    output: W,
    decide: fn(usize, &str, &BytesStart) -> Action,
) -> Result<(), String> {
    let mut reader = Reader::from_reader(input);
    reader.config_mut().check_end_names = false;
    let mut writer = Writer::new(output);
    let mut buf = Vec::new();
    let mut depth = 0usize;
    // While skipping: the depth inside the skipped element, and whether its
    // end tag is written (Action::Empty).
    let mut skipping = 0usize;
    let mut close_after = false;
    loop {
        buf.clear();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|err| format!("XML error: {err}"))?;
        let write = |writer: &mut Writer<W>, event: Event<'_>| {
            writer
                .write_event(event)
                .map_err(|err| format!("cannot write: {err}"))
        };
        match event {
            Event::Eof => break,
            Event::DocType(_) => return Err("XML with a document type declaration".into()),
            Event::Comment(_) => {}
            Event::Start(start) => {
                if depth >= MAX_DEPTH {
                    return Err(format!("XML nested deeper than {MAX_DEPTH} levels"));
                }
                depth += 1;
                if skipping > 0 {
                    skipping += 1;
                    continue;
                }
                let local = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                match decide(depth - 1, &local, &start) {
                    Action::Keep => write(&mut writer, Event::Start(start))?,
                    Action::Drop => {
                        skipping = 1;
                        close_after = false;
                    }
                    Action::Empty => {
                        write(&mut writer, Event::Start(start))?;
                        skipping = 1;
                        close_after = true;
                    }
                }
            }
            Event::Empty(start) => {
                if skipping > 0 {
                    continue;
                }
                let local = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                if decide(depth, &local, &start) != Action::Drop {
                    write(&mut writer, Event::Empty(start))?;
                }
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                if skipping > 0 {
                    skipping -= 1;
                    if skipping == 0 && close_after {
                        write(&mut writer, Event::End(end))?;
                    }
                    continue;
                }
                write(&mut writer, Event::End(end))?;
            }
            other => {
                if skipping == 0 {
                    write(&mut writer, other)?;
                }
            }
        }
    }
    Ok(())
}

/// Reads `reader` whole (used by tests of the filter).
#[cfg(test)]
fn filtered(xml: &str, decide: fn(usize, &str, &BytesStart) -> Action) -> String {
    let mut out = Vec::new();
    filter_xml(xml.as_bytes(), &mut out, decide).unwrap();
    let mut text = String::new();
    out.as_slice().read_to_string(&mut text).unwrap();
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_drops_comment_anchors_and_keeps_the_text() {
        let xml = r#"<w:document xmlns:w="x"><w:p><w:commentRangeStart w:id="0"/><w:r><w:t>Hello &amp; bye</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p></w:document>"#;
        let out = filtered(xml, word_story);
        assert!(!out.contains("comment"), "{out}");
        assert!(out.contains("<w:t>Hello &amp; bye</w:t>"), "{out}");
    }

    #[test]
    fn filter_empties_the_root_of_a_property_part() {
        let xml = r#"<?xml version="1.0"?><cp:coreProperties xmlns:cp="c" xmlns:dc="d"><dc:creator>Jane</dc:creator><!-- x --></cp:coreProperties>"#;
        let out = filtered(xml, empty_root);
        assert!(!out.contains("Jane"));
        assert!(
            out.contains("<cp:coreProperties xmlns:cp=\"c\" xmlns:dc=\"d\"></cp:coreProperties>"),
            "{out}"
        );
    }

    #[test]
    fn filter_refuses_a_document_type_declaration() {
        let mut out = Vec::new();
        let xml = "<!DOCTYPE a [<!ENTITY b \"c\">]><a>&b;</a>";
        assert!(filter_xml(xml.as_bytes(), &mut out, empty_root).is_err());
    }

    #[test]
    fn tiff_and_unknown_formats_are_refused_with_a_reason() {
        let tiff = b"II*\0\x08\0\0\0\0\0\0\0\0\0";
        let err = clean_bytes(tiff).unwrap_err();
        assert!(err.contains("TIFF"), "{err}");
        let err = clean_bytes(b"just some text").unwrap_err();
        assert!(err.contains("not recognised"), "{err}");
    }
}
