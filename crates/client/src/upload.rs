//! The client side of resumable uploads (`web/PROTOCOL.md`): start an
//! upload of a known size, send numbered parts, and after a broken
//! connection ask the server how far it got and continue from there,
//! never sending a part it confirmed again.
use std::thread;
use std::time::Duration;

use reqwest::blocking::Response;
use reqwest::StatusCode;
use serde::Deserialize;

use super::http::{check, Connection};
use super::ClientError;

/// How long to wait between attempts and when to give up.
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    /// The first wait; each following one doubles, up to `max_delay`.
    pub first_delay: Duration,
    pub max_delay: Duration,
    /// Failed attempts in a row on one step (a part, the start, the
    /// finish) before the upload stops with the last error.
    pub max_failures: u32,
    /// A single request that takes longer is abandoned and retried.
    pub request_timeout: Duration,
}

impl Default for RetryPolicy {
    /// The protocol's waits (1 s, 2 s, 4 s, … 30 s); twelve failures in a
    /// row is about five minutes without progress over Tor.
    fn default() -> Self {
        RetryPolicy {
            first_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(30),
            max_failures: 12,
            request_timeout: Duration::from_secs(300),
        }
    }
}

impl RetryPolicy {
    pub(crate) fn delay(&self, failures: u32) -> Duration {
        let doublings = failures.saturating_sub(1).min(16);
        (self.first_delay * 2u32.pow(doublings)).min(self.max_delay)
    }
}

/// A request failed and will be tried again: what the source is told
/// instead of a progress bar that seems frozen.
#[derive(Clone, Debug)]
pub struct Retrying {
    /// Failures in a row on this step so far (1 for the first).
    pub attempt: u32,
    /// How long before the next attempt.
    pub wait: Duration,
    /// Why the last attempt failed.
    pub cause: String,
}

/// One upload the server accepted.
pub(crate) struct ResumableUpload<'a> {
    connection: &'a Connection,
    retry: &'a RetryPolicy,
    id: String,
    pub(crate) part_size: u64,
    /// Attempts that failed and were retried, over the whole upload.
    pub(crate) retries: u32,
}

#[derive(Deserialize)]
struct Started {
    upload: String,
    part_size: u64,
}

#[derive(Deserialize)]
struct Status {
    received_parts: u64,
}

/// What one attempt came to.
enum Attempt<T> {
    Done(T),
    /// A network failure or an answer the protocol says to retry.
    Retry(ClientError),
}

/// Answers after which the protocol retries; any other refusal is final.
fn retryable(status: StatusCode, for_part: bool) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504) || (for_part && status == 409)
}

/// Sorts one request's outcome: `expected` is success, a retryable answer
/// or network error is `Retry`, anything else a final error.
fn classify(
    sent: reqwest::Result<Response>,
    expected: StatusCode,
    for_part: bool,
) -> Result<Attempt<Response>, ClientError> {
    match sent {
        Ok(response) if response.status() == expected => Ok(Attempt::Done(response)),
        Ok(response) if retryable(response.status(), for_part) => {
            Ok(Attempt::Retry(check(response).expect_err("not a success")))
        }
        Ok(response) => Err(check(response)
            .err()
            .unwrap_or_else(|| ClientError::BadAnswer(format!("unexpected {expected}")))),
        Err(network) => Ok(Attempt::Retry(network.into())),
    }
}

