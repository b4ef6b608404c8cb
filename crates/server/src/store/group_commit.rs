//! Group commit: many uploads that finish at the same moment share one
//! `flush` (one `fsync`) instead of queueing one `fsync` each.
//!
//! The first committer to arrive while no flush is running becomes the
//! leader: it notes how many commits have been applied so far, flushes once,
//! and marks all of them durable. Committers that arrive during that flush
//! wait for the next round, which one of them leads. No extra thread.
use std::sync::{Condvar, Mutex, PoisonError};

/// Coordinates durable acknowledgement over one store.
#[derive(Debug, Default)]
pub(super) struct GroupCommit {
    state: Mutex<Progress>,
    flushed: Condvar,
}

#[derive(Debug, Default)]
struct Progress {
    /// Tickets handed out: commits whose writes were applied in memory.
    applied: u64,
    /// Every ticket up to this one is on disk.
    durable: u64,
    /// A leader is flushing right now.
    flushing: bool,
}

impl GroupCommit {
    /// Blocks until everything the caller applied before this call is on
    /// disk. `flush` is called by at most one thread at a time.
    pub(super) fn wait_durable<E>(&self, flush: impl Fn() -> Result<(), E>) -> Result<(), E> {
        let mut progress = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        progress.applied += 1;
        let ticket = progress.applied;
        loop {
            if progress.durable >= ticket {
                return Ok(());
            }
            if !progress.flushing {
                // Lead this round: every ticket handed out so far had its
                // writes applied before it was taken, so one flush covers all.
                progress.flushing = true;
                let covered = progress.applied;
                drop(progress);
                let result = flush();
                progress = self.state.lock().unwrap_or_else(PoisonError::into_inner);
                progress.flushing = false;
                if result.is_ok() {
                    progress.durable = progress.durable.max(covered);
                }
                self.flushed.notify_all();
                // On failure the followers retry and lead their own rounds.
                result?;
                continue;
            }
            progress = self
                .flushed
                .wait(progress)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

    #[test]
    fn concurrent_committers_share_flushes() {
        let group = Arc::new(GroupCommit::default());
        let flushes = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (0..16)
            .map(|_| {
                let (group, flushes) = (group.clone(), flushes.clone());
                std::thread::spawn(move || {
                    group
                        .wait_durable(|| {
                            // A slow disk: others pile up behind the leader.
                            std::thread::sleep(Duration::from_millis(20));
                            flushes.fetch_add(1, Ordering::SeqCst);
                            Ok::<(), ()>(())
                        })
                        .unwrap();
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        let flushes = flushes.load(Ordering::SeqCst);
        assert!(flushes >= 1);
        assert!(
            flushes < 16,
            "16 committers took {flushes} flushes: no sharing"
        );
    }

    #[test]
    fn failed_flush_is_not_reported_durable() {
        let group = GroupCommit::default();
        let failed = group.wait_durable(|| Err("disk gone"));
        assert!(failed.is_err());
        // The next committer must flush again rather than trust the failed round.
        let flushes = AtomicUsize::new(0);
        group
            .wait_durable(|| {
                flushes.fetch_add(1, Ordering::SeqCst);
                Ok::<(), &str>(())
            })
            .unwrap();
        assert_eq!(flushes.load(Ordering::SeqCst), 1);
    }
}
