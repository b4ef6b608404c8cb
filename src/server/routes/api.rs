//! The ciphertext API on the source listener.
//!
//! `POST /api/v1/tips` takes an age v1 file as the request body and streams
//! it into the store as it arrives (memory: the header plus a few body
//! chunks). Before a byte is stored the age header must be complete and
//! well-formed: version line, exactly one X25519 stanza per newsroom key,
//! nothing else but age's "grease" stanzas (random `*-grease` stanzas that
//! the age crate adds so that parsers stay tolerant; recipients ignore them).
//!
//! Refusals and why:
//! - a body that is not age, or encrypted to other keys or with a passphrase
//!   (400): the newsroom could never open it, and an open upload endpoint
//!   must not become free storage for anything;
//! - over the size cap (413, early from `Content-Length` when given);
//! - over the storage cap (507) before the disk fills;
//! - too many uploads at once (503, after waiting for a slot: see
//!   `server::slots`), so a flood cannot exhaust memory or threads;
//! - a body that stops making progress, or brings less than the minimum
//!   rate over a window (408), so trickling clients cannot hold upload
//!   slots; a body that lost its slot to a newcomer as the slowest holder
//!   gets 503.
//!
//! Nothing is stored on any refusal: the [`Upload`](crate::store::Upload)
//! is dropped uncommitted, which removes what it wrote. Nothing about a
//! submission is logged: a log line with its timestamp would record the
//! arrival time that the store deliberately coarsens.
use actix_web::http::header::CONTENT_LENGTH;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use bytes::Bytes;
use futures_util::StreamExt;
use tokio::sync::mpsc;

use crate::envelope::{Header, Stanza};
use crate::server::logging::{self, Event};
use crate::server::slots::{GuardedBody, Stopped};
use crate::server::state::AppState;
use crate::store::StoreError;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/api/v1/recipients").route(web::get().to(recipients)))
        .service(web::resource("/api/v1/tips").route(web::post().to(submit_tip)));
}

/// `GET /api/v1/recipients`: the keys a client must encrypt to.
async fn recipients(state: web::Data<AppState>) -> HttpResponse {
    let recipients: Vec<String> = state.recipients.iter().map(|r| r.to_string()).collect();
    HttpResponse::Ok().json(serde_json::json!({ "recipients": recipients }))
}

/// Why a submission was refused; the message is what the client reads.
#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    #[error("not an age v1 file: {0}")]
    NotAge(crate::envelope::Error),
    #[error("the age header is truncated")]
    TruncatedHeader,
    #[error("the age payload is truncated")]
    TruncatedPayload,
    #[error("the age header is too long")]
    HeaderTooLong,
    #[error("the file must be encrypted to exactly the newsroom's {expected} X25519 keys (see /api/v1/recipients), with no other kind of recipient")]
    WrongRecipients { expected: usize },
    #[error("the tip is larger than the limit of {max} bytes")]
    TooLarge { max: u64 },
    #[error("the server's storage is full; please try again later")]
    StorageFull,
    #[error("the server is busy; please try again in a minute")]
    Busy,
    #[error("the upload stalled")]
    Stalled,
    #[error("the upload was interrupted")]
    Interrupted,
    #[error("the server could not store the tip; please try again later")]
    Internal,
}

