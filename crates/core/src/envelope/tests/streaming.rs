//! Bounded memory: 64 MiB flow through an [`Encryptor`] into a pipe and
//! out of a [`Decryptor`] while counters watch how far each side runs
//! ahead of the other. Neither may hold more than one batch, whatever the
//! size of the file. (No timing here; the benchmark measures speed.)

use std::io::{self, Read, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::envelope::{Decryptor, Encryptor, Identity, BATCH_CHUNKS, CHUNK_SIZE};

const TOTAL: usize = 64 * 1024 * 1024;
const BLOCK: usize = 1024 * 1024;
const SEALED_CHUNK: usize = CHUNK_SIZE + 16;

/// Block `index` of the stream: a fixed pattern stamped with its index, so
/// that a repeated, dropped or reordered block changes the hash.
fn block(index: usize, base: &[u8]) -> Vec<u8> {
    let mut block = base.to_vec();
    block[..8].copy_from_slice(&(index as u64).to_le_bytes());
    block
}

/// Counts the bytes that pass through.
struct Counting<T> {
    inner: T,
    count: Arc<AtomicU64>,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.count.fetch_add(n as u64, Ordering::SeqCst);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::SeqCst);
        Ok(n)
    }
}

#[test]
fn sixty_four_mib_stream_through_holding_at_most_one_batch_each_side() {
    let identity = Identity::generate();
    let recipient = identity.to_public();
    let base = super::support::pattern(BLOCK);
    let (pipe_out, pipe_in) = io::pipe().unwrap();

    let written = Arc::new(AtomicU64::new(0));
    let sealer = {
        let written = Arc::clone(&written);
        let base = base.clone();
        std::thread::spawn(move || {
            let sink = Counting {
                inner: pipe_in,
                count: Arc::clone(&written),
            };
            let mut encryptor = Encryptor::new(sink, &[recipient]).unwrap();
            let mut hash = Sha256::new();
            let mut fed = 0usize;
            for index in 0..TOTAL / BLOCK {
                let block = block(index, &base);
                encryptor.write_all(&block).unwrap();
                hash.update(&block);
                fed += block.len();
                // Everything but the current batch has gone out as ciphertext.
                let out = written.load(Ordering::SeqCst) as usize;
                assert!(
                    fed <= out + BATCH_CHUNKS * CHUNK_SIZE,
                    "encryptor holds {} bytes after {fed}",
                    fed - out
                );
            }
            encryptor.finish().unwrap();
            hash.finalize()
        })
    };

    let consumed = Arc::new(AtomicU64::new(0));
    let source = Counting {
        inner: pipe_out,
        count: Arc::clone(&consumed),
    };
    let mut decryptor = Decryptor::new(source, &[identity]).unwrap();
    // Ahead of the plaintext, the decryptor may have read: the header (in
    // 8 KiB reads), the nonce, one sealed batch plus a lookahead byte, and
    // the tags of every chunk so far.
    let slack = 8 * 1024 + 16 + BATCH_CHUNKS * SEALED_CHUNK + 1 + 16 * (TOTAL / CHUNK_SIZE + 1);
    let mut hash = Sha256::new();
    let mut plaintext = 0usize;
    let mut buf = vec![0u8; 100_000];
    loop {
        let n = decryptor.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        hash.update(&buf[..n]);
        plaintext += n;
        let ahead = consumed.load(Ordering::SeqCst) as usize - plaintext;
        assert!(ahead <= slack, "decryptor read {ahead} bytes ahead");
    }
    let sealed_hash = sealer.join().unwrap();
    assert_eq!(plaintext, TOTAL);
    assert_eq!(hash.finalize(), sealed_hash);
}
