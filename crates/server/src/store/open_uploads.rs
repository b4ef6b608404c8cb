//! The resumable uploads that are open (started, not finished), kept in
//! memory beside their sled records: how many there are, which is idlest,
//! which has a part arriving right now.
//!
//! Why in memory: the idlest upload and an unstarted upload's age must be
//! known to the second, and the store keeps no such time on disk (a seized
//! disk would date a source's activity). After a restart every open upload
//! counts as active from the start-up on, so an abandoned one is still
//! removed within `UploadPolicy::unstarted_expiry` or its normal expiry.
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use std::time::Instant;

use super::uploads::UploadId;

#[derive(Default)]
pub(super) struct OpenUploads {
    entries: Mutex<HashMap<UploadId, Entry>>,
}

struct Entry {
    /// Its start, or its last stored part.
    last_active: Instant,
    /// Ciphertext bytes stored so far (counted against the store's cap).
    bytes: u64,
    /// Requests receiving a part for it right now: never evicted meanwhile.
    receiving: u32,
}

impl OpenUploads {
    fn entries(&self) -> MutexGuard<'_, HashMap<UploadId, Entry>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn insert(&self, id: UploadId, bytes: u64) {
        self.entries().insert(
            id,
            Entry {
                last_active: Instant::now(),
                bytes,
                receiving: 0,
            },
        );
    }

    /// Counts `id` as open if fewer than `max` are: checked and counted in
    /// one step, so that concurrent starts cannot pass the cap together.
    /// The new upload is not evicted until [`OpenUploads::created`].
    pub fn admit(&self, id: UploadId, max: usize) -> bool {
        let mut entries = self.entries();
        if entries.len() >= max {
            return false;
        }
        entries.insert(
            id,
            Entry {
                last_active: Instant::now(),
                bytes: 0,
                receiving: 1,
            },
        );
        true
    }

    /// The admitted upload's file and record exist: it may be evicted.
    pub fn created(&self, id: &UploadId) {
        if let Some(entry) = self.entries().get_mut(id) {
            entry.receiving = entry.receiving.saturating_sub(1);
        }
    }

    /// A part was stored: the upload now holds `bytes`.
    pub fn stored(&self, id: &UploadId, bytes: u64) {
        if let Some(entry) = self.entries().get_mut(id) {
            entry.last_active = Instant::now();
            entry.bytes = bytes;
        }
    }

    pub fn remove(&self, id: &UploadId) {
        self.entries().remove(id);
    }

    pub fn len(&self) -> usize {
        self.entries().len()
    }

    /// The uploads that may be evicted, idlest first: all but `except` and
    /// those with a part arriving; with `holding_bytes`, only those that
    /// hold stored bytes.
    pub fn by_idleness(&self, except: Option<&UploadId>, holding_bytes: bool) -> Vec<UploadId> {
        let entries = self.entries();
        let mut candidates: Vec<_> = entries
            .iter()
            .filter(|(id, e)| {
                Some(*id) != except && e.receiving == 0 && (!holding_bytes || e.bytes > 0)
            })
            .map(|(id, e)| (e.last_active, *id))
            .collect();
        candidates.sort_unstable_by_key(|(last_active, _)| *last_active);
        candidates.into_iter().map(|(_, id)| id).collect()
    }

    /// Uploads without a stored byte whose start is older than `limit`.
    pub fn unstarted_older_than(&self, limit: Duration) -> Vec<UploadId> {
        self.entries()
            .iter()
            .filter(|(_, e)| e.bytes == 0 && e.receiving == 0 && e.last_active.elapsed() > limit)
            .map(|(id, _)| *id)
            .collect()
    }

    /// True if `id` has no stored byte and started longer than `limit` ago.
    pub fn is_stale_unstarted(&self, id: &UploadId, limit: Duration) -> bool {
        self.entries()
            .get(id)
            .is_some_and(|e| e.bytes == 0 && e.receiving == 0 && e.last_active.elapsed() > limit)
    }

    /// Marks `id` as receiving a part until the guard is dropped.
    pub fn receiving(self: &Arc<Self>, id: &UploadId) -> Receiving {
        if let Some(entry) = self.entries().get_mut(id) {
            entry.receiving += 1;
        }
        Receiving {
            open: self.clone(),
            id: *id,
        }
    }
}

/// A part is arriving for an upload: it is not evicted meanwhile.
pub struct Receiving {
    open: Arc<OpenUploads>,
    id: UploadId,
}

impl Drop for Receiving {
    fn drop(&mut self) {
        if let Some(entry) = self.open.entries().get_mut(&self.id) {
            entry.receiving = entry.receiving.saturating_sub(1);
        }
    }
}
