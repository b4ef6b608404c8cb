//! The browsers under test and how each is started: Firefox ESR (the engine
//! of Tor Browser) at Tor Browser's three security levels, and Chromium.
//!
//! Each test starts its own driver process (`geckodriver` or `chromedriver`)
//! on a free loopback port and one browser session through it. The browsers
//! come from Debian (`firefox-esr`, `chromium`, `chromium-driver`) and
//! geckodriver from crates.io; `scripts/test` installs whichever is missing.
//! A missing browser fails the test with the command that installs it: a
//! browser test that silently does not run would prove nothing.
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tempfile::TempDir;

use crate::webdriver::{self, Session, WebDriverError};

/// A browser and security level, mirroring what sources actually use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Firefox as Tor Browser's "Standard" level runs it: everything on.
    FirefoxStandard,
    /// Tor Browser's "Safer": JavaScript on, but no WebAssembly, no JIT
    /// (Ion, Baseline) and no native regular expressions.
    FirefoxSafer,
    /// Tor Browser's "Safest": JavaScript off; the form posts to the server.
    FirefoxSafest,
    /// Headless Chromium, everything on.
    ChromiumStandard,
}

impl Level {
    /// Whether the page's script runs, and so encrypts in the browser.
    pub fn javascript(self) -> bool {
        self != Level::FirefoxSafest
    }

    fn is_firefox(self) -> bool {
        self != Level::ChromiumStandard
    }

    /// Firefox preferences of the level (the ones Tor Browser's security
    /// slider sets), with the few that keep a closed-network browser quiet.
    fn firefox_prefs(self) -> Value {
        let mut prefs = json!({
            // No network but loopback here: do not wait on update or
            // telemetry servers.
            "app.update.disabledForTesting": true,
            "browser.safebrowsing.malware.enabled": false,
            "browser.safebrowsing.phishing.enabled": false,
            "datareporting.policy.dataSubmissionEnabled": false,
            "network.captive-portal-service.enabled": false,
            "network.connectivity-service.enabled": false,
        });
        let level: &[(&str, bool)] = match self {
            Level::FirefoxStandard | Level::ChromiumStandard => &[],
            Level::FirefoxSafer => &[
                ("javascript.options.wasm", false),
                ("javascript.options.ion", false),
                ("javascript.options.baselinejit", false),
                ("javascript.options.native_regexp", false),
            ],
            Level::FirefoxSafest => &[("javascript.enabled", false)],
        };
        for (name, value) in level {
            prefs[*name] = json!(value);
        }
        prefs
    }
}

/// A running WebDriver server (killed when dropped) and the browser's
/// scratch folder.
pub struct Driver {
    url: String,
    process: Child,
    profile: TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Our own child, by its handle; the browser went with its session.
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// Starts the level's driver and a browser session through it.
pub fn start(level: Level) -> (Driver, Session) {
    let driver = Driver::spawn(level);
    let session = Session::new(&driver.url, driver.capabilities(level))
        .unwrap_or_else(|err| panic!("could not start {level:?}: {err}"));
    (driver, session)
}

impl Driver {
    fn spawn(level: Level) -> Driver {
        let port = free_port();
        let mut command = if level.is_firefox() {
            let mut command = Command::new(tool(
                "GECKODRIVER",
                "geckodriver",
                "cargo install geckodriver --locked",
            ));
            command.args(["--host", "127.0.0.1", "--port", &port.to_string()]);
            command
        } else {
            let mut command = Command::new(tool(
                "CHROMEDRIVER",
                "chromedriver",
                "apt-get install chromium-driver",
            ));
            command.arg(format!("--port={port}"));
            command
        };
        let process = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(if std::env::var_os("TEST_LOG").is_some() {
                Stdio::inherit()
            } else {
                Stdio::null()
            })
            .spawn()
            .expect("start the WebDriver server");
        let driver = Driver {
            url: format!("http://127.0.0.1:{port}"),
            process,
            profile: tempfile::tempdir().unwrap(),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while !webdriver::driver_ready(&driver.url) {
            assert!(
                Instant::now() < deadline,
                "the WebDriver server for {level:?} did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        driver
    }

    fn capabilities(&self, level: Level) -> Value {
        if level.is_firefox() {
            json!({
                "browserName": "firefox",
                "moz:firefoxOptions": {
                    "binary": tool("FIREFOX", "firefox-esr", "apt-get install firefox-esr"),
                    "args": ["-headless"],
                    "prefs": level.firefox_prefs(),
                },
            })
        } else {
            let user_data_dir = self.profile.path().join("chromium");
            json!({
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": tool("CHROMIUM", "chromium", "apt-get install chromium"),
                    // Root needs --no-sandbox; the rest keeps a browser on a
                    // closed network from reaching for Google's services.
                    "args": [
                        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync",
                        format!("--user-data-dir={}", user_data_dir.display()),
                    ],
                },
            })
        }
    }
}

/// The program named by environment variable `var`, else `name` on `PATH`;
/// a missing one fails with the command that installs it.
fn tool(var: &str, name: &str, install: &str) -> PathBuf {
    if let Some(path) = std::env::var_os(var) {
        return PathBuf::from(path);
    }
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(name))
        .find(|path| is_executable(path))
        .unwrap_or_else(|| {
            panic!("{name} is not installed: run scripts/test, or `{install}` (or set {var})")
        })
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
}

/// A loopback port that was free a moment ago.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("bind a loopback port")
        .port()
}

/// Fails with what the browser said, for tests that need one more word.
pub fn fail(level: Level, what: &str, err: WebDriverError) -> ! {
    panic!("{level:?}: {what}: {err}")
}
