//! Encrypting and decrypting the payload: STREAM (ChaCha20-Poly1305, 64 KiB chunks).
//!
//! The payload is a 16-byte nonce, then the plaintext cut into 64 KiB
//! chunks, each sealed with ChaCha20-Poly1305 under the payload key and the
//! nonce `counter (11 bytes, big-endian) || last flag (1 byte)`. The last
//! chunk has the flag set; it may be short, and it is empty only when the
//! whole payload is.
//!
//! Attacks stopped here, each by the flag or the counter in the nonce:
//! truncation at a chunk boundary (the new last chunk was not sealed as
//! last), appended data (it follows a chunk sealed as last), reordering or
//! dropping chunks (wrong counter). [`Decryptor`] releases a chunk only after
//! it authenticated.
//!
//! Chunks are independent, so both types work on batches of
//! [`BATCH_CHUNKS`] chunks (2 MiB) and share a batch between threads with
//! [`std::thread::scope`]. Memory stays at one batch whatever the file size.

use std::io::{self, Read, Write};
use std::num::NonZeroUsize;

use chacha20poly1305::aead::{AeadInPlace, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Tag};
use zeroize::Zeroize;

use super::header::{Header, Stanza, VERSION_LINE};
use super::primitives::{random_bytes, FileKey};
use super::{hybrid, x25519, Error, Identity, Recipient};

/// The file key from the native stanzas: hybrid first when a hybrid
/// identity is given, then X25519 when an X25519 identity is.
fn unwrap_native(stanzas: &[Stanza], identities: &[Identity]) -> Result<FileKey, Error> {
    let mut result = Err(Error::NoIdentityMatched);
    if identities.iter().any(Identity::is_hybrid) {
        result = hybrid::unwrap(stanzas, identities);
    }
    if matches!(result, Err(Error::NoIdentityMatched))
        && identities.iter().any(|identity| !identity.is_hybrid())
    {
        result = x25519::unwrap(stanzas, identities);
    }
    result
}

/// Plaintext bytes per STREAM chunk.
pub const CHUNK_SIZE: usize = 64 * 1024;
/// Poly1305 tag after each chunk.
const TAG_SIZE: usize = 16;
/// A full chunk as stored.
const ENCRYPTED_CHUNK_SIZE: usize = CHUNK_SIZE + TAG_SIZE;
/// Bytes of the payload nonce, between the header and the first chunk.
const PAYLOAD_NONCE_SIZE: usize = 16;

/// Chunks sealed or opened together: 2 MiB, the memory bound of a stream.
/// Large enough that starting threads costs little against the work.
pub const BATCH_CHUNKS: usize = 32;
/// A thread gets at least this many chunks, or it costs more than it saves.
const MIN_CHUNKS_PER_THREAD: usize = 4;
/// The default never uses more threads than this.
const MAX_DEFAULT_THREADS: usize = 8;

/// Threads a new stream uses: the machine's cores, up to a limit.
fn default_threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .min(MAX_DEFAULT_THREADS)
}

/// The STREAM nonce of chunk `counter`: 11 bytes of big-endian counter and
/// the last-chunk flag.
fn chunk_nonce(counter: u64, last: bool) -> [u8; 12] {
    let mut nonce = [0u8; 12];
    nonce[3..11].copy_from_slice(&counter.to_be_bytes());
    nonce[11] = u8::from(last);
    nonce
}

/// A stream's batch of chunk slots, wiped on drop as far as it was ever
/// written. Wiping all 2 MiB would first touch every page of it: for a
/// small file that cost more than opening it (a third of `open`'s time for
/// 10,000 small tips).
struct Batch {
    bytes: Vec<u8>,
    /// Bytes from the start that may hold plaintext.
    written: usize,
}

impl Batch {
    fn new() -> Batch {
        Batch {
            bytes: vec![0; BATCH_CHUNKS * ENCRYPTED_CHUNK_SIZE],
            written: 0,
        }
    }

    /// The slots up to `end`, to be written: the only way to write, so that
    /// the wipe on drop covers every byte written.
    fn written_up_to(&mut self, end: usize) -> &mut [u8] {
        self.written = self.written.max(end);
        &mut self.bytes[..end]
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        self.bytes[..self.written].zeroize();
    }
}

