//! XMP, Adobe's RDF/XML metadata packet, which images, PDFs and office
//! files carry as plain text: the packet is found by its `<x:xmpmeta>` (or
//! bare `<rdf:RDF>`) element wherever it sits in the file, and its
//! identifying properties are read with the bounded walker ([`super::xml`]).
use super::xml::{walk, Node};
use super::{find, Field};

const SOURCE: &str = "XMP";
/// A packet larger than this is reported, not parsed ("huge XMP").
const MAX_PACKET: usize = 4 * 1024 * 1024;
/// Packets read per file (a file can hold one per embedded object).
const MAX_PACKETS: usize = 8;

/// XMP properties (local names) that name a person, a device, a place, a
/// moment or the software, with their plain names.
const IDENTIFYING: &[(&str, &str)] = &[
    ("creator", "creator"),
    ("Author", "author"),
    ("Artist", "artist"),
    ("rights", "rights"),
    ("CreatorTool", "creator tool"),
    ("Producer", "producer"),
    ("softwareAgent", "software"),
    ("Software", "software"),
    ("CreateDate", "created"),
    ("ModifyDate", "modified"),
    ("MetadataDate", "metadata date"),
    ("DateTimeOriginal", "date taken"),
    ("DateCreated", "date created"),
    ("Make", "camera make"),
    ("Model", "camera model"),
    ("SerialNumber", "camera serial number"),
    ("BodySerialNumber", "camera serial number"),
    ("CameraSerialNumber", "camera serial number"),
    ("LensSerialNumber", "lens serial number"),
    ("OwnerName", "camera owner"),
    ("CameraOwnerName", "camera owner"),
    ("GPSLatitude", "GPS latitude"),
    ("GPSLongitude", "GPS longitude"),
    ("GPSAltitude", "GPS altitude"),
    ("City", "city"),
    ("State", "state"),
    ("Country", "country"),
    ("Location", "location"),
    ("Sublocation", "location"),
    ("AuthorsPosition", "author's position"),
    ("CaptionWriter", "caption writer"),
    ("Credit", "credit"),
    ("CiEmailWork", "contact e-mail"),
    ("CiTelWork", "contact telephone"),
    ("CiAdrCity", "contact city"),
    ("CiAdrExtadr", "contact address"),
    ("CiUrlWork", "contact web address"),
    ("HostComputer", "host computer"),
    ("ImageUniqueID", "image unique id"),
    ("DocumentID", "document id"),
    ("OriginalDocumentID", "original document id"),
    ("LastModifiedBy", "last modified by"),
    ("Company", "company"),
];

fn plain_name(local: &str) -> Option<&'static str> {
    IDENTIFYING
        .iter()
        .find(|(name, _)| *name == local)
        .map(|(_, plain)| *plain)
}

/// Every XMP packet in `bytes` (at most [`MAX_PACKETS`]). `Ok(empty)` when
/// there is none; `Err` only when every packet found was unreadable.
pub fn inspect_all(bytes: &[u8]) -> Result<Vec<Field>, String> {
    let mut fields = Vec::new();
    let mut errors = Vec::new();
    let mut rest = bytes;
    for _ in 0..MAX_PACKETS {
        let Some((start, open, close)) = next_packet(rest) else {
            break;
        };
        let after = &rest[start..];
        let end = find(&after[..after.len().min(MAX_PACKET + close.len())], close);
        match end {
            Some(end) => {
                let packet = &after[..end + close.len()];
                match inspect_packet(packet) {
                    Ok(found) => fields.extend(found),
                    Err(err) => errors.push(err),
                }
                rest = &after[end + close.len()..];
            }
            None if after.len() > MAX_PACKET => {
                errors.push(format!(
                    "XMP packet larger than {} MiB: not read",
                    MAX_PACKET >> 20
                ));
                rest = &after[open.len()..];
            }
            None => {
                errors.push("XMP packet is cut short".into());
                break;
            }
        }
    }
    if fields.is_empty() && !errors.is_empty() {
        return Err(errors.join("; "));
    }
    Ok(fields)
}

/// The next packet's start, its opening and its closing tag.
fn next_packet(bytes: &[u8]) -> Option<(usize, &'static [u8], &'static [u8])> {
    const KINDS: [(&[u8], &[u8]); 3] = [
        (b"<x:xmpmeta", b"</x:xmpmeta>"),
        (b"<x:xapmeta", b"</x:xapmeta>"),
        (b"<rdf:RDF", b"</rdf:RDF>"),
    ];
    KINDS
        .iter()
        .filter_map(|(open, close)| find(bytes, open).map(|at| (at, *open, *close)))
        .min_by_key(|(at, _, _)| *at)
}

/// The identifying properties of one packet, given as attributes
/// (`xmp:CreatorTool="…"`) or as elements (`<dc:creator><rdf:Seq><rdf:li>…`).
pub fn inspect_packet(packet: &[u8]) -> Result<Vec<Field>, String> {
    if packet.len() > MAX_PACKET {
        return Err(format!(
            "XMP packet larger than {} MiB: not read",
            MAX_PACKET >> 20
        ));
    }
    let mut fields = Vec::new();
    let mut text = String::new();
    walk(packet, |stack, node| match node {
        Node::Open { attrs, .. } => {
            for (key, value) in attrs {
                if let Some(plain) = plain_name(key) {
                    if !value.trim().is_empty() {
                        fields.push(Field::new(SOURCE, plain, value));
                    }
                }
            }
            text.clear();
        }
        Node::Text(piece) => {
            if text.len() < 4096 {
                text.push_str(piece);
            }
        }
        Node::Close => {
            // A value's text closes with its element; the property is the
            // nearest enclosing element with a known name.
            if !text.trim().is_empty() {
                if let Some(plain) = stack.iter().rev().find_map(|name| plain_name(name)) {
                    fields.push(Field::new(SOURCE, plain, &text));
                }
            }
            text.clear();
        }
    })?;
    Ok(fields)
}
