//! Office documents: OOXML (docx, xlsx, pptx) and ODF (odt, ods, odp) are
//! ZIP archives of XML parts. Their properties name the author, the last
//! person to save, the company, the template, the revision count and the
//! editing time; comments and tracked changes name their authors; external
//! relationships can hold a path with a user name (`C:\Users\…`) or a URL.
//!
//! Bounds: the archive's own count of entries is checked before it is
//! opened ([`MAX_ENTRIES`]), each XML part is streamed through the bounded
//! walker and read up to [`MAX_PART`] expanded bytes, and the parts read
//! per document expand to [`MAX_EXPANDED`] at most (zip bombs stop there).
use std::collections::BTreeSet;
use std::io::{BufReader, Cursor, Read};

use zip::ZipArchive;

use super::xml::{walk, Node};
use super::Field;

/// More entries than this: not an office document we read.
pub const MAX_ENTRIES: usize = 10_000;
/// One XML part expands to at most this.
pub const MAX_PART: u64 = 64 * 1024 * 1024;
/// The parts read for one document expand to at most this in all.
pub const MAX_EXPANDED: u64 = 256 * 1024 * 1024;
/// Distinct authors listed per kind (comments, changes).
const MAX_AUTHORS: usize = 20;
const MAX_EXTERNAL: usize = 10;

/// The office formats recognised inside a ZIP archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Excel,
    PowerPoint,
    OtherOoxml,
    OdfText,
    OdfSpreadsheet,
    OdfPresentation,
    OtherOdf,
}

impl Kind {
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Word => "Word document (OOXML, .docx)",
            Kind::Excel => "Excel workbook (OOXML, .xlsx)",
            Kind::PowerPoint => "PowerPoint presentation (OOXML, .pptx)",
            Kind::OtherOoxml => "OOXML package",
            Kind::OdfText => "OpenDocument text (.odt)",
            Kind::OdfSpreadsheet => "OpenDocument spreadsheet (.ods)",
            Kind::OdfPresentation => "OpenDocument presentation (.odp)",
            Kind::OtherOdf => "OpenDocument file",
        }
    }

    pub fn is_odf(self) -> bool {
        matches!(
            self,
            Kind::OdfText | Kind::OdfSpreadsheet | Kind::OdfPresentation | Kind::OtherOdf
        )
    }
}

pub type Archive<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// Opens a ZIP archive after checking the entry count its end record
/// claims (the zip crate reads the whole central directory into memory).
pub fn open_archive(bytes: &[u8]) -> Result<Archive<'_>, String> {
    let tail_start = bytes.len().saturating_sub(65_535 + 22);
    let tail = &bytes[tail_start..];
    let end = (0..tail.len().saturating_sub(21))
        .rev()
        .find(|&i| tail[i..].starts_with(b"PK\x05\x06"))
        .ok_or("ZIP archive without its end record (cut short?)")?;
    let entries = u16::from_le_bytes([tail[end + 10], tail[end + 11]]);
    if entries == 0xFFFF {
        return Err("ZIP64 archive: not read".into());
    }
    if usize::from(entries) > MAX_ENTRIES {
        return Err(format!("more than {MAX_ENTRIES} entries: not read"));
    }
    let archive =
        ZipArchive::new(Cursor::new(bytes)).map_err(|err| format!("ZIP archive: {err}"))?;
    if archive.len() > MAX_ENTRIES {
        return Err(format!("more than {MAX_ENTRIES} entries: not read"));
    }
    Ok(archive)
}

fn names(archive: &Archive<'_>) -> Vec<String> {
    archive
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.into_owned())
        .collect()
}

/// Which office format a ZIP archive holds, if any.
pub fn kind(bytes: &[u8]) -> Option<Kind> {
    let mut archive = open_archive(bytes).ok()?;
    let names = names(&archive);
    let has = |name: &str| names.iter().any(|n| n == name);
    if has("mimetype") {
        let mut mimetype = String::new();
        archive
            .by_name("mimetype")
            .ok()?
            .take(100)
            .read_to_string(&mut mimetype)
            .ok()?;
        let mimetype = mimetype.trim();
        if let Some(odf) = mimetype.strip_prefix("application/vnd.oasis.opendocument.") {
            return Some(match odf {
                "text" => Kind::OdfText,
                "spreadsheet" => Kind::OdfSpreadsheet,
                "presentation" => Kind::OdfPresentation,
                _ => Kind::OtherOdf,
            });
        }
    }
    if has("[Content_Types].xml") {
        return Some(if has("word/document.xml") {
            Kind::Word
        } else if has("xl/workbook.xml") {
            Kind::Excel
        } else if has("ppt/presentation.xml") {
            Kind::PowerPoint
        } else {
            Kind::OtherOoxml
        });
    }
    None
}

