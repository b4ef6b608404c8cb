//! The ciphertext store; the only module that imports sled.
//!
//! Main types: [`Store`] (open, list, read, delete, export, sweep),
//! [`Upload`] (a `Write` that stores one tip's ciphertext as it arrives),
//! [`TipRecord`] (what the newsroom sees about a tip: id, coarsened date, size).
//!
//! Layout of the store's folder:
//!
//! | path | what |
//! | --- | --- |
//! | `tips/<id>` | one tip's ciphertext (see `files` for why not sled values), or an empty file of the pool new tips take from |
//! | `index` | link to the live sled database's folder (see `index` for why it moves) |
//! | `index-<16 hex>/` | the sled database: the records below |
//! | `lock` | held by the process that has the store open |
//!
//! Records in sled (besides `mailboxes`' and `uploads`' own):
//!
//! | key | value |
//! | --- | --- |
//! | `t` id | size (u64 BE) then the received date `YYYY-MM-DD`: the tip is committed |
//! | `k` id | the [`KeySetId`] the tip was checked against |
//! | `K` key set id | that key set's `age1…` recipients, one per line |
//! | `x` export id | when it was made (u64 BE seconds), then the ids of the tips it listed (16 bytes each) |
//!
//! Attacks and failures this layout answers:
//! - *A crash mid-upload or mid-delete* leaves a file without a `t` record;
//!   [`Store::open`] empties it back into the pool, so no half-stored tip
//!   ever appears.
//! - *A crash after the 2xx answer* loses nothing: [`Upload::commit`] syncs
//!   the tip's file, then writes its record, and only returns after sled was
//!   flushed (group commit shares that flush between concurrent uploads, see
//!   `group_commit`); the file's folder entry was made durable when the pool
//!   was filled. A record that reached the disk before its file's bytes
//!   (sled flushes on its own too) belongs to a tip never acknowledged:
//!   start-up removes a record whose file is missing or not of the recorded size.
//! - *A seized server* holds ciphertext, a random id, a size and a day, and
//!   nothing that orders the day's tips or dates them finer, once one
//!   arrival window has passed ([`Store::sweep`]): ids are random; each tip's
//!   file was taken at random from a pool made before the day began (inode
//!   number, birth time and folder position say nothing of arrival); the
//!   sweep sets every tip file's access and modification times to the start
//!   of its day and its change time to the sweep's; and it rewrites sled in
//!   random order into a fresh database, so that no log keeps the order in
//!   which tips, mailboxes or deletions came. What remains (the window still
//!   open, the file system's journal and freed blocks) is in SECURITY.md.
//! - *A key rotation* leaves old tips readable: each tip names its key set
//!   (`k`), each key set is stored once (`K`), and exports carry both.
//! - *Removing tips that were never exported*: an export confirmation
//!   removes only the ids that export listed ([`Store::confirm`]); a tip that
//!   arrived after the export stays.
//! - *Filling the disk*: the total size of stored and in-flight ciphertext is
//!   capped ([`StoreError::Full`]) before a byte is written.
mod export;
mod files;
mod group_commit;
mod index;
mod mailboxes;
mod open_uploads;
mod uploads;

use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

use rand::seq::SliceRandom;
use time::OffsetDateTime;

pub use export::PreparedExport;
use files::TipFiles;
use group_commit::GroupCommit;
use index::Index;
pub use mailboxes::{FileRepliesError, NewReply, ReplyRecord};
use tipbox_core::bundle::{ExportId, KeySetId, ManifestEntry, TipId};
pub use uploads::{
    PartStored, Receiving, UploadError, UploadId, UploadPolicy, UploadStatus, Uploads,
    DEFAULT_PART_BYTES,
};

/// Ciphertext bytes an upload buffers before writing them to its file.
pub const CHUNK_BYTES: usize = 64 * 1024;

/// How finely the arrival date is kept. Coarser dates say less about when a
/// source was active; a day is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateGranularity {
    #[default]
    Day,
    /// The first day of the month.
    Month,
}

