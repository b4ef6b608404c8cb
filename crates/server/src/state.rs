//! What every request handler shares: the store, the newsroom's keys, the
//! limits. Built once in [`super::startup`] and handed to actix as
//! `web::Data<AppState>` (source listener) or `web::Data<NewsroomState>`.
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use super::branding::Branding;
use super::config::TokenHash;
use super::pacing::Pacer;
use super::slots::UploadSlots;
use crate::store::{Store, Uploads};
use tipbox_core::envelope::Recipient;

/// Shared state of the source listener (pages and the ciphertext API).
pub struct AppState {
    pub store: Store,
    /// Resumable uploads (`api/v1/uploads`) in the same store.
    pub uploads: Uploads,
    /// The newsroom's keys: every tip is encrypted to all of them.
    pub recipients: Arc<Vec<Recipient>>,
    pub limits: Limits,
    /// One pool of upload slots per submission path (see [`UploadSlots`]).
    pub slots: UploadSlots,
    /// The storage folder (the demo identity lives here on a first run).
    pub data_dir: PathBuf,
    /// Holds every mailbox lookup to a fixed answer time (see [`Pacer`]).
    pub pacer: Pacer,
    /// One permit per codename key derivation running on the server (the
    /// no-JavaScript path): bounds the memory scrypt takes.
    pub kdf_slots: Arc<Semaphore>,
    /// The newsroom's name, description and logo on the pages.
    pub branding: Arc<Branding>,
}

/// Request limits the handlers enforce (the store enforces its own caps too).
#[derive(Clone, Debug)]
pub struct Limits {
    /// Largest ciphertext of one tip, in bytes.
    pub max_tip_bytes: u64,
    /// A request body that sends nothing for this long is dropped.
    pub body_idle_timeout: Duration,
    /// A resumable part must arrive whole within this.
    pub part_deadline: Duration,
}

/// Shared state of the newsroom listener.
pub struct NewsroomState {
    pub store: Store,
    /// Hashes of the accepted bearer tokens.
    pub token_hashes: Arc<Vec<TokenHash>>,
    /// The newsroom's keys: every reply must be encrypted to all of them
    /// (and to the source's reply key).
    pub recipients: Arc<Vec<Recipient>>,
    pub max_reply_bytes: u64,
    pub max_push_bytes: u64,
    /// The storage folder and cap, for `GET /v1/status`.
    pub data_dir: PathBuf,
    pub max_store_bytes: u64,
}
