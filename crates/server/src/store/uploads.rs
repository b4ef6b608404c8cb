//! Resumable uploads (`web/PROTOCOL.md`): a tip's ciphertext arrives in
//! numbered parts over many requests, each part durable before it is
//! acknowledged, and the finished upload becomes a tip through the same
//! commit as a single-request tip ([`Upload::commit`]).
//!
//! Layout, beside the store's own keys:
//!
//! | key | value |
//! | --- | --- |
//! | `u` upload id | [`Record`]: tip id, size, part size, parts received, coarse stamp, finished |
//!
//! The parts' ciphertext goes into the tip's file (created empty by
//! [`Uploads::begin`]); part `n` always lands at offset `n × part size`, so
//! storing a part twice after a crash overwrites rather than duplicates.
//!
//! Why it is safe:
//! - *An upload id is a capability*: 128 random bits, known only to its
//!   uploader, never logged; the tip gets a different random id, so the
//!   newsroom's tip ids say nothing about upload ids.
//! - *A crash between a part's write and its flush* loses at most that
//!   unacknowledged part: a part's bytes are synced before the record
//!   counts it, so the record never claims more than the file holds.
//! - *Abandoned uploads* expire after the configured time without a part
//!   ([`UploadPolicy::expiry`]), and within minutes if no part ever came
//!   ([`UploadPolicy::unstarted_expiry`]); they are collected at start-up
//!   and periodically, and their space is released.
//! - *Phantom reservations*: space is counted as parts arrive, not when an
//!   upload starts (a start only checks that its size fits now), so empty
//!   uploads declaring 500 MB each cannot fill the storage cap; a part that
//!   no longer fits evicts the idlest other upload holding bytes, or is
//!   refused (507).
//! - *Floods of starts*: at most [`UploadPolicy::max_open`] uploads are
//!   open; one more evicts the idlest (never one receiving a part right
//!   now, see `open_uploads`), so records and files stay bounded.
//! - *Timing*: the only time kept is a stamp rounded to a 24th of the expiry
//!   (an hour by default), removed with the record. A finished upload's
//!   record keeps neither its tip id nor that stamp: it becomes a marker
//!   stamped with the start of the day, kept a day longer than the expiry
//!   so that a finish retried after a lost answer (or a crash) is still
//!   recognised.
use std::collections::HashSet;
use std::os::unix::fs::FileExt;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::files::TipFiles;
use super::index::Index;
use super::open_uploads::OpenUploads;
pub use super::open_uploads::Receiving;
use super::{key, Store, StoreError, Upload, CHUNK_BYTES, TIP};
use tipbox_core::bundle::TipId;

const UPLOAD: u8 = b'u';

const DAY_SECS: u64 = 24 * 60 * 60;

/// Part size the server offers: a lost part costs seconds over Tor, and it
/// always holds the whole age header.
pub const DEFAULT_PART_BYTES: u64 = 1024 * 1024;

/// How resumable uploads behave.
#[derive(Clone, Copy, Debug)]
pub struct UploadPolicy {
    /// Bytes per part: a whole number of [`CHUNK_BYTES`].
    pub part_size: u64,
    /// An upload with no part for this long is removed.
    pub expiry: Duration,
    /// An upload that never received a part is removed after this.
    pub unstarted_expiry: Duration,
    /// Open uploads at most; one more evicts the idlest.
    pub max_open: usize,
}

impl Default for UploadPolicy {
    fn default() -> Self {
        UploadPolicy {
            part_size: DEFAULT_PART_BYTES,
            expiry: Duration::from_secs(24 * 60 * 60),
            unstarted_expiry: Duration::from_secs(10 * 60),
            max_open: 256,
        }
    }
}

/// The 128-bit random handle on one upload. Deliberately has no `Display`:
/// it must never reach a log line by accident.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct UploadId([u8; 16]);

impl UploadId {
    /// The id as it appears in URLs (32 lowercase hex digits).
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// Parses [`UploadId::to_hex`]'s form; anything else is no id.
    pub fn from_hex(text: &str) -> Option<UploadId> {
        if text.len() != 32 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let bytes = hex::decode(text.to_ascii_lowercase()).ok()?;
        Some(UploadId(bytes.try_into().ok()?))
    }
}

