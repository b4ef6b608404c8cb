//! Reads an export bundle from a possibly hostile source, one entry at a
//! time: the tips, then the replies the manifest lists.
use std::io::{self, Read};

use tar::Header;

use super::{BundleError, Manifest, ManifestEntry, ReplyEntry, MANIFEST_PATH, MAX_MANIFEST_BYTES};
use crate::ustar::{self, shown, BLOCK, RECORD};

/// Reads a bundle from a possibly hostile source, one tip (then one reply)
/// at a time.
pub struct BundleReader<R: Read> {
    input: R,
    manifest: Manifest,
    /// Bytes consumed from the input so far.
    position: u64,
}

impl<R: Read> BundleReader<R> {
    /// Reads and checks `manifest.json`.
    pub fn new(mut input: R) -> Result<Self, BundleError> {
        let mut block = [0u8; BLOCK];
        let filled = ustar::read_block(&mut input, &mut block)?;
        if filled < BLOCK {
            return Err(BundleError::NotABundle("too short for a tar header".into()));
        }
        let header = Header::from_byte_slice(&block);
        let is_manifest = ustar::checksum_is_valid(header)
            && ustar::is_regular_file(header)
            && header.path_bytes().as_ref() == MANIFEST_PATH.as_bytes();
        if !is_manifest {
            return Err(BundleError::NotABundle(
                "the first entry is not manifest.json".into(),
            ));
        }
        let size = header
            .entry_size()
            .map_err(|_| BundleError::NotABundle("manifest.json's size is not a number".into()))?;
        if size > MAX_MANIFEST_BYTES {
            return Err(BundleError::BadManifest(format!(
                "{size} bytes, more than the {MAX_MANIFEST_BYTES} accepted"
            )));
        }
        let mut json = Vec::with_capacity(size as usize);
        let copied = ustar::copy_at_most(&mut input, &mut json, size)?;
        let padding = ustar::padding_after(size);
        let skipped = ustar::skip(&mut input, padding)?;
        if copied < size || skipped < padding {
            return Err(BundleError::Malformed("manifest.json is truncated".into()));
        }
        let manifest: Manifest =
            serde_json::from_slice(&json).map_err(|e| BundleError::BadManifest(e.to_string()))?;
        manifest.check()?;
        Ok(BundleReader {
            input,
            manifest,
            position: BLOCK as u64 + size + padding,
        })
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Calls `visit` with each tip's manifest entry and ciphertext, in order;
    /// checks that every manifest entry was present with its declared size.
    ///
    /// The visitor's reader ends at the entry's end; whatever the visitor
    /// leaves unread is skipped. An error from the visitor stops the walk and
    /// comes back as [`BundleError::Io`].
    pub fn for_each_tip(
        self,
        visit: &mut dyn FnMut(&ManifestEntry, &mut dyn Read) -> io::Result<()>,
    ) -> Result<(), BundleError> {
        self.for_each_entry(visit, &mut |_, _| Ok(()))
    }

    /// [`BundleReader::for_each_tip`], then each listed reply in order.
    pub fn for_each_entry(
        mut self,
        visit_tip: &mut dyn FnMut(&ManifestEntry, &mut dyn Read) -> io::Result<()>,
        visit_reply: &mut dyn FnMut(&ReplyEntry, &mut dyn Read) -> io::Result<()>,
    ) -> Result<(), BundleError> {
        let tips = std::mem::take(&mut self.manifest.tips);
        for tip in &tips {
            let size = self.next_entry(&tip.id.bundle_path())?;
            if size != tip.size {
                return Err(BundleError::SizeMismatch(tip.id, size, tip.size));
            }
            self.visit_content(size, &format!("tip {}", tip.id), &mut |r| visit_tip(tip, r))?;
        }
        let replies = std::mem::take(&mut self.manifest.replies);
        for reply in &replies {
            let size = self.next_entry(&reply.id.bundle_path())?;
            if size != reply.size {
                return Err(BundleError::ReplySizeMismatch(reply.id, size, reply.size));
            }
            let what = format!("reply {}", reply.id);
            self.visit_content(size, &what, &mut |r| visit_reply(reply, r))?;
        }
        self.check_end()
    }

    /// Reads the header of the entry that must come next (`path`, a regular
    /// file) and returns its size.
    fn next_entry(&mut self, path: &str) -> Result<u64, BundleError> {
        let mut block = [0u8; BLOCK];
        if !self.read_header_block(&mut block)? {
            return Err(BundleError::Missing);
        }
        let header = Header::from_byte_slice(&block);
        if !ustar::checksum_is_valid(header) {
            return Err(BundleError::Malformed(
                "an entry header's checksum does not match".into(),
            ));
        }
        let found = header.path_bytes();
        if !ustar::is_regular_file(header) {
            return Err(BundleError::NotRegularFile(shown(&found)));
        }
        if found.as_ref() != path.as_bytes() {
            return Err(BundleError::Unexpected(shown(&found)));
        }
        header
            .entry_size()
            .map_err(|_| BundleError::Malformed("an entry's size is not a number".into()))
    }

    /// Hands the visitor a reader limited to the entry's `size` bytes, then
    /// skips what it left unread and the block padding.
    fn visit_content(
        &mut self,
        size: u64,
        what: &str,
        visit: &mut dyn FnMut(&mut dyn Read) -> io::Result<()>,
    ) -> Result<(), BundleError> {
        let mut entry = (&mut self.input).take(size);
        visit(&mut entry)?;
        ustar::skip(&mut entry, u64::MAX)?;
        let consumed = size - entry.limit();
        let padding = ustar::padding_after(size);
        let skipped = ustar::skip(&mut self.input, padding)?;
        self.position += consumed + skipped;
        if consumed < size || skipped < padding {
            return Err(BundleError::Malformed(format!(
                "the entry for {what} is truncated"
            )));
        }
        Ok(())
    }

    /// Reads the next header block: `Ok(false)` at a zero block or at the
    /// end of the input (both mean no further entries).
    fn read_header_block(&mut self, block: &mut [u8; BLOCK]) -> Result<bool, BundleError> {
        let filled = ustar::read_block(&mut self.input, block)?;
        self.position += filled as u64;
        match filled {
            0 => Ok(false),
            BLOCK => Ok(block.iter().any(|&b| b != 0)),
            _ => Err(BundleError::Malformed(
                "the bundle ends inside an entry header".into(),
            )),
        }
    }

    /// After the last listed tip: the end-of-archive marker and nothing but
    /// zeros (stock tar pads to a 10 KiB record), so no entry hides after it.
    fn check_end(&mut self) -> Result<(), BundleError> {
        let mut block = [0u8; BLOCK];
        if self.read_header_block(&mut block)? {
            let path = Header::from_byte_slice(&block).path_bytes().into_owned();
            return Err(BundleError::Unexpected(shown(&path)));
        }
        let content_end = self.position - BLOCK as u64;
        let marker_end = content_end + 2 * BLOCK as u64;
        let allowed_end = marker_end.div_ceil(RECORD) * RECORD;
        let mut buffer = [0u8; 8192];
        loop {
            let read = match self.input.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            };
            if buffer[..read].iter().any(|&b| b != 0) {
                return Err(BundleError::Malformed(
                    "data after the end-of-archive marker".into(),
                ));
            }
            self.position += read as u64;
            if self.position > allowed_end {
                return Err(BundleError::Malformed(
                    "too much padding after the end-of-archive marker".into(),
                ));
            }
        }
        if self.position < marker_end {
            return Err(BundleError::Malformed(
                "the end-of-archive marker is incomplete".into(),
            ));
        }
        Ok(())
    }
}