/// The payload cipher: ChaCha20-Poly1305 under the payload key (the
/// `chacha20poly1305` crate wipes the key on drop).
fn payload_cipher(file_key: &FileKey, nonce: &[u8; PAYLOAD_NONCE_SIZE]) -> ChaCha20Poly1305 {
    ChaCha20Poly1305::new(file_key.payload_key(nonce).as_ref().into())
}

/// Runs `per_chunk(index, slot)` over the chunk slots of `slots` (each
/// [`ENCRYPTED_CHUNK_SIZE`] bytes, the last one possibly shorter), split
/// among up to `threads` threads. Returns the first failure in chunk order.
fn for_each_slot<F>(slots: &mut [u8], threads: usize, per_chunk: F) -> Result<(), (usize, Error)>
where
    F: Fn(usize, &mut [u8]) -> Result<(), Error> + Sync,
{
    let chunks = slots.len().div_ceil(ENCRYPTED_CHUNK_SIZE);
    let threads = threads.min(chunks / MIN_CHUNKS_PER_THREAD).max(1);
    let per_thread = chunks.div_ceil(threads);
    let run = |first: usize, group: &mut [u8]| -> Result<(), (usize, Error)> {
        for (offset, slot) in group.chunks_mut(ENCRYPTED_CHUNK_SIZE).enumerate() {
            per_chunk(first + offset, slot).map_err(|err| (first + offset, err))?;
        }
        Ok(())
    };
    if threads == 1 {
        return run(0, slots);
    }
    std::thread::scope(|scope| {
        let mut groups = slots.chunks_mut(per_thread * ENCRYPTED_CHUNK_SIZE);
        let own = groups.next().expect("a batch has at least one chunk");
        let run = &run;
        let others: Vec<_> = groups
            .enumerate()
            .map(|(i, group)| scope.spawn(move || run((i + 1) * per_thread, group)))
            .collect();
        // Groups are in chunk order, so the first error found in this order
        // is the one in the earliest chunk.
        let mut result = run(0, own);
        for handle in others {
            let group_result = handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            result = result.and(group_result);
        }
        result
    })
}

/// Seals everything written to it into an age file on `W`.
/// Call [`Encryptor::finish`] to write the final chunk; dropping it without
/// `finish` leaves a truncated (and therefore rejected) file.
///
/// Plaintext is held until a batch of [`BATCH_CHUNKS`] chunks is full *and*
/// more data arrives (only then is it known that none of them is the last
/// chunk), so `flush` does not force out a partial chunk.
pub struct Encryptor<W: Write> {
    out: W,
    cipher: ChaCha20Poly1305,
    /// Counter of the first chunk in `batch`.
    next_counter: u64,
    /// Chunk slots of [`ENCRYPTED_CHUNK_SIZE`] bytes: plaintext, then room
    /// for the tag, so that a sealed batch is one contiguous write.
    batch: Batch,
    /// Plaintext bytes held in `batch`.
    buffered: usize,
    threads: usize,
    /// Set when writing to `out` failed: the file is broken, refuse more.
    failed: bool,
}

impl<W: Write> Encryptor<W> {
    /// Writes the header for `recipients` (one X25519 or mlkem768x25519
    /// stanza each) to `out`. Hybrid and classic recipients are never mixed
    /// in one file: the classic stanza would undo the post-quantum one.
    pub fn new(out: W, recipients: &[Recipient]) -> Result<Self, Error> {
        let hybrid = recipients.iter().filter(|r| r.is_hybrid()).count();
        if hybrid != 0 && hybrid != recipients.len() {
            return Err(Error::MixedRecipients);
        }
        Self::with_mixed_recipients(out, recipients)
    }

