//! The no-JavaScript path, `POST /submit`, without a network: arbitrary
//! bodies and boundaries through `server::nojs::receive_form`, the same
//! multipart parsing, spooling, sealing and storing that the route runs.
//!
//! Input: one byte that picks how the network splits the body, the boundary
//! up to the first `\n`, then the body. The `Content-Type` is
//! `multipart/form-data; boundary=<boundary>`.
//!
//! Besides "no panic, bounded memory", it asserts the path's promises:
//! - a stored tip opens with the newsroom's identity as a server-sealed
//!   container that holds no more than the body carried;
//! - a refusal leaves nothing in the store (the entry count is unchanged);
//! - either way no spool file is left behind;
//! - the answer comes before the idle timeout: the body never pauses, so a
//!   refusal by the timeout means the end of the body was missed.
#![no_main]

use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use tipbox::conversation::MailboxId;
use tipbox::envelope::Decryptor;
use tipbox::server::i18n::Locale;
use tipbox::server::nojs::{receive_form, spool_dir};
use tipbox::server::pacing::Pacer;
use tipbox::server::slots::{SlotPolicy, UploadSlots};
use tipbox::server::state::{AppState, Limits};
use tipbox::store::{DateGranularity, Store, StoreLimits, UploadPolicy, Uploads};
use tipbox::tip::{self, EncryptedBy};
use tipbox_fuzz::test_identity;

/// Per-tip cap, small so that the fuzzer reaches the "too large" refusal.
const MAX_TIP_BYTES: u64 = 16 * 1024;

/// One store and runtime for the whole run: opening sled per input would
/// bury the parser under start-up work.
struct Sandbox {
    _dir: tempfile::TempDir,
    state: AppState,
    runtime: tokio::runtime::Runtime,
}

fn sandbox() -> &'static Sandbox {
    static SANDBOX: OnceLock<Sandbox> = OnceLock::new();
    SANDBOX.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary folder");
        let store = Store::open(
            &dir.path().join("store"),
            StoreLimits {
                max_tip_bytes: MAX_TIP_BYTES,
                max_store_bytes: u64::MAX,
                date_granularity: DateGranularity::Day,
            },
        )
        .expect("store opens");
        let state = AppState {
            uploads: Uploads::new(store.clone(), UploadPolicy::default()).expect("uploads open"),
            store,
            recipients: Arc::new(vec![test_identity().to_public()]),
            limits: Limits {
                max_tip_bytes: MAX_TIP_BYTES,
                body_idle_timeout: Duration::from_secs(10),
                part_deadline: Duration::from_secs(10),
            },
            slots: UploadSlots::new(
                4,
                SlotPolicy {
                    min_bytes_per_sec: 0,
                    window: Duration::from_secs(10),
                    max_wait: Duration::ZERO,
                },
            ),
            data_dir: dir.path().to_owned(),
            // No pacing: the fuzzer sends no codename lookups.
            pacer: Pacer::new(Duration::ZERO, Duration::ZERO, u32::MAX),
            kdf_slots: Arc::new(tokio::sync::Semaphore::new(1)),
            branding: Arc::default(),
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("runtime");
        Sandbox {
            _dir: dir,
            state,
            runtime,
        }
    })
}

/// `body` cut into the pieces a network might deliver (sizes 1 to 256,
/// cycling from `seed`), as the request payload stream.
fn chunks(body: &[u8], seed: u8) -> Vec<Result<Bytes, actix_web::error::PayloadError>> {
    let mut pieces = Vec::new();
    let mut size = usize::from(seed) + 1;
    let mut rest = body;
    while !rest.is_empty() {
        let (now, later) = rest.split_at(size.min(rest.len()));
        pieces.push(Ok(Bytes::copy_from_slice(now)));
        rest = later;
        size = size * 7 % 256 + 1;
    }
    pieces
}

fuzz_target!(|input: &[u8]| {
    let Some((&seed, rest)) = input.split_first() else {
        return;
    };
    let (boundary, body) = match rest.iter().position(|&b| b == b'\n') {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, &[][..]),
    };
    let mut headers = actix_web::http::header::HeaderMap::new();
    let mut content_type = b"multipart/form-data; boundary=".to_vec();
    content_type.extend_from_slice(boundary);
    let Ok(value) = actix_web::http::header::HeaderValue::from_bytes(&content_type) else {
        return; // not a value an HTTP parser would hand over
    };
    headers.insert(actix_web::http::header::CONTENT_TYPE, value);

    let sandbox = sandbox();
    let state = &sandbox.state;
    let entries_before = state.store.entry_count().unwrap();
    let stream = futures_util::stream::iter(chunks(body, seed));
    let started = Instant::now();
    let result = sandbox.runtime.block_on(receive_form(
        &headers,
        stream,
        state,
        Locale::from_tag("en").expect("English is a locale"),
    ));
    // The body never pauses here, so only a parser that missed its end
    // waits for the idle timeout (the slow input in fuzz/README.md).
    assert!(
        started.elapsed() < state.limits.body_idle_timeout,
        "answered only by the idle timeout: the end of the body was missed"
    );

    match result {
        Ok(received) => {
            let (record, reader) = state.store.read(&received.id).expect("the tip is stored");
            let mut plaintext = Decryptor::new(reader, &[test_identity()])
                .expect("the stored tip is sealed to the newsroom");
            let out = tempfile::tempdir().expect("temporary folder");
            let opened = tip::extract(&mut plaintext, out.path(), &tip::Limits::default())
                .expect("a sealed tip opens");
            let meta = opened.meta.expect("a tipbox container");
            assert_eq!(meta.encrypted_by, EncryptedBy::ServerSealed);
            let carried: u64 =
                meta.attachments.iter().map(|a| a.size).sum::<u64>() + meta.message.len() as u64;
            assert!(carried <= body.len() as u64, "more came out than went in");
            assert!(record.size <= MAX_TIP_BYTES, "the per-tip cap was not kept");
            state.store.delete(&received.id).expect("delete");
            // A form with `reply=on` also made the source's mailbox: it is
            // meant to outlive the request, so remove it before comparing.
            if let Some(mailbox) = &meta.mailbox {
                let mailbox: MailboxId = mailbox.parse().expect("tip.json names a mailbox");
                state
                    .store
                    .forget_mailbox(&mailbox)
                    .expect("forget mailbox");
            }
            assert_eq!(state.store.entry_count().unwrap(), entries_before);
        }
        Err(_refusal) => {
            assert_eq!(
                state.store.entry_count().unwrap(),
                entries_before,
                "a refused form left something in the store"
            );
        }
    }
    let spool = spool_dir(&state.data_dir);
    let left = std::fs::read_dir(&spool).map_or(0, |d| d.count());
    assert_eq!(left, 0, "a spool file outlived its request");
});
