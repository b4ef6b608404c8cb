//! The no-JavaScript submission path, `POST /submit`: the server seals the
//! tip as the form streams in, with bounded memory, and **no plaintext byte
//! is ever written to disk**, temporary files included.
//!
//! How (see `spool` for why a spool is needed at all):
//!
//! 1. The network side ([`receive`]) parses the multipart body as a stream
//!    and hands each piece through a bounded channel to a blocking thread
//!    (`seal::run`), so at most a few chunks wait in memory.
//! 2. That thread seals each file, as it arrives, to an ephemeral X25519
//!    identity created for this request and held only in memory, into a
//!    spool file under `<data>/spool/`, counting its size.
//! 3. When the form ends, it writes the real tip: `tip.json`
//!    (`encrypted_by = server-sealed`, sanitised names, sizes, media types),
//!    then each spool read back through the ephemeral identity, sealed to the
//!    newsroom's keys, straight into the store, and commits (durable).
//!
//! Attacks and failures, and what stops them:
//! - *A seized disk, mid-upload*: spool files are age ciphertext whose key
//!   never left this process's memory; the store holds only sealed tips.
//! - *Memory exhaustion*: the message is capped ([`MAX_MESSAGE_BYTES`]),
//!   files stream through fixed-size buffers, the channel is bounded.
//! - *Disk exhaustion*: the per-tip cap counts every byte of the form as it
//!   arrives; concurrent uploads are capped by the upload slots.
//! - *Stalled clients*: a form that stops sending for the idle timeout, or
//!   sends less than the minimum rate over a window, is dropped; the form
//!   path has its own upload slots (`server::slots`).
//! - *Uncounted bytes*: every byte of the body counts against the per-tip
//!   cap plus a framing allowance, and a repeated `reply` field is refused. A form whose body ends
//!   before its closing boundary is refused as soon as it ends, never held
//!   until that timeout (actix-multipart 0.7 waited; 0.8.2 and later report
//!   the end: `form_truncated_mid_part` in `tests/api/hostile.rs`).
//! - *A live server's memory, read after the tip*: the message, file names
//!   and codename stay in buffers wiped when dropped or grown, and both
//!   threads scrub their stacks when done (see [`super::wiped`]).
//! - *A refused source retyping a long message*: a refusal (too large,
//!   store full, busy, cut off) gives back the message it read ([`Refused`]),
//!   and the page offers the form again with it; a form refused for its
//!   declared length is read only as far as its leading message field, on a
//!   form slot. Never for a follow-up (its form is the inbox's).
//! - *Half-stored tips*: every refusal drops the store's `Upload` (which
//!   removes its file) and the spool files; nothing is acknowledged before
//!   the store flushed.
//!
//! Nothing about a submission is logged (a timestamped log line would record
//! the arrival time that the store coarsens); failures are logged without
//! any of the source's data.
mod seal;
mod spool;

use std::cell::Cell;
use std::rc::Rc;

use actix_multipart::Multipart;
use actix_web::error::PayloadError;
use actix_web::http::header::HeaderMap;
use actix_web::{web, HttpRequest};
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use tokio::sync::mpsc;
use zeroize::Zeroizing;

use super::i18n::Locale;
use super::logging::{self, Event};
use super::pages::Refusal;
use super::slots::Stopped;
use super::state::AppState;
use super::wiped::{self, WipedBuf};
use crate::store::StoreError;
use seal::{ConversationKeys, Piece, SealError, SealJob};
pub use spool::{clear_spool, spool_dir};
use tipbox_core::bundle::TipId;
use tipbox_core::conversation::{Codename, DerivedKeys};
use tipbox_core::tip::Kind;

/// Largest message field: a megabyte of text is a long document; anything
/// bigger belongs in a file, which streams instead of sitting in memory.
pub const MAX_MESSAGE_BYTES: u64 = 1024 * 1024;

/// Most attachments in one tip: each one is a spool file and a tar entry.
pub const MAX_FILES: usize = 1000;

/// Pieces queued between the network and the sealing thread: with actix's
/// chunks of up to 64 KiB, well under a megabyte in flight.
const QUEUED_PIECES: usize = 8;

/// Bytes of multipart framing (boundaries, part headers) allowed on top of
/// the per-tip cap: for a declared `Content-Length`, and for the body's
/// bytes as they are counted.
const FORM_FRAMING_ALLOWANCE: u64 = 1024 * 1024;

