//! Reads a container that may have been built by an adversary.
//!
//! Anyone can post an age file to the tip API, so the plaintext inside is
//! hostile until proven otherwise. Attacks and what stops each:
//! - path traversal (`../x`, `/etc/x`, `files/../../x`): the entry path must
//!   be exactly `files/<name>` with no `..`; the name is then sanitised
//!   ([`sanitize_name`]) and joined to `dir/files` as one component;
//! - links and special files (symlink to `~/.ssh`, hard link, device, fifo):
//!   only regular-file entries are accepted, and files are opened with
//!   `create_new`, which never follows a link or overwrites anything;
//! - duplicate names that overwrite an earlier file: refused (compared
//!   case-insensitively, as macOS and Windows would);
//! - resource exhaustion (a header declaring a terabyte, a million entries,
//!   a gigabyte pax header or `tip.json`, endless padding): every size is
//!   checked against [`Limits`] before any byte is read, data is copied
//!   through fixed buffers, and padding is bounded by the Padmé length;
//! - parser confusion (GNU long names, sparse files, global pax headers):
//!   refused; only a local pax header's `path` and `size` are honoured, and
//!   its size is bounded.
//!
//! A plaintext that does not start like a tipbox container, or whose
//! `tip.json` cannot be used (not JSON, an unknown `kind`, another version),
//! is not refused: it is written whole as `files/unrecognised-content.bin`
//! (with a warning saying why), because nothing a source sent may be dropped.
//!
//! Everything is written for the journalist's eyes only: files 0600,
//! folders 0700, whatever the umask.
use std::collections::HashSet;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use tar::{EntryType, Header, PaxExtensions};

use super::name::sanitize_name;
use super::writer::{FILES_DIR, META_PATH};
use super::{padme, TipMeta, FORMAT_VERSION};
use crate::conversation::ContentDigest;
use crate::ustar::{self, shown, BLOCK, RECORD};

/// The name given to a plaintext that is not a tipbox container.
pub const UNRECOGNISED_NAME: &str = "unrecognised-content.bin";

/// Where the message from `tip.json` is written, for reading without a JSON
/// viewer.
pub const MESSAGE_FILE: &str = "message.txt";

/// Largest pax extended header accepted: room for a long path and a size,
/// not for a memory-exhaustion attack.
const MAX_PAX_BYTES: u64 = 64 * 1024;

/// Bounds that a hostile container cannot push past.
#[derive(Clone, Debug)]
pub struct Limits {
    /// All entry data together, `tip.json` included.
    pub max_total_bytes: u64,
    /// Attachments (entries under `files/`).
    pub max_entries: usize,
    /// `tip.json`; a larger first entry means "not a tipbox container".
    pub max_meta_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            // Far above the server's per-tip cap (500 MiB by default), so a
            // tip the server accepted always opens, yet a finite bound.
            max_total_bytes: 64 * 1024 * 1024 * 1024,
            // Plenty for a folder of documents; a million empty entries
            // would only flood the output folder.
            max_entries: 10_000,
            // A very long message (several MiB of text, JSON-escaped) fits;
            // tip.json is held in memory to parse it, so it stays bounded.
            max_meta_bytes: 16 * 1024 * 1024,
        }
    }
}

/// What [`extract`] wrote.
#[derive(Debug)]
pub struct Extracted {
    /// `None` when the plaintext was not a tipbox container: then it was
    /// written whole as the one file `files/unrecognised-content.bin`.
    pub meta: Option<TipMeta>,
    /// Files written under `dir/files/`, relative to `dir`.
    pub files: Vec<PathBuf>,
    /// Disagreements between `tip.json`'s attachment list and the entries
    /// actually present (the files were written regardless), or why
    /// `tip.json` could not be used; ready to show (no control characters).
    pub warnings: Vec<String>,
    /// SHA-256 of the attachments' bytes in container order (of the whole
    /// plaintext when it was kept as one file): what a follow-up proof covers.
    pub content_digest: [u8; 32],
}

