//! Writes a tip container as a stream.
use std::io::{self, Read, Write};

use super::TipMeta;

/// Streams a container: `tip.json`, then each attachment, then the
/// end-of-archive marker and Padmé padding.
pub struct TipWriter<W: Write> {
    _out: W,
}

impl<W: Write> TipWriter<W> {
    /// Writes `tip.json`. The attachment list in `meta` must match the files
    /// later appended, in order (names already sanitised).
    pub fn new(_out: W, _meta: &TipMeta) -> io::Result<Self> {
        todo!()
    }
    /// Appends `files/<name>` with exactly `size` bytes read from `content`
    /// (an error if `content` ends early or has more).
    pub fn append_file(
        &mut self,
        _name: &str,
        _size: u64,
        _content: &mut dyn Read,
    ) -> io::Result<()> {
        todo!()
    }
    /// Writes the end-of-archive marker and zero padding; returns the sink.
    pub fn finish(self) -> io::Result<W> {
        todo!()
    }
}

/// A file name that is safe on every file system the newsroom may use: no
/// path separators, no control or bidi-override characters, no leading dots,
/// no reserved Windows names, at most 100 bytes of UTF-8; never empty.
pub fn sanitize_name(_name: &str) -> String {
    todo!()
}
