//! The hostile-input catalogue: one table of named bad inputs across the
//! ciphertext API, the resumable uploads, the no-JavaScript form, the HTTP
//! layer, the newsroom API, start-up and the command lines.
//!
//! Each case asserts its documented answer and says what it left behind
//! ([`Outcome`]). Around every case the harness checks that:
//! - the number of stored tips changed only as the case says (nothing
//!   half-stored on a refusal);
//! - no file in the data folder contains the case's marker (every case puts
//!   a unique marker in whatever plaintext or garbage it sends);
//! - a good submission right after is accepted (the server still serves).
//!
//! All cases run even when some fail; the failure lists them by name. The
//! shared server runs with 2-second timeouts so that the slow-client cases
//! stay fast. The cases about bodies that end early each start a server
//! with a 30-second idle timeout and one upload slot instead, so that an
//! answer within 5 seconds shows the end of the body was noticed, not the
//! timeout.
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use tipbox::envelope::Identity;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{encrypt_to, TestApp};

/// The shared server's per-tip cap: small, so that oversize cases are quick.
const MAX_TIP: u64 = 2 * 1024 * 1024;
/// The shared server's head, keep-alive and body-idle timeouts.
const TIMEOUT_SECS: u64 = 2;

/// What a case left in the store.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    /// Refused (or answered without storing): the tip count is unchanged.
    Refused,
    /// Accepted: this many more tips.
    Stored(usize),
}

/// What every case gets: the shared server and a marker of its own.
struct Cx {
    app: TestApp,
    marker: String,
}

type CaseFuture = Pin<Box<dyn Future<Output = Outcome> + Send>>;
type Case = (&'static str, fn(Arc<Cx>) -> CaseFuture);

/// `cases![a, b]` → `[("a", |cx| Box::pin(a(cx))), …]`: the name a failure
/// shows is the function's name.
macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        [$((stringify!($name), (|cx| Box::pin($name(cx))) as fn(Arc<Cx>) -> CaseFuture)),*]
    };
}

const CATALOGUE: [Case; 60] = cases![
    // --- POST /api/v1/tips ------------------------------------------------
    api_garbage_body,
    api_empty_body,
    api_truncated_header,
    api_header_without_payload,
    api_header_with_too_short_payload,
    api_too_many_stanzas,
    api_passphrase_scrypt_file,
    api_armored_age_file,
    api_invalid_utf8_in_header,
    api_endless_header,
    api_declared_length_over_cap,
    api_chunked_body_over_cap,
    api_stalled_body,
    api_body_cut_mid_stream,
    api_slow_body_that_keeps_sending,
    api_get_on_post_route,
    api_disallowed_method,
    // --- resumable uploads ------------------------------------------------
    upload_start_not_json,
    upload_start_negative_size,
    upload_start_zero_size,
    upload_start_over_cap,
    upload_start_unknown_field,
    upload_unknown_id,
    upload_id_path_tricks,
    upload_part_out_of_order,
    upload_part_wrong_length,
    upload_part_number_not_a_number,
    upload_part_number_overflow,
    upload_first_part_not_age,
    upload_finish_with_parts_missing,
    // --- POST /submit (no JavaScript) -------------------------------------
    form_without_boundary,
    form_wrong_content_type,
    form_broken_boundary,
    form_truncated_mid_file,
    form_invalid_utf8_message,
    form_unknown_field,
    form_duplicate_message,
    form_message_over_limit,
    form_file_over_cap,
    form_empty,
    form_oversized_reply_flag,
    form_huge_part_header,
    form_stalled_mid_file,
    form_file_name_path_tricks,
    form_one_byte_boundary_short_line,
    // --- the HTTP layer and the pages -------------------------------------
    http_huge_header,
    http_too_many_headers,
    http_slow_request_head,
    http_many_idle_connections,
    http_smuggling_length_and_chunked,
    http_invalid_content_length,
    http_invalid_utf8_path,
    http_path_traversal,
    http_tor2web_gateway,
    page_bad_locales,
    // --- the newsroom listener --------------------------------------------
    newsroom_bad_tokens,
    newsroom_bad_tip_ids,
    // --- conversations: forged entries, checked on the offline desk --------
    conversation_forged_followup,
    conversation_forged_reply,
    // --- start-up, disk and command lines ----------------------------------
    store_full_disk,
];

/// Cases that need their own server or only a binary; they run after the
/// table above, with the same checks.
const STANDALONE: [Case; 13] = cases![
    form_wrong_closing_boundary,
    form_truncated_mid_part,
    api_body_ends_early,
    upload_part_ends_early,
    store_real_full_disk,
    startup_corrupted_store_files,
    startup_store_path_is_a_file,
    startup_bad_configuration,
    cli_decrypt_garbage_and_truncated_tips,
    cli_decrypt_bad_identity_files,
    cli_encrypt_bad_recipients,
    cli_submit_refused_and_bad_servers,
    cli_fetch_bad_token,
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_input_catalogue() {
    let started = Instant::now();
    let app = TestApp::spawn_with(|s| {
        s.limits.max_tip_bytes = MAX_TIP;
        s.limits.request_head_timeout_secs = TIMEOUT_SECS;
        s.limits.keep_alive_secs = TIMEOUT_SECS;
        s.limits.body_idle_timeout_secs = TIMEOUT_SECS;
    })
    .await;
    let run = hex::encode(rand::random::<[u8; 8]>());
    let mut cx = Arc::new(Cx {
        app,
        marker: String::new(),
    });
    let mut failures = Vec::new();
    let mut markers = Vec::new();
    for (name, case) in CATALOGUE.iter().chain(STANDALONE.iter()) {
        let marker = format!("HOSTILE-{run}-{name}");
        Arc::get_mut(&mut cx)
            .expect("no case outlives its run")
            .marker
            .clone_from(&marker);
        let case_started = Instant::now();
        let result = run_case(&cx, *case).await;
        println!(
            "{name}: {} ({:.1} s)",
            if result.is_ok() { "ok" } else { "FAILED" },
            case_started.elapsed().as_secs_f64()
        );
        if let Err(why) = result {
            failures.push(format!("{name}: {why}"));
        }
        markers.push(marker);
    }
    // One scan of the temp folder at the end, for every marker at once
    // (they share the run's prefix).
    let prefix = format!("HOSTILE-{run}-");
    let found = files_containing(&std::env::temp_dir(), prefix.as_bytes());
    if !found.is_empty() {
        failures.push(format!("markers found in the temp folder: {found:?}"));
    }
    let log = crate::helpers::captured_log();
    for marker in &markers {
        if log.contains(marker.as_str()) {
            failures.push(format!("{marker} reached the log"));
        }
    }
    println!(
        "hostile-input catalogue: {} cases in {:.1} s",
        CATALOGUE.len() + STANDALONE.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        CATALOGUE.len() + STANDALONE.len(),
        failures.join("\n")
    );
}

/// Runs one case and the checks around it.
async fn run_case(cx: &Arc<Cx>, case: fn(Arc<Cx>) -> CaseFuture) -> Result<(), String> {
    let app = &cx.app;
    let before = app.store.list().unwrap().len();
    let outcome =
        match tokio::time::timeout(Duration::from_secs(30), tokio::spawn(case(cx.clone()))).await {
            Err(_) => return Err("took longer than 30 s".into()),
            Ok(Err(panic)) => return Err(panic_message(panic)),
            Ok(Ok(outcome)) => outcome,
        };
    let after = app.store.list().unwrap().len();
    let expected = match outcome {
        Outcome::Refused => before,
        Outcome::Stored(n) => before + n,
    };
    if after != expected {
        return Err(format!(
            "{outcome:?}, yet tips went from {before} to {after}"
        ));
    }
    let found = files_containing(app.data_dir.path(), cx.marker.as_bytes());
    if !found.is_empty() {
        return Err(format!("its marker is on disk in {found:?}"));
    }
    let good = app
        .post_tip(app.encrypt(b"a good tip after a hostile one"))
        .await;
    if good.status().as_u16() != 201 {
        return Err(format!(
            "the next good submission got {} instead of 201",
            good.status()
        ));
    }
    Ok(())
}

fn panic_message(err: tokio::task::JoinError) -> String {
    match err.try_into_panic() {
        Ok(payload) => payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panicked".into()),
        Err(err) => err.to_string(),
    }
}

// --- tools the cases share ---------------------------------------------------

/// Asserts a JSON `{"error": …}` answer with `status`.
async fn json_error(response: reqwest::Response, status: u16) {
    assert_eq!(response.status().as_u16(), status, "status");
    let ctype = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(ctype, "application/json");
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(
        body["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{body}"
    );
}

/// Asserts a localised HTML refusal page with `status`.
async fn html_refusal(response: reqwest::Response, status: u16) -> String {
    assert_eq!(response.status().as_u16(), status, "status");
    let ctype = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(ctype.starts_with("text/html"), "{ctype}");
    let html = response.text().await.unwrap();
    assert!(html.contains("<html lang="), "not a page");
    html
}

/// The status of a raw HTTP answer, `None` when the server closed without one.
struct RawAnswer {
    status: Option<u16>,
    text: String,
}

/// Sends `request` as is on a fresh connection and reads until the server
/// closes it or `wait` passes.
async fn raw(port: u16, request: &[u8], wait: Duration) -> RawAnswer {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    // The server may answer and close before reading everything.
    let _ = stream.write_all(request).await;
    read_answer(&mut stream, wait).await
}

async fn read_answer(stream: &mut TcpStream, wait: Duration) -> RawAnswer {
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(wait, async {
        let mut buf = [0u8; 8192];
        while let Ok(n) = stream.read(&mut buf).await {
            if n == 0 {
                break;
            }
            answer.extend_from_slice(&buf[..n]);
            if is_complete(&answer) {
                break;
            }
        }
    })
    .await;
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok());
    RawAnswer { status, text }
}

/// True once `answer` holds a head and the `Content-Length` body after it.
fn is_complete(answer: &[u8]) -> bool {
    let Some(end) = answer.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&answer[..end]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok());
    length.is_some_and(|length| answer.len() >= end + 4 + length)
}