    /// Like [`Encryptor::new`], but hybrid and classic recipients may share
    /// the file, which the age spec says SHOULD NOT be done. A temporary
    /// exception, for the one file that a classic key must open anyway: a
    /// reply to a conversation begun when reply keys were X25519, sealed also
    /// to the newsroom's hybrid keys (`offline::reply`), or a hybrid reply
    /// key beside a newsroom that keeps classic keys. Such a file is no stronger
    /// than its classic recipient (SECURITY.md, "Ciphertext archived for
    /// later").
    pub fn with_mixed_recipients(out: W, recipients: &[Recipient]) -> Result<Self, Error> {
        if recipients.is_empty() {
            return Err(Error::NoRecipients);
        }
        let file_key = FileKey::generate();
        let stanzas = recipients
            .iter()
            .map(|recipient| match recipient {
                Recipient::X25519(public) => x25519::wrap(&file_key, public),
                Recipient::Hybrid(public) => Ok(hybrid::wrap(&file_key, public)),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Self::with_stanzas(out, &file_key, stanzas)
    }

    /// Writes a header with `stanzas` (each wrapping `file_key`) and the
    /// payload nonce, and returns the stream that seals the payload.
    pub(crate) fn with_stanzas(
        mut out: W,
        file_key: &FileKey,
        stanzas: Vec<Stanza>,
    ) -> Result<Self, Error> {
        Header::seal(stanzas, file_key).write(&mut out)?;
        let nonce = random_bytes::<PAYLOAD_NONCE_SIZE>();
        out.write_all(&nonce)?;
        Ok(Encryptor {
            out,
            cipher: payload_cipher(file_key, &nonce),
            next_counter: 0,
            batch: Batch::new(),
            buffered: 0,
            threads: default_threads(),
            failed: false,
        })
    }

    /// Seals with up to `threads` threads (default: the machine's cores, at
    /// most 8). One thread gives the plain sequential STREAM.
    pub fn with_threads(mut self, threads: NonZeroUsize) -> Self {
        self.threads = threads.get();
        self
    }

    /// The sink, so that async callers can drain a `Vec<u8>` sink between writes.
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.out
    }

    /// Seals the final chunk and returns the sink.
    pub fn finish(mut self) -> io::Result<W> {
        self.seal_batch(true)?;
        self.out.flush()?;
        Ok(self.out)
    }

    /// Seals the buffered chunks (the last of them as the final chunk if
    /// `ends_payload`) and writes them out.
    fn seal_batch(&mut self, ends_payload: bool) -> io::Result<()> {
        if self.failed {
            return Err(io::Error::other(
                "an earlier write failed; the age file is incomplete",
            ));
        }
        // Only the final chunk of an empty payload is empty.
        let chunks = self.buffered.div_ceil(CHUNK_SIZE).max(1);
        let sealed_len = self.buffered + chunks * TAG_SIZE;
        let first_counter = self.next_counter;
        let cipher = &self.cipher;
        for_each_slot(
            self.batch.written_up_to(sealed_len),
            self.threads,
            |index, slot| {
                let last = ends_payload && index == chunks - 1;
                let nonce = chunk_nonce(first_counter + index as u64, last);
                let (plaintext, tag) = slot.split_at_mut(slot.len() - TAG_SIZE);
                let sealed_tag = cipher
                    .encrypt_in_place_detached(&nonce.into(), b"", plaintext)
                    .expect("a 64 KiB chunk is far below ChaCha20's 256 GiB limit");
                tag.copy_from_slice(&sealed_tag);
                Ok(())
            },
        )
        .expect("sealing a chunk cannot fail");
        self.next_counter = first_counter
            .checked_add(chunks as u64)
            .expect("2^64 chunks of 64 KiB is beyond any real file");
        self.buffered = 0;
        let written = self.out.write_all(&self.batch.bytes[..sealed_len]);
        self.failed = written.is_err();
        written
    }
}

impl<W: Write> Write for Encryptor<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while !rest.is_empty() {
            if self.buffered == BATCH_CHUNKS * CHUNK_SIZE {
                // More data follows a full batch: none of it is the last chunk.
                self.seal_batch(false)?;
            }
            let slot = self.buffered / CHUNK_SIZE;
            let offset = self.buffered % CHUNK_SIZE;
            let take = rest.len().min(CHUNK_SIZE - offset);
            let start = slot * ENCRYPTED_CHUNK_SIZE + offset;
            self.batch.written_up_to(start + take)[start..].copy_from_slice(&rest[..take]);
            self.buffered += take;
            rest = &rest[take..];
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Opens an age file: reading yields plaintext, chunk by chunk, each chunk
/// only after it authenticated. Errors surface as `io::Error` whose inner
/// error is an [`Error`] (see [`Error::from_io`]). The caller must read to the
/// end (EOF) before trusting that the whole file authenticated.
///
/// After an error, every further `read` fails again: a caller that ignores
/// one error cannot mistake the rest for a clean end of file.
pub struct Decryptor<R: Read> {
    input: R,
    cipher: ChaCha20Poly1305,
    /// Counter of the first chunk of the next batch.
    next_counter: u64,
    /// Chunk slots as read: ciphertext and tag; after opening, plaintext
    /// and the unused tag.
    batch: Batch,
    /// Ciphertext bytes waiting at the start of `batch` (before opening), or
    /// the bytes of the opened batch (while serving it).
    filled: usize,
    /// The byte read past a full batch to learn that it was not the end.
    lookahead: Option<u8>,
    /// Opened chunks of the batch that may be served.
    ready_chunks: usize,
    /// Next chunk to serve, and the position within it.
    serve_chunk: usize,
    serve_pos: usize,
    state: State,
    threads: usize,
}

enum State {
    /// More batches to read.
    Reading,
    /// The final chunk authenticated; after the ready chunks comes EOF.
    Finished,
    /// After the ready chunks comes this error, again and again.
    Failed(Error),
}

impl<R: Read> Decryptor<R> {
    /// Reads and checks the header, finds the file key with one of
    /// `identities` (hybrid identities read mlkem768x25519 stanzas, X25519
    /// identities X25519 stanzas; each ignores the other kind, as the spec
    /// requires of stanzas an identity does not recognise).
    pub fn new(input: R, identities: &[Identity]) -> Result<Self, Error> {
        Self::with_unwrap(input, |header| unwrap_native(&header.stanzas, identities))
    }