/// Largest value accepted for the small `reply` field.
const MAX_FLAG_BYTES: usize = 16;

/// Largest `codename` field: seven words of at most nine letters, with room
/// for the generous spacing people type.
const MAX_CODENAME_BYTES: usize = 512;

/// How long a form refused for its declared length may take to bring its
/// message (to give it back): tens of kilobytes over a slow circuit, while a
/// client that sends no body gets its answer within seconds.
const LEADING_MESSAGE_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// A stored no-JavaScript submission.
#[derive(Debug)]
pub struct Received {
    pub id: TipId,
    pub conversation: Conversation,
}

/// Whether the tip belongs to a conversation.
#[derive(Debug)]
pub enum Conversation {
    /// A one-off tip: no replies possible.
    None,
    /// The source ticked `reply`: this new codename (shown once, then
    /// forgotten by the server) reaches the mailbox made for it.
    Started(Codename),
    /// A follow-up sent with an existing codename.
    FollowedUp(Codename),
}

/// A refused submission: why, and the message the source typed (when the
/// form had one and was not a follow-up), to offer again on the refusal page.
/// The message lives only in this request's memory and is wiped on drop.
#[derive(Debug)]
pub struct Refused {
    pub refusal: Refusal,
    pub message: Option<Zeroizing<String>>,
}

impl From<Refusal> for Refused {
    fn from(refusal: Refusal) -> Refused {
        Refused {
            refusal,
            message: None,
        }
    }
}

/// What a form read so far gives back if it is refused.
#[derive(Default)]
struct Kept {
    message: Option<Zeroizing<String>>,
    /// The form carried a codename: a follow-up, whose message is not
    /// offered again in the new-tip form.
    followup: bool,
}

impl Kept {
    fn refused(self, refusal: Refusal) -> Refused {
        Refused {
            refusal,
            message: self.message.filter(|_| !self.followup),
        }
    }
}

/// Why reading the form stopped early.
enum Stop {
    Refused(Refusal),
    /// The sealing thread hung up: its own result says why.
    SealerGone,
}

impl From<Refusal> for Stop {
    fn from(refusal: Refusal) -> Stop {
        Stop::Refused(refusal)
    }
}

/// What the form said besides its files and message (which is in [`Kept`]).
struct FormEnd {
    reply_requested: bool,
    /// What the source typed (or the inbox page carried) as a codename.
    codename: Option<Zeroizing<String>>,
}

/// Receives, seals and stores a `POST /submit` form.
pub async fn receive(
    req: &HttpRequest,
    payload: web::Payload,
    state: &AppState,
    locale: Locale,
) -> Result<Received, Refused> {
    let limit = state.limits.max_tip_bytes;
    // Refuse at once what cannot fit, rather than after an hour of upload
    // over Tor (keeping only the message). The allowance covers the form's
    // own framing generously.
    let declared = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit.saturating_add(FORM_FRAMING_ALLOWANCE)) {
        let message = tokio::time::timeout(
            LEADING_MESSAGE_WAIT,
            leading_message(req.headers(), payload, state),
        )
        .await
        .ok()
        .flatten();
        return Err(Refused {
            refusal: Refusal::TooLarge { limit },
            message,
        });
    }
    receive_form(req.headers(), payload, state, locale).await
}

