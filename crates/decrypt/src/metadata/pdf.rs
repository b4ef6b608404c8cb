//! PDF: the document information dictionary (the trailer's `/Info`:
//! author, creator, producer, dates, custom keys), the file identifier and
//! the XMP streams (`/Metadata`), read by lopdf.
//!
//! lopdf loads the whole object graph and expands object streams while it
//! loads; [`load`] bounds that work: each stream expands to at most
//! [`MAX_STREAM_EXPANSION`], at most [`MAX_OBJECT_STREAMS`] object streams
//! and [`MAX_OBJECTS`] objects are accepted, and more refuses the file.
use std::cell::Cell;

use lopdf::{Document, LoadOptions, Object};

use super::{xmp, Field};

const SOURCE: &str = "PDF document information";
/// One stream may expand to this much (a "zip bomb" in a 1 KiB stream stops here).
pub const MAX_STREAM_EXPANSION: usize = 8 * 1024 * 1024;
/// So object streams expand to at most 32 × 8 MiB in all.
const MAX_OBJECT_STREAMS: usize = 32;
const MAX_OBJECTS: usize = 2_000_000;
/// XMP streams read per document (pages and images may carry their own).
const MAX_XMP_STREAMS: usize = 8;

thread_local! {
    static OBJECT_STREAMS: Cell<usize> = const { Cell::new(0) };
    static OBJECTS: Cell<usize> = const { Cell::new(0) };
}

/// Counts what the loader is about to expand (lopdf's filter hook sees each
/// object before an object stream is unpacked) and drops what is over budget.
fn budget(id: (u32, u16), object: &mut Object) -> Option<((u32, u16), Object)> {
    let objects = OBJECTS.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    if objects > MAX_OBJECTS {
        return None;
    }
    if let Object::Stream(stream) = object {
        if stream.dict.has_type(b"ObjStm") {
            let streams = OBJECT_STREAMS.with(|n| {
                n.set(n.get() + 1);
                n.get()
            });
            if streams > MAX_OBJECT_STREAMS {
                return None;
            }
        }
    }
    // lopdf keeps its own copy of a top-level object and uses the returned
    // one only for objects inside object streams (which are never streams).
    match object {
        Object::Stream(_) => Some((id, Object::Null)),
        other => Some((id, other.clone())),
    }
}

/// Loads a PDF within the bounds above.
pub fn load(bytes: &[u8]) -> Result<Document, String> {
    OBJECT_STREAMS.with(|n| n.set(0));
    OBJECTS.with(|n| n.set(0));
    let options = LoadOptions {
        filter: Some(budget),
        max_decompressed_size: Some(MAX_STREAM_EXPANSION),
        ..LoadOptions::default()
    };
    let loaded = Document::load_mem_with_options(bytes, options);
    if OBJECTS.with(Cell::get) > MAX_OBJECTS {
        return Err(format!("more than {MAX_OBJECTS} objects: not read"));
    }
    if OBJECT_STREAMS.with(Cell::get) > MAX_OBJECT_STREAMS {
        return Err(format!(
            "more than {MAX_OBJECT_STREAMS} object streams: not read"
        ));
    }
    loaded.map_err(|err| format!("PDF could not be read: {err}"))
}

pub fn inspect(bytes: &[u8]) -> Result<Vec<Field>, String> {
    let doc = load(bytes)?;
    let mut fields = Vec::new();
    if doc.is_encrypted() {
        fields.push(Field::new(
            "PDF",
            "encryption",
            "encrypted: some metadata may not be readable",
        ));
    }
    if let Ok(info) = doc
        .trailer
        .get_deref(b"Info", &doc)
        .and_then(Object::as_dict)
    {
        for (key, value) in info.iter() {
            let key = String::from_utf8_lossy(key);
            let value = match doc.dereference(value) {
                Ok((_, value)) => text_of(value),
                Err(_) => continue,
            };
            let Some(value) = value.filter(|v| !v.trim().is_empty()) else {
                continue;
            };
            let name = match key.as_ref() {
                "Author" => "author".to_owned(),
                "Creator" => "creator (application)".to_owned(),
                "Producer" => "producer".to_owned(),
                "CreationDate" => "created".to_owned(),
                "ModDate" => "modified".to_owned(),
                "Title" => "title".to_owned(),
                "Subject" => "subject".to_owned(),
                "Keywords" => "keywords".to_owned(),
                other => format!("custom field {other}"),
            };
            fields.push(Field::new(SOURCE, &name, &value));
        }
    }
    if let Ok(Object::Array(ids)) = doc.trailer.get(b"ID") {
        if let Some(Object::String(id, _)) = ids.first() {
            fields.push(Field::new("PDF", "file identifier", &hex::encode(id)));
        }
    }
    // XMP: the catalog's stream first, then any other /Type /Metadata stream.
    let mut xmp_read = 0;
    let mut xmp_errors = Vec::new();
    for object in doc.objects.values() {
        if xmp_read >= MAX_XMP_STREAMS {
            break;
        }
        let Object::Stream(stream) = object else {
            continue;
        };
        if !stream.dict.has_type(b"Metadata") {
            continue;
        }
        xmp_read += 1;
        let content = if stream.dict.get(b"Filter").is_ok() {
            stream.decompressed_content_with_limit(MAX_STREAM_EXPANSION)
        } else {
            Ok(stream.content.clone())
        };
        match content {
            Ok(content) => match xmp::inspect_all(&content) {
                Ok(found) => fields.extend(found),
                Err(err) => xmp_errors.push(err),
            },
            Err(err) => xmp_errors.push(format!("XMP stream could not be expanded: {err}")),
        }
    }
    for err in xmp_errors {
        fields.push(Field::new("XMP", "unreadable XMP", &err));
    }
    Ok(fields)
}

/// A PDF text string (UTF-16 with a byte-order mark, or PDFDocEncoding),
/// a name, or a number, as text.
fn text_of(object: &Object) -> Option<String> {
    match object {
        Object::String(..) => lopdf::decode_text_string(object).ok().or_else(|| {
            object
                .as_str()
                .ok()
                .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
        }),
        Object::Name(name) => Some(String::from_utf8_lossy(name).into_owned()),
        Object::Integer(n) => Some(n.to_string()),
        Object::Real(n) => Some(n.to_string()),
        Object::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}
