//! What a file gives away: for every attachment of an opened tip, the
//! identifying metadata it carries (camera serial numbers, GPS positions,
//! authors, companies, editing history, comments, tracked changes), written
//! to `metadata.json` in the tip's folder, shown on the reading desk and
//! summed up in the `open` table, so the newsroom does not publish the
//! source's name along with the source's document.
//!
//! Every attachment is hostile. The format is recognised by its first bytes,
//! never by its name; each reader works on at most [`MAX_INSPECT_BYTES`] in
//! memory with its own bounds (XML depth, ZIP entries and expansion, PDF
//! object streams, values kept), and runs on its own thread so that a
//! parser's panic becomes "could not be read", never a failed `open`.
//! Readers: [`exif`] (kamadak-exif), [`xmp`] (any format), [`pdf`] (lopdf),
//! [`office`] (OOXML and ODF through zip and quick-xml).
use std::fmt::Write as _;
use std::fs;
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::OfflineError;
use tipbox_core::output::PartialDir;

pub mod exif;
pub mod office;
pub mod pdf;
pub mod xml;
pub mod xmp;

/// The report `open` writes in each tip's folder.
pub const METADATA_FILE: &str = "metadata.json";
/// Files larger than this are not read into memory: they are reported as
/// not inspected (64 MiB holds any photo and most documents).
pub const MAX_INSPECT_BYTES: u64 = 64 * 1024 * 1024;
/// A value longer than this is cut (a hostile 1 GB "author" stays a line).
const MAX_VALUE_CHARS: usize = 300;
/// At most this many fields per file: the report stays readable.
const MAX_FIELDS: usize = 200;

/// The formats recognised, by their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
    Tiff,
    Heif,
    Webp,
    Pdf,
    Office(office::Kind),
    Zip,
    Unknown,
}

impl Format {
    pub fn sniff(bytes: &[u8]) -> Format {
        match Format::sniff_magic(bytes) {
            Format::Zip => office::kind(bytes).map_or(Format::Zip, Format::Office),
            format => format,
        }
    }

    /// [`Format::sniff`] by the first bytes alone: a ZIP archive is not
    /// opened to see whether it is an office document.
    fn sniff_magic(bytes: &[u8]) -> Format {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Format::Jpeg
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Format::Png
        } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
            Format::Tiff
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Format::Webp
        } else if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" && is_heif_brand(&bytes[8..12]) {
            Format::Heif
        } else if find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some() {
            Format::Pdf
        } else if bytes.starts_with(b"PK\x03\x04") {
            Format::Zip
        } else {
            Format::Unknown
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Format::Jpeg => "JPEG image",
            Format::Png => "PNG image",
            Format::Tiff => "TIFF image",
            Format::Heif => "HEIF/HEIC image",
            Format::Webp => "WebP image",
            Format::Pdf => "PDF document",
            Format::Office(kind) => kind.describe(),
            Format::Zip => "ZIP archive",
            Format::Unknown => "unrecognised format",
        }
    }
}

fn is_heif_brand(brand: &[u8]) -> bool {
    matches!(
        brand,
        b"heic" | b"heix" | b"heim" | b"heis" | b"hevc" | b"hevx" | b"mif1" | b"msf1" | b"avif"
    )
}

/// One identifying field: where it was found, what it is, its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// The metadata block: "EXIF", "XMP", "PDF document information", "docProps/core.xml"…
    pub source: String,
    /// What the field says about the author or the device, in plain words.
    pub name: String,
    pub value: String,
}

impl Field {
    pub fn new(source: &str, name: &str, value: &str) -> Field {
        Field {
            source: source.to_owned(),
            name: name.to_owned(),
            value: shorten(value.trim()),
        }
    }
}

fn shorten(value: &str) -> String {
    let clean: String = value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    tipbox_core::untrusted_text::shorten_to(clean, MAX_VALUE_CHARS)
}

/// How far a file could be inspected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The file was read; `fields` lists everything identifying found (maybe nothing).
    Read,
    /// The format was recognised but the file could not be parsed; `note` says why.
    Unreadable,
    /// Not a format the report reads, or too large; `note` says which.
    NotInspected,
}

/// Whether `tipbox-decrypt clean` can write a copy without the metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CleanVerdict {
    pub possible: bool,
    /// Why not, or what the clean copy loses.
    pub reason: String,
}

/// What one attachment gives away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileReport {
    /// The attachment's name in the tip's `files/` folder.
    pub name: String,
    pub format: String,
    pub status: Status,
    pub fields: Vec<Field>,
    pub note: Option<String>,
    pub clean: CleanVerdict,
}

/// `metadata.json`: one report per attachment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetadataReport {
    pub files: Vec<FileReport>,
}