impl<'a> ResumableUpload<'a> {
    /// `POST api/v1/uploads` for `size` bytes of ciphertext.
    pub(crate) fn start(
        connection: &'a Connection,
        retry: &'a RetryPolicy,
        size: u64,
        on_retry: &mut dyn FnMut(Retrying),
    ) -> Result<ResumableUpload<'a>, ClientError> {
        let mut retries = 0;
        let started: Started = loop {
            let sent = connection
                .client()
                .post(connection.url("api/v1/uploads"))
                .timeout(retry.request_timeout)
                .json(&serde_json::json!({ "size": size }))
                .send();
            match classify(sent, StatusCode::CREATED, false)? {
                Attempt::Done(response) => {
                    break response
                        .json()
                        .map_err(|e| ClientError::BadAnswer(e.to_string()))?
                }
                Attempt::Retry(err) => wait_or_give_up(retry, &mut retries, err, on_retry)?,
            }
        };
        let id = started.upload;
        // The id goes into a URL path: anything but a plain token is a
        // server that is not speaking the protocol.
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(ClientError::BadAnswer(
                "the upload id is not a plain token".into(),
            ));
        }
        // The browser client's bounds; the whole part sits in memory.
        if !(1024..=64 * 1024 * 1024).contains(&started.part_size) {
            return Err(ClientError::BadAnswer(format!(
                "part size {} is outside 1 KiB to 64 MiB",
                started.part_size
            )));
        }
        Ok(ResumableUpload {
            connection,
            retry,
            id,
            part_size: started.part_size,
            retries,
        })
    }

    /// Sends part `n` until the server has it: after a failure the server
    /// is asked how far it got, and a part it already stored is not sent
    /// again.
    pub(crate) fn send_part(
        &mut self,
        n: u64,
        bytes: &[u8],
        on_retry: &mut dyn FnMut(Retrying),
    ) -> Result<(), ClientError> {
        let mut failures = 0;
        loop {
            let sent = self
                .connection
                .client()
                .post(self.url(&format!("parts/{n}")))
                .timeout(self.retry.request_timeout)
                .header("Content-Type", "application/octet-stream")
                .body(bytes.to_vec())
                .send();
            let err = match classify(sent, StatusCode::NO_CONTENT, true)? {
                Attempt::Done(_) => return Ok(()),
                Attempt::Retry(err) => err,
            };
            wait_or_give_up(self.retry, &mut failures, err, on_retry)?;
            self.retries += 1;
            // Where is the server? If it cannot say, sending the part again
            // is safe: a part it already has is answered without storing.
            if let Ok(received) = self.received_parts() {
                if received > n {
                    return Ok(());
                }
                if received < n {
                    return Err(ClientError::LostParts);
                }
            }
        }
    }

    /// `POST …/finish` until it answers 201 (again, if the first answer
    /// was lost).
    pub(crate) fn finish(&mut self, on_retry: &mut dyn FnMut(Retrying)) -> Result<(), ClientError> {
        let mut failures = 0;
        loop {
            let sent = self
                .connection
                .client()
                .post(self.url("finish"))
                .timeout(self.retry.request_timeout)
                .send();
            match classify(sent, StatusCode::CREATED, false)? {
                Attempt::Done(_) => return Ok(()),
                Attempt::Retry(err) => {
                    wait_or_give_up(self.retry, &mut failures, err, on_retry)?;
                    self.retries += 1;
                }
            }
        }
    }

    fn received_parts(&self) -> Result<u64, ClientError> {
        let response = self
            .connection
            .client()
            .get(self.url(""))
            .timeout(self.retry.request_timeout)
            .send()?;
        let status: Status = check(response)?
            .json()
            .map_err(|e| ClientError::BadAnswer(e.to_string()))?;
        Ok(status.received_parts)
    }

    fn url(&self, rest: &str) -> reqwest::Url {
        let path = if rest.is_empty() {
            format!("api/v1/uploads/{}", self.id)
        } else {
            format!("api/v1/uploads/{}/{rest}", self.id)
        };
        self.connection.url(&path)
    }
}

/// Counts a failure, says so, and sleeps; or gives up with `err` after
/// too many.
fn wait_or_give_up(
    retry: &RetryPolicy,
    failures: &mut u32,
    err: ClientError,
    on_retry: &mut dyn FnMut(Retrying),
) -> Result<(), ClientError> {
    *failures += 1;
    if *failures >= retry.max_failures {
        return Err(err);
    }
    let wait = retry.delay(*failures);
    on_retry(Retrying {
        attempt: *failures,
        wait,
        cause: err.to_string(),
    });
    thread::sleep(wait);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_from_the_first_delay_up_to_the_maximum() {
        let policy = RetryPolicy::default();
        let waits: Vec<u64> = (1..=7).map(|f| policy.delay(f).as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 30, 30]);
    }

    #[test]
    fn only_transient_answers_are_retried_and_409_only_for_parts() {
        for code in [408, 429, 500, 502, 503, 504] {
            assert!(
                retryable(StatusCode::from_u16(code).unwrap(), false),
                "{code}"
            );
        }
        for code in [400, 404, 413, 507] {
            assert!(
                !retryable(StatusCode::from_u16(code).unwrap(), true),
                "{code}"
            );
        }
        assert!(retryable(StatusCode::CONFLICT, true));
        assert!(!retryable(StatusCode::CONFLICT, false));
    }
}