/// A ciphertext of `marker`-bearing plaintext for the shared server.
fn sealed(cx: &Cx, len: usize) -> Vec<u8> {
    cx.app.encrypt(&marked(cx, len))
}

/// `len` bytes that carry the case's marker throughout.
fn marked(cx: &Cx, len: usize) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(len + cx.marker.len());
    while bytes.len() < len {
        bytes.extend_from_slice(cx.marker.as_bytes());
        bytes.push(b'\n');
    }
    bytes.truncate(len.max(cx.marker.len()));
    bytes
}

async fn post_api(cx: &Cx, content_type: &str, body: Vec<u8>) -> reqwest::Response {
    cx.app
        .client
        .post(format!("{}/api/v1/tips", cx.app.address))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

const BOUNDARY: &str = "hostileBoundary9f8e7d";

/// A multipart body from `(name, filename, bytes)` fields.
fn form(fields: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, filename, bytes) in fields {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"").as_bytes(),
        );
        if let Some(filename) = filename {
            body.extend_from_slice(format!("; filename=\"{filename}\"").as_bytes());
        }
        body.extend_from_slice(b"\r\n\r\n");
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn post_form(cx: &Cx, content_type: &str, body: Vec<u8>) -> reqwest::Response {
    cx.app
        .client
        .post(format!("{}/submit", cx.app.address))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

fn multipart() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

// --- POST /api/v1/tips -----------------------------------------------------------

async fn api_garbage_body(cx: Arc<Cx>) -> Outcome {
    let body = marked(&cx, 4096);
    json_error(post_api(&cx, "application/octet-stream", body).await, 400).await;
    Outcome::Refused
}

async fn api_empty_body(cx: Arc<Cx>) -> Outcome {
    json_error(
        post_api(&cx, "application/octet-stream", Vec::new()).await,
        400,
    )
    .await;
    Outcome::Refused
}

async fn api_truncated_header(cx: Arc<Cx>) -> Outcome {
    // The header stops inside the X25519 stanza.
    let mut body = sealed(&cx, 100);
    body.truncate(60);
    json_error(post_api(&cx, "application/octet-stream", body).await, 400).await;
    Outcome::Refused
}

/// The length of an age header (up to and including the MAC line).
fn header_len(file: &[u8]) -> usize {
    let mac = file.windows(4).position(|w| w == b"\n---").unwrap() + 1;
    mac + file[mac..].iter().position(|&b| b == b'\n').unwrap() + 1
}

async fn api_header_without_payload(cx: Arc<Cx>) -> Outcome {
    let mut body = sealed(&cx, 100);
    body.truncate(header_len(&body));
    json_error(post_api(&cx, "application/octet-stream", body).await, 400).await;
    Outcome::Refused
}

async fn api_header_with_too_short_payload(cx: Arc<Cx>) -> Outcome {
    // A nonce and half a tag: no age file is that short.
    let mut body = sealed(&cx, 100);
    body.truncate(header_len(&body) + 24);
    json_error(post_api(&cx, "application/octet-stream", body).await, 400).await;
    Outcome::Refused
}

async fn api_too_many_stanzas(cx: Arc<Cx>) -> Outcome {
    // One key of the newsroom's and one of an outsider's: the outsider
    // could read the tip; the newsroom has one key, so the count is wrong.
    let mut recipients = cx.app.recipients.clone();
    recipients.push(Identity::generate().to_public());
    let body = encrypt_to(&recipients, &marked(&cx, 100));
    json_error(post_api(&cx, "application/octet-stream", body).await, 400).await;
    Outcome::Refused
}

async fn api_passphrase_scrypt_file(cx: Arc<Cx>) -> Outcome {
    // A passphrase-encrypted file (an scrypt stanza): the newsroom's keys
    // could never open it. A low work factor keeps the case fast.
    let body = tipbox::envelope::encrypt_with_passphrase_and_work_factor(
        &marked(&cx, 100),
        "correct horse",
        10,
    )
    .unwrap();
    json_error(post_api(&cx, "application/octet-stream", body).await, 400).await;
    Outcome::Refused
}

async fn api_armored_age_file(cx: Arc<Cx>) -> Outcome {
    use base64::Engine;
    let binary = sealed(&cx, 100);
    let armored = format!(
        "-----BEGIN AGE ENCRYPTED FILE-----\n{}\n-----END AGE ENCRYPTED FILE-----\n",
        base64::engine::general_purpose::STANDARD.encode(binary)
    );
    json_error(
        post_api(&cx, "application/octet-stream", armored.into_bytes()).await,
        400,
    )
    .await;
    Outcome::Refused
}

async fn api_invalid_utf8_in_header(cx: Arc<Cx>) -> Outcome {
    let mut body = b"age-encryption.org/v1\n-> X25519 \xff\xfe\xfd\n".to_vec();
    body.extend_from_slice(cx.marker.as_bytes());
    json_error(post_api(&cx, "application/octet-stream", body).await, 400).await;
    Outcome::Refused
}

async fn api_endless_header(cx: Arc<Cx>) -> Outcome {
    // Grease stanzas forever: the header must be refused once it is longer
    // than any honest one, not buffered to the size cap.
    let mut body = b"age-encryption.org/v1\n".to_vec();
    while body.len() < 256 * 1024 {
        body.extend_from_slice(format!("-> x-grease {}\nAAAA\n", cx.marker).as_bytes());
    }
    json_error(post_api(&cx, "application/octet-stream", body).await, 400).await;
    Outcome::Refused
}

async fn api_declared_length_over_cap(cx: Arc<Cx>) -> Outcome {
    // A Content-Length of a terabyte and no body: refused at once.
    let request = format!(
        "POST /api/v1/tips HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n\
         Content-Length: 1099511627776\r\n\r\n{}",
        cx.marker
    );
    let answer = raw(cx.app.port, request.as_bytes(), Duration::from_secs(5)).await;
    // 413, not 408: refused from the header, without waiting for the body.
    assert_eq!(answer.status, Some(413), "{}", answer.text);
    assert!(answer.text.contains("\"error\""), "{}", answer.text);
    Outcome::Refused
}

async fn api_chunked_body_over_cap(cx: Arc<Cx>) -> Outcome {
    // No Content-Length (chunked): the cap is counted as bytes arrive.
    let body = sealed(&cx, MAX_TIP as usize + 1);
    let mut stream = TcpStream::connect(("127.0.0.1", cx.app.port))
        .await
        .unwrap();
    let head = "POST /api/v1/tips HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    stream.write_all(head.as_bytes()).await.unwrap();
    for piece in body.chunks(64 * 1024) {
        let mut chunk = format!("{:x}\r\n", piece.len()).into_bytes();
        chunk.extend_from_slice(piece);
        chunk.extend_from_slice(b"\r\n");
        // The server may answer and stop reading before the end.
        if stream.write_all(&chunk).await.is_err() {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let answer = read_answer(&mut stream, Duration::from_secs(10)).await;
    assert_eq!(answer.status, Some(413), "{}", answer.text);
    Outcome::Refused
}

async fn api_stalled_body(cx: Arc<Cx>) -> Outcome {
    // The header, then silence: the upload slot is freed after the idle
    // timeout with 408.
    let body = sealed(&cx, 10_000);
    let mut upload = cx.app.start_chunked_upload().await;
    upload.send(&body[..header_len(&body) + 100]).await;
    let started = Instant::now();
    assert_eq!(upload.status(false).await, 408);
    assert!(started.elapsed() >= Duration::from_secs(TIMEOUT_SECS - 1));
    Outcome::Refused
}

async fn api_body_cut_mid_stream(cx: Arc<Cx>) -> Outcome {
    // Half of a 1 MiB tip, then the connection drops: nothing is kept.
    let body = sealed(&cx, 1024 * 1024);
    let mut stream = TcpStream::connect(("127.0.0.1", cx.app.port))
        .await
        .unwrap();
    let head = format!(
        "POST /api/v1/tips HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&body[..body.len() / 2]).await.unwrap();
    drop(stream);
    // Give the server a moment to notice and drop the upload.
    tokio::time::sleep(Duration::from_millis(300)).await;
    Outcome::Refused
}

async fn api_slow_body_that_keeps_sending(cx: Arc<Cx>) -> Outcome {
    // Slow but progressing (a piece a second, the idle timeout is 2 s, the
    // whole upload takes longer than it): never cut off.
    let body = sealed(&cx, 1000);
    let mut upload = cx.app.start_chunked_upload().await;
    let pieces = body.chunks(body.len().div_ceil(4)).collect::<Vec<_>>();
    for piece in &pieces {
        upload.send(piece).await;
        tokio::time::sleep(Duration::from_millis(900)).await;
    }
    assert_eq!(upload.status(true).await, 201);
    Outcome::Stored(1)
}

async fn api_get_on_post_route(cx: Arc<Cx>) -> Outcome {
    let response = cx.app.get("/api/v1/tips").await;
    assert_eq!(response.status().as_u16(), 405);
    Outcome::Refused
}

async fn api_disallowed_method(cx: Arc<Cx>) -> Outcome {
    for method in ["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"] {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let response = cx
            .app
            .client
            .request(method.clone(), format!("{}/api/v1/tips", cx.app.address))
            .body(sealed(&cx, 100))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 405, "{method}");
        assert_eq!(response.headers()["allow"], "GET, HEAD, POST");
    }
    Outcome::Refused
}

// --- resumable uploads -------------------------------------------------------------

async fn upload_start_not_json(cx: Arc<Cx>) -> Outcome {
    let response = cx
        .app
        .client
        .post(format!("{}/api/v1/uploads", cx.app.address))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("size=100&note={}", cx.marker))
        .send()
        .await
        .unwrap();
    json_error(response, 400).await;
    Outcome::Refused
}

async fn upload_start_negative_size(cx: Arc<Cx>) -> Outcome {
    json_error(cx.app.start_upload(json!({ "size": -1 })).await, 400).await;
    json_error(cx.app.start_upload(json!({ "size": 1.5 })).await, 400).await;
    json_error(cx.app.start_upload(json!({ "size": "100" })).await, 400).await;
    Outcome::Refused
}

async fn upload_start_zero_size(cx: Arc<Cx>) -> Outcome {
    json_error(cx.app.start_upload(json!({ "size": 0 })).await, 400).await;
    Outcome::Refused
}

async fn upload_start_over_cap(cx: Arc<Cx>) -> Outcome {
    json_error(
        cx.app.start_upload(json!({ "size": MAX_TIP + 1 })).await,
        413,
    )
    .await;
    json_error(cx.app.start_upload(json!({ "size": u64::MAX })).await, 413).await;
    Outcome::Refused
}

async fn upload_start_unknown_field(cx: Arc<Cx>) -> Outcome {
    let body = json!({ "size": 100, "name": cx.marker });
    json_error(cx.app.start_upload(body).await, 400).await;
    Outcome::Refused
}

async fn upload_unknown_id(cx: Arc<Cx>) -> Outcome {
    let id = hex::encode(rand::random::<[u8; 16]>());
    json_error(cx.app.upload_status(&id).await, 404).await;
    json_error(cx.app.put_part(&id, 0, &sealed(&cx, 100)).await, 404).await;
    json_error(cx.app.finish_upload(&id).await, 404).await;
    Outcome::Refused
}

async fn upload_id_path_tricks(cx: Arc<Cx>) -> Outcome {
    for id in [
        "..%2F..%2Fstore",
        "%2e%2e",
        "0123456789abcdef0123456789abcdef00",
        "0123456789ABCDEF0123456789ABCDEG",
        "%00",
    ] {
        let response = cx.app.upload_status(id).await;
        assert_eq!(response.status().as_u16(), 404, "{id}");
    }
    Outcome::Refused
}

async fn upload_part_out_of_order(cx: Arc<Cx>) -> Outcome {
    let id = cx.app.upload_id(MAX_TIP as usize).await;
    let part = marked(&cx, 1024 * 1024);
    json_error(cx.app.put_part(&id, 1, &part).await, 409).await;
    assert_eq!(cx.app.received_parts(&id).await, 0);
    Outcome::Refused
}

async fn upload_part_wrong_length(cx: Arc<Cx>) -> Outcome {
    let ciphertext = sealed(&cx, 5000);
    let id = cx.app.upload_id(ciphertext.len()).await;
    json_error(
        cx.app
            .put_part(&id, 0, &ciphertext[..ciphertext.len() - 1])
            .await,
        400,
    )
    .await;
    let mut longer = ciphertext.clone();
    longer.push(0);
    json_error(cx.app.put_part(&id, 0, &longer).await, 400).await;
    assert_eq!(cx.app.received_parts(&id).await, 0);
    Outcome::Refused
}

async fn upload_part_number_not_a_number(cx: Arc<Cx>) -> Outcome {
    let ciphertext = sealed(&cx, 100);
    let id = cx.app.upload_id(ciphertext.len()).await;
    for n in ["-1", "zero", "0x0", "%20"] {
        let response = cx
            .app
            .client
            .post(format!("{}/api/v1/uploads/{id}/parts/{n}", cx.app.address))
            .body(ciphertext.clone())
            .send()
            .await
            .unwrap();
        json_error(response, 400).await;
    }
    Outcome::Refused
}

async fn upload_part_number_overflow(cx: Arc<Cx>) -> Outcome {
    let ciphertext = sealed(&cx, 100);
    let id = cx.app.upload_id(ciphertext.len()).await;
    let response = cx
        .app
        .client
        .post(format!(
            "{}/api/v1/uploads/{id}/parts/4294967296",
            cx.app.address
        ))
        .body(ciphertext.clone())
        .send()
        .await
        .unwrap();
    json_error(response, 400).await;
    json_error(cx.app.put_part(&id, u32::MAX, &ciphertext).await, 400).await;
    Outcome::Refused
}

async fn upload_first_part_not_age(cx: Arc<Cx>) -> Outcome {
    let garbage = marked(&cx, 3000);
    let id = cx.app.upload_id(garbage.len()).await;
    json_error(cx.app.put_part(&id, 0, &garbage).await, 400).await;
    assert_eq!(cx.app.received_parts(&id).await, 0);
    json_error(cx.app.finish_upload(&id).await, 409).await;
    Outcome::Refused
}

async fn upload_finish_with_parts_missing(cx: Arc<Cx>) -> Outcome {
    let ciphertext = sealed(&cx, 1024 * 1024 + 10);
    let id = cx.app.upload_id(ciphertext.len()).await;
    assert_eq!(
        cx.app
            .put_part(&id, 0, &ciphertext[..1024 * 1024])
            .await
            .status()
            .as_u16(),
        204
    );
    json_error(cx.app.finish_upload(&id).await, 409).await;
    Outcome::Refused
}

// --- POST /submit ----------------------------------------------------------------------

fn message_form(cx: &Cx) -> Vec<u8> {
    form(&[("message", None, cx.marker.as_bytes())])
}

async fn form_without_boundary(cx: Arc<Cx>) -> Outcome {
    let response = post_form(&cx, "multipart/form-data", message_form(&cx)).await;
    html_refusal(response, 400).await;
    Outcome::Refused
}

async fn form_wrong_content_type(cx: Arc<Cx>) -> Outcome {
    for content_type in [
        "application/json",
        "text/plain",
        "application/x-www-form-urlencoded",
    ] {
        let body = format!("message={}", cx.marker).into_bytes();
        html_refusal(post_form(&cx, content_type, body).await, 400).await;
    }
    Outcome::Refused
}

async fn form_broken_boundary(cx: Arc<Cx>) -> Outcome {
    // The body's boundary is not the one the header announced.
    let body = message_form(&cx);
    let response = post_form(&cx, "multipart/form-data; boundary=somethingElse", body).await;
    html_refusal(response, 400).await;
    Outcome::Refused
}

async fn form_truncated_mid_file(cx: Arc<Cx>) -> Outcome {
    // A file part that never ends: no closing boundary.
    let mut body = form(&[("message", None, b"see file")]);
    body.truncate(body.len() - format!("--{BOUNDARY}--\r\n").len());
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(&marked(&cx, 300_000));
    html_refusal(post_form(&cx, &multipart(), body).await, 400).await;
    assert_eq!(spool_files(&cx), 0);
    Outcome::Refused
}

fn spool_files(cx: &Cx) -> usize {
    std::fs::read_dir(cx.app.data_dir.path().join("spool"))
        .map(|entries| entries.count())
        .unwrap_or(0)
}

async fn form_invalid_utf8_message(cx: Arc<Cx>) -> Outcome {
    let mut message = cx.marker.as_bytes().to_vec();
    message.extend_from_slice(b" \xc3\x28 \xff");
    let body = form(&[("message", None, &message)]);
    html_refusal(post_form(&cx, &multipart(), body).await, 400).await;
    Outcome::Refused
}

async fn form_unknown_field(cx: Arc<Cx>) -> Outcome {
    let body = form(&[
        ("message", None, b"hello"),
        ("email", None, cx.marker.as_bytes()),
    ]);
    html_refusal(post_form(&cx, &multipart(), body).await, 400).await;
    Outcome::Refused
}

async fn form_duplicate_message(cx: Arc<Cx>) -> Outcome {
    let body = form(&[
        ("message", None, b"first"),
        ("message", None, cx.marker.as_bytes()),
    ]);
    html_refusal(post_form(&cx, &multipart(), body).await, 400).await;
    Outcome::Refused
}

async fn form_message_over_limit(cx: Arc<Cx>) -> Outcome {
    let message = marked(&cx, 1024 * 1024 + 1);
    let body = form(&[("message", None, &message)]);
    html_refusal(post_form(&cx, &multipart(), body).await, 413).await;
    Outcome::Refused
}

async fn form_file_over_cap(cx: Arc<Cx>) -> Outcome {
    let file = marked(&cx, MAX_TIP as usize + 1);
    let body = form(&[
        ("message", None, b"big file"),
        ("file", Some("big.bin"), &file),
    ]);
    html_refusal(post_form(&cx, &multipart(), body).await, 413).await;
    assert_eq!(spool_files(&cx), 0);
    Outcome::Refused
}

async fn form_empty(cx: Arc<Cx>) -> Outcome {
    let body = form(&[("message", None, b"   \r\n  "), ("file", Some(""), b"")]);
    html_refusal(post_form(&cx, &multipart(), body).await, 400).await;
    Outcome::Refused
}

async fn form_oversized_reply_flag(cx: Arc<Cx>) -> Outcome {
    let body = form(&[
        ("message", None, b"hello"),
        ("reply", None, cx.marker.as_bytes()),
    ]);
    html_refusal(post_form(&cx, &multipart(), body).await, 400).await;
    Outcome::Refused
}

async fn form_huge_part_header(cx: Arc<Cx>) -> Outcome {
    // A part header line of a megabyte: refused, not buffered.
    let mut body =
        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"message\"\r\nX-Junk: ")
            .into_bytes();
    body.extend_from_slice(&marked(&cx, 1024 * 1024));
    body.extend_from_slice(format!("\r\n\r\nhello\r\n--{BOUNDARY}--\r\n").as_bytes());
    let status = post_form(&cx, &multipart(), body).await.status().as_u16();
    assert!(matches!(status, 400 | 413), "{status}");
    Outcome::Refused
}

async fn form_stalled_mid_file(cx: Arc<Cx>) -> Outcome {
    let mut stream = TcpStream::connect(("127.0.0.1", cx.app.port))
        .await
        .unwrap();
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&marked(&cx, 100_000));
    let head = format!(
        "POST /submit HTTP/1.1\r\nHost: x\r\nContent-Type: {}\r\nContent-Length: {}\r\n\r\n",
        multipart(),
        body.len() + 1_000_000
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&body).await.unwrap();
    let started = Instant::now();
    let answer = read_answer(&mut stream, Duration::from_secs(10)).await;
    assert_eq!(answer.status, Some(400), "{}", answer.text);
    assert!(started.elapsed() >= Duration::from_secs(TIMEOUT_SECS - 1));
    assert_eq!(spool_files(&cx), 0);
    Outcome::Refused
}