#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("entry {0:?} would be written outside the output folder")]
    PathEscape(String),
    #[error("entry {0:?} is not a file directly inside files/")]
    OutsideFiles(String),
    #[error("entry {0:?} is a link or special file; refusing it")]
    NotRegularFile(String),
    #[error("entry {0:?} appears twice")]
    Duplicate(String),
    #[error("entry {0:?} declares {1} bytes, beyond the limit")]
    TooLarge(String, u64),
    #[error("too many entries in the container")]
    TooManyEntries,
    #[error("tip.json is invalid: {0}")]
    BadMeta(String),
    #[error("the container is damaged: {0}")]
    Malformed(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Reads the container from `input` and writes `tip.json`, `message.txt`
/// and `files/…` into `dir` (which must exist and be empty). Never writes
/// outside `dir`, never overwrites, never follows links. A plaintext that is
/// not a tipbox container is written whole as `files/unrecognised-content.bin`.
///
/// On error, files already written stay inside `dir`: the caller extracts
/// into a temporary folder and removes it.
pub fn extract(
    input: &mut dyn Read,
    dir: &Path,
    limits: &Limits,
) -> Result<Extracted, ExtractError> {
    let mut first = [0u8; BLOCK];
    let filled = ustar::read_block(input, &mut first)?;
    let Some(meta_size) = tip_json_size(&first[..filled], limits) else {
        return extract_unrecognised(&first[..filled], input, dir, limits);
    };
    let mut reader = Container {
        input,
        position: BLOCK as u64,
        limits,
        budget: limits.max_total_bytes - meta_size,
    };

    let (json, padding) = reader.read_meta(meta_size)?;
    let meta = match parse_meta(&json) {
        Ok(meta) => meta,
        Err(reason) => {
            // Keep every byte: the header, tip.json and its padding already
            // read, then the rest of the stream.
            let mut already_read = first[..filled].to_vec();
            already_read.extend_from_slice(&json);
            already_read.extend_from_slice(&padding);
            let mut kept = extract_unrecognised(&already_read, input, dir, limits)?;
            kept.warnings.push(format!(
                "tip.json cannot be used ({}); the whole plaintext is kept as files/{UNRECOGNISED_NAME}",
                printable(&reason)
            ));
            return Ok(kept);
        }
    };
    create_new(&dir.join(META_PATH))?.write_all(&json)?;
    create_new(&dir.join(MESSAGE_FILE))?.write_all(meta.message.as_bytes())?;

    let files_dir = dir.join(FILES_DIR);
    create_private_dir(&files_dir)?;
    let mut content = ContentDigest::new();
    let written = reader.extract_entries(&files_dir, &mut content)?;
    reader.check_padding()?;

    let warnings = compare_with_meta(&meta, &written);
    let files = written
        .into_iter()
        .map(|(name, _)| Path::new(FILES_DIR).join(name))
        .collect();
    Ok(Extracted {
        meta: Some(meta),
        files,
        warnings,
        content_digest: content.finish(),
    })
}

/// `tip.json` as this build reads it, or why not.
fn parse_meta(json: &[u8]) -> Result<TipMeta, String> {
    let meta: TipMeta = serde_json::from_slice(json).map_err(|e| e.to_string())?;
    if meta.version != FORMAT_VERSION {
        return Err(format!(
            "version {} is not supported (this build reads version {FORMAT_VERSION})",
            meta.version
        ));
    }
    Ok(meta)
}

/// `text` without control characters (a serde error quotes the hostile
/// value, ESC and BEL included), at most 200 characters.
fn printable(text: &str) -> String {
    let clean: String = text.chars().filter(|c| !c.is_control()).collect();
    shown(clean.as_bytes())
}

/// The size of `tip.json` if `first` is a valid ustar header (checksum,
/// magic) for a regular file named exactly `tip.json` within the limits;
/// `None` means "this is not a tipbox container".
fn tip_json_size(first: &[u8], limits: &Limits) -> Option<u64> {
    if first.len() < BLOCK {
        return None;
    }
    let header = Header::from_byte_slice(first);
    let recognised = ustar::checksum_is_valid(header)
        && (header.as_ustar().is_some() || header.as_gnu().is_some())
        && ustar::is_regular_file(header)
        && header.path_bytes().as_ref() == META_PATH.as_bytes();
    if !recognised {
        return None;
    }
    let size = header.entry_size().ok()?;
    (size <= limits.max_meta_bytes && size <= limits.max_total_bytes).then_some(size)
}

/// Writes the whole plaintext (the bytes already read, then the rest) as
/// one attachment.
fn extract_unrecognised(
    already_read: &[u8],
    input: &mut dyn Read,
    dir: &Path,
    limits: &Limits,
) -> Result<Extracted, ExtractError> {
    let files_dir = dir.join(FILES_DIR);
    create_private_dir(&files_dir)?;
    let mut content = ContentDigest::new();
    let mut file = Hashing {
        inner: create_new(&files_dir.join(UNRECOGNISED_NAME))?,
        digest: &mut content,
    };
    let too_large = |size| ExtractError::TooLarge(UNRECOGNISED_NAME.to_owned(), size);
    let first = already_read.len() as u64;
    if first > limits.max_total_bytes {
        return Err(too_large(first));
    }
    file.write_all(already_read)?;
    // One byte more than allowed tells "exactly at the limit" from "beyond".
    let allowed_rest = limits.max_total_bytes - first;
    let rest = ustar::copy_at_most(input, &mut file, allowed_rest.saturating_add(1))?;
    if rest > allowed_rest {
        return Err(too_large(first + rest));
    }
    Ok(Extracted {
        meta: None,
        files: vec![Path::new(FILES_DIR).join(UNRECOGNISED_NAME)],
        warnings: Vec::new(),
        content_digest: content.finish(),
    })
}

/// The input positioned after the first header, with what may still be
/// spent.
struct Container<'a> {
    input: &'a mut dyn Read,
    /// Bytes consumed from the input so far.
    position: u64,
    limits: &'a Limits,
    /// Entry bytes still allowed under `max_total_bytes`.
    budget: u64,
}