/// Receives, seals and stores a form given as its headers (for the
/// `Content-Type` and its boundary) and its body: [`receive`] without the
/// HTTP request around it, which the `nojs_multipart` fuzz target drives.
pub async fn receive_form<S>(
    headers: &HeaderMap,
    body: S,
    state: &AppState,
    locale: Locale,
) -> Result<Received, Refused>
where
    S: Stream<Item = Result<Bytes, PayloadError>> + 'static,
{
    let limit = state.limits.max_tip_bytes;
    let slot = state.slots.forms.acquire().await.ok_or(Refusal::Busy)?;
    let mut kept = Kept::default();
    let (pieces, receiver) = mpsc::channel(QUEUED_PIECES);
    let job = SealJob {
        store: state.store.clone(),
        recipients: state.recipients.clone(),
        spool_dir: spool_dir(&state.data_dir),
    };
    let sealer = actix_web::rt::task::spawn_blocking(move || seal::run(receiver, job));

    // Every byte of the body counts, framing and part headers included: a
    // form cannot carry past the cap what no field reading would count.
    let body_cap = limit.saturating_add(FORM_FRAMING_ALLOWANCE);
    let body_bytes = Rc::new(Cell::new(0u64));
    let counted = body_bytes.clone();
    let body = body.map(move |piece| {
        let bytes = piece?;
        counted.set(counted.get().saturating_add(bytes.len() as u64));
        if counted.get() > body_cap {
            return Err(PayloadError::Overflow);
        }
        Ok(bytes)
    });
    let form = Multipart::new(headers, slot.guard(body));
    let read = match read_form(form, &pieces, state, &mut kept).await {
        Err(_) if body_bytes.get() > body_cap => Err(Refusal::TooLarge { limit }.into()),
        // The body lost its slot: to a newcomer (busy), or by trickling.
        Err(_) if slot.stopped() == Some(Stopped::Preempted) => Err(Refusal::Busy.into()),
        Err(_) if slot.stopped().is_some() => Err(Refusal::Malformed.into()),
        read => read,
    };
    let read = match read {
        Ok(end) => conversation_for(&end, state)
            .await
            .map(|conversation| (end, conversation))
            .map_err(Stop::Refused),
        Err(stop) => Err(stop),
    };
    let stop = match read {
        Ok((_, (conversation, keys))) => {
            // A copy, so that a refusal after sealing still gives it back.
            let finish = Piece::Finish {
                message: kept.message.clone().unwrap_or_default(),
                language: locale.tag(),
                conversation: keys,
            };
            if pieces.send(finish).await.is_ok() {
                drop(pieces);
                return match sealer.await {
                    Ok(Ok(id)) => Ok(Received { id, conversation }),
                    Ok(Err(err)) => Err(kept.refused(refusal_for(err, limit))),
                    Err(_panicked) => Err(kept.refused(internal("the sealing thread panicked"))),
                };
            }
            Stop::SealerGone
        }
        Err(stop) => stop,
    };
    // Closing the channel makes the sealing thread give up and remove its
    // spool files; wait for that, so nothing is left when the page is sent.
    drop(pieces);
    let sealed = sealer.await;
    let refusal = match stop {
        Stop::Refused(refusal) => refusal,
        Stop::SealerGone => match sealed {
            Ok(Err(err)) => refusal_for(err, limit),
            Ok(Ok(_)) => internal("the sealing thread stored a tip it was not asked to"),
            Err(_panicked) => internal("the sealing thread panicked"),
        },
    };
    Err(kept.refused(refusal))
}

/// The `message` field of a form refused for its declared length, if it is
/// the form's first field (as the page's form sends it): read on a form slot
/// and bounded like any message, the rest of the body left unread.
async fn leading_message<S>(
    headers: &HeaderMap,
    body: S,
    state: &AppState,
) -> Option<Zeroizing<String>>
where
    S: Stream<Item = Result<Bytes, PayloadError>> + 'static,
{
    let slot = state.slots.forms.acquire().await?;
    let mut form = Multipart::new(headers, slot.guard(body));
    let idle = state.limits.body_idle_timeout;
    let mut field = next_within(idle, form.next()).await.ok()??.ok()?;
    if field.name() != Some("message") {
        return None;
    }
    read_message(&mut field, idle).await.ok()
}

/// A `message` field's text, at most [`MAX_MESSAGE_BYTES`].
async fn read_message(
    field: &mut actix_multipart::Field,
    idle: std::time::Duration,
) -> Result<Zeroizing<String>, Stop> {
    let mut text = WipedBuf::new();
    while let Some(chunk) = next_within(idle, field.next()).await? {
        let chunk = chunk.map_err(|_| Refusal::Malformed)?;
        if text.len() + chunk.len() > MAX_MESSAGE_BYTES as usize {
            return Err(Refusal::MessageTooLong {
                limit: MAX_MESSAGE_BYTES,
            }
            .into());
        }
        text.extend(&chunk);
    }
    Ok(text.into_text().ok_or(Refusal::Malformed)?)
}

