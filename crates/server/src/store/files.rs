//! Ciphertext files: one file per tip in the store's `tips` folder, named by
//! the tip id in hex, written once from start to end (or part by part at
//! fixed offsets, for resumable uploads) and never changed after its commit.
//!
//! Why files and not sled values: sled keeps what was inserted in its
//! in-memory tree whatever its cache size (a 1 GiB upload in 64 KiB values
//! held about 450 MiB), so the server's memory grew with the tip. A file
//! costs a few kilobytes of buffer whatever its size, and is read back one
//! buffer at a time. sled keeps the records that say which files are tips.
//!
//! Why a pool: a file created when its tip arrives would carry the arrival
//! in its inode number and birth time (neither can be changed later), and
//! its folder entry would sit after the previous tip's. So the folder holds
//! empty files created ahead of need, in batches, each named by a fresh
//! random id; a new tip takes one of them at random and keeps its name as
//! its id. Inode, birth time and folder position then tell when the pool
//! was filled, not when or in which order tips arrived. Files made during a
//! day (by the sweeps) wait in a second pool for the next day, so that a
//! day's tips only take files made before the day began; only a day busier
//! than the pool makes files for itself, a batch at a time (those are newer:
//! see SECURITY.md). A pool file is durable in the folder before it is
//! handed out, so a commit has no folder entry to sync.
//!
//! Making a batch (creating its files, then syncing the folder) takes
//! milliseconds, and is never done under the pool's lock: when a tip leaves
//! today's pool short of [`REFILL_FILES`] (after 256 tips in a day that
//! began with a full pool), a background thread makes the next batch while
//! tips keep taking the files left, so that a burst does not queue behind
//! the folder's `fsync`. A tip waits only when the pool is empty, and then
//! for the batch already being made.
use std::collections::HashSet;
use std::fs::{self, File, FileTimes, OpenOptions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::SystemTime;

use rand::Rng;

use tipbox_core::bundle::TipId;

/// Empty files kept ready for a day: more than a newsroom's busiest day
/// (256 tips), plus the [`REFILL_FILES`] under which the next batch is made.
pub(super) const POOL_FILES: usize = 256 + REFILL_FILES;
/// Files made at once for today's pool, once it holds fewer than this.
pub(super) const REFILL_FILES: usize = 64;

/// The `tips` folder of a store.
#[derive(Debug)]
pub(super) struct TipFiles {
    dir: PathBuf,
    /// Files were created or removed since the folder was last synced.
    changed: AtomicBool,
    pool: Mutex<Pool>,
    /// Signalled when a batch for today's pool is done (made or failed).
    refilled: Condvar,
}

/// The ids of the empty files ready for new tips.
#[derive(Debug)]
struct Pool {
    /// What today's tips take.
    today: Vec<TipId>,
    /// Made today, for tomorrow's tips.
    tomorrow: Vec<TipId>,
    /// The day `today` is for.
    day: time::Date,
    /// A batch for `today` is being made.
    refilling: bool,
}

fn utc_today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
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
            pool: Mutex::new(Pool {
                today: Vec::new(),
                tomorrow: Vec::new(),
                day: utc_today(),
                refilling: false,
            }),
            refilled: Condvar::new(),
        })
    }

    pub(super) fn dir(&self) -> &Path {
        &self.dir
    }

    fn pool(&self) -> MutexGuard<'_, Pool> {
        self.pool.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes a random file of today's pool for a new tip: its id and the
    /// file, open for writing. On a new day, yesterday's files for today
    /// join the pool first. When the pool runs short, the next batch is made
    /// in the background; when it is empty, the caller waits for that batch
    /// (or makes one, if none is being made).
    pub(super) fn take(self: &Arc<Self>) -> io::Result<(TipId, File)> {
        let mut pool = self.pool();
        let today = utc_today();
        if pool.day != today {
            let made_before_today = std::mem::take(&mut pool.tomorrow);
            pool.today.extend(made_before_today);
            pool.day = today;
        }
        while pool.today.is_empty() {
            if pool.refilling {
                pool = self.wait_for_batch(pool);
                continue;
            }
            pool.refilling = true;
            drop(pool);
            let made = self.make(REFILL_FILES);
            self.batch_done(made.as_ref().ok());
            made?;
            pool = self.pool();
        }
        let at = rand::thread_rng().gen_range(0..pool.today.len());
        let id = pool.today.swap_remove(at);
        let refill = pool.today.len() < REFILL_FILES && !pool.refilling;
        pool.refilling |= refill;
        drop(pool);
        if refill {
            self.refill_in_background();
        }
        Ok((id, self.open_for_parts(&id)?))
    }

    /// Makes a batch for today's pool on a thread of its own.
    fn refill_in_background(self: &Arc<Self>) {
        let files = Arc::clone(self);
        let spawned = std::thread::Builder::new()
            .name("tip-file-pool".to_owned())
            .spawn(move || {
                let made = files.make(REFILL_FILES);
                if let Err(err) = &made {
                    // The pool keeps what it has; the next tip tries again.
                    tracing::warn!(error = %err, "could not make empty tip files ahead of need");
                }
                files.batch_done(made.as_ref().ok());
            });
        if spawned.is_err() {
            self.batch_done(None);
        }
    }

    /// Ends a batch for today's pool: offers what it made, if anything, and
    /// wakes those waiting for it.
    fn batch_done(&self, made: Option<&Vec<TipId>>) {
        let mut pool = self.pool();
        pool.today.extend(made.into_iter().flatten());
        pool.refilling = false;
        self.refilled.notify_all();
    }

    fn wait_for_batch<'a>(&self, pool: MutexGuard<'a, Pool>) -> MutexGuard<'a, Pool> {
        self.refilled
            .wait(pool)
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Start-up: fills today's pool up to [`POOL_FILES`].
    pub(super) fn top_up_today(&self) -> io::Result<()> {
        let missing = POOL_FILES.saturating_sub(self.pool().today.len());
        let made = self.make(missing)?;
        self.pool().today.extend(made);
        Ok(())
    }

    /// Fills tomorrow's pool up to [`POOL_FILES`]; returns how many files
    /// it made. Called by one sweep at a time.
    pub(super) fn top_up_tomorrow(&self) -> io::Result<usize> {
        let missing = POOL_FILES.saturating_sub(self.pool().tomorrow.len());
        let made = self.make(missing)?;
        self.pool().tomorrow.extend(made);
        Ok(missing)
    }

    /// Creates `count` empty files under fresh random ids and syncs the
    /// folder, without the pool's lock; returns their ids, to be offered
    /// only now. The folder is synced whatever [`TipFiles::sync`] did
    /// meanwhile (it may have cleared `changed` for an `fsync` still running).
    fn make(&self, count: usize) -> io::Result<Vec<TipId>> {
        let mut made = Vec::with_capacity(count);
        if count == 0 {
            return Ok(made);
        }
        let created = (0..count).try_for_each(|_| {
            let id = TipId(rand::random());
            self.create_file(&id)?;
            made.push(id);
            Ok(())
        });
        if let Err(err) = created.and_then(|()| File::open(&self.dir)?.sync_all()) {
            for id in &made {
                let _ = self.remove(id);
            }
            return Err(err);
        }
        Ok(made)
    }

    /// Puts a file that belongs to nothing back into the pool, emptied (or
    /// removes it when the pool is full): what a crash or an abandoned
    /// upload left. True when it emptied or removed something.
    pub(super) fn adopt(&self, id: &TipId) -> io::Result<bool> {
        let mut pool = self.pool();
        if pool.today.len() >= POOL_FILES {
            drop(pool);
            self.remove(id)?;
            return Ok(true);
        }
        let file = self.open_for_parts(id)?;
        let held_bytes = file.metadata()?.len() > 0;
        if held_bytes {
            file.set_len(0)?;
            file.sync_all()?;
        }
        pool.today.push(*id);
        Ok(held_bytes)
    }

    /// Sets the access and modification times of `path` (a tip's file or a
    /// folder) to `to`; its change time becomes now, as for every change.
    pub(super) fn stamp(path: &Path, to: SystemTime) -> io::Result<()> {
        File::open(path)?.set_times(FileTimes::new().set_accessed(to).set_modified(to))
    }

    pub(super) fn path_of(&self, id: &TipId) -> PathBuf {
        self.path(id)
    }

    fn path(&self, id: &TipId) -> PathBuf {
        self.dir.join(hex::encode(id.0))
    }

    /// Creates the empty file of a new tip; refuses to replace one.
    pub(super) fn create(&self, id: &TipId) -> io::Result<File> {
        self.changed.store(true, Ordering::SeqCst);
        self.create_file(id)
    }

    /// [`TipFiles::create`] for the pool, which syncs the folder itself.
    fn create_file(&self, id: &TipId) -> io::Result<File> {
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

    /// The ids of every file in the folder but the pool's. Names that are
    /// not tip ids were not written by the store; they are left alone.
    pub(super) fn ids(&self) -> io::Result<Vec<TipId>> {
        let pool: HashSet<TipId> = {
            let mut pool = self.pool();
            // A batch being made joins the pool first.
            while pool.refilling {
                pool = self.wait_for_batch(pool);
            }
            pool.today.iter().chain(&pool.tomorrow).copied().collect()
        };
        let mut ids = Vec::new();
        for entry in fs::read_dir(&self.dir)? {
            let name = entry?.file_name();
            match name.to_str().and_then(parse_id) {
                Some(id) if !pool.contains(&id) => ids.push(id),
                Some(_) => {}
                None => tracing::warn!("the tips folder holds a file the store did not write"),
            }
        }
        Ok(ids)
    }

    /// Files in today's pool now.
    #[cfg(test)]
    pub(super) fn pool_len(&self) -> usize {
        self.pool().today.len()
    }
}

fn parse_id(name: &str) -> Option<TipId> {
    if name.len() != 32 || !name.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return None;
    }
    Some(TipId(hex::decode(name).ok()?.try_into().ok()?))
}