/// Reads parts within [`MAX_EXPANDED`] for one document.
pub struct PartReader<'a> {
    archive: Archive<'a>,
    budget: u64,
    pub names: Vec<String>,
}

impl<'a> PartReader<'a> {
    pub fn new(bytes: &'a [u8]) -> Result<PartReader<'a>, String> {
        let archive = open_archive(bytes)?;
        let names = names(&archive);
        Ok(PartReader {
            archive,
            budget: MAX_EXPANDED,
            names,
        })
    }

    /// Streams part `name` through the XML walker. `Ok(false)` if absent.
    pub fn walk(
        &mut self,
        name: &str,
        visit: impl FnMut(&[String], Node<'_>),
    ) -> Result<bool, String> {
        let file = match self.archive.by_name(name) {
            Ok(file) => file,
            Err(zip::result::ZipError::FileNotFound) => return Ok(false),
            Err(err) => return Err(format!("{name}: {err}")),
        };
        let declared = file.size();
        if declared > MAX_PART || declared > self.budget {
            return Err(format!(
                "{name} expands to {declared} bytes, beyond the {} MiB read per document (zip bomb?)",
                MAX_PART.min(self.budget) >> 20
            ));
        }
        self.budget -= declared;
        walk(BufReader::new(file.take(declared)), visit).map_err(|err| format!("{name}: {err}"))?;
        Ok(true)
    }
}

pub fn inspect(bytes: &[u8], kind: Kind) -> Result<Vec<Field>, String> {
    let mut parts = PartReader::new(bytes)?;
    let mut fields = Vec::new();
    let mut problems = Vec::new();
    if kind.is_odf() {
        odf(&mut parts, &mut fields, &mut problems);
    } else {
        ooxml(&mut parts, &mut fields, &mut problems);
    }
    for problem in problems {
        fields.push(Field::new("ZIP", "part not read", &problem));
    }
    Ok(fields)
}

/// The plain name of an OOXML property (core.xml, app.xml).
fn ooxml_property(local: &str) -> Option<&'static str> {
    Some(match local {
        "creator" => "creator",
        "lastModifiedBy" => "last modified by",
        "revision" => "revision",
        "created" => "created",
        "modified" => "modified",
        "lastPrinted" => "last printed",
        "title" => "title",
        "subject" => "subject",
        "keywords" => "keywords",
        "description" => "description (comments)",
        "category" => "category",
        "contentStatus" => "status",
        "identifier" => "identifier",
        "Company" => "company",
        "Manager" => "manager",
        "Template" => "template",
        "Application" => "application",
        "AppVersion" => "application version",
        "TotalTime" => "total editing time (minutes)",
        "HyperlinkBase" => "hyperlink base",
        _ => return None,
    })
}

/// Leaf properties directly under the root, as core.xml and app.xml hold them.
fn root_properties(
    parts: &mut PartReader<'_>,
    part: &str,
    plain: fn(&str) -> Option<&'static str>,
    fields: &mut Vec<Field>,
) -> Result<(), String> {
    let mut text = String::new();
    parts.walk(part, |stack, node| match node {
        Node::Open { .. } => text.clear(),
        Node::Text(piece) => push_bounded(&mut text, piece),
        Node::Close => {
            if stack.len() == 2 && !text.trim().is_empty() {
                if let Some(name) = plain(&stack[1]) {
                    fields.push(Field::new(part, name, &text));
                }
            }
            text.clear();
        }
    })?;
    Ok(())
}

fn push_bounded(text: &mut String, piece: &str) {
    if text.len() < 4096 {
        text.push_str(piece);
    }
}

fn ooxml(parts: &mut PartReader<'_>, fields: &mut Vec<Field>, problems: &mut Vec<String>) {
    for part in ["docProps/core.xml", "docProps/app.xml"] {
        if let Err(err) = root_properties(parts, part, ooxml_property, fields) {
            problems.push(err);
        }
    }
    // Custom properties: <property name="Client"><vt:lpwstr>…</vt:lpwstr></property>.
    let mut custom_name = None;
    let mut text = String::new();
    let custom = parts.walk("docProps/custom.xml", |_, node| match node {
        Node::Open { name, attrs } => {
            if name == "property" {
                custom_name = attr(attrs, "name").map(str::to_owned);
            }
            text.clear();
        }
        Node::Text(piece) => push_bounded(&mut text, piece),
        Node::Close => {
            if let Some(property) = &custom_name {
                if !text.trim().is_empty() {
                    fields.push(Field::new(
                        "docProps/custom.xml",
                        &format!("custom property {property}"),
                        &text,
                    ));
                    custom_name = None;
                }
            }
            text.clear();
        }
    });
    if let Err(err) = custom {
        problems.push(err);
    }

    let names = parts.names.clone();
    let mut comments = Tally::default();
    let mut changes = Tally::default();
    let mut external = BTreeSet::new();
    for name in &names {
        let lower = name.to_ascii_lowercase();
        if !lower.ends_with(".xml") && !lower.ends_with(".rels") {
            continue;
        }
        let result = if lower.ends_with(".rels") {
            parts.walk(name, |_, node| {
                if let Node::Open { name, attrs } = node {
                    if name == "Relationship"
                        && attr(attrs, "TargetMode")
                            .is_some_and(|m| m.eq_ignore_ascii_case("External"))
                        && external.len() < MAX_EXTERNAL
                    {
                        if let Some(target) = attr(attrs, "Target") {
                            external.insert(target.to_owned());
                        }
                    }
                }
            })
        } else if is_comment_part(&lower) {
            walk_comments(parts, name, &mut comments)
        } else if is_word_story(&lower) {
            walk_changes(parts, name, &mut changes)
        } else if lower.starts_with("xl/revisions/") {
            changes.count += 1;
            parts.walk(name, |_, node| {
                if let Node::Open { attrs, .. } = node {
                    if let Some(user) = attr(attrs, "userName") {
                        changes.author(user);
                    }
                }
            })
        } else {
            continue;
        };
        if let Err(err) = result {
            problems.push(err);
        }
    }
    comments.report("comments", "comment author", fields);
    changes.report("tracked changes", "tracked change author", fields);
    for target in external {
        fields.push(Field::new("relationships", "external reference", &target));
    }
}

/// Parts that hold comments or the people who wrote them.
fn is_comment_part(lower: &str) -> bool {
    let file = lower.rsplit('/').next().unwrap_or(lower);
    lower.contains("comment")
        || file == "people.xml"
        || file == "authors.xml"
        || lower.starts_with("xl/persons/")
}

/// Word parts where tracked changes live.
fn is_word_story(lower: &str) -> bool {
    lower.starts_with("word/")
        && ["document", "header", "footer", "footnotes", "endnotes"]
            .iter()
            .any(|p| lower["word/".len()..].starts_with(p))
}

#[derive(Default)]
struct Tally {
    count: usize,
    authors: BTreeSet<String>,
}

impl Tally {
    fn author(&mut self, name: &str) {
        let name = name.trim();
        if !name.is_empty() && self.authors.len() < MAX_AUTHORS {
            self.authors.insert(name.to_owned());
        }
    }

