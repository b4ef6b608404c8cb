//! The no-JavaScript path, `POST /submit`: a form sealed by the server as it
//! arrives, exported and opened offline byte for byte; no plaintext on disk;
//! every refusal a localised page that leaves nothing behind.
use std::io::Read;
use std::path::Path;
use std::time::Duration;

use tipbox::server::logging::{self, Event};
use tipbox::tip::{self, EncryptedBy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{shown_codename, TestApp};

pub(crate) const BOUNDARY: &str = "----tipboxTestBoundary7MA4YWxkTrZu0gW";

/// One field of a multipart form.
pub struct Part {
    name: &'static str,
    filename: Option<String>,
    content_type: Option<&'static str>,
    data: Vec<u8>,
}

impl Part {
    pub fn text(name: &'static str, value: &str) -> Part {
        Part {
            name,
            filename: None,
            content_type: None,
            data: value.as_bytes().to_vec(),
        }
    }
    pub fn file(filename: &str, content_type: &'static str, data: Vec<u8>) -> Part {
        Part {
            name: "file",
            filename: Some(filename.to_owned()),
            content_type: Some(content_type),
            data,
        }
    }
}

fn part_head(part: &Part) -> String {
    let mut head = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{}\"",
        part.name
    );
    if let Some(filename) = &part.filename {
        head.push_str(&format!("; filename=\"{filename}\""));
    }
    head.push_str("\r\n");
    if let Some(content_type) = part.content_type {
        head.push_str(&format!("Content-Type: {content_type}\r\n"));
    }
    head.push_str("\r\n");
    head
}

/// A `multipart/form-data` body as a browser sends it.
pub(crate) fn form_body(parts: &[Part]) -> Vec<u8> {
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(part_head(part).as_bytes());
        body.extend_from_slice(&part.data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

pub async fn post_form(app: &TestApp, query: &str, parts: &[Part]) -> reqwest::Response {
    app.client
        .post(format!("{}/submit{query}", app.address))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(form_body(parts))
        .send()
        .await
        .unwrap()
}

/// Deterministic filler bytes (xorshift), so large files need no fixture.
fn filler(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}

/// Every regular file under `dir` whose bytes contain `needle`.
fn files_containing(dir: &Path, needle: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        // Other processes create and remove files in the temp folder while
        // this runs; what vanishes or cannot be read cannot hold our marker.
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() && file_contains(&entry.path(), needle) {
                found.push(entry.path().display().to_string());
            }
        }
    }
    found
}

/// Streams the file, so that a large unrelated file costs no memory.
fn file_contains(path: &Path, needle: &[u8]) -> bool {
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let mut window = Vec::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) | Err(_) => return false,
            Ok(n) => n,
        };
        window.extend_from_slice(&buf[..n]);
        if window.windows(needle.len()).any(|w| w == needle) {
            return true;
        }
        // Keep a tail so that a marker across two reads is still found.
        let keep = needle.len().min(window.len());
        window.drain(..window.len() - keep);
    }
}

fn spool_files(app: &TestApp) -> usize {
    std::fs::read_dir(app.data_dir.path().join("spool"))
        .map(|entries| entries.count())
        .unwrap_or(0)
}

