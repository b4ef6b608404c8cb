//! The mailbox API for the browser client (`/api/v1/mailbox…`).
//!
//! The page derives the token from the codename itself; the server only
//! ever sees the token, and stores only `SHA-256(token)`. The token travels
//! in the JSON body, never in the URL (which proxies and logs may keep).
//!
//! - `POST /api/v1/mailbox` `{"token"}` → `200 {"status":"ready"}` (created if absent)
//! - `POST /api/v1/mailbox/replies` `{"token"}` → `200 {"replies":[{id, created, size}…]}`
//! - `POST /api/v1/mailbox/reply` `{"token","id"}` → `200` the reply's age file, or
//!   `404 {"error":"no such reply"}`
//! - `POST /api/v1/mailbox/reply/delete` `{"token","id"}` → `204` (idempotent)
//! - `POST /api/v1/mailbox/forget` `{"token"}` → `204` (idempotent)
//!
//! Attacks answered here:
//! - *Probing which mailboxes exist*: an unknown mailbox answers exactly like
//!   a known empty one (`{"replies":[]}`, the same 404 for a missing reply,
//!   204 for deletions), and every lookup is held to the same answer time by
//!   the [`Pacer`](crate::pacing::Pacer), which also slows everyone
//!   once too many unknown mailboxes were asked for in a minute.
//! - *Large bodies*: a request body over [`MAX_BODY_BYTES`] is refused
//!   before it is parsed.
//! - *Logs*: nothing about tokens or mailboxes is logged.
//! - *Record floods*: past `limits.max_mailboxes`, opening a new mailbox
//!   answers 507 (counted in the store); tips are not affected.
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse, ResponseError};
use bytes::Bytes;
use serde::Deserialize;

use crate::logging::{self, Event};
use crate::state::AppState;
use crate::store::StoreError;
use tipbox_core::bundle::ReplyId;
use tipbox_core::conversation::{MailboxId, MailboxToken};

/// A token, an id and JSON punctuation fit in far less.
pub const MAX_BODY_BYTES: usize = 1024;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(small_post("/api/v1/mailbox", open_mailbox))
        .service(small_post("/api/v1/mailbox/replies", list_replies))
        .service(small_post("/api/v1/mailbox/reply", fetch_reply))
        .service(small_post("/api/v1/mailbox/reply/delete", delete_reply))
        .service(small_post("/api/v1/mailbox/forget", forget_mailbox));
}

/// A `POST` route whose body is refused past [`MAX_BODY_BYTES`].
fn small_post<F, Args>(path: &str, handler: F) -> actix_web::Resource
where
    F: actix_web::Handler<Args>,
    Args: actix_web::FromRequest + 'static,
    F::Output: actix_web::Responder + 'static,
{
    web::resource(path)
        .app_data(web::PayloadConfig::new(MAX_BODY_BYTES))
        .route(web::post().to(handler))
}

#[derive(Debug, thiserror::Error)]
pub enum MailboxError {
    #[error("the body must be JSON with a \"token\" of 64 lower-case hex characters")]
    BadToken,
    #[error("the body must be JSON with \"token\" and \"id\" (32 lower-case hex characters)")]
    BadReplyId,
    #[error("no such reply")]
    NoSuchReply,
    #[error(
        "the server cannot open new mailboxes right now; a tip without replies can still be sent"
    )]
    MailboxesFull,
    #[error("the server could not reach its storage; please try again later")]
    Internal,
}

impl ResponseError for MailboxError {
    fn status_code(&self) -> StatusCode {
        match self {
            MailboxError::BadToken | MailboxError::BadReplyId => StatusCode::BAD_REQUEST,
            MailboxError::NoSuchReply => StatusCode::NOT_FOUND,
            MailboxError::MailboxesFull => StatusCode::INSUFFICIENT_STORAGE,
            MailboxError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status_code())
            .json(serde_json::json!({ "error": self.to_string() }))
    }
}