    fn report(&self, what: &str, author_field: &str, fields: &mut Vec<Field>) {
        if self.count == 0 && self.authors.is_empty() {
            return;
        }
        fields.push(Field::new(
            "document body",
            what,
            &format!("present ({} found)", self.count),
        ));
        for author in &self.authors {
            fields.push(Field::new("document body", author_field, author));
        }
    }
}

fn walk_comments(
    parts: &mut PartReader<'_>,
    name: &str,
    tally: &mut Tally,
) -> Result<bool, String> {
    let mut text = String::new();
    parts.walk(name, |stack, node| match node {
        Node::Open { name, attrs } => {
            if matches!(name, "comment" | "cm" | "threadedComment") {
                tally.count += 1;
            }
            for key in ["author", "initials"] {
                if let Some(value) = attr(attrs, key) {
                    tally.author(value);
                }
            }
            if matches!(name, "cmAuthor" | "author" | "person") {
                for key in ["name", "displayName"] {
                    if let Some(value) = attr(attrs, key) {
                        tally.author(value);
                    }
                }
            }
            text.clear();
        }
        Node::Text(piece) => push_bounded(&mut text, piece),
        Node::Close => {
            // Excel lists comment authors as <authors><author>Name</author>.
            if stack.last().is_some_and(|n| n == "author") {
                tally.author(&text);
            }
            text.clear();
        }
    })
}

fn walk_changes(parts: &mut PartReader<'_>, name: &str, tally: &mut Tally) -> Result<bool, String> {
    parts.walk(name, |_, node| {
        if let Node::Open { name, attrs } = node {
            if matches!(
                name,
                "ins"
                    | "del"
                    | "moveFrom"
                    | "moveTo"
                    | "rPrChange"
                    | "pPrChange"
                    | "sectPrChange"
                    | "tblPrChange"
                    | "trPrChange"
                    | "tcPrChange"
                    | "numberingChange"
            ) {
                tally.count += 1;
                if let Some(author) = attr(attrs, "author") {
                    tally.author(author);
                }
            }
        }
    })
}

fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn odf_property(local: &str) -> Option<&'static str> {
    Some(match local {
        "initial-creator" => "initial creator",
        "creator" => "creator",
        "creation-date" => "created",
        "date" => "modified",
        "editing-cycles" => "revision (editing cycles)",
        "editing-duration" => "total editing time",
        "generator" => "application",
        "printed-by" => "printed by",
        "print-date" => "last printed",
        "title" => "title",
        "subject" => "subject",
        "description" => "description (comments)",
        "keyword" => "keywords",
        _ => return None,
    })
}

