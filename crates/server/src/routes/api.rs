//! The ciphertext API on the source listener.
//!
//! `POST /api/v1/tips` takes an age v1 file as the request body and streams
//! it into the store as it arrives (memory: the header plus a few body
//! chunks). Before a byte is stored the age header must be complete and
//! well-formed: version line, exactly one stanza per newsroom key, of the
//! newsroom keys' type (`mlkem768x25519` for hybrid post-quantum keys,
//! `X25519` for classic ones; a configuration never mixes them),
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

use crate::logging::{self, Event};
use crate::slots::{GuardedBody, Stopped};
use crate::state::AppState;
use crate::store::StoreError;
use tipbox_core::envelope::{Header, Recipient, Stanza};

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
    NotAge(tipbox_core::envelope::Error),
    #[error("the age header is truncated")]
    TruncatedHeader,
    #[error("the age payload is truncated")]
    TruncatedPayload,
    #[error("the age header is too long")]
    HeaderTooLong,
    #[error("the file must be encrypted to exactly the newsroom's {expected} {kind} keys (see /api/v1/recipients), with no other kind of recipient")]
    WrongRecipients { expected: usize, kind: &'static str },
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

/// Upper bound of a header for the newsroom's keys: version and MAC lines,
/// ~100 bytes per X25519 stanza or ~1,560 per mlkem768x25519 stanza, and
/// room for one grease stanza.
pub(super) fn max_header_bytes(recipients: &[Recipient]) -> usize {
    let per_stanza = if is_hybrid_newsroom(recipients) {
        1664
    } else {
        128
    };
    1024 + per_stanza * recipients.len()
}

/// True if the newsroom's keys are hybrid (all of them: the configuration
/// refuses a mix).
fn is_hybrid_newsroom(recipients: &[Recipient]) -> bool {
    recipients.first().is_some_and(Recipient::is_hybrid)
}

/// A stanza of a native recipient type, of the right shape (the header
/// parser checked it in full; this names which type it is).
fn is_x25519(s: &Stanza) -> bool {
    s.tag == "X25519" && s.args.len() == 1 && s.args[0].len() == 43 && s.body.len() == 32
}

/// See [`is_x25519`]: an `mlkem768x25519` stanza (1120-byte `enc`, 1494
/// base64 characters).
fn is_hybrid(s: &Stanza) -> bool {
    s.tag == "mlkem768x25519" && s.args.len() == 1 && s.args[0].len() == 1494 && s.body.len() == 32
}

/// age's random `*-grease` stanzas, which every recipient ignores.
fn is_grease(s: &Stanza) -> bool {
    s.tag.ends_with("-grease")
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
    let limit = max_header_bytes(&state.recipients);
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
                check_recipients(&header, &state.recipients)?;
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

/// Exactly one stanza per newsroom key, of the newsroom keys' type;
/// anything else only grease.
pub(super) fn check_recipients(
    header: &Header,
    recipients: &[Recipient],
) -> Result<(), SubmitError> {
    let (kind, newsroom_stanza): (_, fn(&Stanza) -> bool) = if is_hybrid_newsroom(recipients) {
        ("hybrid post-quantum (mlkem768x25519)", is_hybrid)
    } else {
        ("X25519", is_x25519)
    };
    let count = header.stanzas.iter().filter(|s| newsroom_stanza(s)).count();
    let others_are_grease = header
        .stanzas
        .iter()
        .all(|s| newsroom_stanza(s) || is_grease(s));
    if count == recipients.len() && others_are_grease {
        Ok(())
    } else {
        Err(SubmitError::WrongRecipients {
            expected: recipients.len(),
            kind,
        })
    }
}

/// A reply's header: one stanza per newsroom key of their type, one more
/// for the source's reply key (X25519 or hybrid), anything else only grease.
pub(super) fn check_reply_recipients(header: &Header, recipients: &[Recipient]) -> bool {
    let newsroom_stanza: fn(&Stanza) -> bool = if is_hybrid_newsroom(recipients) {
        is_hybrid
    } else {
        is_x25519
    };
    let native = |s: &Stanza| is_x25519(s) || is_hybrid(s);
    let newsroom = header.stanzas.iter().filter(|s| newsroom_stanza(s)).count();
    let all_native = header.stanzas.iter().filter(|s| native(s)).count();
    let others_are_grease = header.stanzas.iter().all(|s| native(s) || is_grease(s));
    newsroom >= recipients.len() && all_native == recipients.len() + 1 && others_are_grease
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

    fn hybrid_stanza() -> Stanza {
        Stanza {
            tag: "mlkem768x25519".into(),
            args: vec!["A".repeat(1494)],
            body: vec![0; 32],
        }
    }

    fn classic(count: usize) -> Vec<Recipient> {
        (0..count)
            .map(|_| tipbox_core::envelope::Identity::generate().to_public())
            .collect()
    }

    fn hybrid(count: usize) -> Vec<Recipient> {
        (0..count)
            .map(|_| tipbox_core::envelope::Identity::generate_hybrid().to_public())
            .collect()
    }

    #[test]
    fn hybrid_newsroom_takes_one_mlkem768x25519_stanza_per_key() {
        let two = header(vec![hybrid_stanza(), hybrid_stanza()]);
        assert!(check_recipients(&two, &hybrid(2)).is_ok());
        // The same header for a classic newsroom, and X25519 stanzas for a
        // hybrid one, are refused: the type must be the newsroom's.
        assert!(check_recipients(&two, &classic(2)).is_err());
        let classic_header = header(vec![x25519(), x25519()]);
        let err = check_recipients(&classic_header, &hybrid(2)).unwrap_err();
        assert!(err.to_string().contains("mlkem768x25519"), "{err}");
    }

    #[test]
    fn hybrid_newsroom_refuses_a_classic_stanza_beside_its_own() {
        // Sealed to every newsroom key, and to one X25519 key besides: the
        // extra key would undo the post-quantum protection.
        let mixed = header(vec![hybrid_stanza(), x25519()]);
        assert!(check_recipients(&mixed, &hybrid(1)).is_err());
    }

    #[test]
    fn hybrid_stanza_with_a_short_encapsulated_key_is_refused() {
        let mut bad = hybrid_stanza();
        bad.args = vec!["A".repeat(43)];
        assert!(check_recipients(&header(vec![bad]), &hybrid(1)).is_err());
    }

    #[test]
    fn reply_to_a_classic_reply_key_from_a_hybrid_newsroom_passes() {
        let reply = header(vec![x25519(), hybrid_stanza(), hybrid_stanza()]);
        assert!(check_reply_recipients(&reply, &hybrid(2)));
        // One newsroom key short, or an extra stanza: refused.
        let short = header(vec![x25519(), x25519(), hybrid_stanza()]);
        assert!(!check_reply_recipients(&short, &hybrid(2)));
        let extra = header(vec![x25519(), x25519(), hybrid_stanza(), hybrid_stanza()]);
        assert!(!check_reply_recipients(&extra, &hybrid(2)));
    }

    fn header(stanzas: Vec<Stanza>) -> Header {
        Header {
            stanzas,
            mac: [0; 32],
        }
    }

    #[test]
    fn header_with_one_stanza_per_key_passes() {
        assert!(check_recipients(&header(vec![x25519(), x25519()]), &classic(2)).is_ok());
    }

    #[test]
    fn header_with_age_grease_passes() {
        let grease = Stanza {
            tag: "a!-grease".into(),
            args: vec!["x".into()],
            body: vec![1, 2, 3],
        };
        assert!(check_recipients(&header(vec![x25519(), grease]), &classic(1)).is_ok());
    }

    #[test]
    fn header_with_fewer_stanzas_than_keys_is_refused() {
        // The newsroom has two keys; a file for one of them leaves the other
        // staff member unable to read it.
        let err = check_recipients(&header(vec![x25519()]), &classic(2)).unwrap_err();
        assert!(matches!(
            err,
            SubmitError::WrongRecipients { expected: 2, .. }
        ));
    }

    #[test]
    fn header_with_scrypt_stanza_is_refused() {
        // A passphrase-encrypted file: the newsroom's keys cannot open it.
        let scrypt = Stanza {
            tag: "scrypt".into(),
            args: vec!["c2FsdHNhbHRzYWx0c2FsdA".into(), "18".into()],
            body: vec![0; 32],
        };
        assert!(check_recipients(&header(vec![scrypt]), &classic(1)).is_err());
        assert!(check_recipients(&header(vec![x25519(), scrypt_like()]), &classic(1)).is_err());
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
        assert!(check_recipients(&header(vec![bad]), &classic(1)).is_err());
    }
}
