//! Writes a tip container as a stream.
//!
//! Layout (every header deterministic: mode 0644, owner 0, mtime 0):
//! `tip.json` (pretty JSON of [`TipMeta`]), then `files/<name>` for each
//! attachment in the order `tip.json` lists them, then the end-of-archive
//! marker, then zeros up to the [`padme`] length of everything before.
//! Stock `tar -t`/`tar -x` read it as an ordinary archive.
use std::collections::HashSet;
use std::io::{self, Read, Write};

use zeroize::{Zeroize, Zeroizing};

use super::name::sanitize_name;
use super::reader::Limits;
use super::{padme, AttachmentMeta, TipMeta, FORMAT_VERSION};
use crate::ustar::{self, END_OF_ARCHIVE};

/// The first entry of every container.
pub(crate) const META_PATH: &str = "tip.json";
/// The folder that holds attachments, in the container and when extracted.
pub(crate) const FILES_DIR: &str = "files";

/// Streams a container: `tip.json`, then each attachment, then the
/// end-of-archive marker and Padmé padding.
///
/// After any error the container is incomplete and the writer refuses
/// further calls: the caller must discard what was written.
pub struct TipWriter<W: Write> {
    out: W,
    attachments: Listed,
    appended: usize,
    written: u64,
    broken: bool,
}

impl<W: Write> TipWriter<W> {
    /// Writes `tip.json`. The attachment list in `meta` must match the files
    /// later appended, in order (names already sanitised).
    pub fn new(mut out: W, meta: &TipMeta) -> io::Result<Self> {
        check_meta(meta)?;
        let json = meta.to_json();
        if json.len() as u64 > Limits::default().max_meta_bytes {
            return Err(invalid(format!(
                "tip.json would be {} bytes, more than readers accept",
                json.len()
            )));
        }
        let header = ustar::regular_file_header(META_PATH, json.len() as u64)?;
        out.write_all(header.as_bytes())?;
        out.write_all(&json)?;
        let padding = ustar::write_padding(&mut out, json.len() as u64)?;
        Ok(TipWriter {
            out,
            attachments: Listed(meta.attachments.clone()),
            appended: 0,
            written: (ustar::BLOCK + json.len()) as u64 + padding,
            broken: false,
        })
    }

    /// Appends `files/<name>` with exactly `size` bytes read from `content`
    /// (an error if `content` ends early or has more).
    pub fn append_file(&mut self, name: &str, size: u64, content: &mut dyn Read) -> io::Result<()> {
        self.check_usable()?;
        // No error names the file: the server counts these texts for its
        // report, and a name is the source's.
        let expected = self.attachments.0.get(self.appended).ok_or_else(|| {
            invalid(format!(
                "tip.json lists {} attachments; this would be one more",
                self.attachments.0.len()
            ))
        })?;
        if expected.name != name || expected.size != size {
            return Err(invalid(format!(
                "attachment {} has another name or size in tip.json ({} bytes there, {size} here)",
                self.appended + 1,
                expected.size
            )));
        }
        let path = Zeroizing::new(format!("{FILES_DIR}/{name}"));
        let mut header = ustar::regular_file_header(&path, size)?;
        // From here on a failure leaves a half-written entry behind.
        self.broken = true;
        let written = self.out.write_all(header.as_bytes());
        // The header holds the source's file name.
        header.as_mut_bytes().zeroize();
        written?;
        ustar::copy_declared(content, &mut self.out, size)?;
        let padding = ustar::write_padding(&mut self.out, size)?;
        self.written += ustar::BLOCK as u64 + size + padding;
        self.appended += 1;
        self.broken = false;
        Ok(())
    }

    /// Writes the end-of-archive marker and zero padding; returns the sink.
    pub fn finish(mut self) -> io::Result<W> {
        self.check_usable()?;
        if self.appended != self.attachments.0.len() {
            return Err(invalid(format!(
                "tip.json lists {} attachments but {} were appended",
                self.attachments.0.len(),
                self.appended
            )));
        }
        self.out.write_all(&END_OF_ARCHIVE)?;
        let unpadded = self.written + END_OF_ARCHIVE.len() as u64;
        let zeros = [0u8; 8192];
        let mut remaining = padme(unpadded) - unpadded;
        while remaining > 0 {
            let step = remaining.min(zeros.len() as u64) as usize;
            self.out.write_all(&zeros[..step])?;
            remaining -= step as u64;
        }
        self.out.flush()?;
        Ok(self.out)
    }