impl std::fmt::Debug for UploadId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UploadId(..)")
    }
}

/// Where an upload stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UploadStatus {
    pub size: u64,
    pub part_size: u64,
    /// Parts stored, all contiguous from part 0.
    pub received_parts: u32,
    pub finished: bool,
}

impl UploadStatus {
    /// `ceil(size / part_size)`.
    pub fn parts(&self) -> u32 {
        self.size.div_ceil(self.part_size) as u32
    }

    /// The exact length part `n` must have.
    pub fn part_len(&self, n: u32) -> u64 {
        let start = u64::from(n) * self.part_size;
        self.part_size.min(self.size.saturating_sub(start))
    }
}

/// What storing a part did.
#[derive(Debug, PartialEq, Eq)]
pub enum PartStored {
    /// Stored and flushed now.
    Stored,
    /// Stored earlier: nothing was written again.
    AlreadyStored,
}

#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("no such upload (unknown or expired)")]
    NotFound,
    #[error("expected part {expected}")]
    OutOfOrder { expected: u32 },
    #[error("the upload has only {parts} parts")]
    NoSuchPart { parts: u32 },
    #[error("part {part} must be {expected} bytes")]
    WrongLength { part: u32, expected: u64 },
    #[error("parts are missing: {received} of {parts} received")]
    PartsMissing { received: u32, parts: u32 },
    #[error("another request for this upload is in progress")]
    Busy,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The resumable-upload side of a [`Store`]. Cheap to clone.
#[derive(Clone)]
pub struct Uploads {
    store: Store,
    policy: UploadPolicy,
    /// Uploads with a request being stored right now: a retry that races
    /// its own lost predecessor waits its turn instead of interleaving.
    busy: Arc<Mutex<HashSet<UploadId>>>,
    /// The open uploads, for the cap, eviction and the unstarted expiry.
    open: Arc<OpenUploads>,
}

/// The `u` record of one upload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Record {
    tip: TipId,
    size: u64,
    part_size: u64,
    received_parts: u32,
    /// Last activity, seconds since the epoch rounded down (see `stamp`).
    stamp: u64,
    finished: bool,
}

const RECORD_LEN: usize = 16 + 8 + 8 + 4 + 8 + 1;

impl Record {
    fn encode(&self) -> [u8; RECORD_LEN] {
        let mut out = [0; RECORD_LEN];
        out[..16].copy_from_slice(&self.tip.0);
        out[16..24].copy_from_slice(&self.size.to_be_bytes());
        out[24..32].copy_from_slice(&self.part_size.to_be_bytes());
        out[32..36].copy_from_slice(&self.received_parts.to_be_bytes());
        out[36..44].copy_from_slice(&self.stamp.to_be_bytes());
        out[44] = u8::from(self.finished);
        out
    }

    fn decode(value: &[u8]) -> Result<Record, StoreError> {
        let value: &[u8; RECORD_LEN] = value
            .try_into()
            .map_err(|_| StoreError::Corrupt("upload record length"))?;
        let u64_at = |at: usize| u64::from_be_bytes(value[at..at + 8].try_into().expect("8 bytes"));
        Ok(Record {
            tip: TipId(value[..16].try_into().expect("16 bytes")),
            size: u64_at(16),
            part_size: u64_at(24),
            received_parts: u32::from_be_bytes(value[32..36].try_into().expect("4 bytes")),
            stamp: u64_at(36),
            finished: value[44] != 0,
        })
    }

    /// Ciphertext bytes stored in the upload's file (counted as used).
    fn received_bytes(&self) -> u64 {
        (u64::from(self.received_parts) * self.part_size).min(self.size)
    }

    /// What a finished upload keeps: no tip id, and the day, not the hour.
    fn finished_marker(&self) -> Record {
        Record {
            tip: TipId([0; 16]),
            received_parts: self.status().parts(),
            stamp: now_secs() / DAY_SECS * DAY_SECS,
            finished: true,
            ..*self
        }
    }

