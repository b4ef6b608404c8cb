//! Upload slots: how many request bodies each submission path receives at
//! once, and what a body must do to keep its slot.
//!
//! Main types: [`UploadSlots`] (one [`SlotPool`] per path), [`Slot`] (one
//! held slot), [`GuardedBody`] (a request body that keeps its slot's rules).
//!
//! Attacks answered here:
//! - *Slot trickling*: clients that send a byte every few seconds once held
//!   every slot (a connection was dropped only after a whole minute of
//!   silence). A body must now bring at least `min_bytes_per_sec` over each
//!   window of `window` ([`Stopped::TooSlow`]), and a resumable part must
//!   arrive whole within its deadline ([`Stopped::PastDeadline`]).
//! - *Holding a full pool*: when a pool is full, a new request takes the
//!   slot of the slowest holder ([`Stopped::Preempted`]) if that holder has
//!   had its slot for [`PREEMPT_AFTER`] and averages under
//!   [`PREEMPTABLE_BELOW`] times the minimum rate; a body already received
//!   is never preempted. If no holder can be preempted yet, the request
//!   waits (up to [`SlotPolicy::max_wait`]) beside the others that wait, instead of
//!   being refused at once: tricklers that reconnect the moment they are cut
//!   off would otherwise win every freed slot from a client that retries
//!   after seconds, as real clients do.
//! - *One path starving the others*: each path (`POST /api/v1/tips`,
//!   resumable parts, the no-JavaScript form) has its own pool, so a flood
//!   on one leaves the other two open.
//!
//! Nothing here records a client or a time on disk; a holder is a counter
//! of bytes and the instant its slot was taken, in memory only.
use std::collections::HashMap;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::error::PayloadError;
use bytes::Bytes;
use futures_util::task::AtomicWaker;
use futures_util::{Future, Stream};
use tokio::time::{Instant, Sleep};

/// How long a new holder is safe from preemption: enough for a Tor client's
/// first body bytes to arrive after its request head.
pub const PREEMPT_AFTER: Duration = Duration::from_secs(5);

/// How often a waiting request looks again when nothing wakes it sooner
/// (holders' rates change as they receive).
const RECHECK: Duration = Duration::from_secs(1);

/// A holder averaging at least this many times the minimum rate is never
/// preempted: a slow Tor circuit that really sends keeps its slot.
pub const PREEMPTABLE_BELOW: u64 = 8;

/// What a body must bring to keep its slot, and how long a request waits
/// for one.
#[derive(Clone, Copy, Debug)]
pub struct SlotPolicy {
    /// Bytes per second, averaged over each window; 0 checks nothing.
    pub min_bytes_per_sec: u64,
    pub window: Duration,
    /// How long a request waits for a slot before it is answered 503.
    pub max_wait: Duration,
}

impl SlotPolicy {
    fn min_per_window(&self) -> u64 {
        self.min_bytes_per_sec
            .saturating_mul(self.window.as_millis() as u64)
            / 1000
    }
}

/// Why a body lost its slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stopped {
    /// A new request took the slot of this slow holder: 503, retry later.
    Preempted,
    /// Less than the minimum rate over a window: 408.
    TooSlow,
    /// A resumable part not whole by its deadline: 408.
    PastDeadline,
}

impl Stopped {
    fn code(self) -> u8 {
        match self {
            Stopped::Preempted => 1,
            Stopped::TooSlow => 2,
            Stopped::PastDeadline => 3,
        }
    }

    fn from_code(code: u8) -> Option<Stopped> {
        match code {
            1 => Some(Stopped::Preempted),
            2 => Some(Stopped::TooSlow),
            3 => Some(Stopped::PastDeadline),
            _ => None,
        }
    }
}

/// The three pools, one per submission path.
#[derive(Clone)]
pub struct UploadSlots {
    /// `POST /api/v1/tips`.
    pub tips: Arc<SlotPool>,
    /// `POST /api/v1/uploads/{id}/parts/{n}`.
    pub parts: Arc<SlotPool>,
    /// `POST /submit` (no JavaScript).
    pub forms: Arc<SlotPool>,
}

impl UploadSlots {
    /// `per_path` slots in each pool, all under one rate policy.
    pub fn new(per_path: usize, policy: SlotPolicy) -> UploadSlots {
        let pool = || Arc::new(SlotPool::new(per_path, policy));
        UploadSlots {
            tips: pool(),
            parts: pool(),
            forms: pool(),
        }
    }
}

/// A fixed number of slots, with preemption of the slowest holder.
pub struct SlotPool {
    capacity: usize,
    policy: SlotPolicy,
    holders: Mutex<Holders>,
    /// Wakes waiting requests when a slot is freed.
    freed: tokio::sync::Notify,
}