fn odf(parts: &mut PartReader<'_>, fields: &mut Vec<Field>, problems: &mut Vec<String>) {
    let mut text = String::new();
    let mut user_defined = None;
    let meta = parts.walk("meta.xml", |stack, node| match node {
        Node::Open { name, attrs } => {
            text.clear();
            if name == "template" {
                for (key, plain) in [("href", "template"), ("title", "template title")] {
                    if let Some(value) = attr(attrs, key) {
                        fields.push(Field::new("meta.xml", plain, value));
                    }
                }
            }
            if name == "user-defined" {
                user_defined = attr(attrs, "name").map(str::to_owned);
            }
        }
        Node::Text(piece) => push_bounded(&mut text, piece),
        Node::Close => {
            let inside_meta = stack.len() >= 2 && stack[stack.len() - 2] == "meta";
            if inside_meta && !text.trim().is_empty() {
                let local = stack.last().map(String::as_str).unwrap_or("");
                if local == "user-defined" {
                    let name = user_defined.take().unwrap_or_default();
                    fields.push(Field::new(
                        "meta.xml",
                        &format!("custom property {name}"),
                        &text,
                    ));
                } else if let Some(plain) = odf_property(local) {
                    fields.push(Field::new("meta.xml", plain, &text));
                }
            }
            text.clear();
        }
    });
    if let Err(err) = meta {
        problems.push(err);
    }

    let mut comments = Tally::default();
    let mut changes = Tally::default();
    for part in ["content.xml", "styles.xml"] {
        let mut text = String::new();
        let result = parts.walk(part, |stack, node| match node {
            Node::Open { name, .. } => {
                match name {
                    "annotation" => comments.count += 1,
                    "changed-region" => changes.count += 1,
                    _ => {}
                }
                text.clear();
            }
            Node::Text(piece) => push_bounded(&mut text, piece),
            Node::Close => {
                if stack.last().is_some_and(|n| n == "creator") {
                    if stack.iter().any(|n| n == "annotation") {
                        comments.author(&text);
                    } else if stack.iter().any(|n| n == "changed-region") {
                        changes.author(&text);
                    }
                }
                text.clear();
            }
        });
        if let Err(err) = result {
            problems.push(err);
        }
    }
    comments.report("comments", "comment author", fields);
    changes.report("tracked changes", "tracked change author", fields);

    // settings.xml names the printer last used.
    let mut printer = false;
    let mut text = String::new();
    let settings = parts.walk("settings.xml", |_, node| match node {
        Node::Open { name, attrs } => {
            printer = name == "config-item" && attr(attrs, "name") == Some("PrinterName");
            text.clear();
        }
        Node::Text(piece) => push_bounded(&mut text, piece),
        Node::Close => {
            if printer && !text.trim().is_empty() {
                fields.push(Field::new("settings.xml", "printer", &text));
            }
            printer = false;
            text.clear();
        }
    });
    if let Err(err) = settings {
        problems.push(err);
    }
}
