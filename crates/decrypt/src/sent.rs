//! `sent-replies.json`: what `tipbox-decrypt reply` composed from a reading
//! desk, kept in that desk's folder. A reply that comes back in a later
//! export is shown as "Our reply" only when its id, mailbox and ciphertext
//! hash are in this record: a source (or anyone who knows a mailbox id) can
//! post a tip whose `tip.json` claims `kind: reply`, but cannot add to a
//! file on the air-gapped machine.
use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::OfflineError;
use tipbox_core::bundle::OutgoingEntry;
use tipbox_core::output::write_replacing;

/// The record's file name, in the desk's folder (beside `index.html`).
pub const SENT_FILE: &str = "sent-replies.json";

const SENT_VERSION: u32 = 1;

/// One reply composed on this desk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentReply {
    pub id: String,
    pub mailbox: String,
    /// SHA-256 of the reply's age file (as listed in the outgoing bundle).
    pub sha256: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct SentReplies {
    version: u32,
    replies: Vec<SentReply>,
}

impl SentReplies {
    /// The desk's record; empty if there is none yet.
    pub fn load(desk: &Path) -> Result<SentReplies, OfflineError> {
        let path = desk.join(SENT_FILE);
        match fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|err| OfflineError::Read {
                path,
                source: std::io::Error::other(err),
            }),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(SentReplies::default()),
            Err(err) => Err(OfflineError::Read { path, source: err }),
        }
    }

    /// Whether this exact reply (id, mailbox, ciphertext) was composed here.
    pub fn contains(&self, id: &str, mailbox: &str, sha256: &str) -> bool {
        self.replies
            .iter()
            .any(|r| r.id == id && r.mailbox == mailbox && r.sha256 == sha256)
    }

    /// Adds a reply just written to an outgoing bundle and rewrites the
    /// record in `desk` (atomically, 0600).
    pub fn record(desk: &Path, entry: &OutgoingEntry) -> Result<(), OfflineError> {
        let mut sent = SentReplies::load(desk)?;
        sent.version = SENT_VERSION;
        sent.replies.push(SentReply {
            id: entry.id.to_string(),
            mailbox: entry.mailbox.to_string(),
            sha256: entry.sha256.clone(),
        });
        let path = desk.join(SENT_FILE);
        let json = serde_json::to_vec_pretty(&sent).expect("the record always serialises");
        Ok(write_replacing(&path, &json)?)
    }
}