#[derive(Default)]
struct Holders {
    next: u64,
    by_id: HashMap<u64, Arc<Holder>>,
}

struct Holder {
    started: Instant,
    received: AtomicU64,
    /// The body ended: nothing left to trickle, never preempted.
    body_done: AtomicBool,
    /// A [`Stopped`] code, 0 while the slot is held.
    stopped: AtomicU8,
    /// Wakes the body's task when the slot is taken away.
    waker: AtomicWaker,
}

impl Holder {
    fn stop(&self, why: Stopped) {
        let _ = self
            .stopped
            .compare_exchange(0, why.code(), Ordering::SeqCst, Ordering::SeqCst);
        self.waker.wake();
    }

    fn stopped(&self) -> Option<Stopped> {
        Stopped::from_code(self.stopped.load(Ordering::SeqCst))
    }

    /// Bytes per second since the slot was taken.
    fn rate(&self, now: Instant) -> f64 {
        let secs = now.saturating_duration_since(self.started).as_secs_f64();
        self.received.load(Ordering::Relaxed) as f64 / secs.max(0.001)
    }
}

impl SlotPool {
    pub fn new(capacity: usize, policy: SlotPolicy) -> SlotPool {
        SlotPool {
            capacity: capacity.max(1),
            policy,
            holders: Mutex::default(),
            freed: tokio::sync::Notify::new(),
        }
    }

    /// A slot: a free one, or the slowest preemptable holder's, waiting up
    /// to the policy's `max_wait` for one of them; `None` then (answer 503).
    pub async fn acquire(self: &Arc<Self>) -> Option<Slot> {
        let deadline = Instant::now() + self.policy.max_wait;
        loop {
            let freed = self.freed.notified();
            tokio::pin!(freed);
            // Registered before looking, so that a slot freed meanwhile wakes us.
            freed.as_mut().enable();
            let now = Instant::now();
            let next_look = match self.try_acquire_at(now) {
                Ok(slot) => return Some(slot),
                Err(next_look) => next_look,
            };
            if now >= deadline {
                return None;
            }
            tokio::select! {
                () = freed => {}
                () = tokio::time::sleep_until(next_look.min(deadline)) => {}
            }
        }
    }

    /// A slot now, without waiting; `None` if there is none.
    pub fn try_acquire(self: &Arc<Self>) -> Option<Slot> {
        self.try_acquire_at(Instant::now()).ok()
    }

    /// A free or preempted slot, or when to look again.
    fn try_acquire_at(self: &Arc<Self>, now: Instant) -> Result<Slot, Instant> {
        let mut holders = self.holders.lock().unwrap_or_else(|p| p.into_inner());
        if holders.by_id.len() >= self.capacity {
            let preempt_below = (self.policy.min_bytes_per_sec * PREEMPTABLE_BELOW) as f64;
            let receiving = |h: &Holder| !h.body_done.load(Ordering::SeqCst);
            let victim = holders
                .by_id
                .iter()
                .filter(|(_, h)| {
                    receiving(h)
                        && now.saturating_duration_since(h.started) >= PREEMPT_AFTER
                        && h.rate(now) < preempt_below
                })
                .min_by(|(_, a), (_, b)| a.rate(now).total_cmp(&b.rate(now)))
                .map(|(&id, holder)| (id, holder.clone()));
            let Some((victim, holder)) = victim else {
                // The next moment a holder's grace ends, or a recheck.
                let grace_ends = holders
                    .by_id
                    .values()
                    .filter(|h| receiving(h) && h.started + PREEMPT_AFTER > now)
                    .map(|h| h.started + PREEMPT_AFTER)
                    .min();
                let recheck = now + RECHECK;
                return Err(grace_ends.map_or(recheck, |at| at.min(recheck)));
            };
            holder.stop(Stopped::Preempted);
            holders.by_id.remove(&victim);
        }
        let holder = Arc::new(Holder {
            started: now,
            received: AtomicU64::new(0),
            body_done: AtomicBool::new(false),
            stopped: AtomicU8::new(0),
            waker: AtomicWaker::new(),
        });
        let id = holders.next;
        holders.next += 1;
        holders.by_id.insert(id, holder.clone());
        Ok(Slot {
            pool: self.clone(),
            id,
            holder,
            deadline: None,
        })
    }

    /// Slots held right now.
    pub fn held(&self) -> usize {
        self.holders
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .by_id
            .len()
    }
}

/// One held slot; dropping it frees the slot.
pub struct Slot {
    pool: Arc<SlotPool>,
    id: u64,
    holder: Arc<Holder>,
    deadline: Option<Instant>,
}

impl Slot {
    /// The body must end within `limit` of now (resumable parts).
    pub fn with_deadline(mut self, limit: Duration) -> Slot {
        self.deadline = Some(Instant::now() + limit);
        self
    }