/// The result of reading one file's metadata in memory.
#[derive(Debug)]
pub struct Inspection {
    pub format: Format,
    /// The fields found, or why the file could not be parsed.
    pub fields: Result<Vec<Field>, String>,
}

/// Reads every identifying field of `bytes` (any format; never panics on
/// hostile input, see the fuzz targets `metadata_*`).
pub fn inspect_bytes(bytes: &[u8]) -> Inspection {
    let format = Format::sniff(bytes);
    let fields = match format {
        Format::Jpeg | Format::Png | Format::Tiff | Format::Heif | Format::Webp => {
            image_fields(bytes)
        }
        Format::Pdf => pdf::inspect(bytes),
        Format::Office(kind) => office::inspect(bytes, kind),
        Format::Zip | Format::Unknown => Ok(Vec::new()),
    };
    let fields = fields.map(|mut fields| {
        dedup(&mut fields);
        fields.truncate(MAX_FIELDS);
        fields
    });
    Inspection { format, fields }
}

/// EXIF through kamadak-exif and XMP wherever its packet sits. A damaged
/// block is reported beside what the other block gave; the file is
/// unreadable only when nothing could be read.
fn image_fields(bytes: &[u8]) -> Result<Vec<Field>, String> {
    let mut fields = Vec::new();
    let exif_error = match exif::inspect(bytes) {
        Ok(found) => {
            fields.extend(found);
            None
        }
        Err(err) => Some(err),
    };
    match xmp::inspect_all(bytes) {
        Ok(found) => fields.extend(found),
        Err(err) => fields.push(Field::new("XMP", "unreadable XMP", &err)),
    }
    match exif_error {
        Some(err) if fields.is_empty() => Err(err),
        Some(err) => {
            fields.push(Field::new("EXIF", "unreadable EXIF", &err));
            Ok(fields)
        }
        None => Ok(fields),
    }
}

fn dedup(fields: &mut Vec<Field>) {
    let mut seen = std::collections::HashSet::new();
    fields.retain(|f| seen.insert((f.source.clone(), f.name.clone(), f.value.clone())));
}

/// Inspects one file on disk: bounded read, parser on its own thread.
pub fn inspect_file(path: &Path, name: &str) -> FileReport {
    let not_inspected = |format: &str, note: String| FileReport {
        name: name.to_owned(),
        format: format.to_owned(),
        status: Status::NotInspected,
        fields: Vec::new(),
        note: Some(note),
        clean: CleanVerdict {
            possible: false,
            reason: "not inspected".into(),
        },
    };
    let size = match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() => meta.len(),
        Ok(_) => return not_inspected("not a regular file", "not a regular file".into()),
        Err(err) => return not_inspected("unknown", format!("cannot read: {err}")),
    };
    if size > MAX_INSPECT_BYTES {
        return not_inspected(
            "unknown",
            format!(
                "larger than {} MiB: not inspected here; check it with exiftool before publishing",
                MAX_INSPECT_BYTES >> 20
            ),
        );
    }
    let mut bytes = Vec::with_capacity(size as usize);
    if let Err(err) =
        fs::File::open(path).and_then(|f| f.take(MAX_INSPECT_BYTES).read_to_end(&mut bytes))
    {
        return not_inspected("unknown", format!("cannot read: {err}"));
    }
    let inspection = inspect_isolated(bytes);
    report_for(name, inspection)
}

/// Runs [`inspect_bytes`] on a thread of its own with a large stack: a
/// panic in a third-party parser is reported as "could not be read".
pub fn inspect_isolated(bytes: Vec<u8>) -> Inspection {
    isolated(bytes, inspect_bytes)
}

/// Runs `parse` as [`inspect_isolated`] runs the readers (the tests give it
/// a parser that panics).
fn isolated(bytes: Vec<u8>, parse: fn(&[u8]) -> Inspection) -> Inspection {
    // Named for the report if the parser fails; a ZIP's central directory
    // is hostile input too, so it is only parsed on the thread.
    let format = Format::sniff_magic(&bytes);
    std::thread::Builder::new()
        .name("metadata".into())
        .stack_size(64 * 1024 * 1024)
        .spawn(move || parse(&bytes))
        .ok()
        .and_then(|handle| handle.join().ok())
        .unwrap_or(Inspection {
            format,
            fields: Err("the parser failed on this file".into()),
        })
}

fn report_for(name: &str, inspection: Inspection) -> FileReport {
    let format = inspection.format;
    let (status, fields, note) = match inspection.fields {
        Ok(fields) => match format {
            Format::Unknown => (
                Status::NotInspected,
                fields,
                Some("format not recognised: metadata not inspected".into()),
            ),
            Format::Zip => (
                Status::NotInspected,
                fields,
                Some("ZIP archive: its files are not inspected".into()),
            ),
            _ => (Status::Read, fields, None),
        },
        Err(why) => (Status::Unreadable, Vec::new(), Some(why)),
    };
    let clean = super::clean::verdict(format, &fields);
    FileReport {
        name: name.to_owned(),
        format: format.describe().to_owned(),
        status,
        fields,
        note,
        clean,
    }
}

