//! The newsroom API, on its own listener (its own onion service with Tor
//! client authorization in production).
//!
//! Every request, including unknown paths, needs `Authorization: Bearer
//! <token>`; the SHA-256 of the token is compared in constant time with each
//! configured hash (a timing side channel must not reveal how much of a
//! guess matched). Without a valid token the answer is 401 and nothing else,
//! so the listener does not even reveal which paths exist.
//!
//! - `GET /v1/tips`: `[{id, received, size}, …]`
//! - `GET /v1/status`: counts, sizes, the oldest tip's day, key sets,
//!   version ([`crate::status`]).
//! - `GET /v1/export`: an export bundle (`application/x-tar`), streamed:
//!   a blocking task writes it into a short channel, so memory stays at a
//!   few chunks whatever the size of the store. Its length is announced, and
//!   a broken download resumes with `Range: bytes=N-` and `If-Range:` its
//!   `ETag` (206 from byte N when the export's bytes are still the same,
//!   else a fresh export in full).
//! - `DELETE /v1/tips/<id>`: 204, durable when answered.
//! - `POST /v1/replies`: an outgoing bundle of replies (`tipbox push`), all
//!   or nothing: every entry is checked (listed size and SHA-256, an age
//!   header with exactly the newsroom's keys plus the source's one, a known
//!   mailbox, an id never accepted before) before any is stored. `201
//!   {"stored": n}`; `400` names the bad entry; `404` unknown mailbox;
//!   `409` replayed id; `413` over `limits.max_push_bytes`.
//! - `POST /v1/export/confirm` (`{"ids": [...]}` and/or `{"export_id": …}`):
//!   the newsroom holds an export safely offline; removes exactly the tips
//!   listed (the ids given, else those the export listed when it was made),
//!   never one that arrived later. Answers `{"removed": n, "absent": m}`.
use std::io::{self, Write};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, AUTHORIZATION};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpRequest, HttpResponse, ResponseError};
use bytes::Bytes;
use subtle::{Choice, ConstantTimeEq};
use tokio::sync::mpsc;

use futures_util::StreamExt;

use super::api::check_reply_recipients;
use crate::config::TokenHash;
use crate::state::NewsroomState;
use crate::store::StoreError;
use crate::store::{FileRepliesError, NewReply};
use tipbox_core::bundle::{read_outgoing, ExportId, TipId, MAX_MANIFEST_BYTES};
use tipbox_core::envelope::Header;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/v1/tips").route(web::get().to(list_tips)))
        .service(web::resource("/v1/status").route(web::get().to(status)))
        .service(web::resource("/v1/export").route(web::get().to(export)))
        .service(web::resource("/v1/tips/{id}").route(web::delete().to(delete_tip)))
        .service(web::resource("/v1/replies").route(web::post().to(push_replies)))
        .service(
            web::resource("/v1/export/confirm")
                // As many ids as a manifest may hold; the listener is
                // authenticated and runs one worker.
                .app_data(
                    web::JsonConfig::default()
                        .limit(MAX_MANIFEST_BYTES as usize)
                        .error_handler(|err, _| {
                            NewsroomError::BadConfirmation(err.to_string()).into()
                        }),
                )
                .route(web::post().to(confirm_export)),
        );
}

#[derive(Debug, thiserror::Error)]
pub enum NewsroomError {
    #[error("missing or wrong bearer token")]
    Unauthorized,
    #[error("not a tip id (expected 32 lower-case hex digits)")]
    BadId,
    #[error("no such tip")]
    NotFound,
    #[error("not a confirmation: {0}")]
    BadConfirmation(String),
    #[error("no such export (already confirmed?); confirm with its ids instead")]
    UnknownExport,
    #[error("storage failure; see the server log")]
    Internal,
    #[error("refused, nothing stored: {0}")]
    BadReplies(String),
    #[error("refused, nothing stored: {0}")]
    UnknownMailbox(String),
    #[error("refused, nothing stored: {0}")]
    Replayed(String),
    #[error("refused, nothing stored: the bundle is larger than the limit of {0} bytes")]
    PushTooLarge(u64),
}

