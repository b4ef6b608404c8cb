//! The resumable upload API on the source listener (`web/PROTOCOL.md`):
//! `POST /api/v1/uploads`, `POST /api/v1/uploads/{id}/parts/{n}`,
//! `GET /api/v1/uploads/{id}`, `POST /api/v1/uploads/{id}/finish`.
//!
//! The store ([`Uploads`]) keeps the parts and the rules about their order;
//! this module reads bodies, checks part 0's age header exactly as
//! `POST /api/v1/tips` does, and turns every refusal into a JSON error.
//!
//! A part's body is read whole before it is stored: at most one part
//! (1 MiB) per upload slot, so memory stays bounded by the slot count.
//! Upload ids appear in URLs only, and nothing here logs a request, an id
//! or a time (the server has no access log, see `server::logging`).
use std::time::Duration;

use actix_web::http::header::CONTENT_LENGTH;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use serde::Deserialize;

use super::api::{
    check_recipients, max_header_bytes, next_chunk, refusal_for_store, SubmitError,
    MIN_PAYLOAD_BYTES,
};
use crate::logging::{self, Event};
use crate::slots::GuardedBody;
use crate::state::AppState;
use crate::store::{StoreError, UploadError, UploadId, UploadStatus, Uploads};
use tipbox_core::envelope::{Header, Recipient};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/api/v1/uploads").route(web::post().to(start)))
        .service(web::resource("/api/v1/uploads/{id}").route(web::get().to(status)))
        .service(web::resource("/api/v1/uploads/{id}/parts/{n}").route(web::post().to(put_part)))
        .service(web::resource("/api/v1/uploads/{id}/finish").route(web::post().to(finish)));
}

/// Why an upload request was refused; the message is what the client shows.
#[derive(Debug, thiserror::Error)]
pub enum ResumableError {
    #[error("the request must be JSON like {{\"size\": 12345}} with a positive size in bytes")]
    BadStart,
    #[error("no such upload: it is unknown or expired; please submit again")]
    NotFound,
    #[error("the part number must be a whole number")]
    BadPartNumber,
    #[error("expected part {expected}")]
    OutOfOrder { expected: u32 },
    #[error("the upload has only {parts} parts")]
    NoSuchPart { parts: u32 },
    #[error("part {part} must be exactly {expected} bytes")]
    WrongLength { part: u32, expected: u64 },
    #[error("parts are missing: {received} of {parts} received")]
    PartsMissing { received: u32, parts: u32 },
    #[error("another request for this upload is in progress; please retry")]
    Busy,
    /// The same refusals as a single-request tip (header, size, storage).
    #[error(transparent)]
    Tip(#[from] SubmitError),
}

impl ResponseError for ResumableError {
    fn status_code(&self) -> StatusCode {
        match self {
            ResumableError::BadStart
            | ResumableError::BadPartNumber
            | ResumableError::NoSuchPart { .. }
            | ResumableError::WrongLength { .. } => StatusCode::BAD_REQUEST,
            ResumableError::NotFound => StatusCode::NOT_FOUND,
            ResumableError::OutOfOrder { .. } | ResumableError::PartsMissing { .. } => {
                StatusCode::CONFLICT
            }
            // Retried by clients for a part and a finish alike (a 409 would
            // end a finish: it means parts are missing).
            ResumableError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            ResumableError::Tip(inner) => inner.status_code(),
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ResumableError::Tip(inner) = self {
            return inner.error_response();
        }
        HttpResponse::build(self.status_code())
            .json(serde_json::json!({ "error": self.to_string() }))
    }
}

impl From<UploadError> for ResumableError {
    fn from(err: UploadError) -> Self {
        match err {
            UploadError::NotFound => ResumableError::NotFound,
            UploadError::OutOfOrder { expected } => ResumableError::OutOfOrder { expected },
            UploadError::NoSuchPart { parts } => ResumableError::NoSuchPart { parts },
            UploadError::WrongLength { part, expected } => {
                ResumableError::WrongLength { part, expected }
            }
            UploadError::PartsMissing { received, parts } => {
                ResumableError::PartsMissing { received, parts }
            }
            UploadError::Busy => ResumableError::Busy,
            UploadError::Store(err) => store_error(err),
        }
    }
}

fn store_error(err: StoreError) -> ResumableError {
    ResumableError::Tip(match err {
        // `begin` is told the cap it broke; a part never exceeds its size.
        StoreError::TooLarge => SubmitError::Internal,
        other => refusal_for_store(other),
    })
}

/// Runs a blocking store call off the async workers.
async fn blocking<T: Send + 'static>(
    call: impl FnOnce() -> Result<T, ResumableError> + Send + 'static,
) -> Result<T, ResumableError> {
    web::block(call).await.unwrap_or_else(|join| {
        logging::count_failure(Event::StoreFailed, &join);
        Err(SubmitError::Internal.into())
    })
}

fn upload_id(text: &str) -> Result<UploadId, ResumableError> {
    UploadId::from_hex(text).ok_or(ResumableError::NotFound)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Start {
    size: u64,
}

/// `POST /api/v1/uploads`: reserves the space for `size` bytes.
async fn start(
    body: web::Bytes,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ResumableError> {
    let Start { size } = serde_json::from_slice(&body).map_err(|_| ResumableError::BadStart)?;
    if size == 0 {
        return Err(ResumableError::BadStart);
    }
    let max = state.limits.max_tip_bytes;
    if size > max {
        return Err(SubmitError::TooLarge { max }.into());
    }
    let uploads = state.uploads.clone();
    let id = blocking(move || {
        uploads.begin(size).map_err(|err| match err {
            StoreError::TooLarge => SubmitError::TooLarge { max }.into(),
            other => store_error(other),
        })
    })
    .await?;
    Ok(HttpResponse::Created().json(serde_json::json!({
        "upload": id.to_hex(),
        "part_size": state.uploads.policy().part_size,
    })))
}

/// `GET /api/v1/uploads/{id}`.
async fn status(
    id: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ResumableError> {
    let id = upload_id(&id)?;
    let uploads = state.uploads.clone();
    let status = blocking(move || Ok(uploads.status(&id)?)).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "size": status.size,
        "received_parts": status.received_parts,
    })))
}

