//! The store's sled database behind a handle that can be swapped for a
//! fresh copy of itself ([`Index::rewrite`]).
//!
//! Why: sled is log-structured. Every insert is appended to its log, so the
//! log holds tip ids and mailboxes in the order they arrived, and a removed
//! record's bytes stay in old segments. A seized disk would give the order
//! of a day's tips. After each arrival window with writes, the sweep copies
//! every entry, in random order, into a new database in a new folder, makes
//! it durable, points `index` at it and removes the old folder: the new log
//! holds no history.
//!
//! On disk, under the store's folder:
//!
//! | path | what |
//! | --- | --- |
//! | `index` | symbolic link to the live database's folder |
//! | `index-<16 hex>/` | a sled database (only one, except mid-rewrite) |
//! | `lock` | held (`flock`) by the process that has the store open |
//!
//! Crash safety: the link is replaced by `rename`, atomic, and only after
//! the new database was flushed; a crash before leaves the old one live and
//! the new folder is removed at the next start, a crash after leaves the new
//! one live and the old folder is removed then. A store of the first layout
//! (`index/` a folder) is adopted by renaming it.
//!
//! Every method takes the handle's lock for one sled call only, so that a
//! rewrite (which holds it exclusively) sees no write in flight, and no
//! caller ever holds it while it waits for another lock.
use std::fs::{self, File};
use std::io;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{PoisonError, RwLock};

use rand::seq::SliceRandom;

use super::StoreError;

const LINK: &str = "index";
const FOLDER_PREFIX: &str = "index-";

/// The live sled database of a store.
pub(super) struct Index {
    store_dir: PathBuf,
    db: RwLock<sled::Db>,
    /// Something was written since the last [`Index::take_written`].
    written: AtomicBool,
    /// Held for the store's lifetime: two processes never rewrite one index.
    _lock: File,
}

fn open_db(path: &Path) -> Result<sled::Db, StoreError> {
    Ok(sled::Config::new()
        .path(path)
        // sled's default page cache is 1 GiB; ciphertext is written once
        // and read rarely, so a small cache keeps the server's memory bounded.
        .cache_capacity(32 * 1024 * 1024)
        .open()?)
}

