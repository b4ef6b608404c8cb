//! Operator logging with `tracing`: operational events only.
//!
//! Never logged: a client address, a User-Agent or any other request header,
//! a bearer token, a path that carries a token, or submission content. That
//! is why actix's `Logger` middleware is not used (its default format logs
//! the peer address and User-Agent), and why the default filter quietens
//! `actix_server`, whose start-up lines name socket addresses.
//!
//! Events a source causes (a refused upload, a no-JavaScript tip that
//! failed, an inbox holding a reply it cannot open) are never a line of
//! their own: each line carries a timestamp, and a line per event would be a
//! timeline of source activity. They are counted ([`count`]) and reported as
//! one line of totals at most once an hour ([`spawn_hourly_report`]), and not
//! at all in an hour without any.
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::EnvFilter;

/// Used when `RUST_LOG` is not set.
pub const DEFAULT_FILTER: &str = "info,actix_server=warn,actix_http=warn,sled=warn";

/// Installs the global subscriber writing to `sink`; `RUST_LOG` overrides
/// the filter. Under systemd, when `sink` is the journal
/// ([`stderr_is_the_journal`]), lines carry no timestamp of their own: the
/// journal stamps each line, and a second stamp only makes lines longer.
/// Does nothing if a subscriber is already installed (tests).
pub fn init<W>(sink: W, journal: bool)
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let lines = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(sink)
        .with_ansi(false);
    let _ = if journal {
        lines.without_time().try_init()
    } else {
        lines.try_init()
    };
}

/// Whether standard error is connected to systemd's journal: systemd sets
/// `JOURNAL_STREAM=DEVICE:INODE` for a service whose output goes there, and
/// the variable counts only if standard error is still that stream (not
/// redirected by a shell the service started, as `sd_journal_stream_fd(3)`
/// advises).
// dev_t and ino_t differ in width between platforms.
#[allow(clippy::unnecessary_cast)]
pub fn stderr_is_the_journal() -> bool {
    let Some(stream) = std::env::var_os("JOURNAL_STREAM") else {
        return false;
    };
    let Some((device, inode)) = stream.to_str().and_then(|s| s.split_once(':')) else {
        return false;
    };
    let Ok(stat) = nix::sys::stat::fstat(std::io::stderr()) else {
        return false;
    };
    device.parse::<u64>().ok() == Some(stat.st_dev as u64)
        && inode.parse::<u64>().ok() == Some(stat.st_ino as u64)
}

/// What a source's request can cause that the operator should hear about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// An upload refused because `limits.max_store_bytes` was reached.
    StorageCapReached,
    /// An upload refused because the disk itself was full.
    DiskFull,
    /// A new mailbox refused because `limits.max_mailboxes` was reached.
    MailboxCapReached,
    /// A tip or part that could not be stored (a storage or task failure).
    StoreFailed,
    /// A no-JavaScript tip that could not be stored.
    FormFailed,
    /// An inbox held a reply its mailbox's key could not open.
    UnreadableReply,
}

const EVENTS: [(Event, &str); 6] = [
    (Event::StorageCapReached, "storage_cap_reached"),
    (Event::DiskFull, "disk_full"),
    (Event::MailboxCapReached, "mailbox_cap_reached"),
    (Event::StoreFailed, "store_failed"),
    (Event::FormFailed, "form_failed"),
    (Event::UnreadableReply, "unreadable_replies"),
];

static COUNTS: [AtomicU64; EVENTS.len()] = [const { AtomicU64::new(0) }; EVENTS.len()];

fn slot(event: Event) -> &'static AtomicU64 {
    let index = EVENTS
        .iter()
        .position(|(e, _)| *e == event)
        .expect("every event is listed");
    &COUNTS[index]
}

/// The last failure's message (never source data: store and task errors
/// only), reported with the totals.
static LAST_FAILURE: Mutex<Option<String>> = Mutex::new(None);

/// Counts one event for the next report; writes no line.
pub fn count(event: Event) {
    slot(event).fetch_add(1, Ordering::Relaxed);
}

/// How many `event`s were counted since the last report.
pub fn counted(event: Event) -> u64 {
    slot(event).load(Ordering::Relaxed)
}

/// Counts a failure and keeps its message for the next report.
pub fn count_failure(event: Event, error: &dyn std::fmt::Display) {
    count(event);
    *LAST_FAILURE.lock().unwrap_or_else(|p| p.into_inner()) = Some(error.to_string());
}

/// The counts since the last report, reset to zero: one line of totals,
/// or `None` when nothing happened.
pub fn take_report() -> Option<String> {
    let totals: Vec<String> = EVENTS
        .iter()
        .filter_map(|(event, name)| {
            let n = slot(*event).swap(0, Ordering::Relaxed);
            (n > 0).then(|| format!("{name}={n}"))
        })
        .collect();
    let last = LAST_FAILURE
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .take();
    if totals.is_empty() {
        return None;
    }
    let mut report = totals.join(" ");
    if let Some(last) = last {
        report.push_str(&format!(" (last failure: {last})"));
    }
    Some(report)
}

/// How often the totals are written: never more often than hourly.
pub const REPORT_PERIOD: Duration = Duration::from_secs(3600);

/// Writes the totals once an hour (nothing in a quiet hour).
pub fn spawn_hourly_report() {
    tokio::spawn(async {
        let mut ticks = tokio::time::interval(REPORT_PERIOD);
        ticks.tick().await; // the first tick is immediate
        loop {
            ticks.tick().await;
            if let Some(totals) = take_report() {
                tracing::warn!(%totals, "source-side events in the last hour");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_is_one_line_of_totals_then_nothing_in_a_quiet_period() {
        count(Event::StorageCapReached);
        count(Event::StorageCapReached);
        count_failure(Event::FormFailed, &"spool folder missing");
        let report = take_report().expect("events were counted");
        assert_eq!(report.lines().count(), 1);
        assert!(report.contains("storage_cap_reached=2"), "{report}");
        assert!(report.contains("form_failed=1"), "{report}");
        assert!(
            report.contains("last failure: spool folder missing"),
            "{report}"
        );
        assert_eq!(take_report(), None, "a quiet period writes nothing");
    }
}