/// `POST /api/v1/uploads/{id}/parts/{n}`.
async fn put_part(
    path: web::Path<(String, String)>,
    req: HttpRequest,
    body: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ResumableError> {
    let (id, n) = path.into_inner();
    let id = upload_id(&id)?;
    let n: u32 = n.parse().map_err(|_| ResumableError::BadPartNumber)?;
    let slot = state
        .slots
        .parts
        .acquire()
        .await
        .ok_or(SubmitError::Busy)?
        .with_deadline(state.limits.part_deadline);
    let mut body = slot.guard(body);
    let uploads = state.uploads.clone();
    let upload = {
        let uploads = uploads.clone();
        blocking(move || Ok(uploads.status(&id)?)).await?
    };
    if n >= upload.parts() {
        return Err(ResumableError::NoSuchPart {
            parts: upload.parts(),
        });
    }
    let expected = upload.part_len(n);
    let wrong_length = ResumableError::WrongLength { part: n, expected };
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len != expected) {
        return Err(wrong_length);
    }
    // Idle uploads may be evicted to make room for new ones, never one
    // whose part is arriving.
    let _receiving = state.uploads.receiving(&id);
    let part = read_part(&mut body, expected, state.limits.body_idle_timeout)
        .await?
        .ok_or(wrong_length)?;
    if n == 0 {
        check_first_part(&part, &upload, &state.recipients)?;
    }
    blocking(move || Ok(uploads.put_part(&id, n, &part)?)).await?;
    drop(slot);
    Ok(HttpResponse::NoContent().finish())
}

/// `POST /api/v1/uploads/{id}/finish`.
async fn finish(
    id: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ResumableError> {
    let id = upload_id(&id)?;
    let uploads = state.uploads.clone();
    blocking(move || Ok(uploads.finish(&id)?)).await?;
    Ok(HttpResponse::Created().json(serde_json::json!({ "status": "received" })))
}

/// The whole body when it is exactly `expected` bytes; `None` otherwise.
/// Reads no more than one byte past `expected`.
async fn read_part(
    body: &mut GuardedBody<web::Payload>,
    expected: u64,
    idle: Duration,
) -> Result<Option<Vec<u8>>, ResumableError> {
    let mut part = Vec::with_capacity(expected as usize);
    while let Some(bytes) = next_piece(body, idle).await? {
        if (part.len() + bytes.len()) as u64 > expected {
            return Ok(None);
        }
        part.extend_from_slice(&bytes);
    }
    Ok((part.len() as u64 == expected).then_some(part))
}

/// The next piece of a body, with the refusals of `POST /api/v1/tips`.
async fn next_piece(
    body: &mut GuardedBody<web::Payload>,
    idle: Duration,
) -> Result<Option<web::Bytes>, ResumableError> {
    Ok(next_chunk(body, idle).await?)
}

/// Part 0 holds the whole age header: well-formed, one stanza per newsroom
/// key (of their type), and room after it for the smallest payload.
fn check_first_part(
    part: &[u8],
    upload: &UploadStatus,
    recipients: &[Recipient],
) -> Result<(), SubmitError> {
    match Header::parse(part).map_err(SubmitError::NotAge)? {
        Some((header, len)) => {
            check_recipients(&header, recipients)?;
            if upload.size < len as u64 + MIN_PAYLOAD_BYTES {
                return Err(SubmitError::TruncatedPayload);
            }
            Ok(())
        }
        None if part.len() > max_header_bytes(recipients) => Err(SubmitError::HeaderTooLong),
        None => Err(SubmitError::TruncatedHeader),
    }
}

/// Collects expired uploads in the background, as often as the stamps
/// they carry can change (a 24th of the expiry) and a tenth of the
/// unstarted expiry, between 1 s and 1 h.
pub fn spawn_collector(uploads: Uploads) {
    let policy = uploads.policy();
    let period = (policy.expiry / 24)
        .min(policy.unstarted_expiry / 10)
        .clamp(Duration::from_secs(1), Duration::from_secs(3600));
    // A plain tokio task: it needs no actix worker, and the start-up code
    // runs on the main runtime, not in a `LocalSet`.
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(period);
        loop {
            ticks.tick().await;
            let uploads = uploads.clone();
            match tokio::task::spawn_blocking(move || uploads.remove_expired()).await {
                Ok(Ok(removed)) if removed > 0 => {
                    tracing::info!(removed, "removed expired uploads");
                }
                Ok(Ok(_)) => {}
                Ok(Err(err)) => tracing::error!(error = %err, "collecting expired uploads failed"),
                Err(err) => tracing::error!(error = %err, "the upload collector failed"),
            }
        }
    });
}