    fn status(&self) -> UploadStatus {
        UploadStatus {
            size: self.size,
            part_size: self.part_size,
            received_parts: self.received_parts,
            finished: self.finished,
        }
    }
}

fn id_from_upload_key(key: &[u8]) -> Result<UploadId, StoreError> {
    Ok(UploadId(
        key.get(1..17)
            .and_then(|b| b.try_into().ok())
            .ok_or(StoreError::Corrupt("short upload key"))?,
    ))
}

fn upload_key(id: &UploadId) -> [u8; 17] {
    let mut key = [0; 17];
    key[0] = UPLOAD;
    key[1..].copy_from_slice(&id.0);
    key
}

/// Bytes stored by unfinished uploads: [`Store::open`] counts them as used.
pub(super) fn reserved_bytes(db: &Index) -> Result<u64, StoreError> {
    let mut reserved = 0;
    for value in db.scan_prefix([UPLOAD]).values() {
        let record = Record::decode(&value?)?;
        if !record.finished && !db.contains_key(key(TIP, &record.tip))? {
            reserved += record.received_bytes();
        }
    }
    Ok(reserved)
}

/// Start-up: forgets unfinished uploads whose file is missing (their
/// `begin` was never acknowledged), turns the records of uploads whose tip
/// is stored into finished markers (a crash came before `finish` did), and
/// adds the tips of the others to `owned`, the files that stay. Returns how
/// many uploads it forgot.
pub(super) fn collect_interrupted(
    db: &Index,
    files: &TipFiles,
    owned: &mut HashSet<TipId>,
) -> Result<usize, StoreError> {
    let mut forgotten = 0;
    for entry in db.scan_prefix([UPLOAD]) {
        let (key, value) = entry?;
        let record = Record::decode(&value)?;
        if record.finished {
            continue;
        }
        if db.contains_key(super::key(TIP, &record.tip))? {
            db.insert(&key, &record.finished_marker().encode()[..])?;
            continue;
        }
        if files.len(&record.tip)?.is_some() {
            owned.insert(record.tip);
        } else {
            db.remove(key)?;
            forgotten += 1;
        }
    }
    Ok(forgotten)
}

/// Holds an upload in the busy set while a request on it is stored.
struct BusyGuard<'a> {
    busy: &'a Mutex<HashSet<UploadId>>,
    id: UploadId,
}

impl Drop for BusyGuard<'_> {
    fn drop(&mut self) {
        self.busy.lock().expect("busy set lock").remove(&self.id);
    }
}

impl Uploads {
    /// The uploads of `store`, with the open ones found in its records.
    ///
    /// # Panics
    /// If `policy.part_size` is not a positive whole number of [`CHUNK_BYTES`]
    /// (a configuration the server never builds).
    pub fn new(store: Store, policy: UploadPolicy) -> Result<Uploads, StoreError> {
        assert!(
            policy.part_size > 0 && policy.part_size.is_multiple_of(CHUNK_BYTES as u64),
            "part size must be a whole number of 64 KiB blocks"
        );
        let open = Arc::new(OpenUploads::default());
        let db = &store.inner.db;
        for entry in db.scan_prefix([UPLOAD]) {
            let (key, value) = entry?;
            let record = Record::decode(&value)?;
            if !record.finished && !db.contains_key(super::key(TIP, &record.tip))? {
                open.insert(id_from_upload_key(&key)?, record.received_bytes());
            }
        }
        Ok(Uploads {
            store,
            policy,
            busy: Arc::default(),
            open,
        })
    }

    pub fn policy(&self) -> UploadPolicy {
        self.policy
    }

    /// Starts an upload of `size` bytes if they fit now (counted as they
    /// arrive), evicting the idlest uploads when the open-upload cap or the
    /// space asks for it.
    pub fn begin(&self, size: u64) -> Result<UploadId, StoreError> {
        let limits = self.store.inner.limits;
        if size > limits.max_tip_bytes {
            return Err(StoreError::TooLarge);
        }
        let id = UploadId(rand::random());
        while !self.open.admit(id, self.policy.max_open.max(1)) {
            if !self.evict_idlest(None, false)? {
                return Err(StoreError::Full);
            }
        }
        let created = self.create(id, size);
        match created {
            Ok(()) => self.open.created(&id),
            Err(_) => self.open.remove(&id),
        }
        created.map(|()| id)
    }

