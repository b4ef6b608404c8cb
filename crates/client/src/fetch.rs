//! `tipbox fetch`: download an export bundle from the newsroom listener.
//!
//! Over Tor a circuit can stall or break in the middle of a large bundle.
//! Each read waits at most the connection's idle timeout; after a failure
//! once the download has started (a failure before it is reported at once)
//! the download goes on where it stopped (`Range: bytes=N-` with `If-Range:`
//! the export's `ETag`), with the same waits as a submission's retries. If
//! the server can no longer send the same export (a tip was confirmed
//! meanwhile), it sends a fresh one and the download starts over. Nothing
//! appears under the output name until the whole bundle is checked.
use std::io::{self, Read, Seek, Write};
use std::path::Path;

use reqwest::header;
use reqwest::StatusCode;

use super::http::{check, Connection};
use super::upload::RetryPolicy;
use super::ClientError;
use tipbox_core::bundle::BundleReader;
use tipbox_core::output::AtomicFile;

/// What was downloaded.
#[derive(Debug)]
pub struct FetchReport {
    pub tips: usize,
    pub bytes: u64,
    /// Times the download broke and went on from where it stopped.
    pub resumed: u32,
}

/// How far a download is.
#[derive(Clone, Debug)]
pub enum FetchProgress {
    /// Bytes of the bundle on disk, and its length when the server said.
    Received { bytes: u64, total: Option<u64> },
    /// The download broke; it goes on after `wait`.
    Retrying {
        attempt: u32,
        wait: std::time::Duration,
        cause: String,
    },
}

/// Downloads `GET v1/export` with the bearer token into `output`, with the
/// default [`RetryPolicy`] and no progress display.
pub fn fetch(
    connection: &Connection,
    token: &str,
    output: &Path,
) -> Result<FetchReport, ClientError> {
    fetch_with(
        connection,
        token,
        output,
        &RetryPolicy::default(),
        &mut |_| {},
    )
}

/// [`fetch`] with a retry policy and a progress callback. The bundle is
/// read back and checked (manifest, every tip present with its size)
/// before it appears under its name; a damaged download leaves nothing.
pub fn fetch_with(
    connection: &Connection,
    token: &str,
    output: &Path,
    retry: &RetryPolicy,
    on_progress: &mut dyn FnMut(FetchProgress),
) -> Result<FetchReport, ClientError> {
    let mut file = AtomicFile::create(output)?;
    let mut download = Download {
        received: 0,
        total: None,
        tag: None,
    };
    let mut failures = 0;
    let mut resumed = 0;
    loop {
        match download.attempt(connection, token, file.writer(), on_progress) {
            Ok(()) => break,
            Err(Attempt::Final(err)) => return Err(err),
            Err(Attempt::Broken(err)) => {
                failures += 1;
                if failures >= retry.max_failures {
                    return Err(err);
                }
                let wait = retry.delay(failures);
                on_progress(FetchProgress::Retrying {
                    attempt: failures,
                    wait,
                    cause: err.to_string(),
                });
                std::thread::sleep(wait);
                resumed += 1;
            }
        }
    }

    let written = file.writer();
    written.rewind()?;
    let bundle = BundleReader::new(io::BufReader::new(&*written))
        .map_err(|e| ClientError::BadAnswer(format!("the downloaded bundle is damaged: {e}")))?;
    let tips = bundle.manifest().tips.len();
    bundle
        .for_each_tip(&mut |_, content| io::copy(content, &mut io::sink()).map(|_| ()))
        .map_err(|e| ClientError::BadAnswer(format!("the downloaded bundle is damaged: {e}")))?;

    file.persist()?;
    Ok(FetchReport {
        tips,
        bytes: download.received,
        resumed,
    })
}

/// A download in progress.
struct Download {
    received: u64,
    total: Option<u64>,
    /// The export's `ETag`: without one, a broken download cannot resume.
    tag: Option<String>,
}

enum Attempt {
    /// Worth another try (the network broke or stalled).
    Broken(ClientError),
    Final(ClientError),
}