impl ResponseError for NewsroomError {
    fn status_code(&self) -> StatusCode {
        match self {
            NewsroomError::Unauthorized => StatusCode::UNAUTHORIZED,
            NewsroomError::BadId => StatusCode::BAD_REQUEST,
            NewsroomError::NotFound | NewsroomError::UnknownExport => StatusCode::NOT_FOUND,
            NewsroomError::BadConfirmation(_) => StatusCode::BAD_REQUEST,
            NewsroomError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            NewsroomError::BadReplies(_) => StatusCode::BAD_REQUEST,
            NewsroomError::UnknownMailbox(_) => StatusCode::NOT_FOUND,
            NewsroomError::Replayed(_) => StatusCode::CONFLICT,
            NewsroomError::PushTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut answer = HttpResponse::build(self.status_code());
        if let NewsroomError::Unauthorized = self {
            answer.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        answer.json(serde_json::json!({ "error": self.to_string() }))
    }
}

impl From<StoreError> for NewsroomError {
    fn from(err: StoreError) -> NewsroomError {
        match err {
            StoreError::NotFound => NewsroomError::NotFound,
            StoreError::UnknownExport => NewsroomError::UnknownExport,
            other => {
                tracing::error!(error = %other, "newsroom request failed in the store");
                NewsroomError::Internal
            }
        }
    }
}

/// True when `token`'s hash equals one of `accepted`, compared in constant
/// time and without stopping at the first match.
fn token_matches(token: &str, accepted: &[TokenHash]) -> bool {
    let hash = TokenHash::of(token);
    let found = accepted
        .iter()
        .fold(Choice::from(0), |found, h| found | h.0.ct_eq(&hash.0));
    found.into()
}

/// Middleware: refuses every request without a valid bearer token.
pub async fn require_token(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let accepted = req
        .app_data::<web::Data<NewsroomState>>()
        .map(|state| state.token_hashes.clone())
        .unwrap_or_default();
    let token = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let authorized = token.is_some_and(|token| token_matches(token, &accepted));
    if authorized {
        Ok(next.call(req).await?.map_into_left_body())
    } else {
        // The newsroom side only (behind tor's client authorization): a
        // refused token here is a station misconfigured or a stolen client
        // key, which the operator must hear about. Never the token itself,
        // the path or any header; the source listener logs nothing like it.
        let reason = if token.is_some() {
            "unknown token"
        } else {
            "no bearer token"
        };
        tracing::warn!(reason, "newsroom request refused (401)");
        Ok(req
            .into_response(NewsroomError::Unauthorized.error_response())
            .map_into_right_body())
    }
}

/// `GET /v1/status` (see [`crate::status`]).
async fn status(state: web::Data<NewsroomState>) -> Result<HttpResponse, NewsroomError> {
    let state = state.into_inner();
    let status = web::block(move || {
        crate::status::read(
            &state.store,
            &state.recipients,
            &state.data_dir,
            state.max_store_bytes,
        )
    })
    .await
    .map_err(|_| NewsroomError::Internal)??;
    Ok(HttpResponse::Ok().json(status))
}

/// `GET /v1/tips`.
async fn list_tips(state: web::Data<NewsroomState>) -> Result<HttpResponse, NewsroomError> {
    let store = state.store.clone();
    let tips = web::block(move || store.list())
        .await
        .map_err(|_| NewsroomError::Internal)??;
    Ok(HttpResponse::Ok().json(tips))
}

/// `DELETE /v1/tips/<id>`.
async fn delete_tip(
    state: web::Data<NewsroomState>,
    id: web::Path<String>,
) -> Result<HttpResponse, NewsroomError> {
    let id: TipId = id.parse().map_err(|_| NewsroomError::BadId)?;
    let store = state.store.clone();
    web::block(move || store.delete(&id))
        .await
        .map_err(|_| NewsroomError::Internal)??;
    Ok(HttpResponse::NoContent().finish())
}

/// `POST /v1/replies`.
async fn push_replies(
    state: web::Data<NewsroomState>,
    mut body: web::Payload,
) -> Result<HttpResponse, NewsroomError> {
    let max = state.max_push_bytes;
    let mut bundle = Vec::new();
    while let Some(chunk) = body.next().await {
        let chunk =
            chunk.map_err(|_| NewsroomError::BadReplies("the upload was interrupted".into()))?;
        if (bundle.len() + chunk.len()) as u64 > max {
            return Err(NewsroomError::PushTooLarge(max));
        }
        bundle.extend_from_slice(&chunk);
    }
    let replies = read_outgoing(bundle.as_slice(), state.max_reply_bytes)
        .map_err(|e| NewsroomError::BadReplies(e.to_string()))?;
    drop(bundle);
    let mut checked = Vec::with_capacity(replies.len());
    for reply in replies {
        let id = reply.entry.id;
        let well_formed = matches!(
            Header::parse(&reply.ciphertext),
            Ok(Some((header, _))) if check_reply_recipients(&header, &state.recipients)
        );
        if !well_formed {
            return Err(NewsroomError::BadReplies(format!(
                "reply {id}: not an age file encrypted to the newsroom's {} keys and the source's reply key",
                state.recipients.len()
            )));
        }
        checked.push(NewReply {
            id,
            mailbox: reply.entry.mailbox,
            ciphertext: reply.ciphertext,
        });
    }
    let store = state.store.clone();
    let filed = web::block(move || store.file_replies(&checked))
        .await
        .map_err(|_| NewsroomError::Internal)?;
    match filed {
        Ok(stored) => Ok(HttpResponse::Created().json(serde_json::json!({ "stored": stored }))),
        Err(FileRepliesError::UnknownMailbox(id)) => Err(NewsroomError::UnknownMailbox(format!(
            "unknown mailbox for reply {id} (the source may have deleted it)"
        ))),
        Err(FileRepliesError::Replayed(id)) => Err(NewsroomError::Replayed(format!(
            "reply {id} was already accepted once"
        ))),
        Err(FileRepliesError::Store(err)) => Err(err.into()),
    }
}

/// The body of `POST /v1/export/confirm`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Confirmation {
    /// The manifest's tip ids.
    ids: Option<Vec<TipId>>,
    /// The manifest's export id.
    export_id: Option<ExportId>,
}

/// `POST /v1/export/confirm`.
async fn confirm_export(
    state: web::Data<NewsroomState>,
    body: web::Json<Confirmation>,
) -> Result<HttpResponse, NewsroomError> {
    let Confirmation { ids, export_id } = body.into_inner();
    let store = state.store.clone();
    let confirmed = match (ids, export_id) {
        (Some(ids), export) => web::block(move || store.confirm(&ids, export.as_ref())).await,
        (None, Some(export)) => web::block(move || store.confirm_export(&export)).await,
        (None, None) => {
            return Err(NewsroomError::BadConfirmation(
                "give the manifest's \"ids\" or its \"export_id\"".into(),
            ))
        }
    }
    .map_err(|_| NewsroomError::Internal)??;
    // Counts only: which tips were removed is the newsroom's to know.
    tracing::info!(removed = confirmed.removed, "export confirmed");
    Ok(HttpResponse::Ok().json(confirmed))
}

/// Bundle bytes per message on the channel, and messages in flight.
const EXPORT_PIECE_BYTES: usize = 64 * 1024;
const EXPORT_QUEUE: usize = 4;

/// `GET /v1/export`. A fresh export, in full, with its length, an `ETag`
/// and `Accept-Ranges: bytes`; or, for `Range: bytes=N-` with `If-Range:`
/// that `ETag`, the same export again from byte N (206), when it still has
/// exactly the same bytes (`store::export`). Anything else in `Range` is
/// ignored (RFC 9110 allows it) and answered with a fresh export in full.
async fn export(
    state: web::Data<NewsroomState>,
    request: HttpRequest,
) -> Result<HttpResponse, NewsroomError> {
    let resume = resume_request(&request);
    let store = state.store.clone();
    let (prepared, from) = web::block(move || match resume {
        Some((tag, from)) => match store.prepare_export_again(&tag)? {
            Some(again) => Ok((again, Some(from))),
            None => store.prepare_export().map(|fresh| (fresh, None)),
        },
        None => store.prepare_export().map(|fresh| (fresh, None)),
    })
    .await
    .map_err(|_| NewsroomError::Internal)?
    .map_err(|err| {
        tracing::error!(error = %err, "export failed");
        NewsroomError::Internal
    })?;
    let len = prepared.len();
    let tag = format!("\"{}\"", prepared.tag());
    let mut answer = match from {
        Some(from) if from >= len => {
            return Ok(HttpResponse::RangeNotSatisfiable()
                .insert_header((header::CONTENT_RANGE, format!("bytes */{len}")))
                .finish())
        }
        Some(from) => {
            let mut answer = HttpResponse::PartialContent();
            answer.insert_header((
                header::CONTENT_RANGE,
                format!("bytes {from}-{}/{len}", len - 1),
            ));
            answer
        }
        None => HttpResponse::Ok(),
    };
    let from = from.unwrap_or(0);

    let (sender, mut receiver) = mpsc::channel::<io::Result<Bytes>>(EXPORT_QUEUE);
    let store = state.store.clone();
    tokio::task::spawn_blocking(move || {
        let out = ChannelWriter {
            sender: sender.clone(),
            buffer: Vec::with_capacity(EXPORT_PIECE_BYTES),
        };
        let written = store
            .write_export(&prepared, out, from)
            .and_then(|mut out| Ok(out.flush()?));
        if let Err(err) = written {
            // A client that hung up is not an error worth reporting.
            if !matches!(&err, StoreError::Io(e) if e.kind() == io::ErrorKind::BrokenPipe) {
                tracing::error!(error = %err, "export failed");
            }
            // The client sees an aborted body, never a short but valid bundle.
            let _ = sender.blocking_send(Err(io::Error::other("export failed")));
        }
    });
    let body = futures_util::stream::poll_fn(move |cx| receiver.poll_recv(cx));
    Ok(answer
        .content_type("application/x-tar")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"tipbox-export.tar\"",
        ))
        .insert_header((header::ETAG, tag))
        .insert_header((header::ACCEPT_RANGES, "bytes"))
        // The length is known: a body cut short is seen as such.
        .no_chunking(len - from)
        .streaming(body))
}

