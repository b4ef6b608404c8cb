//! Ciphertext files: one file per tip in the store's `tips` folder, named by
//! the tip id in hex, written once from start to end (or part by part at
//! fixed offsets, for resumable uploads) and never changed after its commit.
//!
//! Why files and not sled values: sled keeps what was inserted in its
//! in-memory tree whatever its cache size (a 1 GiB upload in 64 KiB values
//! held about 450 MiB), so the server's memory grew with the tip. A file
//! costs a few kilobytes of buffer whatever its size, and is read back one
//! buffer at a time. sled keeps the records that say which files are tips.
use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::bundle::TipId;

/// The `tips` folder of a store.
#[derive(Debug)]
pub(super) struct TipFiles {
    dir: PathBuf,
    /// Files were created or removed since the folder was last synced.
    changed: AtomicBool,
}

impl TipFiles {
    /// Opens (or creates, owner-only) the folder.
    pub(super) fn open(dir: PathBuf) -> io::Result<TipFiles> {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&dir)?;
        Ok(TipFiles {
            dir,
            changed: AtomicBool::new(false),
        })
    }

    fn path(&self, id: &TipId) -> PathBuf {
        self.dir.join(hex::encode(id.0))
    }

    /// Creates the empty file of a new tip; refuses to replace one.
    pub(super) fn create(&self, id: &TipId) -> io::Result<File> {
        self.changed.store(true, Ordering::SeqCst);
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(self.path(id))
    }

    /// Opens an existing file to write parts into.
    pub(super) fn open_for_parts(&self, id: &TipId) -> io::Result<File> {
        OpenOptions::new().write(true).open(self.path(id))
    }

    pub(super) fn open_for_reading(&self, id: &TipId) -> io::Result<File> {
        File::open(self.path(id))
    }

    /// The file's length, or `None` when there is no file.
    pub(super) fn len(&self, id: &TipId) -> io::Result<Option<u64>> {
        match fs::metadata(self.path(id)) {
            Ok(meta) => Ok(Some(meta.len())),
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(err) => Err(err),
        }
    }

    /// Removes a tip's file; no file is not an error.
    pub(super) fn remove(&self, id: &TipId) -> io::Result<()> {
        self.changed.store(true, Ordering::SeqCst);
        match fs::remove_file(self.path(id)) {
            Err(err) if err.kind() != io::ErrorKind::NotFound => Err(err),
            _ => Ok(()),
        }
    }

    /// Makes the folder's entries (files created or removed) durable; a
    /// no-op when none changed (a resumable part writes into a file that
    /// exists, and should not pay for a second `fsync`).
    pub(super) fn sync(&self) -> io::Result<()> {
        // Cleared before syncing: a change made meanwhile sets it again and
        // is synced by the next call, which its own commit waits for.
        if self.changed.swap(false, Ordering::SeqCst) {
            let synced = File::open(&self.dir).and_then(|dir| dir.sync_all());
            if synced.is_err() {
                self.changed.store(true, Ordering::SeqCst);
            }
            synced?;
        }
        Ok(())
    }

    /// The ids of every file in the folder. Names that are not tip ids
    /// were not written by the store; they are left alone.
    pub(super) fn ids(&self) -> io::Result<Vec<TipId>> {
        let mut ids = Vec::new();
        for entry in fs::read_dir(&self.dir)? {
            let name = entry?.file_name();
            match name.to_str().and_then(parse_id) {
                Some(id) => ids.push(id),
                None => tracing::warn!("the tips folder holds a file the store did not write"),
            }
        }
        Ok(ids)
    }
}

fn parse_id(name: &str) -> Option<TipId> {
    if name.len() != 32 || !name.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return None;
    }
    Some(TipId(hex::decode(name).ok()?.try_into().ok()?))
}