    /// Writes a new upload's record, durably, once it is admitted; its file
    /// comes from the pool made ahead of time (see `files`).
    fn create(&self, id: UploadId, size: u64) -> Result<(), StoreError> {
        let limits = self.store.inner.limits;
        while self.store.used_bytes().saturating_add(size) > limits.max_store_bytes {
            if !self.evict_idlest(Some(&id), true)? {
                return Err(StoreError::Full);
            }
        }
        let inner = &self.store.inner;
        let (tip, _file) = inner.files.take()?;
        let record = Record {
            tip,
            size,
            part_size: self.policy.part_size,
            received_parts: 0,
            stamp: self.stamp(),
            finished: false,
        };
        let stored = inner
            .db
            .insert(upload_key(&id), &record.encode()[..])
            .map_err(StoreError::from)
            .and_then(|_| self.store.wait_durable());
        if let Err(err) = stored {
            let _ = inner.db.remove(upload_key(&id));
            let _ = inner.files.remove(&tip);
            return Err(err);
        }
        Ok(())
    }

    /// Marks `id` as receiving a part until the guard is dropped: the
    /// upload is not evicted meanwhile.
    pub fn receiving(&self, id: &UploadId) -> Receiving {
        self.open.receiving(id)
    }

    /// Removes the idlest open upload (other than `except`; holding stored
    /// bytes when `holding_bytes`) to make room; false if none can go.
    fn evict_idlest(
        &self,
        except: Option<&UploadId>,
        holding_bytes: bool,
    ) -> Result<bool, StoreError> {
        for victim in self.open.by_idleness(except, holding_bytes) {
            let Ok(_busy) = self.lock(&victim) else {
                continue; // being written right now: not idle
            };
            let Some(value) = self.store.inner.db.get(upload_key(&victim))? else {
                self.open.remove(&victim);
                continue;
            };
            self.remove(&victim, &Record::decode(&value)?)?;
            self.store.wait_durable()?;
            return Ok(true);
        }
        Ok(false)
    }

    /// Where the upload stands; expired uploads are removed and not found.
    pub fn status(&self, id: &UploadId) -> Result<UploadStatus, UploadError> {
        Ok(self.live_record(id)?.status())
    }

    /// Stores part `n` durably, or confirms that it was stored before.
    /// The caller checks the content (the age header of part 0).
    pub fn put_part(&self, id: &UploadId, n: u32, bytes: &[u8]) -> Result<PartStored, UploadError> {
        let _busy = self.lock(id)?;
        let mut record = self.live_record(id)?;
        let status = record.status();
        if n < record.received_parts {
            return Ok(PartStored::AlreadyStored);
        }
        if n >= status.parts() {
            return Err(UploadError::NoSuchPart {
                parts: status.parts(),
            });
        }
        if n > record.received_parts {
            return Err(UploadError::OutOfOrder {
                expected: record.received_parts,
            });
        }
        let expected = status.part_len(n);
        if bytes.len() as u64 != expected {
            return Err(UploadError::WrongLength { part: n, expected });
        }
        // The part's space is counted now that it arrived; when the store
        // is full, idle uploads holding bytes make room before it is refused.
        let held = record.received_bytes();
        loop {
            match self.store.reserve(held, expected) {
                Ok(()) => break,
                Err(StoreError::Full) if self.evict_idlest(Some(id), true)? => {}
                Err(err) => return Err(err.into()),
            }
        }
        let stored = self.write_part(id, &mut record, n, bytes);
        if stored.is_err() {
            self.store.inner.used.fetch_sub(expected, Ordering::SeqCst);
        }
        stored?;
        self.open.stored(id, record.received_bytes());
        Ok(PartStored::Stored)
    }