/// What a local pax header (`x`) said about the next entry.
#[derive(Default)]
struct PaxOverrides {
    path: Option<Vec<u8>>,
    size: Option<u64>,
}

impl Container<'_> {
    /// `tip.json` and the padding after it (kept, in case the plaintext
    /// has to be written whole).
    fn read_meta(&mut self, size: u64) -> Result<(Vec<u8>, Vec<u8>), ExtractError> {
        let mut json = Vec::with_capacity(size as usize);
        let copied = ustar::copy_at_most(self.input, &mut json, size)?;
        let padding_len = ustar::padding_after(size);
        let mut padding = Vec::with_capacity(padding_len as usize);
        let padded = ustar::copy_at_most(self.input, &mut padding, padding_len)?;
        self.position += copied + padded;
        if copied < size || padded < padding_len {
            return Err(malformed("entry \"tip.json\" is truncated"));
        }
        Ok((json, padding))
    }

    /// Writes each `files/<name>` entry into `files_dir` until the
    /// end-of-archive marker; returns the sanitised names and sizes written.
    fn extract_entries(
        &mut self,
        files_dir: &Path,
        content: &mut ContentDigest,
    ) -> Result<Vec<(String, u64)>, ExtractError> {
        let mut written: Vec<(String, u64)> = Vec::new();
        let mut seen = HashSet::new();
        let mut pax: Option<PaxOverrides> = None;
        loop {
            let mut block = [0u8; BLOCK];
            if !self.read_header_block(&mut block)? {
                if pax.is_some() {
                    return Err(malformed("a pax header describes no entry"));
                }
                return Ok(written);
            }
            let header = Header::from_byte_slice(&block);
            if !ustar::checksum_is_valid(header) {
                return Err(malformed("an entry header's checksum does not match"));
            }
            let entry_type = header.entry_type();
            if entry_type == EntryType::XHeader {
                if pax.is_some() {
                    return Err(malformed("two pax headers describe one entry"));
                }
                pax = Some(self.read_pax(header)?);
                continue;
            }
            let overrides = pax.take().unwrap_or_default();
            let path = overrides
                .path
                .unwrap_or_else(|| header.path_bytes().into_owned());
            if !ustar::is_regular_file(header) {
                return Err(ExtractError::NotRegularFile(shown(&path)));
            }
            let name = attachment_name(&path)?;
            if written.len() >= self.limits.max_entries {
                return Err(ExtractError::TooManyEntries);
            }
            let size = match overrides.size {
                Some(size) => size,
                None => header
                    .entry_size()
                    .map_err(|_| malformed("an entry's size field is not a number"))?,
            };
            if size > self.budget {
                return Err(ExtractError::TooLarge(shown(&path), size));
            }
            if !seen.insert(name.to_lowercase()) {
                return Err(ExtractError::Duplicate(shown(&path)));
            }
            let mut file = Hashing {
                inner: create_new(&files_dir.join(&name))?,
                digest: content,
            };
            self.copy_entry(&mut file, size, &path)?;
            self.budget -= size;
            written.push((name, size));
        }
    }

    /// Reads the next header block: `false` at the first zero block (the
    /// start of the end-of-archive marker).
    fn read_header_block(&mut self, block: &mut [u8; BLOCK]) -> Result<bool, ExtractError> {
        let filled = ustar::read_block(self.input, block)?;
        self.position += filled as u64;
        match filled {
            0 => Err(malformed(
                "the container ends without an end-of-archive marker",
            )),
            BLOCK => Ok(block.iter().any(|&b| b != 0)),
            _ => Err(malformed("the container ends inside an entry header")),
        }
    }

    /// Copies exactly `size` bytes of entry data to `out`, then skips the
    /// padding to the next block.
    fn copy_entry(
        &mut self,
        out: &mut dyn Write,
        size: u64,
        path: &[u8],
    ) -> Result<(), ExtractError> {
        let copied = ustar::copy_at_most(self.input, out, size)?;
        let padding = ustar::padding_after(size);
        let skipped = ustar::skip(self.input, padding)?;
        self.position += copied + skipped;
        if copied < size || skipped < padding {
            return Err(malformed(&format!("entry {:?} is truncated", shown(path))));
        }
        Ok(())
    }

    /// Reads a bounded local pax header and keeps the `path` and `size`
    /// records.
    fn read_pax(&mut self, header: &Header) -> Result<PaxOverrides, ExtractError> {
        let size = header
            .entry_size()
            .map_err(|_| malformed("a pax header's size field is not a number"))?;
        if size > MAX_PAX_BYTES {
            return Err(ExtractError::TooLarge("pax header".to_owned(), size));
        }
        let mut data = Vec::with_capacity(size as usize);
        self.copy_entry(&mut data, size, b"pax header")?;
        let mut overrides = PaxOverrides::default();
        for record in PaxExtensions::new(&data) {
            let record = record.map_err(|_| malformed("a pax header record is damaged"))?;
            match record.key_bytes() {
                b"path" => overrides.path = Some(record.value_bytes().to_vec()),
                b"size" => {
                    let size = record
                        .value()
                        .ok()
                        .and_then(|v| v.parse::<u64>().ok())
                        .ok_or_else(|| malformed("a pax size record is not a number"))?;
                    overrides.size = Some(size);
                }
                key if key.starts_with(b"GNU.sparse") => {
                    return Err(malformed("sparse files are not supported"));
                }
                // mtime, uid, linkpath, …: nothing we honour.
                _ => {}
            }
        }
        Ok(overrides)
    }

    /// After the first zero block: the second block of the marker, then
    /// only zeros, no further than Padmé (or a tar record) allows.
    fn check_padding(&mut self) -> Result<(), ExtractError> {
        let content_end = self.position - BLOCK as u64;
        let marker_end = content_end + 2 * BLOCK as u64;
        let allowed_end = padme(marker_end).max(marker_end.div_ceil(RECORD) * RECORD);
        let mut buffer = [0u8; 8192];
        loop {
            let read = match self.input.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            };
            if buffer[..read].iter().any(|&b| b != 0) {
                return Err(malformed("non-zero bytes after the end-of-archive marker"));
            }
            self.position += read as u64;
            if self.position > allowed_end {
                return Err(malformed("the padding is longer than Padmé allows"));
            }
        }
        if self.position < marker_end {
            return Err(malformed("the end-of-archive marker is incomplete"));
        }
        Ok(())
    }
}

