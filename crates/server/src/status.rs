//! `GET /v1/status` on the newsroom listener: what an operator or a
//! transfer station needs to know without the web pages or an export.
//!
//! `{"tips_waiting", "bytes_used", "bytes_free", "max_store_bytes",
//! "oldest_tip_received", "key_sets": {"<id>": tips, …}, "current_key_set",
//! "version"}`. Nothing in it is finer than the store already keeps: counts,
//! sizes and the coarsened arrival date of the oldest tip.
use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::store::{Store, StoreError};
use tipbox_core::bundle::KeySetId;
use tipbox_core::envelope::Recipient;

#[derive(Debug, Serialize)]
pub struct Status {
    pub tips_waiting: usize,
    pub bytes_used: u64,
    /// Free space on the store's disk (what `tipbox-server check` compares
    /// with `max_store_bytes`); `null` when it cannot be read.
    pub bytes_free: Option<u64>,
    pub max_store_bytes: u64,
    /// The coarsened arrival date (`YYYY-MM-DD`) of the oldest waiting tip.
    pub oldest_tip_received: Option<String>,
    /// Waiting tips per key set (tips stored before key sets were recorded
    /// count under `"unknown"`).
    pub key_sets: BTreeMap<String, usize>,
    /// The key set new tips are checked against.
    pub current_key_set: String,
    pub version: &'static str,
}

/// Reads the status of `store` (blocking: run it off the async workers).
pub fn read(
    store: &Store,
    recipients: &[Recipient],
    data_dir: &Path,
    max_store_bytes: u64,
) -> Result<Status, StoreError> {
    let tips = store.list()?;
    let mut key_sets = BTreeMap::new();
    for tip in &tips {
        let set = store
            .key_set_of(&tip.id)?
            .map_or_else(|| "unknown".to_owned(), |id| id.to_string());
        *key_sets.entry(set).or_insert(0) += 1;
    }
    let texts: Vec<String> = recipients.iter().map(ToString::to_string).collect();
    Ok(Status {
        tips_waiting: tips.len(),
        bytes_used: store.used_bytes(),
        bytes_free: super::readiness::free_bytes(data_dir).ok(),
        max_store_bytes,
        oldest_tip_received: tips.iter().map(|t| t.received.clone()).min(),
        key_sets,
        current_key_set: KeySetId::of(&texts).to_string(),
        version: env!("CARGO_PKG_VERSION"),
    })
}