fn fresh_folder_name() -> String {
    format!("{FOLDER_PREFIX}{}", hex::encode(rand::random::<[u8; 8]>()))
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

impl Index {
    /// Opens the live database of the store in `store_dir` (creating one if
    /// there is none) and removes what an interrupted rewrite left.
    pub(super) fn open(store_dir: &Path) -> Result<Index, StoreError> {
        let lock = File::create(store_dir.join("lock"))?;
        if let Err(err) = lock.try_lock() {
            let err = match err {
                fs::TryLockError::WouldBlock => io::Error::new(
                    io::ErrorKind::WouldBlock,
                    "the store is locked by another process",
                ),
                fs::TryLockError::Error(err) => err,
            };
            return Err(StoreError::Sled(sled::Error::Io(err)));
        }
        let link = store_dir.join(LINK);
        let live = match fs::symlink_metadata(&link) {
            Ok(meta) if meta.file_type().is_symlink() => fs::read_link(&link)?,
            Ok(_) => {
                // The first layout: adopt the folder under a fresh name.
                let name = PathBuf::from(fresh_folder_name());
                fs::rename(&link, store_dir.join(&name))?;
                point_link(store_dir, &name)?;
                name
            }
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                // A new store, or a crash mid-adoption: one folder, no link.
                let name = match index_folders(store_dir)?.as_slice() {
                    [only] => PathBuf::from(only),
                    _ => PathBuf::from(fresh_folder_name()),
                };
                point_link(store_dir, &name)?;
                name
            }
            Err(err) => return Err(err.into()),
        };
        let db = open_db(&store_dir.join(&live))?;
        for name in index_folders(store_dir)? {
            if Path::new(&name) != live {
                // A rewrite that never went live, or one that did and whose
                // old folder was not removed yet.
                fs::remove_dir_all(store_dir.join(name))?;
            }
        }
        Ok(Index {
            store_dir: store_dir.to_path_buf(),
            db: RwLock::new(db),
            written: AtomicBool::new(false),
            _lock: lock,
        })
    }

    fn live(&self) -> sled::Db {
        self.db
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn write_call<T>(&self, call: impl FnOnce(&sled::Db) -> T) -> T {
        let db = self.db.read().unwrap_or_else(PoisonError::into_inner);
        self.written.store(true, Ordering::SeqCst);
        call(&db)
    }

    pub(super) fn get(&self, key: impl AsRef<[u8]>) -> sled::Result<Option<sled::IVec>> {
        self.db
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key)
    }

    pub(super) fn contains_key(&self, key: impl AsRef<[u8]>) -> sled::Result<bool> {
        self.db
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .contains_key(key)
    }

    /// Iterates a snapshot-like view; a rewrite meanwhile does not disturb it.
    pub(super) fn scan_prefix(&self, prefix: impl AsRef<[u8]>) -> sled::Iter {
        self.live().scan_prefix(prefix)
    }

    pub(super) fn len(&self) -> usize {
        self.live().len()
    }

    pub(super) fn insert(
        &self,
        key: impl AsRef<[u8]>,
        value: impl Into<sled::IVec>,
    ) -> sled::Result<Option<sled::IVec>> {
        self.write_call(|db| db.insert(key, value))
    }

    pub(super) fn remove(&self, key: impl AsRef<[u8]>) -> sled::Result<Option<sled::IVec>> {
        self.write_call(|db| db.remove(key))
    }

    pub(super) fn apply_batch(&self, batch: sled::Batch) -> sled::Result<()> {
        self.write_call(|db| db.apply_batch(batch))
    }

    pub(super) fn flush(&self) -> sled::Result<usize> {
        self.db
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .flush()
    }

    /// True if anything was written since the last call.
    pub(super) fn take_written(&self) -> bool {
        self.written.swap(false, Ordering::SeqCst)
    }

    pub(super) fn store_dir(&self) -> PathBuf {
        self.store_dir.clone()
    }

    /// Makes the next [`Index::take_written`] true again.
    pub(super) fn mark_written(&self) {
        self.written.store(true, Ordering::SeqCst);
    }

    /// The live database's folder.
    pub(super) fn folder(&self) -> io::Result<PathBuf> {
        Ok(self
            .store_dir
            .join(fs::read_link(self.store_dir.join(LINK))?))
    }

    /// Copies every entry, in random order, into a new database, makes it
    /// durable and live, and removes the old one. Store calls wait meanwhile.
    pub(super) fn rewrite(&self) -> Result<(), StoreError> {
        let name = PathBuf::from(fresh_folder_name());
        let path = self.store_dir.join(&name);
        let mut live = self.db.write().unwrap_or_else(PoisonError::into_inner);
        let copied = open_db(&path).and_then(|fresh| {
            copy_shuffled(&live, &fresh)?;
            fresh.flush()?;
            replace_link(&self.store_dir, &name)?;
            Ok(fresh)
        });
        let fresh = match copied {
            Ok(fresh) => fresh,
            Err(err) => {
                drop(live);
                // The link still names the old database; the copy is noise.
                let _ = fs::remove_dir_all(&path);
                return Err(err);
            }
        };
        // The link names the new database now. Synced before any write
        // reaches it: a commit acknowledged after this must not be lost
        // to a power cut that undid the rename.
        let synced = sync_dir(&self.store_dir);
        let old = std::mem::replace(&mut *live, fresh);
        drop(live);
        drop(old);
        synced?;
        // A failure from here on leaves two folders; the next start removes
        // the one the link does not name.
        for old_path in old_folders(&self.store_dir, &name)? {
            fs::remove_dir_all(old_path)?;
        }
        sync_dir(&self.store_dir)?;
        Ok(())
    }
}

/// Every `index-*` folder of the store, by name.
fn index_folders(store_dir: &Path) -> io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(store_dir)? {
        let entry = entry?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        if name.starts_with(FOLDER_PREFIX) && entry.file_type()?.is_dir() {
            names.push(name);
        }
    }
    Ok(names)
}

/// The folders other than `live`: what the rewrite just replaced.
fn old_folders(store_dir: &Path, live: &Path) -> io::Result<Vec<PathBuf>> {
    Ok(index_folders(store_dir)?
        .into_iter()
        .filter(|name| Path::new(name) != live)
        .map(|name| store_dir.join(name))
        .collect())
}

/// Points `index` at `name` atomically, durably.
fn point_link(store_dir: &Path, name: &Path) -> io::Result<()> {
    replace_link(store_dir, name)?;
    sync_dir(store_dir)
}

