//! End-to-end tests in real browsers, driven over WebDriver against the real
//! server on loopback: Firefox ESR (the engine of Tor Browser) at Tor
//! Browser's three security levels and Chromium submit a tip through the
//! submit page; the newsroom exports and opens it offline and gets the same
//! bytes back; a two-way conversation runs with the codename, the keys and
//! the reply's plaintext only in the page. A loopback proxy between browser and server shows what
//! reached the server, and breaks connections the way Tor circuits do.
//!
//! The browsers and drivers must be installed (`scripts/test` installs any
//! that are missing); the tests fail, rather than skip, without them.
mod browsers;
mod conversation;
mod levels;
mod proxy;
mod resume;
mod server;
mod source;
mod webdriver;

use std::sync::{Mutex, MutexGuard};

/// One browser at a time: on a 2-core machine, browsers started side by
/// side slow each other down enough to make waits meaningless.
pub fn one_browser_at_a_time() -> MutexGuard<'static, ()> {
    static BROWSER: Mutex<()> = Mutex::new(());
    // A test that failed while holding the lock does not spoil the others.
    BROWSER
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