/// The sanitised attachment name for an entry path that must be exactly
/// `files/<name>`.
fn attachment_name(path: &[u8]) -> Result<String, ExtractError> {
    let is_separator = |b: &u8| *b == b'/' || *b == b'\\';
    if path.first().is_some_and(is_separator) {
        return Err(ExtractError::PathEscape(shown(path)));
    }
    // Split on both separators: "..\x" escapes on Windows.
    if path.split(is_separator).any(|part| part == b"..") {
        return Err(ExtractError::PathEscape(shown(path)));
    }
    let name = match path.split(|b| *b == b'/').collect::<Vec<_>>().as_slice() {
        [dir, name] if *dir == FILES_DIR.as_bytes() && !name.is_empty() && *name != b"." => *name,
        _ => return Err(ExtractError::OutsideFiles(shown(path))),
    };
    Ok(sanitize_name(&String::from_utf8_lossy(name)))
}

/// Opens a new file for writing, readable by its owner only (0600); fails
/// if anything (a file, a link, even a dangling one) already has that name.
fn create_new(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Creates a folder only its owner can open (0700).
fn create_private_dir(path: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(path)
}

/// A file being written that also feeds the content digest.
struct Hashing<'a> {
    inner: File,
    digest: &'a mut ContentDigest,
}

impl Write for Hashing<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.inner.write(buf)?;
        self.digest.update(&buf[..written]);
        Ok(written)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Warnings for each way `tip.json`'s attachment list disagrees with what
/// the container held.
fn compare_with_meta(meta: &TipMeta, written: &[(String, u64)]) -> Vec<String> {
    let mut warnings = Vec::new();
    let listed = &meta.attachments;
    if listed.len() != written.len() {
        warnings.push(format!(
            "tip.json lists {} attachments but the container holds {}",
            listed.len(),
            written.len()
        ));
    }
    for (index, pair) in listed.iter().zip(written).enumerate() {
        let (attachment, (name, size)) = pair;
        if attachment.name != *name || attachment.size != *size {
            warnings.push(format!(
                "attachment {}: tip.json says {:?} ({} bytes), the container holds {:?} ({} bytes)",
                index + 1,
                shown(attachment.name.as_bytes()),
                attachment.size,
                name,
                size
            ));
        }
    }
    warnings
}

fn malformed(reason: &str) -> ExtractError {
    ExtractError::Malformed(reason.to_owned())
}
