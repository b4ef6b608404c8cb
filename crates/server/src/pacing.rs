//! Pacing of mailbox lookups, with no per-client state.
//!
//! Attacks answered here:
//! - *Telling an unknown mailbox from an empty one by timing*: every lookup
//!   is answered no sooner than `min_answer` after it started, whatever
//!   the store did.
//! - *Guessing tokens or codenames*: a global budget of unknown-mailbox
//!   answers per minute; past it, every lookup (known or not, from anyone)
//!   is held to `slowed_answer` until the minute is over. No IP or other
//!   client detail is kept (sources come through Tor anyway).
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

#[derive(Debug)]
pub struct Pacer {
    min_answer: Duration,
    slowed_answer: Duration,
    unknown_per_minute: u32,
    window: Mutex<Window>,
}

#[derive(Debug)]
struct Window {
    started: Instant,
    unknown: u32,
}

const WINDOW: Duration = Duration::from_secs(60);

impl Pacer {
    pub fn new(min_answer: Duration, slowed_answer: Duration, unknown_per_minute: u32) -> Pacer {
        Pacer {
            min_answer,
            slowed_answer,
            unknown_per_minute,
            window: Mutex::new(Window {
                started: Instant::now(),
                unknown: 0,
            }),
        }
    }

    /// Starts timing one lookup.
    pub fn start(&self) -> Lookup<'_> {
        Lookup {
            pacer: self,
            started: Instant::now(),
        }
    }

    /// Counts one unknown-mailbox answer; true if the budget is spent.
    fn over_budget(&self, unknown: bool) -> bool {
        let mut window = self.window.lock().unwrap_or_else(|p| p.into_inner());
        if window.started.elapsed() >= WINDOW {
            window.started = Instant::now();
            window.unknown = 0;
        }
        if unknown {
            window.unknown = window.unknown.saturating_add(1);
        }
        window.unknown > self.unknown_per_minute
    }
}

/// One lookup being timed; [`Lookup::finish`] holds the answer back.
pub struct Lookup<'a> {
    pacer: &'a Pacer,
    started: Instant,
}

impl Lookup<'_> {
    /// Waits until the lookup's fixed answer time; `unknown` says whether
    /// the mailbox was absent (counted, never revealed).
    pub async fn finish(self, unknown: bool) {
        let hold = if self.pacer.over_budget(unknown) {
            self.pacer.slowed_answer
        } else {
            self.pacer.min_answer
        };
        tokio::time::sleep_until(self.started + hold).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn lookup_is_held_to_the_minimum_answer_time() {
        let pacer = Pacer::new(Duration::from_millis(250), Duration::from_secs(3), 10);
        let started = Instant::now();
        pacer.start().finish(false).await;
        assert_eq!(started.elapsed(), Duration::from_millis(250));
    }

    #[tokio::test(start_paused = true)]
    async fn past_the_unknown_budget_even_known_lookups_are_slowed() {
        let pacer = Pacer::new(Duration::from_millis(250), Duration::from_secs(3), 2);
        for _ in 0..3 {
            pacer.start().finish(true).await;
        }
        let started = Instant::now();
        pacer.start().finish(false).await;
        assert_eq!(started.elapsed(), Duration::from_secs(3));
    }

    #[tokio::test(start_paused = true)]
    async fn budget_refills_after_a_minute() {
        let pacer = Pacer::new(Duration::from_millis(250), Duration::from_secs(3), 1);
        pacer.start().finish(true).await;
        pacer.start().finish(true).await;
        tokio::time::sleep(WINDOW).await;
        let started = Instant::now();
        pacer.start().finish(false).await;
        assert_eq!(started.elapsed(), Duration::from_millis(250));
    }
}