/// Reads the multipart form, forwarding file content to the sealing thread.
async fn read_form(
    mut form: Multipart,
    pieces: &mpsc::Sender<Piece>,
    state: &AppState,
    kept: &mut Kept,
) -> Result<FormEnd, Stop> {
    let idle = state.limits.body_idle_timeout;
    let limit = state.limits.max_tip_bytes;
    let mut reply_requested = false;
    let mut reply_seen = false;
    let mut codename = None;
    let mut received: u64 = 0;
    let mut file_fields = 0usize;
    let mut nonempty_files = 0usize;

    while let Some(field) = next_within(idle, form.next()).await? {
        let mut field = field.map_err(|_| Refusal::Malformed)?;
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "message" => {
                if kept.message.is_some() {
                    return Err(Refusal::Malformed.into());
                }
                let text = read_message(&mut field, idle).await?;
                received += text.len() as u64;
                kept.message = Some(text);
                if received > limit {
                    return Err(Refusal::TooLarge { limit }.into());
                }
            }
            "file" => {
                file_fields += 1;
                if file_fields > MAX_FILES {
                    return Err(Refusal::TooLarge { limit }.into());
                }
                let file_name = Zeroizing::new(
                    field
                        .content_disposition()
                        .and_then(|cd| cd.get_filename())
                        .unwrap_or_default()
                        .to_owned(),
                );
                let media_type = media_type(field.content_type());
                let named = !file_name.is_empty();
                send(
                    pieces,
                    Piece::FileStart {
                        name: file_name,
                        media_type,
                    },
                )
                .await?;
                let mut size = 0u64;
                while let Some(chunk) = next_within(idle, field.next()).await? {
                    let chunk = chunk.map_err(|_| Refusal::Malformed)?;
                    size += chunk.len() as u64;
                    received += chunk.len() as u64;
                    if received > limit {
                        return Err(Refusal::TooLarge { limit }.into());
                    }
                    send(pieces, Piece::Data(chunk)).await?;
                }
                send(pieces, Piece::FileEnd).await?;
                if named || size > 0 {
                    nonempty_files += 1;
                }
            }
            "reply" => {
                // The form has one checkbox: a repeated field is not from it
                // (and uncounted repeats once carried megabytes past the cap).
                if reply_seen {
                    return Err(Refusal::Malformed.into());
                }
                reply_seen = true;
                let mut value = Vec::new();
                while let Some(chunk) = next_within(idle, field.next()).await? {
                    let chunk = chunk.map_err(|_| Refusal::Malformed)?;
                    received += chunk.len() as u64;
                    if value.len() + chunk.len() > MAX_FLAG_BYTES {
                        return Err(Refusal::Malformed.into());
                    }
                    value.extend_from_slice(&chunk);
                }
                reply_requested = value == b"on";
            }
            "codename" => {
                kept.followup = true;
                if codename.is_some() {
                    return Err(Refusal::Malformed.into());
                }
                let mut value = WipedBuf::new();
                while let Some(chunk) = next_within(idle, field.next()).await? {
                    let chunk = chunk.map_err(|_| Refusal::Malformed)?;
                    received += chunk.len() as u64;
                    if value.len() + chunk.len() > MAX_CODENAME_BYTES {
                        return Err(Refusal::Malformed.into());
                    }
                    value.extend(&chunk);
                }
                codename = Some(value.into_text().ok_or(Refusal::Malformed)?);
            }
            // The form has no other fields; anything else is not from it.
            _ => return Err(Refusal::Malformed.into()),
        }
    }

    let typed = kept.message.as_ref().is_some_and(|m| !m.trim().is_empty());
    if !typed && nonempty_files == 0 {
        return Err(Refusal::Empty.into());
    }
    Ok(FormEnd {
        reply_requested,
        codename,
    })
}

/// The conversation a form belongs to, and the keys its tip is sealed with:
/// a follow-up's codename is checked and derived; `reply=on` generates a new
/// codename. Either way the mailbox is created if absent (idempotent), and
/// the derived keys live only in this request's memory.
async fn conversation_for(
    end: &FormEnd,
    state: &AppState,
) -> Result<(Conversation, Option<ConversationKeys>), Refusal> {
    let (codename, kind) = match (&end.codename, end.reply_requested) {
        (Some(typed), _) => (
            Codename::parse(typed).map_err(Refusal::Codename)?,
            Kind::Followup,
        ),
        (None, true) => (Codename::generate(), Kind::Tip),
        (None, false) => return Ok((Conversation::None, None)),
    };
    let keys = derive_keys(state, &codename).await?;
    let store = state.store.clone();
    let mailbox = keys.mailbox();
    web::block(move || store.create_mailbox(&mailbox))
        .await
        .map_err(|_| internal("the mailbox task failed"))?
        .map_err(|err| match err {
            // The mailbox cap (or the disk): the 507 page, as for a full store.
            StoreError::MailboxesFull => {
                logging::count(Event::MailboxCapReached);
                Refusal::StorageFull
            }
            err if err.is_storage_full() => Refusal::StorageFull,
            err => {
                logging::count_failure(Event::FormFailed, &err);
                Refusal::Internal
            }
        })?;
    let sealed_keys = ConversationKeys {
        kind,
        mailbox: keys.mailbox().to_string(),
        reply_recipient: keys.reply_recipient().to_string(),
        followup_key: keys.followup_key.clone(),
    };
    let conversation = match kind {
        Kind::Followup => Conversation::FollowedUp(codename),
        _ => Conversation::Started(codename),
    };
    Ok((conversation, Some(sealed_keys)))
}