    /// Reads the header, gets the file key from `unwrap`, checks the header
    /// MAC and reads the payload nonce.
    pub(crate) fn with_unwrap(
        mut input: R,
        unwrap: impl FnOnce(&Header) -> Result<FileKey, Error>,
    ) -> Result<Self, Error> {
        let mut read = Vec::new();
        let (header, header_len) = loop {
            if let Some(parsed) = Header::parse(&read)? {
                break parsed;
            }
            let start = read.len();
            read.resize(start + 8 * 1024, 0);
            let n = read_retrying(&mut input, &mut read[start..])?;
            read.truncate(start + n);
            if n == 0 {
                return Err(if read.len() < VERSION_LINE.len() {
                    Error::BadVersion
                } else {
                    Error::MalformedHeader("the file ends inside the header")
                });
            }
        };
        let file_key = unwrap(&header)?;
        header.verify_mac(&file_key)?;

        let mut after_header = read.split_off(header_len);
        while after_header.len() < PAYLOAD_NONCE_SIZE {
            let start = after_header.len();
            after_header.resize(PAYLOAD_NONCE_SIZE, 0);
            let n = read_retrying(&mut input, &mut after_header[start..])?;
            after_header.truncate(start + n);
            if n == 0 {
                return Err(Error::Truncated);
            }
        }
        let nonce: [u8; PAYLOAD_NONCE_SIZE] = after_header[..PAYLOAD_NONCE_SIZE]
            .try_into()
            .expect("the loop above read the whole nonce");
        let early = &after_header[PAYLOAD_NONCE_SIZE..];

        let mut batch = Batch::new();
        batch.written_up_to(early.len()).copy_from_slice(early);
        Ok(Decryptor {
            input,
            cipher: payload_cipher(&file_key, &nonce),
            next_counter: 0,
            batch,
            filled: early.len(),
            lookahead: None,
            ready_chunks: 0,
            serve_chunk: 0,
            serve_pos: 0,
            state: State::Reading,
            threads: default_threads(),
        })
    }

    /// Opens with up to `threads` threads (default: the machine's cores, at
    /// most 8).
    pub fn with_threads(mut self, threads: NonZeroUsize) -> Self {
        self.threads = threads.get();
        self
    }