async fn form_file_name_path_tricks(cx: Arc<Cx>) -> Outcome {
    // Accepted: the names are the source's to choose, and they are
    // sanitised into plain names inside files/ when the tip is opened.
    let names = [
        "../../../../etc/passwd",
        "/etc/shadow",
        "..\\..\\windows\\system32\\evil.dll",
        "con.txt:stream.exe",
        "\u{202e}fdp.exe",
    ];
    let content = b"contents".to_vec();
    let fields: Vec<(&str, Option<&str>, &[u8])> =
        std::iter::once(("message", None, &b"see files"[..]))
            .chain(names.iter().map(|n| ("file", Some(*n), &content[..])))
            .collect();
    let response = post_form(&cx, &multipart(), form(&fields)).await;
    assert_eq!(response.status().as_u16(), 200);
    let tips = cx.app.store.list().unwrap();
    let newest = tips.iter().find(|t| {
        let (_, mut reader) = cx.app.store.read(&t.id).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut reader, &mut bytes).unwrap();
        cx.app.decrypt(&bytes).windows(9).any(|w| w == b"see files")
    });
    let tip = newest.expect("the form's tip is stored");
    let (_, mut reader) = cx.app.store.read(&tip.id).unwrap();
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut reader, &mut bytes).unwrap();
    let out = tempfile::tempdir().unwrap();
    let extracted = tipbox::tip::extract(
        &mut &cx.app.decrypt(&bytes)[..],
        out.path(),
        &tipbox::tip::Limits::default(),
    )
    .unwrap();
    assert_eq!(extracted.files.len(), names.len());
    for file in &extracted.files {
        // One plain name directly inside files/, whatever was sent.
        let name = file.strip_prefix("files").unwrap();
        let parts: Vec<_> = name.components().collect();
        assert!(
            matches!(parts[..], [std::path::Component::Normal(_)]),
            "{name:?}"
        );
        let text = name.to_str().unwrap();
        assert!(!text.contains(['/', '\\', '\0']), "{text:?}");
        assert!(out.path().join(file).is_file());
    }
    // The tip is deleted again, so that later cases count from here.
    assert_eq!(
        cx.app
            .delete_tip(&tip.id.to_string())
            .await
            .status()
            .as_u16(),
        204
    );
    Outcome::Refused
}

