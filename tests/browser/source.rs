//! What a source does on the submit page: type a message, choose a file,
//! press the button, and wait for the page to say how it went.
use std::path::PathBuf;
use std::time::Duration;

use tempfile::TempDir;

use crate::browsers::{self, Level};
use crate::webdriver::Session;

/// How long a submission may take before the test gives up. The slowest
/// case is Firefox without JIT (Tor Browser "Safer"), which encrypts at
/// about 1.5 MiB/s on this machine.
const SUBMIT_TIMEOUT: Duration = Duration::from_secs(180);

/// A message and one file, each carrying a random marker so that the test
/// can look for them in what the browser sent.
pub struct Tip {
    pub message: String,
    /// Random, so it cannot occur in ciphertext or page traffic by chance.
    pub marker: String,
    pub file_name: String,
    pub file_bytes: Vec<u8>,
    pub file_path: PathBuf,
    _dir: TempDir,
}

impl Tip {
    /// A tip whose file is `file_len` random bytes.
    pub fn new(file_len: usize) -> Tip {
        let marker = format!("marker-{}", hex::encode(rand::random::<[u8; 12]>()));
        let file_name = "evidence.bin".to_owned();
        let file_bytes: Vec<u8> = (0..file_len).map(|_| rand::random::<u8>()).collect();
        let dir = tempfile::tempdir().unwrap();
        let file_path = dir.path().join(&file_name);
        std::fs::write(&file_path, &file_bytes).unwrap();
        Tip {
            // Persian and an em dash: the message must survive as UTF-8 on
            // every path (no newline: a form sends CRLF for it).
            message: format!("The ledger is attached — دفتر حساب ضمیمه است. {marker}"),
            marker,
            file_name,
            file_bytes,
            file_path,
            _dir: dir,
        }
    }

    /// A slice of the file that stands for its content in traffic checks.
    pub fn file_sample(&self) -> &[u8] {
        let middle = self.file_bytes.len() / 2;
        &self.file_bytes[middle..middle + 64]
    }
}

/// How the page ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The server's confirmation page of the no-JavaScript path.
    ServerSealed,
    /// The script's confirmation after encrypting and uploading.
    EncryptedInBrowser,
}

/// Opens `page`, fills in `tip` and submits it; fails the test with the
/// page's own words if the page reports a failure or nothing happens.
pub fn submit(level: Level, session: &Session, page: &str, tip: &Tip) -> Outcome {
    let step = |what: &str, result: Result<(), crate::webdriver::WebDriverError>| {
        result.unwrap_or_else(|err| browsers::fail(level, what, err));
    };
    step("open the submit page", session.goto(page));
    let message = session
        .find("textarea[name=message]")
        .unwrap_or_else(|err| browsers::fail(level, "find the message box", err));
    step(
        "type the message",
        session.send_keys(&message, &tip.message),
    );
    let file = session
        .find("input[type=file][name=file]")
        .unwrap_or_else(|err| browsers::fail(level, "find the file input", err));
    step(
        "choose the file",
        session.send_keys(&file, &tip.file_path.display().to_string()),
    );
    let button = session
        .find("form button[type=submit]")
        .unwrap_or_else(|err| browsers::fail(level, "find the submit button", err));
    step("press submit", session.click(&button));

    let outcomes = [
        "#server-sealed",               // the no-JavaScript confirmation page
        ".tipbox-confirmation",         // the script's confirmation
        ".tipbox-progress[role=alert]", // the script's failure message
    ];
    let (which, element) = session
        .wait_for_any(&outcomes, SUBMIT_TIMEOUT)
        .unwrap_or_else(|err| browsers::fail(level, "wait for the outcome", err))
        .unwrap_or_else(|| panic!("{level:?}: no outcome within {SUBMIT_TIMEOUT:?}"));
    match which {
        0 => Outcome::ServerSealed,
        1 => Outcome::EncryptedInBrowser,
        _ => panic!(
            "{level:?}: the page says the tip was not sent: {}",
            session.text(&element).unwrap_or_default()
        ),
    }
}