#[tokio::test]
async fn no_js_tip_round_trips_byte_for_byte_and_no_plaintext_reaches_disk() {
    // Arrange: a random marker in the message, in a file name and throughout
    // the files, so that any plaintext written anywhere would be found.
    let app = TestApp::spawn().await;
    let marker = format!("MARKER-{}", hex::encode(rand::random::<[u8; 16]>()));
    let message = format!("The minutes are attached. {marker}\nSecond line: ünïcødé, 中文, فارسی.");
    let small = format!("notes {marker}\n").repeat(20).into_bytes();
    let mut large = filler(6 * 1024 * 1024 + 12_345, 7);
    for at in [0, 3 * 1024 * 1024, large.len() - marker.len()] {
        large[at..at + marker.len()].copy_from_slice(marker.as_bytes());
    }

    // Act
    let response = post_form(
        &app,
        "?l=fr",
        &[
            Part::text("message", &message),
            Part::file(&format!("notes-{marker}.txt"), "text/plain", small.clone()),
            Part::file("scan.pdf", "application/pdf", large.clone()),
        ],
    )
    .await;

    // Assert: the confirmation says the server sealed it.
    assert_eq!(response.status().as_u16(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("<html lang=\"fr\""));
    assert!(html.contains("id=\"server-sealed\""));
    assert!(!html.contains("id=\"codename\""));

    // Assert: no plaintext in the data folder or the temp folder (the data
    // folder is a temp folder too), and none in the log.
    let needle = marker.as_bytes();
    assert_eq!(
        files_containing(app.data_dir.path(), needle),
        Vec::<String>::new()
    );
    assert_eq!(
        files_containing(&std::env::temp_dir(), needle),
        Vec::<String>::new()
    );
    assert!(!crate::helpers::captured_log().contains(&marker));
    assert_eq!(spool_files(&app), 0, "spool files are removed after use");

    // Assert: export → decrypt with the newsroom key → extract → same bytes.
    let tips = app.exported_ciphertexts().await;
    assert_eq!(tips.len(), 1);
    let plaintext = app.decrypt(&tips[0]);
    let out = tempfile::tempdir().unwrap();
    let extracted = tip::extract(&mut &plaintext[..], out.path(), &tip::Limits::default()).unwrap();
    let meta = extracted.meta.expect("a tipbox container");
    assert_eq!(meta.encrypted_by, EncryptedBy::ServerSealed);
    assert_eq!(meta.language, "fr");
    assert_eq!(meta.message, message);
    assert_eq!(meta.attachments.len(), 2);
    assert_eq!(meta.attachments[0].media_type, "text/plain");
    assert_eq!(meta.attachments[0].size, small.len() as u64);
    assert_eq!(meta.attachments[1].name, "scan.pdf");
    assert_eq!(meta.attachments[1].media_type, "application/pdf");
    assert_eq!(meta.attachments[1].size, large.len() as u64);
    let files = out.path().join("files");
    assert_eq!(
        std::fs::read(files.join(&meta.attachments[0].name)).unwrap(),
        small
    );
    assert_eq!(std::fs::read(files.join("scan.pdf")).unwrap(), large);
}

#[tokio::test]
async fn unused_file_inputs_are_not_attachments() {
    // A browser sends an empty, nameless part for each file input left empty.
    let app = TestApp::spawn().await;

    let response = post_form(
        &app,
        "",
        &[
            Part::text("message", "only a message"),
            Part::file("", "application/octet-stream", Vec::new()),
            Part::file("", "application/octet-stream", Vec::new()),
        ],
    )
    .await;

    assert_eq!(response.status().as_u16(), 200);
    let tips = app.exported_ciphertexts().await;
    let out = tempfile::tempdir().unwrap();
    let plaintext = app.decrypt(&tips[0]);
    let meta = tip::extract(&mut &plaintext[..], out.path(), &tip::Limits::default())
        .unwrap()
        .meta
        .unwrap();
    assert_eq!(meta.message, "only a message");
    assert!(meta.attachments.is_empty());
}

#[tokio::test]
async fn two_files_with_the_same_name_both_arrive() {
    let app = TestApp::spawn().await;

    let response = post_form(
        &app,
        "",
        &[
            Part::file("report.pdf", "application/pdf", b"first".to_vec()),
            Part::file("report.pdf", "application/pdf", b"second".to_vec()),
            // Different only in case: one file on a case-insensitive disk.
            Part::file("REPORT.pdf", "application/pdf", b"third".to_vec()),
        ],
    )
    .await;

    assert_eq!(response.status().as_u16(), 200);
    let tips = app.exported_ciphertexts().await;
    let out = tempfile::tempdir().unwrap();
    let plaintext = app.decrypt(&tips[0]);
    let meta = tip::extract(&mut &plaintext[..], out.path(), &tip::Limits::default())
        .unwrap()
        .meta
        .unwrap();
    let names: Vec<_> = meta.attachments.iter().map(|a| a.name.clone()).collect();
    assert_eq!(names.len(), 3);
    let distinct: std::collections::HashSet<_> = names.iter().map(|n| n.to_lowercase()).collect();
    assert_eq!(distinct.len(), 3, "{names:?}");
    let contents: Vec<_> = names
        .iter()
        .map(|n| std::fs::read(out.path().join("files").join(n)).unwrap())
        .collect();
    assert_eq!(
        contents,
        vec![b"first".to_vec(), b"second".to_vec(), b"third".to_vec()]
    );
}

#[tokio::test]
async fn reply_request_shows_a_codename_and_seals_its_mailbox_into_the_tip() {
    let app = TestApp::spawn().await;

    let response = post_form(
        &app,
        "?l=fa",
        &[
            Part::text("message", "please reply"),
            Part::text("reply", "on"),
        ],
    )
    .await;

    assert_eq!(response.status().as_u16(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("<html lang=\"fa\" dir=\"rtl\">"));
    let codename = shown_codename(&html);
    let keys = tipbox::conversation::Codename::parse(&codename)
        .unwrap()
        .derive();
    assert!(app.store.mailbox_exists(&keys.mailbox()).unwrap());
    let tips = app.store.list().unwrap();
    assert_eq!(tips.len(), 1, "the tip itself is kept");
    let (_, mut reader) = app.store.read(&tips[0].id).unwrap();
    let mut ciphertext = Vec::new();
    reader.read_to_end(&mut ciphertext).unwrap();
    let out = tempfile::tempdir().unwrap();
    let extracted = tip::extract(
        &mut tipbox::envelope::Decryptor::new(&ciphertext[..], std::slice::from_ref(&app.identity))
            .unwrap(),
        out.path(),
        &tip::Limits::default(),
    )
    .unwrap();
    let meta = extracted.meta.unwrap();
    assert_eq!(meta.mailbox, Some(keys.mailbox().to_string()));
    assert_eq!(
        meta.reply_recipient,
        Some(keys.reply_recipient().to_string())
    );
}

/// Asserts a refusal page in `lang` with `status`, and that nothing was kept.
async fn assert_refused(app: &TestApp, response: reqwest::Response, status: u16, lang: &str) {
    assert_eq!(response.status().as_u16(), status);
    let html = response.text().await.unwrap();
    assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{html}");
    assert!(html.contains("<h1>"));
    assert!(app.store.list().unwrap().is_empty(), "nothing is stored");
    assert_eq!(spool_files(app), 0, "no spool file is left");
}

#[tokio::test]
async fn tip_over_the_size_cap_gets_a_localised_413_and_nothing_is_kept() {
    let app = TestApp::spawn_with(|s| s.limits.max_tip_bytes = 256 * 1024).await;

    let response = post_form(
        &app,
        "?l=ru",
        &[Part::file(
            "big.bin",
            "application/octet-stream",
            filler(300 * 1024, 3),
        )],
    )
    .await;

    assert_refused(&app, response, 413, "ru").await;
}

#[tokio::test]
async fn declared_length_over_the_cap_is_refused_before_the_upload() {
    // A source over Tor must not upload for an hour to learn it was too big.
    let app = TestApp::spawn_with(|s| s.limits.max_tip_bytes = 1024 * 1024).await;
    let mut stream = TcpStream::connect(("127.0.0.1", app.port)).await.unwrap();
    let request = format!(
        "POST /submit?l=fr HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n\
         Content-Length: {}\r\n\r\n",
        10 * 1024 * 1024
    );
    stream.write_all(request.as_bytes()).await.unwrap();

    // Not one byte of the body was sent.
    let mut answer = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut answer))
        .await
        .expect("answered without waiting for the body")
        .unwrap();

    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(app.store.list().unwrap().is_empty());
}