impl From<StoreError> for MailboxError {
    fn from(err: StoreError) -> MailboxError {
        // Counted for the hourly report, never a line per request.
        if let StoreError::MailboxesFull = err {
            logging::count(Event::MailboxCapReached);
            return MailboxError::MailboxesFull;
        }
        logging::count_failure(Event::StoreFailed, &err);
        MailboxError::Internal
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenBody {
    token: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReplyBody {
    token: String,
    id: String,
}

fn mailbox_of(token: &str) -> Result<MailboxId, MailboxError> {
    Ok(MailboxToken::from_hex(token)
        .map_err(|_| MailboxError::BadToken)?
        .mailbox())
}

fn parse_token_body(body: &[u8]) -> Result<MailboxId, MailboxError> {
    let parsed: TokenBody = serde_json::from_slice(body).map_err(|_| MailboxError::BadToken)?;
    mailbox_of(&parsed.token)
}

fn parse_reply_body(body: &[u8]) -> Result<(MailboxId, ReplyId), MailboxError> {
    let parsed: ReplyBody = serde_json::from_slice(body).map_err(|_| MailboxError::BadReplyId)?;
    let mailbox = mailbox_of(&parsed.token)?;
    let id = parsed.id.parse().map_err(|_| MailboxError::BadReplyId)?;
    Ok((mailbox, id))
}

/// Runs a blocking store call off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, MailboxError> {
    web::block(f)
        .await
        .map_err(|_| MailboxError::Internal)?
        .map_err(MailboxError::from)
}

/// `POST /api/v1/mailbox`: creates the mailbox if absent.
async fn open_mailbox(
    state: web::Data<AppState>,
    body: Bytes,
) -> Result<HttpResponse, MailboxError> {
    let mailbox = parse_token_body(&body)?;
    let lookup = state.pacer.start();
    let store = state.store.clone();
    let created = blocking(move || store.create_mailbox(&mailbox)).await;
    lookup.finish(false).await;
    created?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "status": "ready" })))
}

/// `POST /api/v1/mailbox/replies`: the same `{"replies":[]}` for an unknown
/// mailbox as for an empty one.
async fn list_replies(
    state: web::Data<AppState>,
    body: Bytes,
) -> Result<HttpResponse, MailboxError> {
    let mailbox = parse_token_body(&body)?;
    let lookup = state.pacer.start();
    let store = state.store.clone();
    let found =
        blocking(move || Ok((store.mailbox_exists(&mailbox)?, store.replies(&mailbox)?))).await;
    lookup.finish(!matches!(found, Ok((true, _)))).await;
    let (_, replies) = found?;
    Ok(no_store(HttpResponse::Ok()).json(serde_json::json!({ "replies": replies })))
}

/// `POST /api/v1/mailbox/reply`: one reply's age file.
async fn fetch_reply(
    state: web::Data<AppState>,
    body: Bytes,
) -> Result<HttpResponse, MailboxError> {
    let (mailbox, id) = parse_reply_body(&body)?;
    let lookup = state.pacer.start();
    let store = state.store.clone();
    let found =
        blocking(move || Ok((store.mailbox_exists(&mailbox)?, store.reply(&mailbox, &id)?))).await;
    lookup.finish(!matches!(found, Ok((true, _)))).await;
    let (_, reply) = found?;
    let reply = reply.ok_or(MailboxError::NoSuchReply)?;
    Ok(no_store(HttpResponse::Ok())
        .content_type("application/octet-stream")
        .body(reply))
}

/// `POST /api/v1/mailbox/reply/delete`: 204, also for an unknown reply.
async fn delete_reply(
    state: web::Data<AppState>,
    body: Bytes,
) -> Result<HttpResponse, MailboxError> {
    let (mailbox, id) = parse_reply_body(&body)?;
    let lookup = state.pacer.start();
    let store = state.store.clone();
    let deleted = blocking(move || {
        let known = store.mailbox_exists(&mailbox)?;
        store.delete_reply(&mailbox, &id)?;
        Ok(known)
    })
    .await;
    lookup.finish(!matches!(deleted, Ok(true))).await;
    deleted?;
    Ok(HttpResponse::NoContent().finish())
}

/// `POST /api/v1/mailbox/forget`: deletes the mailbox and its replies; 204.
async fn forget_mailbox(
    state: web::Data<AppState>,
    body: Bytes,
) -> Result<HttpResponse, MailboxError> {
    let mailbox = parse_token_body(&body)?;
    let lookup = state.pacer.start();
    let store = state.store.clone();
    let forgotten = blocking(move || {
        let known = store.mailbox_exists(&mailbox)?;
        store.forget_mailbox(&mailbox)?;
        Ok(known)
    })
    .await;
    lookup.finish(!matches!(forgotten, Ok(true))).await;
    forgotten?;
    Ok(HttpResponse::NoContent().finish())
}

/// Answers about a mailbox are never kept by a cache.
fn no_store(mut builder: actix_web::HttpResponseBuilder) -> actix_web::HttpResponseBuilder {
    builder.insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"));
    builder
}
