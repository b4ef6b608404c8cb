//! Encrypting and decrypting the payload: STREAM (ChaCha20-Poly1305, 64 KiB chunks).
use std::io::{self, Read, Write};

use super::{Error, Identity, Recipient};

/// Plaintext bytes per STREAM chunk.
pub const CHUNK_SIZE: usize = 64 * 1024;

/// Seals everything written to it into an age file on `W`.
/// Call [`Encryptor::finish`] to write the final chunk; dropping it without
/// `finish` leaves a truncated (and therefore rejected) file.
pub struct Encryptor<W: Write> {
    _out: W,
}

impl<W: Write> Encryptor<W> {
    /// Writes the header for `recipients` (one X25519 stanza each) to `out`.
    pub fn new(_out: W, _recipients: &[Recipient]) -> Result<Self, Error> {
        todo!()
    }
    /// The sink, so that async callers can drain a `Vec<u8>` sink between writes.
    pub fn get_mut(&mut self) -> &mut W {
        todo!()
    }
    /// Seals the final chunk and returns the sink.
    pub fn finish(self) -> io::Result<W> {
        todo!()
    }
}

impl<W: Write> Write for Encryptor<W> {
    fn write(&mut self, _buf: &[u8]) -> io::Result<usize> {
        todo!()
    }
    fn flush(&mut self) -> io::Result<()> {
        todo!()
    }
}

/// Opens an age file: reading yields plaintext, chunk by chunk, each chunk
/// only after it authenticated. Errors surface as `io::Error` whose inner
/// error is an [`Error`] (see [`Error::from_io`]). The caller must read to the
/// end (EOF) before trusting that the whole file authenticated.
pub struct Decryptor<R: Read> {
    _input: R,
}

impl<R: Read> Decryptor<R> {
    /// Reads and checks the header, finds the file key with one of `identities`.
    pub fn new(_input: R, _identities: &[Identity]) -> Result<Self, Error> {
        todo!()
    }
}

impl<R: Read> Read for Decryptor<R> {
    fn read(&mut self, _buf: &mut [u8]) -> io::Result<usize> {
        todo!()
    }
}