    fn check_usable(&self) -> io::Result<()> {
        if self.broken {
            return Err(io::Error::other(
                "an earlier write failed; the container is incomplete",
            ));
        }
        Ok(())
    }
}

/// The attachments `tip.json` lists, kept to check what is appended; the
/// names are the source's, so they are wiped with the writer.
struct Listed(Vec<AttachmentMeta>);

impl Drop for Listed {
    fn drop(&mut self) {
        for attachment in &mut self.0 {
            attachment.name.zeroize();
        }
    }
}

/// The exact length of the container [`TipWriter`] writes for `meta`,
/// known before any file is read: every entry's size is in `tip.json`, and
/// the Padmé length depends only on the unpadded total. Clients need it to
/// announce an upload's size before encrypting (`web/PROTOCOL.md`).
pub fn container_len(meta: &TipMeta) -> u64 {
    let json = meta.to_json();
    let entry = |size: u64| ustar::BLOCK as u64 + size + ustar::padding_after(size);
    let unpadded = entry(json.len() as u64)
        + meta.attachments.iter().map(|a| entry(a.size)).sum::<u64>()
        + END_OF_ARCHIVE.len() as u64;
    padme(unpadded)
}

/// What a reader will refuse or warn about, refused here before any byte is
/// written.
fn check_meta(meta: &TipMeta) -> io::Result<()> {
    if meta.version != FORMAT_VERSION {
        return Err(invalid(format!(
            "tip.json version {} is not the version this build writes ({FORMAT_VERSION})",
            meta.version
        )));
    }
    // Attachments are named by their position, never by the source's name.
    let mut seen = HashSet::new();
    let mut problem = None;
    for (n, attachment) in meta.attachments.iter().enumerate() {
        if sanitize_name(&attachment.name) != attachment.name {
            problem = Some(format!("attachment {}'s name is not sanitised", n + 1));
            break;
        }
        // Case-insensitive file systems would see "A.txt" and "a.txt" as one.
        if !seen.insert(attachment.name.to_lowercase()) {
            problem = Some(format!("attachment {}'s name appears twice", n + 1));
            break;
        }
    }
    for mut name in seen.drain() {
        name.zeroize();
    }
    problem.map_or(Ok(()), |problem| Err(invalid(problem)))
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

#[cfg(test)]
mod length_tests {
    use super::*;
    use crate::tip::{EncryptedBy, Kind};

    fn meta(attachments: &[(&str, u64)]) -> TipMeta {
        TipMeta {
            version: FORMAT_VERSION,
            kind: Kind::Tip,
            encrypted_by: EncryptedBy::Cli,
            language: "en".into(),
            message: "Les documents sont joints. ✓".into(),
            attachments: attachments
                .iter()
                .map(|&(name, size)| AttachmentMeta {
                    name: name.into(),
                    size,
                    media_type: "application/octet-stream".into(),
                })
                .collect(),
            mailbox: None,
            reply_recipient: None,
            followup_key: None,
            followup_proof: None,
        }
    }

    fn written_len(meta: &TipMeta) -> u64 {
        let mut writer = TipWriter::new(Vec::new(), meta).unwrap();
        for attachment in &meta.attachments {
            let content = vec![0x5a; attachment.size as usize];
            writer
                .append_file(&attachment.name, attachment.size, &mut &content[..])
                .unwrap();
        }
        writer.finish().unwrap().len() as u64
    }

    #[test]
    fn container_len_equals_what_the_writer_writes() {
        // Sizes at, just below and just past tar block and Padmé steps.
        let cases: &[&[(&str, u64)]] = &[
            &[],
            &[("a.txt", 0)],
            &[("a.txt", 1)],
            &[("a.txt", 511), ("b.pdf", 512), ("c.bin", 513)],
            &[("big.bin", 300_000)],
            &[("x", 65_536), ("y", 65_535), ("z", 1_048_577)],
        ];
        for attachments in cases {
            let meta = meta(attachments);
            assert_eq!(container_len(&meta), written_len(&meta), "{attachments:?}");
        }
    }
}