impl Download {
    fn attempt(
        &mut self,
        connection: &Connection,
        token: &str,
        file: &mut std::fs::File,
        on_progress: &mut dyn FnMut(FetchProgress),
    ) -> Result<(), Attempt> {
        let mut request = connection
            .client()
            .get(connection.url("v1/export"))
            .bearer_auth(token);
        let resuming = match &self.tag {
            Some(tag) if self.received > 0 => {
                request = request
                    .header(header::RANGE, format!("bytes={}-", self.received))
                    .header(header::IF_RANGE, tag.as_str());
                true
            }
            _ => false,
        };
        // Before the download has started, a failure is reported at once
        // (Tor not running, a wrong address: waiting would not help); once
        // it has, the network is what broke, and trying again does.
        let started = self.tag.is_some();
        let response = request.send().map_err(|e| match started {
            true => Attempt::Broken(e.into()),
            false => Attempt::Final(e.into()),
        })?;
        let response = check(response).map_err(Attempt::Final)?;
        match response.status() {
            StatusCode::PARTIAL_CONTENT if resuming => {
                let total = content_range_total(&response, self.received)
                    .ok_or_else(|| bad("a range that does not continue the download"))?;
                self.total = Some(total);
            }
            StatusCode::OK => {
                // A fresh export: whatever came before is not part of it.
                self.received = 0;
                file.set_len(0).map_err(local)?;
                file.rewind().map_err(local)?;
                self.total = response.content_length();
                self.tag = response
                    .headers()
                    .get(header::ETAG)
                    .and_then(|t| t.to_str().ok())
                    .map(str::to_owned);
            }
            other => return Err(bad(&format!("answer {other} to the download"))),
        }
        on_progress(FetchProgress::Received {
            bytes: self.received,
            total: self.total,
        });
        self.copy_body(response, file, on_progress)
    }

    fn copy_body(
        &mut self,
        mut body: impl Read,
        file: &mut std::fs::File,
        on_progress: &mut dyn FnMut(FetchProgress),
    ) -> Result<(), Attempt> {
        let mut buffer = vec![0u8; 64 * 1024];
        loop {
            let n = match body.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => n,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                Err(err) => return Err(Attempt::Broken(broken(err))),
            };
            file.write_all(&buffer[..n]).map_err(local)?;
            self.received += n as u64;
            on_progress(FetchProgress::Received {
                bytes: self.received,
                total: self.total,
            });
        }
        match self.total {
            Some(total) if self.received < total => {
                Err(Attempt::Broken(ClientError::Interrupted(format!(
                    "the download ended after {} of {total} bytes",
                    self.received
                ))))
            }
            Some(total) if self.received > total => Err(bad("more bytes than announced")),
            _ => Ok(()),
        }
    }
}

/// The total of `Content-Range: bytes FROM-LAST/TOTAL`, when FROM is where
/// the download stopped.
fn content_range_total(response: &reqwest::blocking::Response, from: u64) -> Option<u64> {
    let text = response
        .headers()
        .get(header::CONTENT_RANGE)?
        .to_str()
        .ok()?;
    let (range, total) = text.strip_prefix("bytes ")?.split_once('/')?;
    let (first, _) = range.split_once('-')?;
    (first.parse::<u64>().ok()? == from).then_some(())?;
    total.parse().ok()
}

fn bad(what: &str) -> Attempt {
    Attempt::Final(ClientError::BadAnswer(what.to_owned()))
}

fn local(err: io::Error) -> Attempt {
    Attempt::Final(ClientError::Io(err))
}

/// A read from the network that failed: reqwest's own error when it is
/// inside, so that the cause is named.
fn broken(err: io::Error) -> ClientError {
    if err
        .get_ref()
        .is_some_and(|inner| inner.is::<reqwest::Error>())
    {
        let inner = err.into_inner().expect("checked above");
        return ClientError::from(*inner.downcast::<reqwest::Error>().expect("checked above"));
    }
    ClientError::Interrupted(err.to_string())
}