async fn form_one_byte_boundary_short_line(cx: Arc<Cx>) -> Outcome {
    // A one-byte boundary and a body shorter than a boundary line: the
    // multipart parser once sliced past the line's end and panicked, which
    // dropped the connection without an answer.
    for body in [&b"\n"[..], b"--\n", b"\r\n--a\r\n"] {
        let response = post_form(&cx, "multipart/form-data; boundary=a", body.to_vec()).await;
        let html = html_refusal(response, 400).await;
        assert!(html.contains(MALFORMED_TITLE), "{body:?}: {html}");
    }
    Outcome::Refused
}

// --- bodies that end early (each case on its own, patient server) ------------------------

/// The body-idle timeout of the servers the early-end cases start: far
/// beyond [`PROMPT`], so that an answer within it cannot be the timeout's.
const PATIENT_IDLE_SECS: u64 = 30;

/// How soon a request whose body has ended must be answered.
const PROMPT: Duration = Duration::from_secs(5);

/// The title of the refusal page for a form that could not be read.
const MALFORMED_TITLE: &str = "The form could not be read";

/// A server that waits [`PATIENT_IDLE_SECS`] for a silent body and runs one
/// upload at a time: a request that kept its upload slot after its body
/// ended would make the next submission a 503.
async fn patient_server() -> TestApp {
    TestApp::spawn_with(|s| {
        s.limits.max_tip_bytes = MAX_TIP;
        s.limits.body_idle_timeout_secs = PATIENT_IDLE_SECS;
        s.limits.max_concurrent_uploads = 1;
    })
    .await
}

/// How a request's body ends before the server has all it expected.
#[derive(Clone, Copy, Debug)]
enum EarlyEnd {
    /// `Content-Length` is exactly what is sent: only the content is short.
    Declared,
    /// Chunked, closed by the last (zero-size) chunk.
    LastChunk,
    /// `Content-Length` promises more; the client then shuts its sending
    /// side (what a source's browser does when its upload breaks off).
    HalfClose,
}

/// Sends `POST path` with `body`, ended as `end`; returns the answer (none
/// when the server closed without one or had not answered after twice
/// [`PROMPT`]) and how long after the body's end it came.
async fn post_ending(
    app: &TestApp,
    path: &str,
    content_type: &str,
    body: &[u8],
    end: EarlyEnd,
) -> (RawAnswer, Duration) {
    let framing = match end {
        EarlyEnd::Declared => format!("Content-Length: {}", body.len()),
        EarlyEnd::HalfClose => format!("Content-Length: {}", body.len() + 1000),
        EarlyEnd::LastChunk => "Transfer-Encoding: chunked".to_owned(),
    };
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\n{framing}\r\n\r\n"
    );
    let mut stream = TcpStream::connect(("127.0.0.1", app.port)).await.unwrap();
    let mut request = head.into_bytes();
    match end {
        EarlyEnd::LastChunk if !body.is_empty() => {
            request.extend_from_slice(format!("{:x}\r\n", body.len()).as_bytes());
            request.extend_from_slice(body);
            request.extend_from_slice(b"\r\n0\r\n\r\n");
        }
        EarlyEnd::LastChunk => request.extend_from_slice(b"0\r\n\r\n"),
        EarlyEnd::Declared | EarlyEnd::HalfClose => request.extend_from_slice(body),
    }
    // The server may answer and close before reading everything.
    let _ = stream.write_all(&request).await;
    if let EarlyEnd::HalfClose = end {
        let _ = stream.shutdown().await;
    }
    let ended = Instant::now();
    // Twice the promise is enough to tell "late" from "never" without
    // waiting for the idle timeout.
    let answer = read_answer(&mut stream, 2 * PROMPT).await;
    (answer, ended.elapsed())
}

/// Asserts that `app` kept nothing of a refused submission: no tip, no
/// store entry beyond `entries`, no spool file, no marker on disk.
fn assert_nothing_kept(app: &TestApp, entries: usize, marker: &str) {
    assert_eq!(app.store.list().unwrap().len(), 0, "a tip was stored");
    assert_eq!(
        app.store.entry_count().unwrap(),
        entries,
        "store entries were left"
    );
    let spool = std::fs::read_dir(app.data_dir.path().join("spool")).map_or(0, |d| d.count());
    assert_eq!(spool, 0, "a spool file was left");
    let found = files_containing(app.data_dir.path(), marker.as_bytes());
    assert!(found.is_empty(), "the marker is on disk in {found:?}");
}

/// Asserts that `app` still takes a form and a ciphertext, one upload slot
/// at a time (so no refused request still holds the only one).
async fn assert_still_serving(app: &TestApp) {
    let good = form(&[("message", None, b"a good form after a broken one")]);
    let response = app
        .client
        .post(format!("{}/submit", app.address))
        .header("content-type", multipart())
        .body(good)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200, "the next good form");
    let response = app
        .post_tip(app.encrypt(b"a good tip after a broken one"))
        .await;
    assert_eq!(response.status().as_u16(), 201, "the next good tip");
}

/// Asserts the malformed-form refusal page, answered within [`PROMPT`].
fn assert_prompt_malformed(answer: &RawAnswer, took: Duration, what: &str) {
    assert!(
        took < PROMPT,
        "{what}: answered after {took:?}, not within {PROMPT:?} (idle timeout {PATIENT_IDLE_SECS} s)"
    );
    assert_eq!(answer.status, Some(400), "{what}: {}", answer.text);
    assert!(
        answer.text.contains(MALFORMED_TITLE),
        "{what}: {}",
        answer.text
    );
}

