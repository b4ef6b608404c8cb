//! Retention: tips older than `[retention] max_age_days` are removed at
//! start-up and then every hour, so that a seized server holds only recent
//! tips even when the newsroom forgets to delete what it exported.
use std::time::Duration;

use time::OffsetDateTime;

use super::config::RetentionSettings;
use crate::store::{Store, StoreError};

/// How often the periodic removal runs.
const PERIOD: Duration = Duration::from_secs(60 * 60);

/// Removes the tips that are already too old, then spawns the hourly
/// removal on the current tokio runtime. Does nothing when retention is off.
pub fn start(store: &Store, settings: &RetentionSettings) -> Result<(), StoreError> {
    let days = settings.max_age_days;
    if days == 0 {
        return Ok(());
    }
    remove_expired(store, days)?;
    let store = store.clone();
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(PERIOD);
        interval.tick().await; // the first tick is immediate: done above
        loop {
            interval.tick().await;
            let store = store.clone();
            let outcome = tokio::task::spawn_blocking(move || remove_expired(&store, days)).await;
            if let Ok(Err(err)) = outcome {
                tracing::warn!(error = %err, "retention: could not remove old tips");
            }
        }
    });
    Ok(())
}

/// Removes the tips received more than `days` days before today.
pub fn remove_expired(store: &Store, days: u32) -> Result<usize, StoreError> {
    let cutoff = OffsetDateTime::now_utc().date() - time::Duration::days(i64::from(days));
    let removed = store.remove_received_before(cutoff)?;
    if removed > 0 {
        tracing::info!(removed, max_age_days = days, "retention: removed old tips");
    }
    Ok(removed)
}
