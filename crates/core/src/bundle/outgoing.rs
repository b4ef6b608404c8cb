//! The outgoing bundle: replies composed on the air-gapped machine
//! (`tipbox-decrypt reply`), carried to the transfer station and pushed with
//! `tipbox push` to `POST /v1/replies`.
//!
//! A tar stream: `replies.json` = `{version, replies: [{id, mailbox, size,
//! sha256}]}`, then `replies/<id>.age` for each listed reply, in order, then
//! the end-of-archive marker.
//!
//! The reader treats the bundle as hostile (the server reads it; the
//! transfer station could have been tampered with): the listing is
//! size-bounded, every entry must be exactly the next listed one, a regular
//! file of the listed size no larger than the caller's bound, whose SHA-256
//! matches the listing. Each problem names the entry.
use std::io::{self, Read, Write};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tar::Header;

use super::ReplyId;
use crate::conversation::MailboxId;
use crate::ustar::{self, shown, BLOCK, END_OF_ARCHIVE};

/// Version of `replies.json` written and read by this build.
pub const OUTGOING_VERSION: u32 = 1;

const LISTING_PATH: &str = "replies.json";

/// Largest `replies.json` accepted (some 5 000 replies).
pub const MAX_LISTING_BYTES: u64 = 1024 * 1024;

/// One reply in an outgoing bundle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutgoingEntry {
    pub id: ReplyId,
    pub mailbox: MailboxId,
    /// Ciphertext size in bytes.
    pub size: u64,
    /// SHA-256 of the ciphertext, 64 lower-case hex.
    pub sha256: String,
}

/// `replies.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutgoingListing {
    pub version: u32,
    pub replies: Vec<OutgoingEntry>,
}