async fn form_wrong_closing_boundary(cx: Arc<Cx>) -> Outcome {
    // The fuzzer's slow input (fuzz/README.md, "Findings"): one file, then a
    // closing boundary with one byte changed, so the form never ends. With
    // actix-multipart 0.7 it was answered only when the idle timeout fired,
    // holding an upload slot until then.
    let app = patient_server().await;
    let entries = app.store.entry_count().unwrap();
    let mut content = b"one\r\n".to_vec();
    content.extend_from_slice(cx.marker.as_bytes());
    let mut body = form(&[("file", Some("a.txt"), &content[..])]);
    let closing = format!("--{BOUNDARY}--\r\n");
    let at = body.len() - closing.len() + 2 + BOUNDARY.len() / 2;
    body[at] ^= 0x01;
    for end in [EarlyEnd::Declared, EarlyEnd::LastChunk, EarlyEnd::HalfClose] {
        let (answer, took) = post_ending(&app, "/submit", &multipart(), &body, end).await;
        assert_prompt_malformed(&answer, took, &format!("{end:?}"));
        assert_nothing_kept(&app, entries, &cx.marker);
    }
    assert_still_serving(&app).await;
    Outcome::Refused
}

async fn form_truncated_mid_part(cx: Arc<Cx>) -> Outcome {
    // A form cut at any byte before its closing boundary is complete: in a
    // part header, in the message, in a file whose lines end in CRLF (so
    // that a cut can leave `\r`, `\r\n` or `\r\n--` at the end), in a
    // boundary line. Each is answered at once as malformed, never after
    // the idle timeout.
    let app = patient_server().await;
    let entries = app.store.entry_count().unwrap();
    let mut file = format!("first line\r\n{}\r\n", cx.marker).into_bytes();
    file.extend_from_slice(b"\r\n-\r\n--\r\n--hostile\r\n");
    let body = form(&[
        ("message", None, &b"see the file"[..]),
        ("file", Some("notes.txt"), &file[..]),
    ]);
    // `--BOUNDARY--` complete but without its line break is a whole form.
    let complete = body.len() - 2;
    for cut in 0..complete {
        let (answer, took) = post_ending(
            &app,
            "/submit",
            &multipart(),
            &body[..cut],
            EarlyEnd::Declared,
        )
        .await;
        let tail = String::from_utf8_lossy(&body[cut.saturating_sub(12)..cut]).into_owned();
        assert_prompt_malformed(&answer, took, &format!("cut at {cut} after {tail:?}"));
    }
    // The file cut in the middle of a line break, sent the other two ways.
    let closing = format!("\r\n--{BOUNDARY}--\r\n").len();
    let cut = body.len() - closing - file.len() + "first line\r".len();
    assert_eq!(&body[cut - 2..cut], b"e\r");
    for end in [EarlyEnd::LastChunk, EarlyEnd::HalfClose] {
        let (answer, took) = post_ending(&app, "/submit", &multipart(), &body[..cut], end).await;
        assert_prompt_malformed(&answer, took, &format!("{end:?} cut after \\r"));
    }
    assert_nothing_kept(&app, entries, &cx.marker);
    assert_still_serving(&app).await;
    Outcome::Refused
}

async fn api_body_ends_early(cx: Arc<Cx>) -> Outcome {
    // `POST /api/v1/tips`: a body that ends inside the age header is
    // refused at once however it ends; one that ends before its declared
    // length (the client shut its side) is refused at once, not stored.
    let app = patient_server().await;
    let entries = app.store.entry_count().unwrap();
    let ciphertext = app.encrypt(&marked(&cx, 100_000));
    let header = header_len(&ciphertext);
    for end in [EarlyEnd::Declared, EarlyEnd::LastChunk, EarlyEnd::HalfClose] {
        let cut = &ciphertext[..header / 2];
        let what = format!("{end:?} inside the header");
        let (answer, took) =
            post_ending(&app, "/api/v1/tips", "application/octet-stream", cut, end).await;
        assert!(took < PROMPT, "{what}: answered after {took:?}");
        assert_eq!(answer.status, Some(400), "{what}: {}", answer.text);
        assert!(answer.text.contains("\"error\""), "{what}: {}", answer.text);
    }
    let half = &ciphertext[..ciphertext.len() / 2];
    let (answer, took) = post_ending(
        &app,
        "/api/v1/tips",
        "application/octet-stream",
        half,
        EarlyEnd::HalfClose,
    )
    .await;
    assert!(
        took < PROMPT,
        "half a payload, then half-close: answered after {took:?}"
    );
    assert_eq!(answer.status, Some(400), "{}", answer.text);
    assert_nothing_kept(&app, entries, &cx.marker);
    assert_still_serving(&app).await;
    Outcome::Refused
}

async fn upload_part_ends_early(cx: Arc<Cx>) -> Outcome {
    // A resumable part whose body ends short of the part's length: refused
    // at once however it ends, nothing kept, and the part can be sent again.
    let app = patient_server().await;
    let ciphertext = app.encrypt(&marked(&cx, 100_000));
    let id = app.upload_id(ciphertext.len()).await;
    let entries = app.store.entry_count().unwrap();
    let path = format!("/api/v1/uploads/{id}/parts/0");
    let short = &ciphertext[..ciphertext.len() / 2];
    for end in [EarlyEnd::Declared, EarlyEnd::LastChunk, EarlyEnd::HalfClose] {
        let (answer, took) = post_ending(&app, &path, "application/octet-stream", short, end).await;
        assert!(took < PROMPT, "{end:?}: answered after {took:?}");
        assert_eq!(answer.status, Some(400), "{end:?}: {}", answer.text);
        assert!(
            answer.text.contains("\"error\""),
            "{end:?}: {}",
            answer.text
        );
        assert_eq!(app.received_parts(&id).await, 0);
    }
    assert_nothing_kept(&app, entries, &cx.marker);
    assert_eq!(
        app.put_part(&id, 0, &ciphertext).await.status().as_u16(),
        204
    );
    assert_eq!(app.finish_upload(&id).await.status().as_u16(), 201);
    assert_still_serving(&app).await;
    Outcome::Refused
}

// --- the HTTP layer -------------------------------------------------------------------------

async fn http_huge_header(cx: Arc<Cx>) -> Outcome {
    // Past actix-http's 128 KiB bound on a request head.
    let request = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Junk: {}\r\n\r\n",
        cx.marker.repeat(200_000 / cx.marker.len())
    );
    let answer = raw(cx.app.port, request.as_bytes(), Duration::from_secs(5)).await;
    assert_eq!(answer.status, Some(431), "{}", answer.text);
    Outcome::Refused
}

async fn http_too_many_headers(cx: Arc<Cx>) -> Outcome {
    let mut request = "GET / HTTP/1.1\r\nHost: x\r\n".to_owned();
    for i in 0..200 {
        request.push_str(&format!("X-H{i}: {}\r\n", cx.marker));
    }
    request.push_str("\r\n");
    let answer = raw(cx.app.port, request.as_bytes(), Duration::from_secs(5)).await;
    assert!(matches!(answer.status, Some(400 | 431)), "{}", answer.text);
    Outcome::Refused
}