/// Inspects every file in `tip_dir/files` and writes `tip_dir/metadata.json`
/// (called by `open` before the tip's folder is released).
pub fn write_report(tip_dir: &PartialDir) -> Result<MetadataReport, OfflineError> {
    let files_dir = tip_dir.path().join("files");
    let mut names: Vec<String> = match fs::read_dir(&files_dir) {
        Ok(dir) => dir
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    let report = MetadataReport {
        files: names
            .iter()
            .map(|name| inspect_file(&files_dir.join(name), name))
            .collect(),
    };
    let json = serde_json::to_vec_pretty(&report).expect("a report always serialises");
    tip_dir.write_new(METADATA_FILE, &json)?;
    Ok(report)
}

/// Reads `tip_dir/metadata.json` back (the desk and the table use it).
pub fn load(tip_dir: &Path) -> Option<MetadataReport> {
    let bytes = fs::read(tip_dir.join(METADATA_FILE)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

impl FileReport {
    /// "photo.jpg: camera serial number, GPS position" (the values are in
    /// metadata.json and on the desk; the table keeps to one line a tip).
    pub fn summary(&self) -> Option<String> {
        match self.status {
            Status::Read if self.fields.is_empty() => None,
            Status::Read => {
                let mut names: Vec<&str> = Vec::new();
                for field in &self.fields {
                    if !names.contains(&field.name.as_str()) {
                        names.push(&field.name);
                    }
                }
                Some(format!("{}: {}", self.name, names.join(", ")))
            }
            Status::Unreadable => Some(format!("{}: could not be read", self.name)),
            Status::NotInspected => None,
        }
    }
}

/// The lines `open` prints under its table: one per tip whose attachments
/// give something away, made terminal-safe.
pub fn table_lines(tips: &[super::OpenedTip]) -> String {
    let mut out = String::new();
    for tip in tips.iter().filter(|tip| !tip.gives_away.is_empty()) {
        if out.is_empty() {
            out.push_str("\nMETADATA: what the attachments give away (all of it: metadata.json in each tip's folder and index.html; a copy without it: tipbox-decrypt clean FILE -o OUT)\n");
        }
        let line = tipbox_core::untrusted_text::terminal_safe(&tip.gives_away.join("; "), 800);
        let _ = writeln!(out, "{}  {line}", tip.name);
    }
    out
}

/// The reading desk's note beside attachment `name`: each field found and
/// whether a clean copy can be made. `escape` is the desk's HTML escaper;
/// every value is a source's and passes through it.
pub fn desk_note(
    report: Option<&MetadataReport>,
    name: &str,
    escape: fn(&str) -> String,
) -> String {
    let Some(file) = report.and_then(|r| r.files.iter().find(|f| f.name == name)) else {
        return String::new();
    };
    let clean = |text: &str| {
        escape(&tipbox_core::untrusted_text::terminal_safe(
            text,
            MAX_VALUE_CHARS + 20,
        ))
    };
    let mut html = format!(" <span class=\"meta\">({})</span>", clean(&file.format));
    match file.status {
        Status::Read if file.fields.is_empty() => {
            html.push_str("<br><span class=\"meta\">Metadata: nothing identifying found.</span>");
        }
        Status::Read => {
            html.push_str(
                "<br><span class=\"warn\">This file gives away:</span>\n<ul class=\"metadata\">\n",
            );
            for field in &file.fields {
                let _ = writeln!(
                    html,
                    "<li>{}: <strong>{}</strong> <span class=\"meta\">({})</span></li>",
                    clean(&field.name),
                    clean(&field.value),
                    clean(&field.source)
                );
            }
            html.push_str("</ul>");
        }
        Status::Unreadable | Status::NotInspected => {
            let _ = write!(
                html,
                "<br><span class=\"warn\">Metadata not read: {}.</span>",
                clean(file.note.as_deref().unwrap_or("unknown reason"))
            );
        }
    }
    if file.clean.possible {
        let _ = write!(
            html,
            "<br><span class=\"meta\">Clean copy: possible with <code>tipbox-decrypt clean FILE -o OUT</code> ({}).</span>",
            clean(&file.clean.reason)
        );
    } else {
        let _ = write!(
            html,
            "<br><span class=\"meta\">Clean copy: not possible ({}).</span>",
            clean(&file.clean.reason)
        );
    }
    html
}

/// Byte-string search (memchr's two-way search).
pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

#[cfg(test)]
mod tests;