/// `(tag, N)` from `Range: bytes=N-` and `If-Range: "tag"`; `None` for any
/// other form (a range without a validator could mix two exports).
fn resume_request(request: &HttpRequest) -> Option<(String, u64)> {
    let text = |name| request.headers().get(name)?.to_str().ok();
    let from = text(header::RANGE)?
        .strip_prefix("bytes=")?
        .strip_suffix('-')?
        .parse::<u64>()
        .ok()?;
    let tag = text(header::IF_RANGE)?
        .strip_prefix('"')?
        .strip_suffix('"')?;
    (tag.len() <= 128).then(|| (tag.to_owned(), from))
}

/// A `Write` that hands fixed-size pieces to the response stream, blocking
/// while the client is slower than the store (backpressure, bounded memory).
struct ChannelWriter {
    sender: mpsc::Sender<io::Result<Bytes>>,
    buffer: Vec<u8>,
}

impl ChannelWriter {
    fn send_buffer(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let piece = std::mem::replace(&mut self.buffer, Vec::with_capacity(EXPORT_PIECE_BYTES));
        self.sender
            .blocking_send(Ok(Bytes::from(piece)))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the client went away"))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = buf.len().min(EXPORT_PIECE_BYTES - self.buffer.len());
        self.buffer.extend_from_slice(&buf[..n]);
        if self.buffer.len() == EXPORT_PIECE_BYTES {
            self.send_buffer()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send_buffer()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_matching_any_configured_hash_is_accepted() {
        let accepted = [TokenHash::of("first"), TokenHash::of("second")];
        assert!(token_matches("second", &accepted));
    }

    #[test]
    fn token_differing_in_one_character_is_refused() {
        let accepted = [TokenHash::of("s3cret-token")];
        assert!(!token_matches("s3cret-tokeN", &accepted));
        assert!(!token_matches("", &accepted));
    }

    #[test]
    fn no_configured_hash_refuses_every_token() {
        assert!(!token_matches("anything", &[]));
    }
}