async fn http_slow_request_head(cx: Arc<Cx>) -> Outcome {
    // Slowloris: a request head at a byte every half second. It progresses,
    // but a head must arrive within the head timeout; after that the
    // connection is answered 408 and closed, freeing it.
    let mut stream = TcpStream::connect(("127.0.0.1", cx.app.port))
        .await
        .unwrap();
    let request = format!("GET /?l={} HTTP/1.1\r\nHost: x\r\n\r\n", cx.marker);
    let started = Instant::now();
    let mut closed = false;
    for byte in request.as_bytes() {
        if stream.write_all(&[*byte]).await.is_err() {
            closed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        if started.elapsed() > Duration::from_secs(3 * TIMEOUT_SECS) {
            break;
        }
    }
    let answer = read_answer(&mut stream, Duration::from_secs(2)).await;
    assert!(
        closed || answer.status == Some(408),
        "a slow head was served after {:?}: {}",
        started.elapsed(),
        answer.text
    );
    assert!(started.elapsed() < Duration::from_secs(3 * TIMEOUT_SECS));
    Outcome::Refused
}

async fn http_many_idle_connections(cx: Arc<Cx>) -> Outcome {
    // 300 connections that never send a byte: others are still served
    // while they are open, and the server closes them after the timeout.
    let mut idle = Vec::new();
    for _ in 0..300 {
        idle.push(
            TcpStream::connect(("127.0.0.1", cx.app.port))
                .await
                .unwrap(),
        );
    }
    let started = Instant::now();
    let response = cx.app.post_tip(sealed(&cx, 1000)).await;
    assert_eq!(response.status().as_u16(), 201);
    assert!(started.elapsed() < Duration::from_secs(5), "served late");
    tokio::time::sleep(Duration::from_secs(TIMEOUT_SECS + 1)).await;
    for mut stream in idle {
        let mut buf = [0u8; 64];
        let read = tokio::time::timeout(Duration::from_secs(2), stream.read(&mut buf)).await;
        assert!(
            matches!(read, Ok(Ok(_)) | Ok(Err(_))),
            "an idle connection was still open after the timeout"
        );
    }
    Outcome::Stored(1)
}

async fn http_smuggling_length_and_chunked(cx: Arc<Cx>) -> Outcome {
    // Both Content-Length and Transfer-Encoding: the classic request
    // smuggling setup; refused rather than guessed.
    let request = format!(
        "POST /api/v1/tips HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\
         Transfer-Encoding: chunked\r\n\r\n{:x}\r\n{}\r\n0\r\n\r\n",
        cx.marker.len(),
        cx.marker
    );
    let answer = raw(cx.app.port, request.as_bytes(), Duration::from_secs(5)).await;
    assert_eq!(answer.status, Some(400), "{}", answer.text);
    Outcome::Refused
}

async fn http_invalid_content_length(cx: Arc<Cx>) -> Outcome {
    for length in ["-1", "abc", "1 2", "18446744073709551616"] {
        let request = format!(
            "POST /api/v1/tips HTTP/1.1\r\nHost: x\r\nContent-Length: {length}\r\n\r\n{}",
            cx.marker
        );
        let answer = raw(cx.app.port, request.as_bytes(), Duration::from_secs(5)).await;
        assert!(
            matches!(answer.status, Some(400 | 413)),
            "{length}: {}",
            answer.text
        );
    }
    Outcome::Refused
}

async fn http_invalid_utf8_path(cx: Arc<Cx>) -> Outcome {
    for path in ["/%ff%fe", "/submit%c0%af", "/\u{feff}"] {
        let response = cx.app.get(path).await;
        html_refusal(response, 404).await;
    }
    let answer = raw(
        cx.app.port,
        b"GET /\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        Duration::from_secs(5),
    )
    .await;
    assert!(matches!(answer.status, Some(400 | 404)), "{}", answer.text);
    Outcome::Refused
}

async fn http_path_traversal(cx: Arc<Cx>) -> Outcome {
    for path in [
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/Cargo.toml",
        "/static/..%2f..%2fCargo.toml",
        "/static/tipbox.css/../../../etc/passwd",
        "/static/tipbox.css%00.html",
        "//etc/passwd",
        "/static/",
    ] {
        let answer = raw(
            cx.app.port,
            format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
            Duration::from_secs(5),
        )
        .await;
        assert!(
            matches!(answer.status, Some(400 | 404)),
            "{path}: {}",
            answer.text
        );
        assert!(!answer.text.contains("root:"), "{path}");
        assert!(!answer.text.contains("[package]"), "{path}");
    }
    Outcome::Refused
}

async fn http_tor2web_gateway(cx: Arc<Cx>) -> Outcome {
    // Even a valid tip is refused through a Tor2web gateway.
    let response = cx
        .app
        .client
        .post(format!("{}/api/v1/tips", cx.app.address))
        .header("x-tor2web", "encrypted")
        .body(sealed(&cx, 100))
        .send()
        .await
        .unwrap();
    html_refusal(response, 403).await;
    Outcome::Refused
}

async fn page_bad_locales(cx: Arc<Cx>) -> Outcome {
    let long = "x".repeat(10_000);
    for locale in [
        "xx",
        "../../etc/passwd",
        "%00",
        "en%0d%0aSet-Cookie:%20a=b",
        "<script>alert(1)</script>",
        long.as_str(),
        "fa&l=ar",
    ] {
        let response = cx.app.get(&format!("/?l={locale}")).await;
        assert!(response.headers().get("set-cookie").is_none());
        let html = html_refusal_or_page(response, 200).await;
        assert!(
            html.contains("<html lang=\"en\"") || html.contains("<html lang=\"fa\""),
            "{locale}"
        );
        assert!(!html.contains("<script>alert"), "{locale}");
        assert!(!html.contains("etc/passwd"), "{locale}");
    }
    Outcome::Refused
}

async fn html_refusal_or_page(response: reqwest::Response, status: u16) -> String {
    assert_eq!(response.status().as_u16(), status);
    response.text().await.unwrap()
}

// --- the newsroom listener -------------------------------------------------------------

async fn newsroom_bad_tokens(cx: Arc<Cx>) -> Outcome {
    let token = cx.app.token.clone();
    let url = format!("{}/v1/tips", cx.app.newsroom_address);
    let headers = [
        None,
        Some(format!("Bearer {}", cx.marker)),
        Some(format!("bearer {token}")),
        Some(format!("Bearer  {token}")),
        Some(format!("Basic {token}")),
        Some(token.clone()),
        Some(format!("Bearer {}", &token[..token.len() - 1])),
        Some("Bearer ".to_owned()),
    ];
    for header in headers {
        let mut request = cx.app.client.get(&url);
        if let Some(header) = &header {
            request = request.header("authorization", header);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), 401, "{header:?}");
        assert_eq!(response.headers()["www-authenticate"], "Bearer");
    }
    // Invalid UTF-8 in the header value.
    let mut request = b"GET /v1/tips HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \xff".to_vec();
    request.extend_from_slice(token.as_bytes());
    request.extend_from_slice(b"\r\nConnection: close\r\n\r\n");
    let port: u16 = cx
        .app
        .newsroom_address
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let answer = raw(port, &request, Duration::from_secs(5)).await;
    assert!(matches!(answer.status, Some(400 | 401)), "{}", answer.text);
    Outcome::Refused
}

async fn newsroom_bad_tip_ids(cx: Arc<Cx>) -> Outcome {
    for id in [
        "..%2F..%2Fstore",
        "zz",
        "0123456789abcdef0123456789abcdeF",
        &cx.marker,
    ] {
        let response = cx.app.delete_tip(id).await;
        json_error(response, 400).await;
    }
    let unknown = hex::encode(rand::random::<[u8; 16]>());
    json_error(cx.app.delete_tip(&unknown).await, 404).await;
    Outcome::Refused
}

// --- storage ----------------------------------------------------------------------------------

async fn store_full_disk(cx: Arc<Cx>) -> Outcome {
    // A storage cap stands in for a full disk: every path refuses with 507
    // (a clear page or JSON), stores nothing, and serves what still fits.
    let full = TestApp::spawn_with(|s| s.limits.max_store_bytes = 64 * 1024).await;
    assert_eq!(
        full.post_tip(full.encrypt(&[1; 40_000]))
            .await
            .status()
            .as_u16(),
        201
    );
    let entries = full.store.entry_count().unwrap();

    json_error(full.post_tip(full.encrypt(&marked(&cx, 40_000))).await, 507).await;
    json_error(full.start_upload(json!({ "size": 40_000 })).await, 507).await;
    let file = marked(&cx, 40_000);
    let body = form(&[("message", None, b"full"), ("file", Some("f.bin"), &file)]);
    let response = full
        .client
        .post(format!("{}/submit", full.address))
        .header("content-type", multipart())
        .body(body)
        .send()
        .await
        .unwrap();
    html_refusal(response, 507).await;

    assert_eq!(full.store.entry_count().unwrap(), entries);
    assert_eq!(full.store.list().unwrap().len(), 1);
    assert!(files_containing(full.data_dir.path(), cx.marker.as_bytes()).is_empty());
    assert_eq!(
        full.post_tip(full.encrypt(&[2; 1000]))
            .await
            .status()
            .as_u16(),
        201
    );
    Outcome::Refused
}