    /// `body`, ended with an error when it breaks the slot's rules or the
    /// slot is taken away; [`Slot::stopped`] then says why.
    pub fn guard<S>(&self, body: S) -> GuardedBody<S> {
        let now = Instant::now();
        let window_end = now + self.pool.policy.window;
        let wake_at = self.deadline.map_or(window_end, |d| d.min(window_end));
        GuardedBody {
            inner: Box::pin(body),
            holder: self.holder.clone(),
            policy: self.pool.policy,
            deadline: self.deadline,
            window_end,
            window_bytes: 0,
            timer: Box::pin(tokio::time::sleep_until(wake_at)),
        }
    }

    /// Why the slot was lost, if it was.
    pub fn stopped(&self) -> Option<Stopped> {
        self.holder.stopped()
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut holders = self.pool.holders.lock().unwrap_or_else(|p| p.into_inner());
        // A preempted holder was removed already, and its id is never reused.
        holders.by_id.remove(&self.id);
        drop(holders);
        self.pool.freed.notify_waiters();
    }
}

/// A request body under its slot's rules (see the module documentation).
pub struct GuardedBody<S> {
    inner: Pin<Box<S>>,
    holder: Arc<Holder>,
    policy: SlotPolicy,
    deadline: Option<Instant>,
    window_end: Instant,
    window_bytes: u64,
    timer: Pin<Box<Sleep>>,
}

impl<S> GuardedBody<S> {
    /// Why the body lost its slot, if it did.
    pub fn stopped(&self) -> Option<Stopped> {
        self.holder.stopped()
    }

    fn stop(&self, why: Stopped) -> Poll<Option<Result<Bytes, PayloadError>>> {
        self.holder.stop(why);
        Poll::Ready(Some(Err(lost_slot())))
    }

    /// Closes the window if it is over: true if it held too few bytes.
    fn window_too_slow(&mut self, now: Instant) -> bool {
        if now < self.window_end {
            return false;
        }
        if self.policy.min_bytes_per_sec > 0 && self.window_bytes < self.policy.min_per_window() {
            return true;
        }
        self.window_end = now + self.policy.window;
        self.window_bytes = 0;
        false
    }
}

fn lost_slot() -> PayloadError {
    PayloadError::Io(std::io::Error::new(
        std::io::ErrorKind::TimedOut,
        "the upload lost its slot",
    ))
}