#[tokio::test]
async fn message_over_its_cap_gets_413() {
    let app = TestApp::spawn().await;
    let long = "x".repeat(tipbox::server::nojs::MAX_MESSAGE_BYTES as usize + 1);

    let response = post_form(&app, "?l=es", &[Part::text("message", &long)]).await;

    assert_refused(&app, response, 413, "es").await;
}

#[tokio::test]
async fn full_storage_gets_a_localised_507_and_nothing_is_kept() {
    let app = TestApp::spawn_with(|s| s.limits.max_store_bytes = 64 * 1024).await;

    let response = post_form(
        &app,
        "?l=zh-CN",
        &[Part::file(
            "a.bin",
            "application/octet-stream",
            filler(100 * 1024, 5),
        )],
    )
    .await;

    assert_refused(&app, response, 507, "zh-CN").await;
}

#[tokio::test]
async fn server_fault_gets_a_localised_500_that_logs_nothing_of_the_tip() {
    // Arrange: the spool folder cannot be created (a file is in its way).
    let app = TestApp::spawn().await;
    std::fs::write(app.data_dir.path().join("spool"), b"in the way").unwrap();
    let failed_before = logging::counted(Event::FormFailed);
    let marker = format!("name-{}", hex::encode(rand::random::<[u8; 8]>()));

    // Act
    let response = post_form(
        &app,
        "?l=ru",
        &[Part::file(
            &format!("{marker}.txt"),
            "text/plain",
            marker.clone().into_bytes(),
        )],
    )
    .await;

    // Assert
    assert_eq!(response.status().as_u16(), 500);
    let html = response.text().await.unwrap();
    assert!(html.contains("<html lang=\"ru\""));
    assert!(app.store.list().unwrap().is_empty());
    // The operator learns of the fault in the hourly totals, not from a
    // timestamped line per tip (issue 12, item 7).
    assert!(logging::counted(Event::FormFailed) > failed_before);
    let log = crate::helpers::captured_log();
    assert!(
        !log.contains("could not be stored"),
        "a line per failed tip"
    );
    assert!(!log.contains(&marker));
}