/// A port free right now on loopback.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn store_real_full_disk(cx: Arc<Cx>) -> Outcome {
    // A real full disk, not the cap: the real binary with its data folder
    // on a 3 MiB tmpfs, mounted in a private mount namespace by `unshare
    // -rm` (no root needed). The caps are far above 3 MiB, so sled itself
    // meets ENOSPC. The answer must still be 507, never a crash or a 500.
    let data = tempfile::tempdir().unwrap();
    let (port, admin_port) = (free_port(), free_port());
    let token = "full-disk-token";
    let script = format!(
        "mount -t tmpfs -o size=3m tipbox-full-disk '{}' && exec '{}'",
        data.path().display(),
        env!("CARGO_BIN_EXE_tipbox-server")
    );
    let mut server = Command::new("unshare")
        .args(["-rm", "sh", "-c", &script])
        .env("TIPBOX_SERVER__LISTEN", format!("127.0.0.1:{port}"))
        .env("TIPBOX_ADMIN__LISTEN", format!("127.0.0.1:{admin_port}"))
        .env("TIPBOX_STORAGE__PATH", data.path())
        .env(
            "TIPBOX_NEWSROOM__RECIPIENTS",
            format!("[\"{}\"]", cx.app.recipients[0]),
        )
        .env("TIPBOX_NEWSROOM__ALLOW_DEMO_KEY", "false")
        .env(
            "TIPBOX_ADMIN__TOKEN_SHA256",
            format!(
                "[\"{}\"]",
                hex::encode(tipbox::server::config::TokenHash::of(token).0)
            ),
        )
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("unshare (util-linux) is needed to mount a small tmpfs");
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = server.try_wait().unwrap() {
            panic!("the server on a tmpfs did not start ({status}): are user namespaces allowed?");
        }
        if client
            .get(format!("{base}/api/v1/recipients"))
            .send()
            .await
            .is_ok()
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the server on a tmpfs did not answer"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let tip = sealed(&cx, 300_000);
    let mut acknowledged = 0;
    let refusal = loop {
        let response = client
            .post(format!("{base}/api/v1/tips"))
            .body(tip.clone())
            .send()
            .await
            .unwrap();
        if response.status().as_u16() != 201 {
            break response;
        }
        acknowledged += 1;
        assert!(
            acknowledged < 20,
            "3 MiB held {acknowledged} tips of 300 kB"
        );
    };
    json_error(refusal, 507).await;
    let response = client
        .post(format!("{base}/api/v1/tips"))
        .body(tip.clone())
        .send()
        .await
        .unwrap();
    json_error(response, 507).await;
    let form_body = form(&[("message", None, b"full"), ("file", Some("f.bin"), &tip)]);
    let response = client
        .post(format!("{base}/submit"))
        .header("content-type", multipart())
        .body(form_body)
        .send()
        .await
        .unwrap();
    html_refusal(response, 507).await;
    // Still serving pages, and the newsroom still gets every acknowledged tip.
    let page = client.get(format!("{base}/")).send().await.unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let listing = client
        .get(format!("http://127.0.0.1:{admin_port}/v1/tips"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    // Ciphertext files meet ENOSPC, not sled: the refused upload's file is
    // removed, its record never written, and every acknowledged tip (and
    // only those) is listed.
    assert_eq!(listing.status().as_u16(), 200);
    let listed: Vec<serde_json::Value> = listing.json().await.unwrap();
    assert_eq!(listed.len(), acknowledged, "listed vs acknowledged");
    server.kill().unwrap();
    server.wait().unwrap();
    Outcome::Refused
}

// --- start-up -------------------------------------------------------------------------------------

/// Runs `tipbox-server` with `env` and waits for it to exit (it must).
fn server_exits(env: &[(&str, String)], args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tipbox-server"));
    command
        .args(args)
        .env("TIPBOX_SERVER__LISTEN", "127.0.0.1:0")
        .env("TIPBOX_ADMIN__LISTEN", "127.0.0.1:0")
        .env("TIPBOX_NEWSROOM__ALLOW_DEMO_KEY", "false")
        .env(
            "TIPBOX_NEWSROOM__RECIPIENTS",
            format!("[\"{}\"]", Identity::generate().to_public()),
        )
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(_status) = child.try_wait().unwrap() {
            return child.wait_with_output().unwrap();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let output = child.wait_with_output().unwrap();
            panic!(
                "tipbox-server kept running; stderr: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A clear refusal: non-zero exit, a `tipbox-server:` line that says
/// `expected`, and no panic.
fn assert_clear_failure(output: &Output, expected: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "exited 0: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "not one line: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr
            .lines()
            .any(|line| line.starts_with("tipbox-server: ") && line.contains(expected)),
        "no clear line about {expected:?}: {stderr}"
    );
}

async fn startup_corrupted_store_files(cx: Arc<Cx>) -> Outcome {
    // A store written by a real server, then every file in it overwritten
    // with garbage of the same length: the server must refuse to start
    // with a clear message, not panic or serve from a damaged store.
    let data = tempfile::tempdir().unwrap();
    let store = data.path().join("store");
    {
        let limits = tipbox::store::StoreLimits {
            max_tip_bytes: MAX_TIP,
            max_store_bytes: 1 << 30,
            date_granularity: Default::default(),
        };
        let store = tipbox::store::Store::open(&store, limits).unwrap();
        let mut upload = store.begin().unwrap();
        upload.append(&sealed(&cx, 5000)).unwrap();
        upload.commit().unwrap();
    }
    let mut damaged = 0;
    for entry in walk(&store) {
        let len = std::fs::metadata(&entry).unwrap().len() as usize;
        if len > 0 {
            std::fs::write(&entry, marked(&cx, len).split_at(len).0).unwrap();
            damaged += 1;
        }
    }
    assert!(damaged > 0);
    let env = [("TIPBOX_STORAGE__PATH", data.path().display().to_string())];
    let output = tokio::task::spawn_blocking(move || server_exits(&env, &[]))
        .await
        .unwrap();
    // sled logs its own warnings first; the last line is ours.
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "started on a corrupted store");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let last = stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("tipbox-server: cannot open the store"),
        "{stderr}"
    );
    Outcome::Refused
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

async fn startup_store_path_is_a_file(cx: Arc<Cx>) -> Outcome {
    let data = tempfile::tempdir().unwrap();
    std::fs::write(data.path().join("store"), &cx.marker).unwrap();
    let env = [("TIPBOX_STORAGE__PATH", data.path().display().to_string())];
    let output = tokio::task::spawn_blocking(move || server_exits(&env, &[]))
        .await
        .unwrap();
    assert_clear_failure(&output, "store");
    std::fs::remove_file(data.path().join("store")).unwrap();
    Outcome::Refused
}

async fn startup_bad_configuration(_cx: Arc<Cx>) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let bad_toml = dir.path().join("bad.toml");
    std::fs::write(&bad_toml, "[limits\nmax_tip_bytes = ").unwrap();
    let misspelt = dir.path().join("misspelt.toml");
    std::fs::write(&misspelt, "[limits]\nmax_tip_byte = 1\n").unwrap();
    let wrong_type = dir.path().join("wrong-type.toml");
    std::fs::write(&wrong_type, "[limits]\nmax_tip_bytes = \"lots\"\n").unwrap();
    let data = dir.path().join("data").display().to_string();
    // (arguments, environment, what the one line must name)
    type BadStart = (Vec<String>, Vec<(&'static str, String)>, &'static str);
    let cases: Vec<BadStart> = vec![
        (
            vec![
                "--config".into(),
                dir.path().join("missing.toml").display().to_string(),
            ],
            vec![],
            "missing.toml",
        ),
        (
            vec!["--config".into(), bad_toml.display().to_string()],
            vec![],
            "TOML",
        ),
        (
            vec!["--config".into(), misspelt.display().to_string()],
            vec![],
            "max_tip_byte",
        ),
        (
            vec!["--config".into(), wrong_type.display().to_string()],
            vec![],
            "max_tip_bytes",
        ),
        (
            vec![],
            vec![("TIPBOX_SERVER__LISTEN", "localhost".into())],
            "host:port",
        ),
        (
            vec![],
            vec![("TIPBOX_NEWSROOM__RECIPIENTS", "[\"age1notakey\"]".into())],
            "recipient",
        ),
        (
            vec![],
            vec![("TIPBOX_ADMIN__TOKEN_SHA256", "[\"plain-token\"]".into())],
            "64 hex digits",
        ),
        (
            vec![],
            vec![("TIPBOX_LIMITS__MAX_TIP_BYTES", "-5".into())],
            "max_tip_bytes",
        ),
    ];
    for (args, mut env, expected) in cases {
        env.push(("TIPBOX_STORAGE__PATH", data.clone()));
        let output = tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            server_exits(&env, &args)
        })
        .await
        .unwrap();
        assert_clear_failure(&output, expected);
    }
    Outcome::Refused
}

// --- command lines ----------------------------------------------------------------------------------

/// Runs a binary with no input and no passphrase in the environment.
async fn run_binary(program: &'static str, args: Vec<String>) -> Output {
    tokio::task::spawn_blocking(move || {
        Command::new(program)
            .args(&args)
            .stdin(Stdio::null())
            .env_remove("TIPBOX_PASSPHRASE")
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

/// The command lines' failure contract: non-zero exit, one line on stderr.
fn assert_one_line_failure(output: &Output, what: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{what}: exited 0");
    assert_eq!(stderr.lines().count(), 1, "{what}: {stderr:?}");
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
}

const DECRYPT: &str = env!("CARGO_BIN_EXE_tipbox-decrypt");
const TIPBOX: &str = env!("CARGO_BIN_EXE_tipbox");

fn path_arg(path: &Path) -> String {
    path.display().to_string()
}

/// The newsroom identity of the shared server, in a file.
fn identity_file(cx: &Cx, dir: &Path) -> PathBuf {
    let path = dir.join("newsroom.key");
    std::fs::write(
        &path,
        format!("{}\n", cx.app.identity.to_encoded().as_str()),
    )
    .unwrap();
    path
}

async fn cli_decrypt_garbage_and_truncated_tips(cx: Arc<Cx>) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let key = identity_file(&cx, dir.path());
    let garbage = dir.path().join("garbage.age");
    std::fs::write(&garbage, marked(&cx, 10_000)).unwrap();
    // A real tip of several chunks, cut inside its last chunk: nothing of
    // its plaintext may be released.
    let mut truncated_bytes = sealed(&cx, 200_000);
    truncated_bytes.truncate(truncated_bytes.len() - 100);
    let truncated = dir.path().join("truncated.age");
    std::fs::write(&truncated, &truncated_bytes).unwrap();
    let mut extended_bytes = sealed(&cx, 1000);
    extended_bytes.extend_from_slice(b"trailing");
    let extended = dir.path().join("extended.age");
    std::fs::write(&extended, &extended_bytes).unwrap();
    let out = dir.path().join("out");
    for input in [&garbage, &truncated, &extended] {
        let output = run_binary(
            DECRYPT,
            vec![
                "raw".into(),
                "-i".into(),
                path_arg(&key),
                path_arg(input),
                "-o".into(),
                path_arg(&out.join("plain.txt")),
            ],
        )
        .await;
        assert_one_line_failure(&output, &format!("raw {}", input.display()));
        assert!(!output
            .stdout
            .windows(cx.marker.len())
            .any(|w| w == cx.marker.as_bytes()));
        let output = run_binary(
            DECRYPT,
            vec![
                "open".into(),
                "-i".into(),
                path_arg(&key),
                path_arg(input),
                "-o".into(),
                path_arg(&out),
            ],
        )
        .await;
        assert_one_line_failure(&output, &format!("open {}", input.display()));
    }
    // Nothing of the plaintext anywhere under the output folder.
    assert!(files_containing(dir.path(), cx.marker.as_bytes())
        .iter()
        .all(|f| f.ends_with("garbage.age")));
    Outcome::Refused
}

async fn cli_decrypt_bad_identity_files(cx: Arc<Cx>) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let tip = dir.path().join("tip.age");
    std::fs::write(&tip, sealed(&cx, 1000)).unwrap();
    let garbage = dir.path().join("garbage.key");
    std::fs::write(&garbage, b"\xff\xfe not a key\n").unwrap();
    let public = dir.path().join("public.key");
    std::fs::write(&public, format!("{}\n", cx.app.recipients[0])).unwrap();
    let other = dir.path().join("other.key");
    std::fs::write(
        &other,
        format!("{}\n", Identity::generate().to_encoded().as_str()),
    )
    .unwrap();
    let missing = dir.path().join("missing.key");
    for key in [&garbage, &public, &other, &missing] {
        let output = run_binary(
            DECRYPT,
            vec!["raw".into(), "-i".into(), path_arg(key), path_arg(&tip)],
        )
        .await;
        assert_one_line_failure(&output, &format!("-i {}", key.display()));
        assert!(output.stdout.is_empty());
    }
    Outcome::Refused
}

async fn cli_encrypt_bad_recipients(cx: Arc<Cx>) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.txt");
    std::fs::write(&input, &cx.marker).unwrap();
    let out = dir.path().join("out.age");
    let secret = Identity::generate();
    for recipient in [
        "age1notavalidkey".to_owned(),
        "".to_owned(),
        secret.to_encoded().as_str().to_owned(),
        format!("{}x", cx.app.recipients[0]),
    ] {
        let output = run_binary(
            TIPBOX,
            vec![
                "encrypt".into(),
                "-r".into(),
                recipient.clone(),
                path_arg(&input),
                "-o".into(),
                path_arg(&out),
            ],
        )
        .await;
        assert!(!output.status.success(), "{recipient}");
        assert!(!out.exists(), "{recipient}: output written");
    }
    Outcome::Refused
}