/// Runs the codename KDF on a blocking thread, at most
/// `conversations.max_concurrent_kdf` at once (each takes 16 MiB).
pub async fn derive_keys(state: &AppState, codename: &Codename) -> Result<DerivedKeys, Refusal> {
    let _permit = state
        .kdf_slots
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| Refusal::Busy)?;
    let codename = codename.clone();
    web::block(move || {
        let keys = codename.derive();
        // scrypt's HMAC held the codename in a key block on this stack.
        wiped::scrub_stack();
        keys
    })
    .await
    .map_err(|_| internal("the key derivation task failed"))
}

/// The next item of a body stream, unless the client sent nothing for `idle`.
async fn next_within<T>(
    idle: std::time::Duration,
    next: impl std::future::Future<Output = Option<T>>,
) -> Result<Option<T>, Stop> {
    tokio::time::timeout(idle, next)
        .await
        .map_err(|_stalled| Stop::Refused(Refusal::Malformed))
}

async fn send(pieces: &mpsc::Sender<Piece>, piece: Piece) -> Result<(), Stop> {
    pieces.send(piece).await.map_err(|_| Stop::SealerGone)
}

/// The media type the browser declared, if it is a plain `type/subtype`
/// token; anything else (parameters, odd bytes) becomes the generic type.
fn media_type(declared: Option<&actix_web::mime::Mime>) -> String {
    const GENERIC: &str = "application/octet-stream";
    let Some(mime) = declared else {
        return GENERIC.to_owned();
    };
    let essence = mime.essence_str().to_ascii_lowercase();
    let plain = essence.len() <= 100
        && essence.matches('/').count() == 1
        && essence
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/.+-_".contains(&b));
    if plain {
        essence
    } else {
        GENERIC.to_owned()
    }
}

/// The page for a sealing failure, counted for the operator's hourly
/// report (never a log line per tip: its time would date a source).
fn refusal_for(err: SealError, limit: u64) -> Refusal {
    match err {
        SealError::Store(StoreError::Full) => {
            logging::count(Event::StorageCapReached);
            Refusal::StorageFull
        }
        SealError::Store(StoreError::TooLarge) => Refusal::TooLarge { limit },
        SealError::Abandoned => Refusal::Malformed,
        // The store's cap or a full disk may also surface inside the
        // envelope's or the container's writer (as an I/O error).
        other if seal_storage_full(&other) => {
            logging::count_failure(Event::DiskFull, &other);
            Refusal::StorageFull
        }
        other => {
            logging::count_failure(Event::FormFailed, &other);
            Refusal::Internal
        }
    }
}

/// True when sealing failed for want of space, wherever the error surfaced.
fn seal_storage_full(err: &SealError) -> bool {
    match err {
        SealError::Store(err) => err.is_storage_full(),
        SealError::Spool(io) => io.kind() == std::io::ErrorKind::StorageFull,
        SealError::Envelope(err) => envelope_storage_full(err),
        _ => false,
    }
}

fn envelope_storage_full(err: &tipbox_core::envelope::Error) -> bool {
    match err {
        tipbox_core::envelope::Error::Io(io) => {
            io.kind() == std::io::ErrorKind::StorageFull
                || io
                    .get_ref()
                    .and_then(|inner| inner.downcast_ref::<StoreError>())
                    .is_some_and(StoreError::is_storage_full)
        }
        _ => false,
    }
}

fn internal(what: &'static str) -> Refusal {
    logging::count_failure(Event::FormFailed, &what);
    Refusal::Internal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_type_with_parameters_or_odd_bytes_becomes_generic() {
        let parse = |s: &str| s.parse::<actix_web::mime::Mime>().unwrap();
        assert_eq!(media_type(Some(&parse("image/png"))), "image/png");
        assert_eq!(
            media_type(Some(&parse("text/plain; charset=utf-8"))),
            "text/plain"
        );
        assert_eq!(media_type(None), "application/octet-stream");
    }
}