    /// Writes and syncs part `n`, then records it, durably.
    fn write_part(
        &self,
        id: &UploadId,
        record: &mut Record,
        n: u32,
        bytes: &[u8],
    ) -> Result<(), UploadError> {
        let file = self
            .store
            .inner
            .files
            .open_for_parts(&record.tip)
            .map_err(StoreError::from)?;
        file.write_all_at(bytes, u64::from(n) * record.part_size)
            .and_then(|()| file.sync_data())
            .map_err(StoreError::from)?;
        // Only now that the part is on disk may the record count it.
        let db = &self.store.inner.db;
        record.received_parts = n + 1;
        record.stamp = self.stamp();
        db.insert(upload_key(id), &record.encode()[..])
            .map_err(StoreError::from)?;
        self.store.wait_durable()?;
        Ok(())
    }

    /// Turns a complete upload into a tip, durably; again `Ok` for an
    /// upload finished before (its first answer may have been lost).
    pub fn finish(&self, id: &UploadId) -> Result<(), UploadError> {
        let _busy = self.lock(id)?;
        let record = self.live_record(id)?;
        if record.finished {
            return Ok(());
        }
        let parts = record.status().parts();
        if record.received_parts < parts {
            return Err(UploadError::PartsMissing {
                received: record.received_parts,
                parts,
            });
        }
        // The single-request commit path: the same record, the same flush.
        // The space was counted part by part, and this tip now keeps it.
        let db = &self.store.inner.db;
        let committed = self
            .store
            .inner
            .files
            .open_for_parts(&record.tip)
            .map_err(StoreError::from)
            .and_then(|file| {
                Upload {
                    store: self.store.clone(),
                    id: record.tip,
                    file,
                    buffer: Vec::new(),
                    size: record.size,
                    committed: false,
                }
                .commit()
            });
        if let Err(err) = committed {
            // The dropped upload removed its file and released the space;
            // the record would only point at nothing now.
            let _ = db.remove(upload_key(id));
            self.open.remove(id);
            return Err(err.into());
        }
        // Not flushed on its own: if a crash loses it, the committed tip
        // record still tells `live_record` that the upload is finished, and
        // start-up makes the marker.
        self.open.remove(id);
        db.insert(upload_key(id), &record.finished_marker().encode()[..])
            .map_err(StoreError::from)?;
        Ok(())
    }

    /// Removes every upload idle for longer than the expiry, releasing
    /// its space; finished ones are forgotten (their tips stay).
    pub fn remove_expired(&self) -> Result<usize, StoreError> {
        let db = &self.store.inner.db;
        let mut removed = 0;
        for id in self.open.unstarted_older_than(self.policy.unstarted_expiry) {
            let Ok(_busy) = self.lock(&id) else { continue };
            if let Some(value) = db.get(upload_key(&id))? {
                self.remove(&id, &Record::decode(&value)?)?;
                removed += 1;
            } else {
                self.open.remove(&id);
            }
        }
        for entry in db.scan_prefix([UPLOAD]) {
            let (key, value) = entry?;
            let record = Record::decode(&value)?;
            if self.is_expired(&record) {
                let id = UploadId(
                    key[1..]
                        .try_into()
                        .map_err(|_| StoreError::Corrupt("short key"))?,
                );
                let _busy = match self.lock(&id) {
                    Ok(guard) => guard,
                    Err(_) => continue, // being written right now: not idle
                };
                self.remove(&id, &record)?;
                removed += 1;
            }
        }
        if removed > 0 {
            self.store.wait_durable()?;
        }
        Ok(removed)
    }

    /// Number of uploads remembered (running or recently finished).
    pub fn count(&self) -> usize {
        self.store.inner.db.scan_prefix([UPLOAD]).count()
    }

    /// Number of open uploads (started, not finished).
    pub fn open_count(&self) -> usize {
        self.open.len()
    }

