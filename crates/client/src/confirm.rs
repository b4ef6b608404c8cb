//! `tipbox confirm` (and `tipbox fetch --confirm`): tell the server that an
//! export bundle is safe on the transfer station, so that it removes exactly
//! the tips the bundle holds. The bundle is read back and checked first
//! (manifest, every tip present with its size, each one an age file): a
//! confirmation must never remove a tip the newsroom does not have.
use std::io::{self, BufReader, Read};
use std::path::Path;

use super::http::{check, Connection};
use super::ClientError;
use tipbox_core::bundle::BundleReader;
use tipbox_core::envelope::{Header, MAX_HEADER_LEN};

/// What the server answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
pub struct ConfirmReport {
    /// Tips the server removed now.
    pub removed: usize,
    /// Tips of the bundle the server no longer held.
    pub absent: usize,
}

/// Checks the bundle at `bundle`, then sends `POST v1/export/confirm` with
/// its tip ids and export id.
pub fn confirm(
    connection: &Connection,
    token: &str,
    bundle: &Path,
) -> Result<ConfirmReport, ClientError> {
    let file = std::fs::File::open(bundle).map_err(|source| ClientError::Read {
        path: bundle.to_owned(),
        source,
    })?;
    let reader = BundleReader::new(BufReader::new(file))?;
    let manifest = reader.manifest().clone();
    reader.for_each_tip(&mut |_, content| {
        let mut head = Vec::with_capacity(MAX_HEADER_LEN);
        content.take(MAX_HEADER_LEN as u64).read_to_end(&mut head)?;
        match Header::parse(&head) {
            Ok(Some(_)) => Ok(()),
            _ => Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "a tip in the bundle is not an age file; nothing was confirmed",
            )),
        }
    })?;
    let ids: Vec<String> = manifest.tips.iter().map(|t| t.id.to_string()).collect();
    let mut body = serde_json::json!({ "ids": ids });
    if let Some(export) = manifest.export_id {
        body["export_id"] = export.to_string().into();
    }
    let response = check(
        connection
            .client()
            .post(connection.url("v1/export/confirm"))
            .bearer_auth(token)
            .json(&body)
            .send()?,
    )?;
    response
        .json()
        .map_err(|e| ClientError::BadAnswer(e.to_string()))
}