impl<S> Stream for GuardedBody<S>
where
    S: Stream<Item = Result<Bytes, PayloadError>>,
{
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.holder.waker.register(cx.waker());
        if self.holder.stopped().is_some() {
            return Poll::Ready(Some(Err(lost_slot())));
        }
        loop {
            match self.inner.as_mut().poll_next(cx) {
                Poll::Ready(Some(Ok(bytes))) => {
                    let len = bytes.len() as u64;
                    self.window_bytes += len;
                    self.holder.received.fetch_add(len, Ordering::Relaxed);
                    let now = Instant::now();
                    if self.deadline.is_some_and(|d| now >= d) {
                        return self.stop(Stopped::PastDeadline);
                    }
                    if self.window_too_slow(now) {
                        return self.stop(Stopped::TooSlow);
                    }
                    return Poll::Ready(Some(Ok(bytes)));
                }
                Poll::Ready(None) => {
                    self.holder.body_done.store(true, Ordering::SeqCst);
                    return Poll::Ready(None);
                }
                Poll::Ready(Some(Err(err))) => return Poll::Ready(Some(Err(err))),
                Poll::Pending => {}
            }
            let now = Instant::now();
            if self.deadline.is_some_and(|d| now >= d) {
                return self.stop(Stopped::PastDeadline);
            }
            if self.window_too_slow(now) {
                return self.stop(Stopped::TooSlow);
            }
            let wake_at = self
                .deadline
                .map_or(self.window_end, |d| d.min(self.window_end));
            self.timer.as_mut().reset(wake_at);
            if self.timer.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;

    const MAX_WAIT: Duration = Duration::from_secs(20);

    fn policy() -> SlotPolicy {
        SlotPolicy {
            min_bytes_per_sec: 100,
            window: Duration::from_secs(10),
            max_wait: MAX_WAIT,
        }
    }

    /// A body that sends `bytes` every `every`, forever.
    fn trickle(bytes: usize, every: Duration) -> impl Stream<Item = Result<Bytes, PayloadError>> {
        futures_util::stream::unfold((), move |()| async move {
            tokio::time::sleep(every).await;
            Some((Ok(Bytes::from(vec![0u8; bytes])), ()))
        })
    }

    #[tokio::test(start_paused = true)]
    async fn trickling_body_is_cut_at_the_end_of_its_first_window() {
        let pool = Arc::new(SlotPool::new(1, policy()));
        let slot = pool.try_acquire().unwrap();
        let started = Instant::now();
        let mut body = slot.guard(trickle(1, Duration::from_secs(3)));
        while let Some(Ok(_)) = body.next().await {}
        assert_eq!(slot.stopped(), Some(Stopped::TooSlow));
        assert!(
            started.elapsed() <= Duration::from_secs(12),
            "{:?}",
            started.elapsed()
        );
    }

    #[tokio::test(start_paused = true)]
    async fn body_at_the_minimum_rate_keeps_its_slot() {
        let pool = Arc::new(SlotPool::new(1, policy()));
        let slot = pool.try_acquire().unwrap();
        let body = slot.guard(trickle(100, Duration::from_secs(1)).take(60));
        let pieces: Vec<_> = body.collect().await;
        assert!(pieces.iter().all(Result::is_ok));
        assert_eq!(pieces.len(), 60);
        assert_eq!(slot.stopped(), None);
    }

    #[tokio::test(start_paused = true)]
    async fn part_past_its_deadline_is_cut_even_at_a_good_rate() {
        let pool = Arc::new(SlotPool::new(1, policy()));
        let slot = pool
            .try_acquire()
            .unwrap()
            .with_deadline(Duration::from_secs(5));
        let mut body = slot.guard(trickle(1000, Duration::from_secs(1)));
        while let Some(Ok(_)) = body.next().await {}
        assert_eq!(slot.stopped(), Some(Stopped::PastDeadline));
    }

    #[tokio::test(start_paused = true)]
    async fn full_pool_preempts_its_slowest_old_holder_only() {
        let pool = Arc::new(SlotPool::new(2, policy()));
        let slow = pool.try_acquire().unwrap();
        let fast = pool.try_acquire().unwrap();
        // Too young to preempt: no slot now.
        assert!(pool.try_acquire().is_none());
        tokio::time::sleep(PREEMPT_AFTER).await;
        fast.holder
            .received
            .store(100 * PREEMPTABLE_BELOW * 10, Ordering::Relaxed);
        let newcomer = pool.try_acquire().expect("the slow holder's slot");
        assert_eq!(slow.stopped(), Some(Stopped::Preempted));
        assert_eq!(fast.stopped(), None);
        assert_eq!(pool.held(), 2);
        // The fast holder is never preempted, the newcomer is too young.
        assert!(pool.try_acquire().is_none());
        drop((slow, newcomer));
        assert_eq!(pool.held(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn preempted_body_ends_at_once() {
        let pool = Arc::new(SlotPool::new(1, policy()));
        let victim = pool.try_acquire().unwrap();
        let mut body = victim.guard(trickle(1, Duration::from_secs(60)));
        tokio::time::sleep(PREEMPT_AFTER).await;
        let _newcomer = pool.try_acquire().unwrap();
        assert!(matches!(body.next().await, Some(Err(_))));
        assert_eq!(victim.stopped(), Some(Stopped::Preempted));
    }

    #[tokio::test(start_paused = true)]
    async fn body_received_whole_is_never_preempted() {
        let pool = Arc::new(SlotPool::new(1, policy()));
        let holder = pool.try_acquire().unwrap();
        let body = holder.guard(futures_util::stream::iter([Ok(Bytes::from_static(b"x"))]));
        assert_eq!(body.collect::<Vec<_>>().await.len(), 1);
        tokio::time::sleep(PREEMPT_AFTER * 2).await;
        assert!(pool.try_acquire().is_none(), "a whole body is being stored");
        // A request that waits gives up after MAX_WAIT (503).
        let started = Instant::now();
        assert!(pool.acquire().await.is_none());
        assert_eq!(started.elapsed(), MAX_WAIT);
    }

    #[tokio::test(start_paused = true)]
    async fn waiting_request_gets_the_slot_when_a_young_trickler_turns_preemptable() {
        let pool = Arc::new(SlotPool::new(1, policy()));
        let trickler = pool.try_acquire().unwrap();
        let started = Instant::now();
        let newcomer = pool.acquire().await.expect("a slot within the wait");
        assert_eq!(started.elapsed(), PREEMPT_AFTER);
        assert_eq!(trickler.stopped(), Some(Stopped::Preempted));
        drop(newcomer);
    }

    #[tokio::test(start_paused = true)]
    async fn waiting_request_gets_a_slot_freed_by_a_finished_body() {
        let pool = Arc::new(SlotPool::new(1, policy()));
        let holder = pool.try_acquire().unwrap();
        let waiting = tokio::spawn({
            let pool = pool.clone();
            async move { pool.acquire().await.is_some() }
        });
        tokio::time::sleep(Duration::from_millis(100)).await;
        drop(holder);
        assert!(waiting.await.unwrap());
    }
}
