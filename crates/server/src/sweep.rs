//! The arrival-window sweep: every `[storage] arrival_window_secs` the store
//! hides when and in which order the window's tips arrived
//! ([`Store::sweep`]), and the data folder and the no-JavaScript spool
//! folder get the start of the day as their times (their modification time
//! was the moment of the last file created or removed in them).
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use time::OffsetDateTime;

use crate::store::{Store, StoreError};

/// Spawns the periodic sweep on the current tokio runtime.
pub fn start(store: &Store, data_dir: &Path, window: Duration) {
    let store = store.clone();
    let folders = [data_dir.to_path_buf(), super::nojs::spool_dir(data_dir)];
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(window);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        interval.tick().await; // the first tick is immediate: nothing to hide yet
        loop {
            interval.tick().await;
            let (store, folders) = (store.clone(), folders.clone());
            let outcome = tokio::task::spawn_blocking(move || sweep(&store, &folders)).await;
            if let Ok(Err(err)) = outcome {
                // No time or count of arrivals: only that a sweep failed.
                tracing::warn!(error = %err, "the arrival-window sweep failed");
            }
        }
    });
}

fn sweep(store: &Store, folders: &[PathBuf]) -> Result<(), StoreError> {
    store.sweep()?;
    // Every window, not only after tips: a refused no-JavaScript upload
    // also creates and removes a spool file.
    let today: SystemTime = OffsetDateTime::now_utc()
        .date()
        .midnight()
        .assume_utc()
        .into();
    for folder in folders {
        match std::fs::File::open(folder) {
            Ok(dir) => dir.set_times(
                std::fs::FileTimes::new()
                    .set_accessed(today)
                    .set_modified(today),
            )?,
            // The spool folder appears with the first no-JavaScript tip.
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => return Err(err.into()),
        }
    }
    Ok(())
}