    /// Reads the next batch of chunks and opens it.
    fn open_batch(&mut self) -> Result<(), Error> {
        if let Some(byte) = self.lookahead.take() {
            // The previous batch is served; its lookahead byte starts this one.
            self.batch.written_up_to(1)[0] = byte;
            self.filled = 1;
        }
        let capacity = self.batch.bytes.len();
        while self.filled < capacity {
            // A reader may write anywhere in the slice it is given.
            let unfilled = &mut self.batch.written_up_to(capacity)[self.filled..];
            let n = read_retrying(&mut self.input, unfilled)?;
            if n == 0 {
                break;
            }
            self.filled += n;
        }
        let ends_payload = if self.filled < capacity {
            true
        } else {
            let mut byte = [0u8; 1];
            let more = read_retrying(&mut self.input, &mut byte)? == 1;
            self.lookahead = more.then_some(byte[0]);
            !more
        };
        if self.filled == 0 {
            // Not even an empty final chunk.
            return Err(Error::Truncated);
        }

        let chunks = self.filled.div_ceil(ENCRYPTED_CHUNK_SIZE);
        let first_counter = self.next_counter;
        let cipher = &self.cipher;
        let opened = for_each_slot(
            self.batch.written_up_to(self.filled),
            self.threads,
            |index, slot| {
                let last = ends_payload && index == chunks - 1;
                open_chunk(cipher, first_counter + index as u64, last, slot)
            },
        );
        self.next_counter = first_counter + chunks as u64;
        self.serve_chunk = 0;
        self.serve_pos = 0;
        match opened {
            Ok(()) => {
                self.ready_chunks = chunks;
                if ends_payload {
                    self.state = State::Finished;
                }
            }
            Err((failed_chunk, err)) => {
                // The chunks before the bad one authenticated: serve them,
                // then report the error.
                self.ready_chunks = failed_chunk;
                self.state = State::Failed(err);
            }
        }
        Ok(())
    }

    /// Plaintext of the ready chunk `index`.
    fn ready_plaintext(&self, index: usize) -> &[u8] {
        let start = index * ENCRYPTED_CHUNK_SIZE;
        let end = (start + ENCRYPTED_CHUNK_SIZE).min(self.filled) - TAG_SIZE;
        &self.batch.bytes[start..end]
    }
}

/// Opens one stored chunk in place, leaving the plaintext at the front of
/// `slot`. On failure, tells apart the three ways a well-formed file can be
/// cut or extended from plain corruption.
fn open_chunk(
    cipher: &ChaCha20Poly1305,
    counter: u64,
    last: bool,
    slot: &mut [u8],
) -> Result<(), Error> {
    if slot.len() < TAG_SIZE {
        return Err(Error::PayloadAuthentication);
    }
    let (ciphertext, tag) = slot.split_at_mut(slot.len() - TAG_SIZE);
    let tag = Tag::clone_from_slice(tag);
    let try_open = |ciphertext: &mut [u8], last: bool| {
        cipher
            .decrypt_in_place_detached(&chunk_nonce(counter, last).into(), b"", ciphertext, &tag)
            .is_ok()
    };
    if try_open(ciphertext, last) {
        // Spec: the final chunk "MAY be empty only if the whole payload is
        // empty".
        if last && ciphertext.is_empty() && counter > 0 {
            return Err(Error::EmptyFinalChunk);
        }
        return Ok(());
    }
    // `decrypt_in_place_detached` leaves the ciphertext untouched when the
    // tag does not match, so it can be tried with the other flag.
    if ciphertext.len() == CHUNK_SIZE && try_open(ciphertext, !last) {
        return Err(if last {
            // A full chunk sealed as not-last, then nothing: cut off.
            Error::Truncated
        } else {
            // The final chunk, then more bytes.
            Error::TrailingData
        });
    }
    Err(Error::PayloadAuthentication)
}

/// `read`, retried when interrupted by a signal.
fn read_retrying<R: Read>(input: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match input.read(buf) {
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

impl<R: Read> Read for Decryptor<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            while self.serve_chunk < self.ready_chunks {
                let plaintext = &self.ready_plaintext(self.serve_chunk)[self.serve_pos..];
                if plaintext.is_empty() {
                    self.serve_chunk += 1;
                    self.serve_pos = 0;
                    continue;
                }
                let n = plaintext.len().min(buf.len());
                buf[..n].copy_from_slice(&plaintext[..n]);
                self.serve_pos += n;
                return Ok(n);
            }
            match &self.state {
                State::Finished => return Ok(0),
                State::Failed(err) => return Err(err.replay().into()),
                State::Reading => {
                    self.ready_chunks = 0;
                    if let Err(err) = self.open_batch() {
                        self.state = State::Failed(err.replay());
                        return Err(err.into());
                    }
                }
            }
        }
    }
}