/// Points `index` at `name` by one `rename`: on error the link is unchanged.
fn replace_link(store_dir: &Path, name: &Path) -> io::Result<()> {
    let temporary = store_dir.join(format!("{LINK}.new"));
    match fs::remove_file(&temporary) {
        Err(err) if err.kind() != io::ErrorKind::NotFound => return Err(err),
        _ => {}
    }
    symlink(name, &temporary)?;
    fs::rename(&temporary, store_dir.join(LINK))
}

/// Inserts every entry of every tree of `from` into `to`, keys in random
/// order (values are read one at a time, so memory holds keys only).
fn copy_shuffled(from: &sled::Db, to: &sled::Db) -> sled::Result<()> {
    for name in from.tree_names() {
        let source = from.open_tree(&name)?;
        let target = to.open_tree(&name)?;
        let mut keys = source.iter().keys().collect::<sled::Result<Vec<_>>>()?;
        keys.shuffle(&mut rand::thread_rng());
        for key in keys {
            if let Some(value) = source.get(&key)? {
                target.insert(key, value)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrite_keeps_every_entry_and_leaves_one_folder() {
        let dir = tempfile::tempdir().unwrap();
        let index = Index::open(dir.path()).unwrap();
        for i in 0u32..200 {
            index.insert(i.to_be_bytes(), &i.to_le_bytes()[..]).unwrap();
        }
        index.remove(7u32.to_be_bytes()).unwrap();
        assert!(index.take_written());
        let before = index.folder().unwrap();
        index.rewrite().unwrap();
        assert!(!index.take_written(), "a rewrite is not a write");
        assert_ne!(index.folder().unwrap(), before);
        assert!(!before.exists(), "the old database is removed");
        assert_eq!(index_folders(dir.path()).unwrap().len(), 1);
        assert_eq!(index.len(), 199);
        drop(index);
        let index = Index::open(dir.path()).unwrap();
        assert_eq!(index.len(), 199);
        assert_eq!(
            index.get(9u32.to_be_bytes()).unwrap().unwrap().as_ref(),
            &9u32.to_le_bytes()
        );
        assert!(index.get(7u32.to_be_bytes()).unwrap().is_none());
    }

    #[test]
    fn removed_record_leaves_no_bytes_after_a_rewrite() {
        let dir = tempfile::tempdir().unwrap();
        let index = Index::open(dir.path()).unwrap();
        let secret = *b"a-removed-record-marker";
        index.insert(secret, &b"value"[..]).unwrap();
        index.insert(b"kept", &b"value"[..]).unwrap();
        index.flush().unwrap();
        index.remove(secret).unwrap();
        index.flush().unwrap();
        let holds_secret = |folder: &Path| {
            walk(folder).iter().any(|file| {
                let bytes = fs::read(file).unwrap();
                bytes.windows(secret.len()).any(|w| w == secret)
            })
        };
        assert!(
            holds_secret(&index.folder().unwrap()),
            "sled's log keeps removed keys: the reason for the rewrite"
        );
        index.rewrite().unwrap();
        assert!(!holds_secret(&index.folder().unwrap()));
    }

    #[test]
    fn interrupted_rewrite_and_first_layout_are_recovered() {
        let dir = tempfile::tempdir().unwrap();
        {
            // The first layout: `index/` is the database itself.
            let db = open_db(&dir.path().join(LINK)).unwrap();
            db.insert(b"old", &b"layout"[..]).unwrap();
            db.flush().unwrap();
        }
        // A rewrite that crashed before going live.
        fs::create_dir(dir.path().join(fresh_folder_name())).unwrap();
        let index = Index::open(dir.path()).unwrap();
        assert_eq!(index.get(b"old").unwrap().unwrap().as_ref(), b"layout");
        assert_eq!(index_folders(dir.path()).unwrap().len(), 1);
        assert!(matches!(
            Index::open(dir.path()),
            Err(StoreError::Sled(sled::Error::Io(err))) if err.kind() == io::ErrorKind::WouldBlock
        ));
    }

    fn walk(dir: &Path) -> Vec<PathBuf> {
        let mut files = Vec::new();
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files.extend(walk(&path));
            } else {
                files.push(path);
            }
        }
        files
    }
}