/// Why an outgoing bundle was refused.
#[derive(Debug, thiserror::Error)]
pub enum OutgoingError {
    #[error("not an outgoing reply bundle: {0}")]
    NotOutgoing(String),
    #[error("replies.json is invalid: {0}")]
    BadListing(String),
    #[error("entry {0:?} is not the next reply listed in replies.json")]
    Unexpected(String),
    #[error("reply {id}: {problem}")]
    BadReply { id: ReplyId, problem: String },
    #[error("the bundle is damaged: {0}")]
    Malformed(String),
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// A reply with its ciphertext, as read from or written to a bundle.
pub struct OutgoingReply {
    pub entry: OutgoingEntry,
    pub ciphertext: Vec<u8>,
}

impl OutgoingReply {
    /// Lists `ciphertext` under `id` and `mailbox` with its size and hash.
    pub fn new(id: ReplyId, mailbox: MailboxId, ciphertext: Vec<u8>) -> OutgoingReply {
        OutgoingReply {
            entry: OutgoingEntry {
                id,
                mailbox,
                size: ciphertext.len() as u64,
                sha256: hex::encode(Sha256::digest(&ciphertext)),
            },
            ciphertext,
        }
    }
}

/// Writes a whole outgoing bundle.
pub fn write_outgoing<W: Write>(mut out: W, replies: &[OutgoingReply]) -> io::Result<W> {
    let listing = OutgoingListing {
        version: OUTGOING_VERSION,
        replies: replies.iter().map(|r| r.entry.clone()).collect(),
    };
    let json = serde_json::to_vec_pretty(&listing).map_err(io::Error::other)?;
    write_entry(&mut out, LISTING_PATH, &json)?;
    for reply in replies {
        write_entry(&mut out, &reply.entry.id.bundle_path(), &reply.ciphertext)?;
    }
    out.write_all(&END_OF_ARCHIVE)?;
    out.flush()?;
    Ok(out)
}

fn write_entry(out: &mut dyn Write, path: &str, content: &[u8]) -> io::Result<()> {
    let header = ustar::regular_file_header(path, content.len() as u64)?;
    out.write_all(header.as_bytes())?;
    out.write_all(content)?;
    ustar::write_padding(out, content.len() as u64)?;
    Ok(())
}

/// Reads and checks a whole outgoing bundle; each reply at most
/// `max_reply_bytes`. Returns the replies in listed order.
pub fn read_outgoing<R: Read>(
    mut input: R,
    max_reply_bytes: u64,
) -> Result<Vec<OutgoingReply>, OutgoingError> {
    let (path, size) = next_header(&mut input)?
        .ok_or_else(|| OutgoingError::NotOutgoing("the bundle is empty".into()))?;
    if path != LISTING_PATH.as_bytes() {
        return Err(OutgoingError::NotOutgoing(
            "the first entry is not replies.json".into(),
        ));
    }
    if size > MAX_LISTING_BYTES {
        return Err(OutgoingError::BadListing(format!(
            "{size} bytes, more than the {MAX_LISTING_BYTES} accepted"
        )));
    }
    let json = read_content(&mut input, size, "replies.json")?;
    let listing: OutgoingListing =
        serde_json::from_slice(&json).map_err(|e| OutgoingError::BadListing(e.to_string()))?;
    if listing.version != OUTGOING_VERSION {
        return Err(OutgoingError::BadListing(format!(
            "version {} is not supported (this build reads version {OUTGOING_VERSION})",
            listing.version
        )));
    }
    let mut replies = Vec::with_capacity(listing.replies.len());
    for entry in listing.replies {
        let bad = |problem: String| OutgoingError::BadReply {
            id: entry.id,
            problem,
        };
        if entry.size > max_reply_bytes {
            return Err(bad(format!(
                "{} bytes, more than the {max_reply_bytes} accepted",
                entry.size
            )));
        }
        let (path, size) = next_header(&mut input)?
            .ok_or_else(|| bad("listed in replies.json but missing".into()))?;
        if path != entry.id.bundle_path().as_bytes() {
            return Err(OutgoingError::Unexpected(shown(&path)));
        }
        if size != entry.size {
            return Err(bad(format!(
                "the entry has {size} bytes, replies.json says {}",
                entry.size
            )));
        }
        let ciphertext = read_content(&mut input, size, &entry.id.bundle_path())?;
        if hex::encode(Sha256::digest(&ciphertext)) != entry.sha256 {
            return Err(bad(
                "its SHA-256 does not match replies.json (changed in transit?)".into(),
            ));
        }
        replies.push(OutgoingReply { entry, ciphertext });
    }
    if let Some((path, _)) = next_header(&mut input)? {
        return Err(OutgoingError::Unexpected(shown(&path)));
    }
    Ok(replies)
}

/// The next entry's path and size, or `None` at the end-of-archive marker
/// (or the end of the input).
fn next_header(input: &mut dyn Read) -> Result<Option<(Vec<u8>, u64)>, OutgoingError> {
    let mut block = [0u8; BLOCK];
    let filled = ustar::read_block(input, &mut block)?;
    if filled == 0 || (filled == BLOCK && block.iter().all(|&b| b == 0)) {
        return Ok(None);
    }
    if filled < BLOCK {
        return Err(OutgoingError::Malformed(
            "the bundle ends inside an entry header".into(),
        ));
    }
    let header = Header::from_byte_slice(&block);
    if !ustar::checksum_is_valid(header) {
        return Err(OutgoingError::Malformed(
            "an entry header's checksum does not match".into(),
        ));
    }
    let path = header.path_bytes().into_owned();
    if !ustar::is_regular_file(header) {
        return Err(OutgoingError::Unexpected(shown(&path)));
    }
    let size = header
        .entry_size()
        .map_err(|_| OutgoingError::Malformed("an entry's size is not a number".into()))?;
    Ok(Some((path, size)))
}

/// Reads exactly `size` bytes (the caller bounded `size`) and the padding.
fn read_content(input: &mut dyn Read, size: u64, what: &str) -> Result<Vec<u8>, OutgoingError> {
    let mut content = Vec::with_capacity(size as usize);
    let copied = ustar::copy_at_most(input, &mut content, size)?;
    let padding = ustar::padding_after(size);
    let skipped = ustar::skip(input, padding)?;
    if copied < size || skipped < padding {
        return Err(OutgoingError::Malformed(format!("{what} is truncated")));
    }
    Ok(content)
}
