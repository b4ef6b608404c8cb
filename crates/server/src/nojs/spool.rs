//! Spool files: each attachment of a no-JavaScript submission, held on disk
//! only as ciphertext until the tip can be built.
//!
//! Why a spool at all: a tar entry header carries the file's size before its
//! content, and `tip.json` (first in the container) lists every size, so the
//! container cannot be written until the last byte of the form has arrived.
//! Holding a 500 MiB upload in memory is not an option, and writing it to
//! disk in the clear would break the promise on the page. So each file is
//! sealed as it arrives, as an age stream to an ephemeral identity that
//! exists only in this request's memory, and read back through the same
//! identity when the tip is built. A seized disk holds spool ciphertext whose
//! key was never written anywhere; a crash loses the key with the process.
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tipbox_core::envelope::{Encryptor, Recipient};

/// The spool folder under the data folder.
pub fn spool_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("spool")
}

/// Removes every spool file left by an interrupted request. Called at
/// start-up: without their ephemeral keys such files are unreadable noise,
/// but they still take space and show that uploads happened.
pub fn clear_spool(data_dir: &Path) -> io::Result<usize> {
    let dir = spool_dir(data_dir);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(err) => return Err(err),
    };
    let mut removed = 0;
    for entry in entries {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// One attachment being spooled: an age stream into a file of its own.
pub struct SpoolWriter {
    file: Option<SpoolFile>,
    encryptor: Encryptor<BufWriter<File>>,
    size: u64,
}

/// A finished spool file: removed from disk when dropped.
pub struct SpoolFile {
    path: PathBuf,
}

impl SpoolFile {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for SpoolFile {
    fn drop(&mut self) {
        if let Err(err) = fs::remove_file(&self.path) {
            if err.kind() != io::ErrorKind::NotFound {
                tracing::error!(error = %err, "could not remove a spool file");
            }
        }
    }
}

impl SpoolWriter {
    /// Creates a new spool file with a random name in `dir`, sealed to `key`.
    pub fn create(dir: &Path, key: &Recipient) -> io::Result<SpoolWriter> {
        fs::create_dir_all(dir)?;
        let path = dir.join(format!("{}.age", hex::encode(rand::random::<[u8; 16]>())));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let handle = options.open(&path)?;
        // From here on the file is removed on every path out of this function.
        let file = SpoolFile { path };
        let encryptor = Encryptor::new(BufWriter::new(handle), std::slice::from_ref(key))
            .map_err(io::Error::from)?;
        Ok(SpoolWriter {
            file: Some(file),
            encryptor,
            size: 0,
        })
    }

    /// Plaintext bytes written so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Seals the last chunk and flushes the file; returns it with the
    /// plaintext size.
    pub fn finish(mut self) -> io::Result<(SpoolFile, u64)> {
        let file = self.file.take().expect("only finish() takes the file");
        let mut sink = self.encryptor.finish()?;
        sink.flush()?;
        Ok((file, self.size))
    }
}

impl Write for SpoolWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.encryptor.write(buf)?;
        self.size += written as u64;
        Ok(written)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.encryptor.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tipbox_core::envelope::Identity;

    fn count(dir: &Path) -> usize {
        fs::read_dir(dir).map(|d| d.count()).unwrap_or(0)
    }

    #[test]
    fn spool_file_holds_age_ciphertext_not_plaintext() {
        let data = tempfile::tempdir().unwrap();
        let dir = spool_dir(data.path());
        let key = Identity::generate().to_public();
        let marker = b"PLAINTEXT-MARKER-3f9a";

        let mut spool = SpoolWriter::create(&dir, &key).unwrap();
        spool.write_all(&marker.repeat(10_000)).unwrap();
        let (file, size) = spool.finish().unwrap();

        let stored = fs::read(file.path()).unwrap();
        assert_eq!(size, marker.len() as u64 * 10_000);
        assert!(stored.starts_with(b"age-encryption.org/v1\n"));
        assert!(!stored.windows(marker.len()).any(|w| w == marker));
    }

    #[test]
    fn spool_abandoned_mid_file_is_removed() {
        let data = tempfile::tempdir().unwrap();
        let dir = spool_dir(data.path());
        let key = Identity::generate().to_public();
        let mut spool = SpoolWriter::create(&dir, &key).unwrap();
        spool.write_all(&[7; 200_000]).unwrap();
        assert_eq!(count(&dir), 1);

        drop(spool);

        assert_eq!(count(&dir), 0);
    }

    #[test]
    fn finished_spool_is_removed_when_dropped() {
        let data = tempfile::tempdir().unwrap();
        let dir = spool_dir(data.path());
        let key = Identity::generate().to_public();
        let (file, _) = SpoolWriter::create(&dir, &key).unwrap().finish().unwrap();
        assert_eq!(count(&dir), 1);

        drop(file);

        assert_eq!(count(&dir), 0);
    }

    #[test]
    fn start_up_clears_spool_files_left_by_a_crash() {
        let data = tempfile::tempdir().unwrap();
        assert_eq!(clear_spool(data.path()).unwrap(), 0, "no spool folder yet");
        let dir = spool_dir(data.path());
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("0123.age"), b"left over").unwrap();
        fs::write(dir.join("4567.age"), b"left over").unwrap();

        assert_eq!(clear_spool(data.path()).unwrap(), 2);

        assert_eq!(count(&dir), 0);
    }
}