    fn lock(&self, id: &UploadId) -> Result<BusyGuard<'_>, UploadError> {
        if !self.busy.lock().expect("busy set lock").insert(*id) {
            return Err(UploadError::Busy);
        }
        Ok(BusyGuard {
            busy: &self.busy,
            id: *id,
        })
    }

    /// The record of an upload that exists and has not expired.
    fn live_record(&self, id: &UploadId) -> Result<Record, UploadError> {
        let db = &self.store.inner.db;
        let value = db
            .get(upload_key(id))
            .map_err(StoreError::from)?
            .ok_or(UploadError::NotFound)?;
        let mut record = Record::decode(&value)?;
        let unstarted_too_long = self
            .open
            .is_stale_unstarted(id, self.policy.unstarted_expiry);
        if self.is_expired(&record) || unstarted_too_long {
            self.remove(id, &record)?;
            return Err(UploadError::NotFound);
        }
        // A crash may have lost the finished flag, never the tip record.
        record.finished |= db
            .contains_key(key(TIP, &record.tip))
            .map_err(StoreError::from)?;
        Ok(record)
    }

    fn remove(&self, id: &UploadId, record: &Record) -> Result<(), StoreError> {
        let db = &self.store.inner.db;
        let committed = record.finished || db.contains_key(key(TIP, &record.tip))?;
        if !committed {
            self.store.inner.files.remove(&record.tip)?;
        }
        // Removed last: until then a crash leaves the record, and the next
        // collection finishes the job.
        db.remove(upload_key(id))?;
        self.open.remove(id);
        if !committed {
            self.store
                .inner
                .used
                .fetch_sub(record.received_bytes(), Ordering::SeqCst);
        }
        Ok(())
    }

    fn is_expired(&self, record: &Record) -> bool {
        let mut expiry = self.policy.expiry.as_secs();
        if record.finished {
            // Stamped with the start of its day: the day is added back.
            expiry += DAY_SECS;
        }
        now_secs().saturating_sub(record.stamp) > expiry
    }

    /// Now, rounded down to a 24th of the expiry (at least a second): the
    /// store keeps no exact time of a source's activity.
    fn stamp(&self) -> u64 {
        let granularity = (self.policy.expiry.as_secs() / 24).max(1);
        now_secs() / granularity * granularity
    }
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{DateGranularity, StoreLimits};
    use std::io::Read;

    const PART: u64 = CHUNK_BYTES as u64;

    fn limits() -> StoreLimits {
        StoreLimits {
            max_tip_bytes: 10 * PART,
            max_store_bytes: 20 * PART,
            date_granularity: DateGranularity::Day,
        }
    }

    fn uploads(path: &std::path::Path, expiry: Duration) -> Uploads {
        uploads_with(
            path,
            UploadPolicy {
                part_size: PART,
                expiry,
                ..UploadPolicy::default()
            },
        )
    }

    fn uploads_with(path: &std::path::Path, policy: UploadPolicy) -> Uploads {
        Uploads::new(Store::open(path, limits()).unwrap(), policy).unwrap()
    }

    /// Files in the store's `tips` folder: one per open upload or tip.
    fn tip_files(uploads: &Uploads) -> usize {
        uploads.store.inner.files.ids().unwrap().len()
    }

    fn bytes(len: u64, seed: u8) -> Vec<u8> {
        (0..len)
            .map(|i| (i as u8).wrapping_mul(31) ^ seed)
            .collect()
    }

    #[test]
    fn parts_in_order_become_a_tip_with_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let uploads = uploads(dir.path(), Duration::from_secs(3600));
        let content = bytes(2 * PART + 100, 7);
        let id = uploads.begin(content.len() as u64).unwrap();
        for (n, part) in content.chunks(PART as usize).enumerate() {
            assert_eq!(
                uploads.put_part(&id, n as u32, part).unwrap(),
                PartStored::Stored
            );
        }
        uploads.finish(&id).unwrap();
        let tips = uploads.store.list().unwrap();
        assert_eq!(tips.len(), 1);
        let (record, mut reader) = uploads.store.read(&tips[0].id).unwrap();
        assert_eq!(record.size, content.len() as u64);
        let mut stored = Vec::new();
        reader.read_to_end(&mut stored).unwrap();
        assert_eq!(stored, content);
        assert_eq!(uploads.store.used_bytes(), content.len() as u64);
    }

    #[test]
    fn repeated_part_is_not_stored_again_and_skipped_part_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let uploads = uploads(dir.path(), Duration::from_secs(3600));
        let id = uploads.begin(3 * PART).unwrap();
        uploads.put_part(&id, 0, &bytes(PART, 1)).unwrap();
        // A different body for part 0 must not replace what was confirmed.
        assert_eq!(
            uploads.put_part(&id, 0, &bytes(PART, 2)).unwrap(),
            PartStored::AlreadyStored
        );
        assert!(matches!(
            uploads.put_part(&id, 2, &bytes(PART, 3)),
            Err(UploadError::OutOfOrder { expected: 1 })
        ));
        assert!(matches!(
            uploads.put_part(&id, 1, &bytes(PART - 1, 3)),
            Err(UploadError::WrongLength { part: 1, .. })
        ));
        assert_eq!(uploads.status(&id).unwrap().received_parts, 1);
        let tip = uploads.live_record(&id).unwrap().tip;
        let mut stored = Vec::new();
        let files = &uploads.store.inner.files;
        files
            .open_for_reading(&tip)
            .unwrap()
            .read_to_end(&mut stored)
            .unwrap();
        assert_eq!(stored, bytes(PART, 1));
    }

    #[test]
    fn size_over_the_tip_cap_is_refused_at_the_start() {
        let dir = tempfile::tempdir().unwrap();
        let uploads = uploads(dir.path(), Duration::from_secs(3600));
        assert!(matches!(
            uploads.begin(11 * PART),
            Err(StoreError::TooLarge)
        ));
    }

    #[test]
    fn phantom_reservations_do_not_fill_the_store() {
        // Issue 12, item 1: empty uploads declaring the largest size once
        // reserved the whole cap with nothing on disk.
        let dir = tempfile::tempdir().unwrap();
        let uploads = uploads(dir.path(), Duration::from_secs(3600));
        for _ in 0..10 {
            uploads.begin(10 * PART).unwrap();
        }
        assert_eq!(uploads.store.used_bytes(), 0);
        let id = uploads.begin(PART).unwrap();
        uploads.put_part(&id, 0, &bytes(PART, 1)).unwrap();
        uploads.finish(&id).unwrap();
        assert_eq!(uploads.store.used_bytes(), PART);
    }

    #[test]
    fn part_that_does_not_fit_evicts_the_idlest_upload_holding_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let uploads = uploads(dir.path(), Duration::from_secs(3600));
        let third = uploads.begin(PART).unwrap();
        let idle = uploads.begin(10 * PART).unwrap();
        for n in 0..10 {
            uploads.put_part(&idle, n, &bytes(PART, 1)).unwrap();
        }
        let busy = uploads.begin(10 * PART).unwrap();
        for n in 0..10 {
            uploads.put_part(&busy, n, &bytes(PART, 2)).unwrap();
        }
        // The store is full (20 parts); the third upload's part evicts the
        // idlest upload holding bytes, never the one it belongs to.
        uploads.put_part(&third, 0, &bytes(PART, 3)).unwrap();
        assert!(matches!(uploads.status(&idle), Err(UploadError::NotFound)));
        assert_eq!(uploads.status(&busy).unwrap().received_parts, 10);
        assert_eq!(uploads.store.used_bytes(), 11 * PART);
    }

    #[test]
    fn starts_past_the_open_cap_evict_the_idlest_but_never_one_receiving() {
        let dir = tempfile::tempdir().unwrap();
        let uploads = uploads_with(
            dir.path(),
            UploadPolicy {
                part_size: PART,
                max_open: 4,
                ..UploadPolicy::default()
            },
        );
        let receiving = uploads.begin(PART).unwrap();
        let _part_arriving = uploads.receiving(&receiving);
        let ids: Vec<_> = (0..100).map(|_| uploads.begin(PART).unwrap()).collect();
        assert_eq!(uploads.open_count(), 4);
        assert_eq!(tip_files(&uploads), 4, "files bounded by the cap");
        assert_eq!(uploads.count(), 4, "records bounded by the cap");
        assert!(uploads.status(&receiving).is_ok());
        // The newest three stay: the idlest went first.
        for id in &ids[97..] {
            assert!(uploads.status(id).is_ok());
        }
        assert!(matches!(
            uploads.status(&ids[0]),
            Err(UploadError::NotFound)
        ));
    }

    #[test]
    fn upload_without_a_part_expires_within_its_short_expiry_and_after_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let policy = UploadPolicy {
            part_size: PART,
            unstarted_expiry: Duration::from_millis(300),
            ..UploadPolicy::default()
        };
        let (unstarted, started) = {
            let uploads = uploads_with(dir.path(), policy);
            let unstarted = uploads.begin(2 * PART).unwrap();
            let started = uploads.begin(2 * PART).unwrap();
            uploads.put_part(&started, 0, &bytes(PART, 1)).unwrap();
            (unstarted, started)
        };
        // A restart: the open uploads are found again in their records.
        let uploads = uploads_with(dir.path(), policy);
        assert_eq!(uploads.open_count(), 2);
        assert_eq!(uploads.remove_expired().unwrap(), 0);
        std::thread::sleep(Duration::from_millis(400));
        assert_eq!(uploads.remove_expired().unwrap(), 1);
        assert!(matches!(
            uploads.status(&unstarted),
            Err(UploadError::NotFound)
        ));
        assert_eq!(uploads.status(&started).unwrap().received_parts, 1);
        assert_eq!(tip_files(&uploads), 1);
    }

    #[test]
    fn unexpired_upload_survives_a_restart_and_expired_one_is_removed_at_start_up() {
        let dir = tempfile::tempdir().unwrap();
        let id = {
            let uploads = uploads(dir.path(), Duration::from_secs(3600));
            let id = uploads.begin(2 * PART).unwrap();
            uploads.put_part(&id, 0, &bytes(PART, 1)).unwrap();
            id
        };
        let baseline = {
            let uploads = uploads(dir.path(), Duration::from_secs(3600));
            assert_eq!(uploads.remove_expired().unwrap(), 0);
            assert_eq!(uploads.status(&id).unwrap().received_parts, 1);
            // The stored part is counted again after the restart.
            assert_eq!(uploads.store.used_bytes(), PART);
            uploads.store.entry_count().unwrap()
        };
        assert!(baseline > 0);
        // Reopened with a zero expiry, two seconds later: the upload is stale.
        std::thread::sleep(Duration::from_millis(2100));
        let uploads = uploads(dir.path(), Duration::ZERO);
        assert_eq!(uploads.remove_expired().unwrap(), 1);
        assert_eq!(
            uploads.store.entry_count().unwrap(),
            0,
            "parts and record removed"
        );
        assert_eq!(uploads.store.used_bytes(), 0);
        assert!(matches!(uploads.status(&id), Err(UploadError::NotFound)));
    }

    #[test]
    fn finish_twice_answers_ok_and_stores_one_tip() {
        let dir = tempfile::tempdir().unwrap();
        let uploads = uploads(dir.path(), Duration::from_secs(3600));
        let id = uploads.begin(PART / 2).unwrap();
        assert!(matches!(
            uploads.finish(&id),
            Err(UploadError::PartsMissing {
                received: 0,
                parts: 1
            })
        ));
        uploads.put_part(&id, 0, &bytes(PART / 2, 9)).unwrap();
        uploads.finish(&id).unwrap();
        // What stays on disk names no tip and keeps the day, not the hour.
        let record = uploads.live_record(&id).unwrap();
        assert_eq!(record.tip, TipId([0; 16]));
        assert_eq!(record.stamp % DAY_SECS, 0);
        uploads.finish(&id).unwrap();
        assert_eq!(uploads.store.list().unwrap().len(), 1);
    }

    #[test]
    fn upload_id_text_round_trips_and_rejects_other_text() {
        let id = UploadId(rand::random());
        assert_eq!(UploadId::from_hex(&id.to_hex()), Some(id));
        assert_eq!(UploadId::from_hex("zz"), None);
        assert_eq!(UploadId::from_hex(&"g".repeat(32)), None);
        assert_eq!(format!("{id:?}"), "UploadId(..)");
    }
}