impl ResponseError for SubmitError {
    fn status_code(&self) -> StatusCode {
        match self {
            SubmitError::NotAge(_)
            | SubmitError::TruncatedHeader
            | SubmitError::TruncatedPayload
            | SubmitError::HeaderTooLong
            | SubmitError::WrongRecipients { .. }
            | SubmitError::Interrupted => StatusCode::BAD_REQUEST,
            SubmitError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            SubmitError::StorageFull => StatusCode::INSUFFICIENT_STORAGE,
            SubmitError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            SubmitError::Stalled => StatusCode::REQUEST_TIMEOUT,
            SubmitError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut body = serde_json::json!({ "error": self.to_string() });
        if let SubmitError::TooLarge { max } = self {
            // So that a page can state the limit in the source's language.
            body["max_bytes"] = (*max).into();
        }
        HttpResponse::build(self.status_code()).json(body)
    }
}

/// The smallest age payload: a 16-byte nonce and one final chunk's 16-byte tag.
pub(super) const MIN_PAYLOAD_BYTES: u64 = 32;

/// Upper bound of a header for `recipients` keys: version and MAC lines,
/// ~100 bytes per X25519 stanza, and room for one grease stanza.
pub(super) fn max_header_bytes(recipients: usize) -> usize {
    1024 + 128 * recipients
}

/// Body chunks queued between the network and the store's blocking writer.
const QUEUED_CHUNKS: usize = 4;

/// What the network side hands the blocking writer.
enum Piece {
    Data(Bytes),
    /// The body ended and every check passed: commit.
    End,
}

/// `POST /api/v1/tips`.
async fn submit_tip(
    req: HttpRequest,
    body: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, SubmitError> {
    let max = state.limits.max_tip_bytes;
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > max) {
        return Err(SubmitError::TooLarge { max });
    }
    let slot = state.slots.tips.acquire().await.ok_or(SubmitError::Busy)?;
    let mut body = slot.guard(body);
    let idle = state.limits.body_idle_timeout;
    // 1. The header, checked before anything is stored.
    let expected = state.recipients.len();
    let limit = max_header_bytes(expected);
    let mut head = Vec::new();
    let header_len = loop {
        let Some(bytes) = next_chunk(&mut body, idle).await? else {
            return Err(SubmitError::TruncatedHeader);
        };
        head.extend_from_slice(&bytes);
        if head.len() as u64 > max {
            return Err(SubmitError::TooLarge { max });
        }
        match Header::parse(&head).map_err(SubmitError::NotAge)? {
            Some((header, len)) => {
                check_recipients(&header, expected)?;
                break len;
            }
            None if head.len() > limit => return Err(SubmitError::HeaderTooLong),
            None => {}
        }
    };

    // 2. The body, streamed to a blocking writer through a short queue.
    let (queue, mut pieces) = mpsc::channel::<Piece>(QUEUED_CHUNKS);
    let store = state.store.clone();
    let writer = tokio::task::spawn_blocking(move || {
        let mut upload = store.begin()?;
        while let Some(piece) = pieces.blocking_recv() {
            match piece {
                Piece::Data(bytes) => upload.append(&bytes)?,
                Piece::End => return upload.commit().map(Some),
            }
        }
        // The request side gave up: dropping `upload` removes its chunks.
        Ok(None)
    });
    let streamed = async {
        let mut received = head.len() as u64;
        if queue.send(Piece::Data(Bytes::from(head))).await.is_err() {
            return Ok(()); // the writer stopped early; its result says why
        }
        while let Some(bytes) = next_chunk(&mut body, idle).await? {
            received += bytes.len() as u64;
            if received > max {
                return Err(SubmitError::TooLarge { max });
            }
            if queue.send(Piece::Data(bytes)).await.is_err() {
                return Ok(());
            }
        }
        if received - (header_len as u64) < MIN_PAYLOAD_BYTES {
            return Err(SubmitError::TruncatedPayload);
        }
        let _ = queue.send(Piece::End).await;
        Ok(())
    }
    .await;
    // Wait for the writer even on a refusal, so that its uncommitted upload
    // is gone before the client reads the answer.
    drop(queue);
    let stored = writer.await;
    drop(slot);
    streamed?;
    match stored {
        Ok(Ok(Some(_id))) => {
            Ok(HttpResponse::Created().json(serde_json::json!({ "status": "received" })))
        }
        Ok(Ok(None)) => Err(SubmitError::Internal),
        Ok(Err(StoreError::TooLarge)) => Err(SubmitError::TooLarge { max }),
        Ok(Err(err)) => Err(refusal_for_store(err)),
        Err(join) => {
            logging::count_failure(Event::StoreFailed, &join);
            Err(SubmitError::Internal)
        }
    }
}

/// The refusal for a store failure, counted for the operator's hourly
/// report (never a log line per refusal: its time would date a source).
pub(super) fn refusal_for_store(err: StoreError) -> SubmitError {
    match err {
        StoreError::Full => logging::count(Event::StorageCapReached),
        ref err if err.is_storage_full() => logging::count_failure(Event::DiskFull, err),
        ref err => {
            logging::count_failure(Event::StoreFailed, err);
            return SubmitError::Internal;
        }
    }
    SubmitError::StorageFull
}

/// The next piece of the body; a body silent for `idle` counts as stalled,
/// and one that lost its upload slot is told why.
pub(super) async fn next_chunk(
    body: &mut GuardedBody<web::Payload>,
    idle: std::time::Duration,
) -> Result<Option<Bytes>, SubmitError> {
    match tokio::time::timeout(idle, body.next()).await {
        Err(_elapsed) => Err(SubmitError::Stalled),
        Ok(None) => Ok(None),
        Ok(Some(Ok(bytes))) => Ok(Some(bytes)),
        Ok(Some(Err(_))) => Err(match body.stopped() {
            Some(Stopped::Preempted) => SubmitError::Busy,
            Some(Stopped::TooSlow | Stopped::PastDeadline) => SubmitError::Stalled,
            None => SubmitError::Interrupted,
        }),
    }
}

/// Exactly `expected` well-formed X25519 stanzas; anything else only grease.
pub(super) fn check_recipients(header: &Header, expected: usize) -> Result<(), SubmitError> {
    let well_formed_x25519 = |s: &Stanza| {
        s.tag == "X25519" && s.args.len() == 1 && s.args[0].len() == 43 && s.body.len() == 32
    };
    let grease = |s: &Stanza| s.tag.ends_with("-grease");
    let x25519 = header
        .stanzas
        .iter()
        .filter(|s| well_formed_x25519(s))
        .count();
    let others_are_grease = header
        .stanzas
        .iter()
        .all(|s| well_formed_x25519(s) || grease(s));
    if x25519 == expected && others_are_grease {
        Ok(())
    } else {
        Err(SubmitError::WrongRecipients { expected })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn x25519() -> Stanza {
        Stanza {
            tag: "X25519".into(),
            args: vec!["A".repeat(43)],
            body: vec![0; 32],
        }
    }

    fn header(stanzas: Vec<Stanza>) -> Header {
        Header {
            stanzas,
            mac: [0; 32],
        }
    }

    #[test]
    fn header_with_one_stanza_per_key_passes() {
        assert!(check_recipients(&header(vec![x25519(), x25519()]), 2).is_ok());
    }

    #[test]
    fn header_with_age_grease_passes() {
        let grease = Stanza {
            tag: "a!-grease".into(),
            args: vec!["x".into()],
            body: vec![1, 2, 3],
        };
        assert!(check_recipients(&header(vec![x25519(), grease]), 1).is_ok());
    }

    #[test]
    fn header_with_fewer_stanzas_than_keys_is_refused() {
        // The newsroom has two keys; a file for one of them leaves the other
        // staff member unable to read it.
        let err = check_recipients(&header(vec![x25519()]), 2).unwrap_err();
        assert!(matches!(err, SubmitError::WrongRecipients { expected: 2 }));
    }

    #[test]
    fn header_with_scrypt_stanza_is_refused() {
        // A passphrase-encrypted file: the newsroom's keys cannot open it.
        let scrypt = Stanza {
            tag: "scrypt".into(),
            args: vec!["c2FsdHNhbHRzYWx0c2FsdA".into(), "18".into()],
            body: vec![0; 32],
        };
        assert!(check_recipients(&header(vec![scrypt]), 1).is_err());
        assert!(check_recipients(&header(vec![x25519(), scrypt_like()]), 1).is_err());
    }

    fn scrypt_like() -> Stanza {
        Stanza {
            tag: "ssh-ed25519".into(),
            args: vec!["abc".into(), "A".repeat(43)],
            body: vec![0; 32],
        }
    }

    #[test]
    fn x25519_stanza_with_wrong_body_length_is_refused() {
        let mut bad = x25519();
        bad.body = vec![0; 31];
        assert!(check_recipients(&header(vec![bad]), 1).is_err());
    }
}
