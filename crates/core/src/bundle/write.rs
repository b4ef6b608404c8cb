//! Writes an export bundle as a stream (the server's `GET /v1/export`).
use std::io::{self, Read, Write};

use super::{Manifest, ReplyId, TipId, MANIFEST_PATH};
use crate::ustar::{self, END_OF_ARCHIVE};

/// The exact length of the bundle [`BundleWriter`] writes for `manifest`
/// (the tar headers are fixed, so the manifest decides every size): what
/// the server announces as `Content-Length`, and the total of a range.
pub fn bundle_len(manifest: &Manifest) -> io::Result<u64> {
    let entry = |size: u64| ustar::BLOCK as u64 + size + ustar::padding_after(size);
    let json = serde_json::to_vec_pretty(manifest).map_err(io::Error::other)?;
    let tips: u64 = manifest.tips.iter().map(|t| entry(t.size)).sum();
    let replies: u64 = manifest.replies.iter().map(|r| entry(r.size)).sum();
    Ok(entry(json.len() as u64) + tips + replies + END_OF_ARCHIVE.len() as u64)
}

/// Writes a bundle as a stream: `manifest.json`, each tip in the manifest's
/// order, the end-of-archive marker. Headers carry no owner or time.
///
/// After any error the bundle is incomplete and the writer refuses further
/// calls.
pub struct BundleWriter<W: Write> {
    out: W,
    manifest: Manifest,
    appended: usize,
    replies_appended: usize,
    broken: bool,
}

impl<W: Write> BundleWriter<W> {
    /// Writes `manifest.json`.
    pub fn new(mut out: W, manifest: &Manifest) -> io::Result<Self> {
        manifest
            .check()
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        let json = serde_json::to_vec_pretty(manifest).map_err(io::Error::other)?;
        if json.len() as u64 > super::MAX_MANIFEST_BYTES {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "manifest.json would be larger than readers accept; export fewer tips",
            ));
        }
        let header = ustar::regular_file_header(MANIFEST_PATH, json.len() as u64)?;
        out.write_all(header.as_bytes())?;
        out.write_all(&json)?;
        ustar::write_padding(&mut out, json.len() as u64)?;
        Ok(BundleWriter {
            out,
            manifest: manifest.clone(),
            appended: 0,
            replies_appended: 0,
            broken: false,
        })
    }

    /// Appends `tips/<id>.age`; must follow the manifest's order and sizes.
    pub fn append_tip(&mut self, id: TipId, size: u64, content: &mut dyn Read) -> io::Result<()> {
        self.check_usable()?;
        let expected = self.manifest.tips.get(self.appended).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("tip {id} is not in the manifest (all its tips were appended)"),
            )
        })?;
        if expected.id != id || expected.size != size {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "the manifest expects tip {} ({} bytes) next, not {id} ({size} bytes)",
                    expected.id, expected.size
                ),
            ));
        }
        let header = ustar::regular_file_header(&id.bundle_path(), size)?;
        self.broken = true;
        self.out.write_all(header.as_bytes())?;
        ustar::copy_declared(content, &mut self.out, size)?;
        ustar::write_padding(&mut self.out, size)?;
        self.appended += 1;
        self.broken = false;
        Ok(())
    }

    /// Appends `replies/<id>.age`, after every tip; must follow the
    /// manifest's order and sizes.
    pub fn append_reply(
        &mut self,
        id: ReplyId,
        size: u64,
        content: &mut dyn Read,
    ) -> io::Result<()> {
        self.check_usable()?;
        if self.appended != self.manifest.tips.len() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "replies come after every tip of the manifest",
            ));
        }
        let expected = self.manifest.replies.get(self.replies_appended);
        if expected.is_none_or(|e| e.id != id || e.size != size) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("reply {id} ({size} bytes) is not the manifest's next reply"),
            ));
        }
        let header = ustar::regular_file_header(&id.bundle_path(), size)?;
        self.broken = true;
        self.out.write_all(header.as_bytes())?;
        ustar::copy_declared(content, &mut self.out, size)?;
        ustar::write_padding(&mut self.out, size)?;
        self.replies_appended += 1;
        self.broken = false;
        Ok(())
    }

    /// The sink, to see how far it got.
    pub fn get_ref(&self) -> &W {
        &self.out
    }

    /// Writes the end-of-archive marker; returns the sink.
    pub fn finish(mut self) -> io::Result<W> {
        self.check_usable()?;
        if self.appended != self.manifest.tips.len() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "the manifest lists {} tips but {} were appended",
                    self.manifest.tips.len(),
                    self.appended
                ),
            ));
        }
        if self.replies_appended != self.manifest.replies.len() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "the manifest lists {} replies but {} were appended",
                    self.manifest.replies.len(),
                    self.replies_appended
                ),
            ));
        }
        self.out.write_all(&END_OF_ARCHIVE)?;
        self.out.flush()?;
        Ok(self.out)
    }

    fn check_usable(&self) -> io::Result<()> {
        if self.broken {
            return Err(io::Error::other(
                "an earlier write failed; the bundle is incomplete",
            ));
        }
        Ok(())
    }
}