/// Limits the store enforces on every upload.
#[derive(Clone, Copy, Debug)]
pub struct StoreLimits {
    /// Largest ciphertext of one tip.
    pub max_tip_bytes: u64,
    /// Largest total of stored plus in-flight ciphertext.
    pub max_store_bytes: u64,
    pub date_granularity: DateGranularity,
}

/// What the newsroom sees about a stored tip.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TipRecord {
    pub id: TipId,
    /// Arrival date, coarsened: `YYYY-MM-DD`.
    pub received: String,
    /// Ciphertext size in bytes.
    pub size: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the store is full")]
    Full,
    #[error("the store holds as many mailboxes as it may (limits.max_mailboxes)")]
    MailboxesFull,
    #[error("the tip is larger than the per-tip limit")]
    TooLarge,
    #[error("no such tip")]
    NotFound,
    #[error("no such export (already confirmed, or made by another store)")]
    UnknownExport,
    #[error("tip {0} is already in the store")]
    Exists(TipId),
    #[error("the store is damaged: {0}")]
    Corrupt(&'static str),
    #[error("storage failure: {0}")]
    Sled(#[from] sled::Error),
    #[error(transparent)]
    Io(#[from] io::Error),
}

impl StoreError {
    /// True when storing failed for want of space: the configured caps
    /// ([`StoreError::Full`], [`StoreError::MailboxesFull`]) or the disk itself (`ENOSPC` from sled's
    /// writes), which sources must hear about as "storage full", not as an
    /// internal error.
    pub fn is_storage_full(&self) -> bool {
        match self {
            StoreError::Full | StoreError::MailboxesFull => true,
            StoreError::Sled(sled::Error::Io(err)) | StoreError::Io(err) => {
                err.kind() == io::ErrorKind::StorageFull
            }
            _ => false,
        }
    }

    /// Recovers a `StoreError` carried inside an `io::Error` from
    /// [`Upload`]'s `Write` implementation.
    pub fn from_io(err: io::Error) -> StoreError {
        if err.get_ref().is_some_and(|inner| inner.is::<StoreError>()) {
            *err.into_inner()
                .expect("checked above")
                .downcast::<StoreError>()
                .expect("checked above")
        } else {
            StoreError::Io(err)
        }
    }
}

impl From<StoreError> for io::Error {
    fn from(err: StoreError) -> io::Error {
        match err {
            StoreError::Io(io) => io,
            other => io::Error::other(other),
        }
    }
}

/// The ciphertext store. Cheap to clone; all clones share one database.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    db: Index,
    files: Arc<TipFiles>,
    limits: StoreLimits,
    /// Bytes of committed tips plus bytes reserved by running uploads.
    used: AtomicU64,
    group_commit: GroupCommit,
    /// Serialises mailbox and reply writes (see `mailboxes`).
    mailbox_writes: Mutex<()>,
    /// Mailboxes stored, and the most the store may hold.
    mailboxes: mailboxes::MailboxCount,
    /// The key set new tips are recorded against ([`Store::use_key_set`]).
    key_set: RwLock<Option<KeySetId>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("limits", &self.inner.limits)
            .field("used", &self.inner.used.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

const TIP: u8 = b't';
const KEY_SET: u8 = b'k';
const KEY_SETS: u8 = b'K';
const EXPORT: u8 = b'x';

/// Exports whose listing is kept for a confirmation by export id.
const RECORDED_EXPORTS: usize = 8;

fn key_set_key(key_set: &KeySetId) -> [u8; 9] {
    let mut key = [KEY_SETS; 9];
    key[1..].copy_from_slice(&key_set.0);
    key
}

fn export_key(export: &ExportId) -> [u8; 17] {
    let mut key = [EXPORT; 17];
    key[1..].copy_from_slice(&export.0);
    key
}

fn key(kind: u8, id: &TipId) -> [u8; 17] {
    let mut key = [0; 17];
    key[0] = kind;
    key[1..].copy_from_slice(&id.0);
    key
}

fn id_from_key(key: &[u8]) -> Result<TipId, StoreError> {
    let bytes = key
        .get(1..17)
        .and_then(|b| <[u8; 16]>::try_from(b).ok())
        .ok_or(StoreError::Corrupt("short key"))?;
    Ok(TipId(bytes))
}

fn encode_record(size: u64, received: &str) -> Vec<u8> {
    let mut value = size.to_be_bytes().to_vec();
    value.extend_from_slice(received.as_bytes());
    value
}

fn decode_record(id: TipId, value: &[u8]) -> Result<TipRecord, StoreError> {
    let (size, received) = value
        .split_first_chunk::<8>()
        .ok_or(StoreError::Corrupt("short tip record"))?;
    let received = std::str::from_utf8(received)
        .map_err(|_| StoreError::Corrupt("tip date is not text"))?
        .to_owned();
    Ok(TipRecord {
        id,
        received,
        size: u64::from_be_bytes(*size),
    })
}

/// Today's date, coarsened.
fn received_today(granularity: DateGranularity) -> String {
    let today = OffsetDateTime::now_utc().date();
    let day = match granularity {
        DateGranularity::Day => today,
        DateGranularity::Month => today.replace_day(1).expect("every month has a day 1"),
    };
    format_date(day)
}

fn format_date(date: time::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// What a [`Store::sweep`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    /// Tip files whose times were set to their day.
    pub restamped: usize,
    /// The sled database was rewritten.
    pub rewritten: bool,
    /// Empty files made for tomorrow's pool.
    pub pool_files_made: usize,
}

fn parse_date(text: &str) -> Result<time::Date, StoreError> {
    time::Date::parse(
        text,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|_| StoreError::Corrupt("a stored date is not YYYY-MM-DD"))
}

/// Midnight UTC at the start of `day`.
fn start_of(day: time::Date) -> SystemTime {
    day.midnight().assume_utc().into()
}

/// What an export confirmation did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Confirmed {
    /// Tips removed now.
    pub removed: usize,
    /// Listed tips that were no longer stored (removed before).
    pub absent: usize,
}

impl Store {
    /// Opens (or creates) the store at `path` and removes what interrupted
    /// uploads and deletions left behind.
    pub fn open(path: &Path, limits: StoreLimits) -> Result<Store, StoreError> {
        // Created first, so that the store's folder is owner-only too.
        let files = Arc::new(TipFiles::open(path.join("tips"))?);
        let db = Index::open(path)?;
        let removed = collect_interrupted(&db, &files)?;
        if removed > 0 {
            files.sync()?;
            db.flush()?;
            tracing::info!(removed, "removed interrupted uploads or deletions");
        }
        files.top_up_today()?;
        let mut used = 0u64;
        for entry in db.scan_prefix([TIP]) {
            let (key, value) = entry?;
            used += decode_record(id_from_key(&key)?, &value)?.size;
        }
        used += uploads::reserved_bytes(&db)?;
        let mailboxes = mailboxes::MailboxCount::of(&db)?;
        Ok(Store {
            inner: Arc::new(Inner {
                db,
                files,
                limits,
                used: AtomicU64::new(used),
                group_commit: GroupCommit::default(),
                mailbox_writes: Mutex::new(()),
                mailboxes,
                key_set: RwLock::new(None),
            }),
        })
    }

    /// Starts storing a new tip in a file taken at random from the pool,
    /// under that file's random id.
    pub fn begin(&self) -> Result<Upload, StoreError> {
        let (id, file) = self.inner.files.take()?;
        Ok(self.upload_into(id, file))
    }

    fn begin_with_id(&self, id: TipId) -> Result<Upload, StoreError> {
        let file = self.inner.files.create(&id)?;
        Ok(self.upload_into(id, file))
    }

    fn upload_into(&self, id: TipId, file: File) -> Upload {
        Upload {
            store: self.clone(),
            id,
            file,
            buffer: Vec::with_capacity(CHUNK_BYTES),
            size: 0,
            committed: false,
        }
    }

    /// Every committed tip, oldest date first (ties in random id order).
    pub fn list(&self) -> Result<Vec<TipRecord>, StoreError> {
        let mut records = self
            .inner
            .db
            .scan_prefix([TIP])
            .map(|entry| {
                let (key, value) = entry?;
                decode_record(id_from_key(&key)?, &value)
            })
            .collect::<Result<Vec<_>, _>>()?;
        records.sort_by(|a, b| a.received.cmp(&b.received).then(a.id.cmp(&b.id)));
        Ok(records)
    }

    /// A committed tip's record and a reader over its ciphertext.
    pub fn read(&self, id: &TipId) -> Result<(TipRecord, TipReader), StoreError> {
        let value = self
            .inner
            .db
            .get(key(TIP, id))?
            .ok_or(StoreError::NotFound)?;
        let record = decode_record(*id, &value)?;
        // Once open, the file stays readable even if the tip is deleted now.
        let file = match self.inner.files.open_for_reading(id) {
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Err(StoreError::NotFound),
            other => other?,
        };
        let reader = TipReader {
            file: file.take(record.size),
        };
        Ok((record, reader))
    }

    /// Deletes a tip; durable when it returns.
    pub fn delete(&self, id: &TipId) -> Result<(), StoreError> {
        let db = &self.inner.db;
        // Removing the record is the deletion (of two concurrent ones, only
        // one gets it back); the file goes after, and a crash in between
        // leaves a file without a record, which start-up removes.
        let value = db.remove(key(TIP, id))?.ok_or(StoreError::NotFound)?;
        let record = decode_record(*id, &value)?;
        db.remove(key(KEY_SET, id))?;
        self.wait_durable()?;
        self.inner.files.remove(id)?;
        self.inner.used.fetch_sub(record.size, Ordering::SeqCst);
        Ok(())
    }

    /// Writes every committed tip and every stored reply as an export bundle
    /// to `out`, reading one buffer at a time. The manifest carries a fresh export id, and the
    /// store remembers which tips it listed, for [`Store::confirm_export`].
    pub fn export<W: Write>(&self, out: W) -> Result<W, StoreError> {
        let export = self.prepare_export()?;
        self.write_export(&export, out, 0)
    }

    /// Keeps the listings of the most recent exports only, so that exports
    /// never confirmed do not pile up (a confirmation by ids needs none).
    fn forget_old_exports(&self) -> Result<(), StoreError> {
        let db = &self.inner.db;
        let mut exports = Vec::new();
        for entry in db.scan_prefix([EXPORT]) {
            let (key, value) = entry?;
            let made = value
                .first_chunk::<8>()
                .map(|b| u64::from_be_bytes(*b))
                .unwrap_or(0);
            exports.push((made, key));
        }
        exports.sort();
        let excess = exports.len().saturating_sub(RECORDED_EXPORTS - 1);
        for (_, key) in exports.into_iter().take(excess) {
            db.remove(key)?;
        }
        Ok(())
    }

    /// Writes every committed tip as a bundle without an export id: a
    /// backup, which [`Store::restore`] reads back (as it reads exports).
    /// Mailboxes and replies are not part of it.
    pub fn backup<W: Write>(&self, out: W) -> Result<W, StoreError> {
        let backup = self.prepare(self.list()?, Vec::new(), None)?;
        self.write_export(&backup, out, 0)
    }

    /// Records `recipients` as a key set (once) and makes it the one that
    /// tips committed from now on are recorded against.
    pub fn use_key_set(&self, recipients: &[String]) -> Result<KeySetId, StoreError> {
        let id = KeySetId::of(recipients);
        self.store_key_set(id, recipients)?;
        *self.inner.key_set.write().expect("key set lock poisoned") = Some(id);
        Ok(id)
    }

    fn store_key_set(&self, id: KeySetId, recipients: &[String]) -> Result<(), StoreError> {
        let mut sorted = recipients.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let db = &self.inner.db;
        if !db.contains_key(key_set_key(&id))? {
            db.insert(key_set_key(&id), sorted.join("\n").as_bytes())?;
            db.flush()?;
        }
        Ok(())
    }

    /// The key set a tip was recorded against (`None` for tips stored
    /// before key sets were recorded).
    pub fn key_set_of(&self, id: &TipId) -> Result<Option<KeySetId>, StoreError> {
        self.inner
            .db
            .get(key(KEY_SET, id))?
            .map(|value| {
                <[u8; 8]>::try_from(value.as_ref())
                    .map(KeySetId)
                    .map_err(|_| StoreError::Corrupt("short key set id"))
            })
            .transpose()
    }

    /// Every key set ever used, with its recipients.
    pub fn key_sets(&self) -> Result<BTreeMap<KeySetId, Vec<String>>, StoreError> {
        let mut sets = BTreeMap::new();
        for entry in self.inner.db.scan_prefix([KEY_SETS]) {
            let (key, value) = entry?;
            let id = <[u8; 8]>::try_from(&key[1..])
                .map_err(|_| StoreError::Corrupt("short key set key"))?;
            let text = std::str::from_utf8(&value)
                .map_err(|_| StoreError::Corrupt("key set is not text"))?;
            sets.insert(KeySetId(id), text.lines().map(str::to_owned).collect());
        }
        Ok(sets)
    }

    /// The tips an export listed, as recorded when it was made.
    pub fn export_listing(&self, export: &ExportId) -> Result<Vec<TipId>, StoreError> {
        let listed = self
            .inner
            .db
            .get(export_key(export))?
            .ok_or(StoreError::UnknownExport)?;
        Ok(listed
            .get(8..)
            .ok_or(StoreError::Corrupt("short export listing"))?
            .chunks_exact(16)
            .map(|id| TipId(id.try_into().expect("chunks of 16 bytes")))
            .collect())
    }

    /// Removes exactly the tips `ids` (the newsroom has them safe offline),
    /// and forgets `export` when given. Ids no longer stored are counted,
    /// not refused: a confirmation may be repeated after a lost answer.
    pub fn confirm(
        &self,
        ids: &[TipId],
        export: Option<&ExportId>,
    ) -> Result<Confirmed, StoreError> {
        let mut confirmed = Confirmed::default();
        for id in ids {
            match self.delete(id) {
                Ok(()) => confirmed.removed += 1,
                Err(StoreError::NotFound) => confirmed.absent += 1,
                Err(err) => return Err(err),
            }
        }
        if let Some(export) = export {
            self.inner.db.remove(export_key(export))?;
            self.wait_durable()?;
        }
        Ok(confirmed)
    }

    /// Removes an export's tips: [`Store::confirm`] with its recorded list.
    pub fn confirm_export(&self, export: &ExportId) -> Result<Confirmed, StoreError> {
        let ids = self.export_listing(export)?;
        self.confirm(&ids, Some(export))
    }

    /// Retention: removes every tip received before `cutoff` (its coarsened
    /// date is earlier); returns how many.
    pub fn remove_received_before(&self, cutoff: time::Date) -> Result<usize, StoreError> {
        let cutoff = format_date(cutoff);
        let mut removed = 0;
        for record in self.list()? {
            // `YYYY-MM-DD` sorts as text in date order.
            if record.received < cutoff {
                match self.delete(&record.id) {
                    Ok(()) => removed += 1,
                    Err(StoreError::NotFound) => {} // deleted meanwhile
                    Err(err) => return Err(err),
                }
            }
        }
        Ok(removed)
    }

    /// Stores one tip of a backup or export bundle under its own id, date
    /// and key set (recorded from `key_sets`). Refuses an id already stored.
    pub fn restore(
        &self,
        entry: &ManifestEntry,
        key_sets: &BTreeMap<KeySetId, Vec<String>>,
        content: &mut dyn Read,
    ) -> Result<(), StoreError> {
        let db = &self.inner.db;
        if db.contains_key(key(TIP, &entry.id))? {
            return Err(StoreError::Exists(entry.id));
        }
        if let Some(id) = entry.key_set {
            let recipients = key_sets
                .get(&id)
                .ok_or(StoreError::Corrupt("a tip names an unknown key set"))?;
            self.store_key_set(id, recipients)?;
        }
        let mut upload = self.begin_with_id(entry.id)?;
        io::copy(content, &mut upload)?;
        if upload.size != entry.size {
            return Err(StoreError::Corrupt(
                "a restored tip's size differs from its manifest",
            ));
        }
        upload.commit_as(entry.received.clone(), entry.key_set)?;
        Ok(())
    }

    /// Ciphertext bytes held (committed tips and running uploads).
    pub fn used_bytes(&self) -> u64 {
        self.inner.used.load(Ordering::SeqCst)
    }

    /// Number of sled entries and files that tips and uploads own (every
    /// entry but the key-set table and the export listings, which the store
    /// writes for itself): lets tests prove that a refused upload left
    /// nothing behind.
    pub fn entry_count(&self) -> Result<usize, StoreError> {
        let own = |prefix: u8| self.inner.db.scan_prefix([prefix]).count();
        let files = self.inner.files.ids()?.len();
        Ok(self.inner.db.len() - own(KEY_SETS) - own(EXPORT) + files)
    }

    /// The end of an arrival window: hides when and in which order the
    /// window's tips, mailboxes and deletions happened. If anything was
    /// written since the last sweep, every tip file gets the start of its
    /// coarsened day as access and modification time (in random order, so
    /// that the change times this sets say nothing either), and the sled
    /// database is rewritten in random order ([`Index`]). Tomorrow's pool of
    /// empty files is topped up (see `files`), and the folders get the start
    /// of today as their times.
    pub fn sweep(&self) -> Result<Swept, StoreError> {
        let Inner { db, files, .. } = &*self.inner;
        let made = files.top_up_tomorrow()?;
        let written = db.take_written();
        if !written && made == 0 {
            return Ok(Swept::default());
        }
        let today = OffsetDateTime::now_utc().date();
        let mut swept = Swept {
            pool_files_made: made,
            ..Swept::default()
        };
        if written {
            let hidden = self.restamp_tips().and_then(|restamped| {
                db.rewrite()?;
                Ok(restamped)
            });
            match hidden {
                Ok(restamped) => {
                    swept.restamped = restamped;
                    swept.rewritten = true;
                }
                Err(err) => {
                    // Still to hide: the next sweep tries again.
                    db.mark_written();
                    return Err(err);
                }
            }
        }
        for folder in [files.dir().to_path_buf(), db.folder()?, db.store_dir()] {
            TipFiles::stamp(&folder, start_of(today))?;
        }
        Ok(swept)
    }

    /// Sets every tip file's access and modification times to the start of
    /// its day, in random order; returns how many.
    fn restamp_tips(&self) -> Result<usize, StoreError> {
        let files = &self.inner.files;
        let mut tips = self.list()?;
        tips.shuffle(&mut rand::thread_rng());
        let mut restamped = 0;
        for tip in &tips {
            let day = parse_date(&tip.received)?;
            match TipFiles::stamp(&files.path_of(&tip.id), start_of(day)) {
                Ok(()) => restamped += 1,
                // Deleted since the listing.
                Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                Err(err) => return Err(err.into()),
            }
        }
        Ok(restamped)
    }

    /// Blocks until every write made before the call is on disk: the
    /// `tips` folder's entries first, then sled.
    fn wait_durable(&self) -> Result<(), StoreError> {
        let Inner { db, files, .. } = &*self.inner;
        self.inner.group_commit.wait_durable(|| {
            files.sync()?;
            db.flush()?;
            Ok(())
        })
    }

    /// Records a tip whose file is whole and synced, and makes the record
    /// durable: from now on the tip is listed and survives a crash.
    fn commit_record(
        &self,
        id: &TipId,
        size: u64,
        received: &str,
        key_set: Option<KeySetId>,
    ) -> Result<(), StoreError> {
        let mut batch = sled::Batch::default();
        if let Some(key_set) = key_set {
            batch.insert(&key(KEY_SET, id), &key_set.0);
        }
        batch.insert(&key(TIP, id), encode_record(size, received));
        self.inner.db.apply_batch(batch)?;
        self.wait_durable()
    }

    /// Reserves `n` more bytes for an upload of `current` bytes so far.
    fn reserve(&self, current: u64, n: u64) -> Result<(), StoreError> {
        if current.saturating_add(n) > self.inner.limits.max_tip_bytes {
            return Err(StoreError::TooLarge);
        }
        let max = self.inner.limits.max_store_bytes;
        self.inner
            .used
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |used| {
                used.checked_add(n).filter(|&total| total <= max)
            })
            .map(|_| ())
            .map_err(|_| StoreError::Full)
    }
}

/// Removes what a crash left half-done: records whose file is missing or
/// short (never acknowledged), key-set records without a tip, uploads
/// without their file; files that no tip or upload owns go (emptied) to
/// the pool. Returns how many things it removed or emptied.
fn collect_interrupted(db: &Index, files: &TipFiles) -> Result<usize, StoreError> {
    let mut removed = 0;
    let mut owned = HashSet::new();
    for entry in db.scan_prefix([TIP]) {
        let (key, value) = entry?;
        let record = decode_record(id_from_key(&key)?, &value)?;
        if files.len(&record.id)? == Some(record.size) {
            owned.insert(record.id);
        } else {
            db.remove(&key)?;
            removed += 1;
        }
    }
    for key in db.scan_prefix([KEY_SET]).keys() {
        let key = key?;
        if !owned.contains(&id_from_key(&key)?) {
            db.remove(key)?;
        }
    }
    removed += uploads::collect_interrupted(db, files, &mut owned)?;
    for id in files.ids()? {
        if !owned.contains(&id) && files.adopt(&id)? {
            removed += 1;
        }
    }
    Ok(removed)
}

/// One tip being stored. Write the ciphertext, then [`Upload::commit`];
/// dropping it uncommitted removes everything it wrote.
pub struct Upload {
    store: Store,
    id: TipId,
    file: File,
    buffer: Vec<u8>,
    size: u64,
    committed: bool,
}

impl Upload {
    /// Stores `bytes`, refusing past the per-tip and total caps.
    pub fn append(&mut self, mut bytes: &[u8]) -> Result<(), StoreError> {
        self.store.reserve(self.size, bytes.len() as u64)?;
        self.size += bytes.len() as u64;
        while !bytes.is_empty() {
            let room = CHUNK_BYTES - self.buffer.len();
            let (now, later) = bytes.split_at(room.min(bytes.len()));
            self.buffer.extend_from_slice(now);
            bytes = later;
            if self.buffer.len() == CHUNK_BYTES {
                self.write_buffer()?;
            }
        }
        Ok(())
    }

    /// Bytes written so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    fn write_buffer(&mut self) -> Result<(), StoreError> {
        self.file.write_all(&self.buffer)?;
        self.buffer.clear();
        Ok(())
    }

    /// Makes the tip visible and durable; returns only after its file,
    /// the `tips` folder and sled were flushed.
    pub fn commit(self) -> Result<TipId, StoreError> {
        let received = received_today(self.store.inner.limits.date_granularity);
        let key_set = *self
            .store
            .inner
            .key_set
            .read()
            .expect("key set lock poisoned");
        self.commit_as(received, key_set)
    }

    fn commit_as(
        mut self,
        received: String,
        key_set: Option<KeySetId>,
    ) -> Result<TipId, StoreError> {
        self.write_buffer()?;
        // The bytes first: a record must never reach the disk before them.
        self.file.sync_all()?;
        self.store
            .commit_record(&self.id, self.size, &received, key_set)?;
        self.committed = true;
        Ok(self.id)
    }
}

impl Write for Upload {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.append(buf)?;
        Ok(buf.len())
    }
    /// Durability comes from [`Upload::commit`], not from `flush`.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for Upload {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        self.store.inner.used.fetch_sub(self.size, Ordering::SeqCst);
        let Inner { db, files, .. } = &*self.store.inner;
        let cleanup = (|| -> Result<(), StoreError> {
            // The records exist only if a commit failed in its flush.
            let mut batch = sled::Batch::default();
            batch.remove(&key(TIP, &self.id));
            batch.remove(&key(KEY_SET, &self.id));
            db.apply_batch(batch)?;
            files.adopt(&self.id)?;
            Ok(())
        })();
        if let Err(err) = cleanup {
            // The next start-up collects what is left.
            tracing::warn!(error = %err, "could not remove an abandoned upload");
        }
    }
}

/// Reads a stored tip's ciphertext from its file.
pub struct TipReader {
    file: io::Take<File>,
}

impl Read for TipReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.file.read(buf)
    }
}

#[cfg(test)]
mod tests;
