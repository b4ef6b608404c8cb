//! `tipbox push`: upload an outgoing bundle of replies (written by
//! `tipbox-decrypt reply` on the air-gapped machine) to the newsroom
//! listener's `POST /v1/replies`.
use std::fs::File;
use std::path::Path;

use super::http::{check, Connection};
use super::ClientError;

/// Sends `bundle` with the bearer token, streamed from the file; returns
/// how many replies the server stored (all of them, or it refused all).
pub fn push(connection: &Connection, token: &str, bundle: &Path) -> Result<u64, ClientError> {
    let file = File::open(bundle).map_err(|source| ClientError::Read {
        path: bundle.to_owned(),
        source,
    })?;
    let size = file.metadata()?.len();
    // The body goes up before the answer starts: allow the idle time plus
    // one second per 16 KiB (a slow Tor circuit).
    let timeout = connection.timeouts().idle + std::time::Duration::from_secs(size / (16 * 1024));
    let response = check(
        connection
            .client()
            .post(connection.url("v1/replies"))
            .bearer_auth(token)
            .header("content-type", "application/x-tar")
            .timeout(timeout)
            .body(reqwest::blocking::Body::from(file))
            .send()?,
    )?;
    let answer: serde_json::Value = response
        .json()
        .map_err(|e| ClientError::BadAnswer(e.to_string()))?;
    answer["stored"]
        .as_u64()
        .ok_or_else(|| ClientError::BadAnswer("no \"stored\" count".into()))
}