async fn cli_submit_refused_and_bad_servers(cx: Arc<Cx>) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.bin");
    std::fs::write(&big, marked(&cx, MAX_TIP as usize + 1000)).unwrap();
    // Refused by the server (over its cap): a clear line, nothing stored.
    let output = run_binary(
        TIPBOX,
        vec![
            "submit".into(),
            "--direct".into(),
            "--server".into(),
            cx.app.address.clone(),
            "-m".into(),
            "big".into(),
            path_arg(&big),
        ],
    )
    .await;
    // Before sending, the newsroom's key fingerprints are shown (so the
    // source can compare them); the failure is then one last line.
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    let last = stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("tipbox: ") && last.contains("larger"),
        "{stderr}"
    );
    assert!(!stderr.contains(&cx.marker), "{stderr}");
    for server in ["not a url", "ftp://127.0.0.1/", "http://"] {
        let output = run_binary(
            TIPBOX,
            vec![
                "submit".into(),
                "--direct".into(),
                "--server".into(),
                server.into(),
                "-m".into(),
                cx.marker.clone(),
            ],
        )
        .await;
        assert_one_line_failure(&output, server);
    }
    let missing = dir.path().join("missing.bin");
    let output = run_binary(
        TIPBOX,
        vec![
            "submit".into(),
            "--direct".into(),
            "--server".into(),
            cx.app.address.clone(),
            "-m".into(),
            cx.marker.clone(),
            path_arg(&missing),
        ],
    )
    .await;
    assert_one_line_failure(&output, "a missing file");
    Outcome::Refused
}

async fn cli_fetch_bad_token(cx: Arc<Cx>) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let token = dir.path().join("token");
    std::fs::write(&token, format!("{}\n", cx.marker)).unwrap();
    let bundle = dir.path().join("bundle.tar");
    let output = run_binary(
        TIPBOX,
        vec![
            "fetch".into(),
            "--direct".into(),
            "--server".into(),
            cx.app.newsroom_address.clone(),
            "--token-file".into(),
            path_arg(&token),
            "-o".into(),
            path_arg(&bundle),
        ],
    )
    .await;
    assert_one_line_failure(&output, "fetch with a wrong token");
    assert!(!bundle.exists(), "a bundle file was written");
    Outcome::Refused
}

/// Every regular file under `dir` whose bytes contain `needle` (streamed,
/// with an optimised search: the temp folder can hold a gigabyte).
fn files_containing(dir: &Path, needle: &[u8]) -> Vec<String> {
    let finder = memchr::memmem::Finder::new(needle);
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        // Other processes change the temp folder meanwhile: what vanishes
        // or cannot be read cannot hold our marker.
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() && file_contains(&entry.path(), &finder) {
                found.push(entry.path().display().to_string());
            }
        }
    }
    found
}

fn file_contains(path: &Path, finder: &memchr::memmem::Finder) -> bool {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let keep = finder.needle().len();
    let mut buf = vec![0u8; 1 << 20];
    let mut filled = 0;
    loop {
        let n = match file.read(&mut buf[filled..]) {
            Ok(0) | Err(_) => return false,
            Ok(n) => n,
        };
        filled += n;
        if finder.find(&buf[..filled]).is_some() {
            return true;
        }
        // Keep a tail, so that a marker across two reads is still found.
        let tail = keep.min(filled);
        buf.copy_within(filled - tail..filled, 0);
        filled = tail;
    }
}

// --- conversations: forged entries, checked on the offline desk -------------

/// Starts a real conversation through the no-JavaScript form; returns its
/// mailbox id (what a seized server, a manifest or an outgoing bundle gives
/// away).
async fn start_conversation(cx: &Cx) -> String {
    let page =
        crate::conversations::first_tip_page(&cx.app, "A first tip that asks for replies").await;
    let codename = crate::helpers::shown_codename(&page);
    tipbox::conversation::Codename::parse(&codename)
        .unwrap()
        .derive()
        .mailbox()
        .to_string()
}

/// Posts, through the tip API, a container claiming `kind` in `mailbox`
/// with the forger's own reply key; exports, opens with `tipbox-decrypt`
/// into a fresh desk, and checks what the journalist sees: the entry is
/// "unverified" in the table and on the desk, and `reply --to` refuses it
/// with one line.
async fn forge_in_conversation(cx: &Cx, kind: tipbox::tip::Kind) {
    let mailbox = start_conversation(cx).await;
    let forger = Identity::generate();
    let meta = tipbox::tip::TipMeta {
        version: tipbox::tip::FORMAT_VERSION,
        kind,
        encrypted_by: tipbox::tip::EncryptedBy::Browser,
        language: "en".into(),
        message: format!("{} forged", cx.marker),
        attachments: Vec::new(),
        mailbox: Some(mailbox),
        reply_recipient: Some(forger.to_public().to_string()),
        followup_key: None,
        // A proof-shaped value under no key the conversation knows.
        followup_proof: Some("ab".repeat(32)),
    };
    let container = tipbox::tip::TipWriter::new(Vec::new(), &meta)
        .unwrap()
        .finish()
        .unwrap();
    let answer = cx.app.post_tip(cx.app.encrypt(&container)).await;
    assert_eq!(
        answer.status().as_u16(),
        201,
        "ciphertext: the server cannot tell"
    );

    let dir = tempfile::tempdir().unwrap();
    let key = identity_file(cx, dir.path());
    let bundle = dir.path().join("export.tar");
    std::fs::write(&bundle, cx.app.export().await.bytes().await.unwrap()).unwrap();
    let desk = dir.path().join("desk");
    let opened = run_binary(
        DECRYPT,
        vec![
            "open".into(),
            "-i".into(),
            path_arg(&key),
            path_arg(&bundle),
            "-o".into(),
            path_arg(&desk),
        ],
    )
    .await;
    assert!(
        opened.status.success(),
        "{}",
        String::from_utf8_lossy(&opened.stderr)
    );
    let forged = std::fs::read_dir(&desk)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            std::fs::read_to_string(p.join("message.txt"))
                .is_ok_and(|m| m.starts_with(cx.marker.as_str()))
        })
        .expect("the forged entry opened");
    let id = forged.file_name().unwrap().to_string_lossy().into_owned();
    let table = String::from_utf8_lossy(&opened.stdout);
    let row = table.lines().find(|l| l.starts_with(&id)).unwrap();
    assert!(row.contains("(unverified)"), "{row}");
    let index = std::fs::read_to_string(desk.join("index.html")).unwrap();
    let article = index
        .split("<article")
        .find(|a| a.split("</h3>").next().unwrap().contains(&id))
        .unwrap();
    assert!(
        article.contains("unverified") && !article.contains("Our reply"),
        "{article}"
    );

    let refused = run_binary(
        DECRYPT,
        vec![
            "reply".into(),
            "-i".into(),
            path_arg(&key),
            "--to".into(),
            path_arg(&forged),
            "-m".into(),
            "must not reach the forger".into(),
            "-o".into(),
            path_arg(&dir.path().join("outgoing.tar")),
        ],
    )
    .await;
    assert_one_line_failure(&refused, "reply --to a forged entry");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("unverified"));
    assert!(!dir.path().join("outgoing.tar").exists());
}

async fn conversation_forged_followup(cx: Arc<Cx>) -> Outcome {
    forge_in_conversation(&cx, tipbox::tip::Kind::Followup).await;
    // The real first tip and the forgery: both are ciphertext to the server.
    Outcome::Stored(2)
}

async fn conversation_forged_reply(cx: Arc<Cx>) -> Outcome {
    forge_in_conversation(&cx, tipbox::tip::Kind::Reply).await;
    Outcome::Stored(2)
}