#[tokio::test]
async fn empty_form_gets_400() {
    let app = TestApp::spawn().await;

    let response = post_form(&app, "?l=ar", &[Part::text("message", "  \r\n ")]).await;

    assert_refused(&app, response, 400, "ar").await;
}

#[tokio::test]
async fn body_that_is_not_multipart_gets_400() {
    let app = TestApp::spawn().await;

    let response = app
        .client
        .post(format!("{}/submit?l=fr", app.address))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("message=hello")
        .send()
        .await
        .unwrap();

    assert_refused(&app, response, 400, "fr").await;
}

#[tokio::test]
async fn field_the_form_does_not_have_gets_400() {
    let app = TestApp::spawn().await;

    let response = post_form(
        &app,
        "",
        &[Part::text("message", "hi"), Part::text("codename", "x")],
    )
    .await;

    assert_refused(&app, response, 400, "en").await;
}

#[tokio::test]
async fn message_that_is_not_utf8_gets_400() {
    let app = TestApp::spawn().await;
    let mut part = Part::text("message", "");
    part.data = vec![0xff, 0xfe, 0x00];

    let response = post_form(&app, "", &[part]).await;

    assert_refused(&app, response, 400, "en").await;
}

/// Starts a `POST /submit` by hand and sends the form's start and `sent`
/// bytes of a file, leaving the request unfinished.
async fn start_unfinished_upload(app: &TestApp, declared: usize, sent: usize) -> TcpStream {
    let mut stream = TcpStream::connect(("127.0.0.1", app.port)).await.unwrap();
    let head = part_head(&Part::file(
        "cut.bin",
        "application/octet-stream",
        Vec::new(),
    ));
    let request = format!(
        "POST /submit HTTP/1.1\r\nHost: test\r\n\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n\
         Content-Length: {}\r\n\r\n{head}",
        head.len() + declared
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    stream.write_all(&filler(sent, 9)).await.unwrap();
    stream.flush().await.unwrap();
    stream
}

/// Waits (bounded) until the server has dropped the upload's spool files.
async fn wait_for_no_spool(app: &TestApp) {
    for _ in 0..100 {
        if spool_files(app) == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn upload_that_breaks_off_leaves_nothing_behind() {
    let app = TestApp::spawn().await;
    let stream = start_unfinished_upload(&app, 4 * 1024 * 1024, 1024 * 1024).await;
    // Let the server spool part of the file, then hang up mid-file.
    for _ in 0..100 {
        if spool_files(&app) > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(spool_files(&app), 1, "the file was being spooled");

    drop(stream);
    wait_for_no_spool(&app).await;

    assert_eq!(spool_files(&app), 0);
    assert!(app.store.list().unwrap().is_empty());
}

#[tokio::test]
async fn stalled_upload_is_dropped_after_the_idle_timeout() {
    let app = TestApp::spawn_with(|s| s.limits.body_idle_timeout_secs = 1).await;
    let mut stream = start_unfinished_upload(&app, 1024 * 1024, 1000).await;

    // The client now sends nothing; the server must answer and give up.
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;

    assert!(read.is_ok(), "the server gave up on the stalled upload");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    wait_for_no_spool(&app).await;
    assert_eq!(spool_files(&app), 0);
    assert!(app.store.list().unwrap().is_empty());
}

#[tokio::test]
async fn no_upload_slot_left_gets_a_localised_503() {
    // No waiting for a slot: the holder is too young to be preempted.
    let app = TestApp::spawn_with(|s| {
        s.limits.max_concurrent_uploads = 1;
        s.limits.upload_slot_wait_secs = 0;
    })
    .await;
    let _holding_the_slot = start_unfinished_upload(&app, 1024 * 1024, 1000).await;
    for _ in 0..100 {
        if spool_files(&app) > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    let response = post_form(&app, "?l=zh-TW", &[Part::text("message", "hello")]).await;

    assert_eq!(response.status().as_u16(), 503);
    let html = response.text().await.unwrap();
    assert!(html.contains("<html lang=\"zh-TW\""));
    assert!(app.store.list().unwrap().is_empty());
}

#[tokio::test]
async fn repeated_reply_field_is_refused_and_nothing_is_kept() {
    // The form has one checkbox; a second `reply` is not from it.
    let app = TestApp::spawn().await;
    let parts = [
        Part::text("message", "a tip"),
        Part::text("reply", "on"),
        Part::text("reply", "on"),
    ];

    let response = post_form(&app, "?l=fr", &parts).await;

    assert_refused(&app, response, 400, "fr").await;
}

#[tokio::test]
async fn four_megabytes_of_reply_fields_do_not_pass_a_one_mebibyte_cap() {
    // Issue 12, item 4: repeated `reply` fields were not counted, so a
    // 4 MB form passed a 1 MiB cap.
    let app = TestApp::spawn_with(|s| s.limits.max_tip_bytes = 1024 * 1024).await;
    let mut parts = vec![Part::text("message", "a tip")];
    parts.extend((0..250_000).map(|_| Part::text("reply", "off")));

    let body = form_body(&parts);
    assert!(body.len() > 4_000_000);

    // Chunked, with no Content-Length to refuse early: the fields count.
    let mut stream = TcpStream::connect(("127.0.0.1", app.port)).await.unwrap();
    let head = format!(
        "POST /submit HTTP/1.1\r\nHost: test\r\n\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n\
         Transfer-Encoding: chunked\r\n\r\n{:x}\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    // The server may answer and close before it read everything.
    let _ = stream.write_all(&body).await;
    let _ = stream.write_all(b"\r\n0\r\n\r\n").await;
    let mut answer = vec![0u8; 64];
    let n = stream.read(&mut answer).await.unwrap();

    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(app.store.list().unwrap().is_empty());
}

#[tokio::test]
async fn form_framing_counts_against_the_cap() {
    // A thousand empty files whose part headers carry 1.5 kB names each:
    // 1.5 MB of framing and no field byte. Every byte of the body counts:
    // past the cap and the framing allowance (1 MiB), the form is refused.
    let app = TestApp::spawn_with(|s| s.limits.max_tip_bytes = 256 * 1024).await;
    let name = "n".repeat(1500);
    let parts: Vec<Part> = (0..1000)
        .map(|_| Part::file(&name, "application/octet-stream", Vec::new()))
        .collect();
    assert!(form_body(&parts).len() as u64 > 256 * 1024 + 1024 * 1024);

    let response = post_form(&app, "?l=es", &parts).await;

    assert_refused(&app, response, 413, "es").await;
}

#[tokio::test]
async fn message_into_a_store_already_full_gets_the_localised_507() {
    // Issue 12, item 4: the cap met while the envelope's header was being
    // written surfaced as an envelope error, and the source got a 500.
    let app = TestApp::spawn_with(|s| s.limits.max_store_bytes = 2000).await;
    let filling = app.encrypt(&[7; 1700]);
    assert_eq!(app.post_tip(filling).await.status().as_u16(), 201);
    let used = app.store.list().unwrap();

    let response = post_form(&app, "?l=fr", &[Part::text("message", "a short tip")]).await;

    assert_eq!(response.status().as_u16(), 507);
    let html = response.text().await.unwrap();
    assert!(html.contains("<html lang=\"fr\""), "{html}");
    assert!(
        html.contains("Le stockage de la rédaction est plein"),
        "{html}"
    );
    assert_eq!(app.store.list().unwrap(), used, "nothing more is stored");
    assert_eq!(spool_files(&app), 0);
}

// --- a refusal gives back what the source typed (issue 16, item 4) ----------

const TYPED: &str = "Ask <b>Ms. K</b> & the clerk about the 2019 ledger";

/// The refusal page offers the form again with `TYPED` in it, escaped, and
/// says the files must be chosen again; nothing was stored.
async fn assert_message_given_back(app: &TestApp, response: reqwest::Response, status: u16) {
    assert_eq!(response.status().as_u16(), status);
    let html = response.text().await.unwrap();
    assert!(html.contains("id=\"message-kept\""), "{html}");
    assert!(html.contains("choose them again"), "{html}");
    assert!(
        html.contains(
            "Ask &#60;b&#62;Ms. K&#60;/b&#62; &#38; the clerk about the 2019 ledger</textarea>"
        ),
        "the message, escaped, in the form's textarea: {html}"
    );
    assert!(
        html.contains("<input type=\"file\""),
        "the files can be chosen again"
    );
    assert!(app.store.list().unwrap().is_empty(), "nothing is stored");
    assert_eq!(spool_files(app), 0, "no spool file is left");
}

#[tokio::test]
async fn a_tip_too_large_for_the_cap_gives_its_message_back_in_the_form() {
    // The declared length is over the cap: only the leading message is read.
    let app = TestApp::spawn_with(|s| s.limits.max_tip_bytes = 256 * 1024).await;
    let parts = [
        Part::text("message", TYPED),
        Part::file("big.bin", "application/octet-stream", filler(300 * 1024, 3)),
    ];

    let response = post_form(&app, "", &parts).await;

    assert_message_given_back(&app, response, 413).await;
}

#[tokio::test]
async fn a_tip_refused_by_a_full_store_gives_its_message_back_in_the_form() {
    // Refused by the sealing thread, after the whole form was read.
    let app = TestApp::spawn_with(|s| s.limits.max_store_bytes = 2000).await;
    assert_eq!(
        app.post_tip(app.encrypt(&[7; 1700]))
            .await
            .status()
            .as_u16(),
        201
    );
    let used = app.store.list().unwrap();

    let response = post_form(&app, "", &[Part::text("message", TYPED)]).await;

    assert_eq!(response.status().as_u16(), 507);
    let html = response.text().await.unwrap();
    assert!(html.contains("id=\"message-kept\""), "{html}");
    assert!(html.contains("Ask &#60;b&#62;Ms. K&#60;/b&#62; &#38; the clerk"));
    assert_eq!(app.store.list().unwrap(), used, "nothing more is stored");
}

#[tokio::test]
async fn a_refused_followup_is_not_offered_as_a_new_tip() {
    // A follow-up's form is the inbox's: its message must not land in the
    // new-tip form, where sending it would start a separate conversation.
    let app = TestApp::spawn_with(|s| s.limits.max_tip_bytes = 256 * 1024).await;
    let codename = tipbox::conversation::Codename::generate();
    let parts = [
        Part::text("codename", codename.as_str()),
        Part::text("message", TYPED),
        Part::file("big.bin", "application/octet-stream", filler(300 * 1024, 3)),
    ];

    let response = post_form(&app, "", &parts).await;

    assert_eq!(response.status().as_u16(), 413);
    let html = response.text().await.unwrap();
    assert!(!html.contains("message-kept"), "{html}");
    assert!(!html.contains("the 2019 ledger"), "{html}");
}
