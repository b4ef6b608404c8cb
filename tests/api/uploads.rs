//! The resumable upload API (`web/PROTOCOL.md`): one test per rule the
//! server keeps, and an interrupted `tipbox submit` that resumes.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use tipbox::store::{StoreLimits, UploadPolicy, Uploads};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::helpers::{assert_json_error, encrypt_to, json_error, TestApp};

/// Part size the server offers (the protocol's suggested default).
const PART: usize = 1024 * 1024;

impl TestApp {
    pub async fn start_upload(&self, body: serde_json::Value) -> reqwest::Response {
        self.client
            .post(format!("{}/api/v1/uploads", self.address))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// Starts an upload of `size` bytes and returns its id.
    pub async fn upload_id(&self, size: usize) -> String {
        let response = self.start_upload(json!({ "size": size })).await;
        assert_eq!(response.status().as_u16(), 201);
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["part_size"], PART);
        body["upload"].as_str().unwrap().to_owned()
    }

    pub async fn put_part(&self, id: &str, n: u32, bytes: &[u8]) -> reqwest::Response {
        self.client
            .post(format!("{}/api/v1/uploads/{id}/parts/{n}", self.address))
            .header("content-type", "application/octet-stream")
            .body(bytes.to_vec())
            .send()
            .await
            .unwrap()
    }

    pub async fn upload_status(&self, id: &str) -> reqwest::Response {
        self.get(&format!("/api/v1/uploads/{id}")).await
    }

    pub async fn finish_upload(&self, id: &str) -> reqwest::Response {
        self.client
            .post(format!("{}/api/v1/uploads/{id}/finish", self.address))
            .send()
            .await
            .unwrap()
    }

    /// `received_parts` as the server reports it.
    pub async fn received_parts(&self, id: &str) -> u64 {
        let response = self.upload_status(id).await;
        assert_eq!(response.status().as_u16(), 200);
        let body: serde_json::Value = response.json().await.unwrap();
        body["received_parts"].as_u64().unwrap()
    }

    /// The one stored tip's ciphertext.
    pub fn only_tip(&self) -> Vec<u8> {
        let tips = self.store.list().unwrap();
        assert_eq!(tips.len(), 1);
        let (_, mut reader) = self.store.read(&tips[0].id).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut reader, &mut bytes).unwrap();
        bytes
    }
}

/// Plaintext whose age file spans `parts` parts (the last one partial).
fn plaintext_for_parts(parts: usize) -> Vec<u8> {
    (0..(parts - 1) * PART + PART / 3)
        .map(|i| (i % 251) as u8)
        .collect()
}

fn parts(ciphertext: &[u8]) -> Vec<&[u8]> {
    ciphertext.chunks(PART).collect()
}

#[tokio::test]
async fn parts_sent_in_order_become_one_tip_that_decrypts_to_the_same_bytes() {
    let app = TestApp::spawn().await;
    let plaintext = plaintext_for_parts(3);
    let ciphertext = app.encrypt(&plaintext);
    let id = app.upload_id(ciphertext.len()).await;
    assert_eq!(id.len(), 32, "128 random bits in hex");

    for (n, part) in parts(&ciphertext).into_iter().enumerate() {
        assert_eq!(
            app.put_part(&id, n as u32, part).await.status().as_u16(),
            204
        );
        assert_eq!(app.received_parts(&id).await, n as u64 + 1);
    }
    assert!(
        app.store.list().unwrap().is_empty(),
        "not a tip before finish"
    );
    let response = app.finish_upload(&id).await;

    assert_eq!(response.status().as_u16(), 201);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body, json!({ "status": "received" }));
    let stored = app.only_tip();
    assert_eq!(stored, ciphertext);
    assert_eq!(app.decrypt(&stored), plaintext);
}

#[tokio::test]
async fn start_without_a_positive_integer_size_is_refused_with_400() {
    let app = TestApp::spawn().await;
    for body in [
        json!({ "size": 0 }),
        json!({ "size": -5 }),
        json!({ "size": 1.5 }),
        json!({ "size": "100" }),
        json!({}),
        json!({ "size": 100, "name": "leak.pdf" }),
    ] {
        assert_json_error(app.start_upload(body).await, 400).await;
    }
    let malformed = app
        .client
        .post(format!("{}/api/v1/uploads", app.address))
        .body("{\"size\": ")
        .send()
        .await
        .unwrap();
    assert_json_error(malformed, 400).await;
    assert_eq!(app.store.entry_count().unwrap(), 0);
}

#[tokio::test]
async fn size_above_the_tip_cap_is_refused_with_413_at_the_start() {
    let app = TestApp::spawn_with(|s| s.limits.max_tip_bytes = 4096).await;

    let response = app.start_upload(json!({ "size": 4097 })).await;

    let body = json_error(response, 413).await;
    // The page states the limit in the source's language from this number.
    assert_eq!(body["max_bytes"], 4096);
    assert_eq!(app.store.entry_count().unwrap(), 0);
    assert_eq!(app.store.used_bytes(), 0);
}

#[tokio::test]
async fn size_above_the_storage_left_is_refused_with_507_at_the_start() {
    let app = TestApp::spawn_with(|s| s.limits.max_store_bytes = 10_000).await;
    let tip = app.encrypt(&[1; 5_800]);
    assert_eq!(app.post_tip(tip).await.status().as_u16(), 201);
    let used = app.store.used_bytes();

    let response = app.start_upload(json!({ "size": 10_000 - used + 1 })).await;

    assert_json_error(response, 507).await;
    assert_eq!(app.store.used_bytes(), used);
}

#[tokio::test]
async fn empty_uploads_reserve_nothing_until_their_parts_arrive() {
    // Issue 12, item 1: a start once reserved its whole declared size, so
    // empty uploads filled the storage cap with nothing on disk.
    let app = TestApp::spawn_with(|s| s.limits.max_store_bytes = 10_000).await;
    app.upload_id(6_000).await;
    app.upload_id(6_000).await;
    assert_eq!(app.store.used_bytes(), 0);

    let ciphertext = app.encrypt(b"counted as it arrives");
    let id = app.upload_id(ciphertext.len()).await;
    assert_eq!(
        app.put_part(&id, 0, &ciphertext).await.status().as_u16(),
        204
    );

    assert_eq!(app.store.used_bytes(), ciphertext.len() as u64);
}

#[tokio::test]
async fn parts_get_503_while_every_part_slot_is_in_use_whatever_the_other_paths_do() {
    // No waiting for a slot: the holders are too young to preempt, so the
    // answer is 503 at once.
    let app = TestApp::spawn_with(|s| {
        s.limits.max_concurrent_uploads = 1;
        s.limits.upload_slot_wait_secs = 0;
    })
    .await;
    let ciphertext = app.encrypt(b"resumable");
    let id = app.upload_id(ciphertext.len()).await;
    // A single-request upload in flight holds the only slot of its own
    // path: parts have a pool of their own.
    let mut tip_holder = app.start_chunked_upload().await;
    tip_holder.send(&app.encrypt(b"holder")[..10]).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_json_error(app.post_tip(app.encrypt(b"busy")).await, 503).await;
    let other = app.encrypt(b"another upload");
    let other_id = app.upload_id(other.len()).await;
    assert_eq!(
        app.put_part(&other_id, 0, &other).await.status().as_u16(),
        204
    );

    // A part arriving slowly holds the only part slot.
    let holder_id = app.upload_id(4096).await;
    let mut part_holder = TcpStream::connect(("127.0.0.1", app.port)).await.unwrap();
    part_holder
        .write_all(
            format!(
                "POST /api/v1/uploads/{holder_id}/parts/0 HTTP/1.1\r\nHost: test\r\n\
                 Content-Length: 4096\r\n\r\n0123456789"
            )
            .as_bytes(),
        )
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;

    // Starting an upload holds no slot; sending a part finds none.
    assert_eq!(
        app.start_upload(json!({ "size": 100 }))
            .await
            .status()
            .as_u16(),
        201
    );
    assert_json_error(app.put_part(&id, 0, &ciphertext).await, 503).await;
    assert_eq!(app.received_parts(&id).await, 0);

    drop(part_holder);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        app.put_part(&id, 0, &ciphertext).await.status().as_u16(),
        204
    );
}

#[tokio::test]
async fn unknown_or_malformed_upload_id_is_404() {
    let app = TestApp::spawn().await;
    let ciphertext = app.encrypt(b"x");
    for id in [
        hex::encode(rand::random::<[u8; 16]>()),
        "not-an-id".to_owned(),
    ] {
        assert_json_error(app.upload_status(&id).await, 404).await;
        assert_json_error(app.put_part(&id, 0, &ciphertext).await, 404).await;
        assert_json_error(app.finish_upload(&id).await, 404).await;
    }
    assert_eq!(app.store.entry_count().unwrap(), 0);
}

#[tokio::test]
async fn repeated_part_answers_204_and_is_not_stored_again() {
    let app = TestApp::spawn().await;
    let plaintext = plaintext_for_parts(2);
    let ciphertext = app.encrypt(&plaintext);
    let parts = parts(&ciphertext);
    let id = app.upload_id(ciphertext.len()).await;
    assert_eq!(app.put_part(&id, 0, parts[0]).await.status().as_u16(), 204);
    assert_eq!(app.put_part(&id, 1, parts[1]).await.status().as_u16(), 204);
    let entries = app.store.entry_count().unwrap();

    // The client never got the answer for part 0 and sends it again; even
    // different bytes must not replace what the server confirmed.
    let mut altered = parts[0].to_vec();
    *altered.last_mut().unwrap() ^= 0xff;
    let response = app.put_part(&id, 0, &altered).await;

    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(app.store.entry_count().unwrap(), entries);
    assert_eq!(app.received_parts(&id).await, 2);
    assert_eq!(app.finish_upload(&id).await.status().as_u16(), 201);
    assert_eq!(app.only_tip(), ciphertext);
}

#[tokio::test]
async fn part_ahead_of_received_parts_is_refused_with_409_naming_the_expected_part() {
    let app = TestApp::spawn().await;
    let ciphertext = app.encrypt(&plaintext_for_parts(3));
    let parts = parts(&ciphertext);
    let id = app.upload_id(ciphertext.len()).await;
    assert_eq!(app.put_part(&id, 0, parts[0]).await.status().as_u16(), 204);
    let entries = app.store.entry_count().unwrap();

    let message = assert_json_error(app.put_part(&id, 2, parts[2]).await, 409).await;

    assert_eq!(message, "expected part 1");
    assert_eq!(app.store.entry_count().unwrap(), entries);
    assert_eq!(app.received_parts(&id).await, 1);
}

#[tokio::test]
async fn part_of_the_wrong_length_is_refused_with_400_and_nothing_stored() {
    let app = TestApp::spawn().await;
    let ciphertext = app.encrypt(&plaintext_for_parts(2));
    let parts = parts(&ciphertext);
    let id = app.upload_id(ciphertext.len()).await;
    let entries = app.store.entry_count().unwrap();

    assert_json_error(app.put_part(&id, 0, &parts[0][..PART - 1]).await, 400).await;
    let mut long = parts[0].to_vec();
    long.push(0);
    assert_json_error(app.put_part(&id, 0, &long).await, 400).await;
    // A part number past the last part.
    assert_json_error(app.put_part(&id, 2, parts[1]).await, 400).await;

    assert_eq!(app.store.entry_count().unwrap(), entries);
    assert_eq!(app.received_parts(&id).await, 0);
}

#[tokio::test]
async fn first_part_without_an_age_header_for_the_newsroom_key_count_is_refused_with_400() {
    let app = TestApp::spawn().await;
    let other_newsroom = tipbox::envelope::Identity::generate().to_public();
    let two_keys = vec![app.recipients[0].clone(), other_newsroom];
    let plaintext = b"the leaked memo".to_vec();
    let refused = [
        ("not age", plaintext.clone()),
        ("one key too many", encrypt_to(&two_keys, &plaintext)),
        ("header cut short", app.encrypt(&plaintext)[..60].to_vec()),
    ];
    for (what, body) in refused {
        let id = app.upload_id(body.len()).await;
        let entries = app.store.entry_count().unwrap();
        let response = app.put_part(&id, 0, &body).await;
        assert_eq!(response.status().as_u16(), 400, "{what}");
        assert_json_error(response, 400).await;
        assert_eq!(
            app.store.entry_count().unwrap(),
            entries,
            "{what}: nothing stored"
        );
        assert_eq!(app.received_parts(&id).await, 0, "{what}");
        assert_json_error(app.finish_upload(&id).await, 409).await;
    }
    assert!(app.store.list().unwrap().is_empty());
}

#[tokio::test]
async fn finish_with_parts_missing_is_refused_with_409() {
    let app = TestApp::spawn().await;
    let ciphertext = app.encrypt(&plaintext_for_parts(2));
    let id = app.upload_id(ciphertext.len()).await;
    assert_eq!(
        app.put_part(&id, 0, &ciphertext[..PART])
            .await
            .status()
            .as_u16(),
        204
    );

    assert_json_error(app.finish_upload(&id).await, 409).await;

    assert!(app.store.list().unwrap().is_empty());
}

#[tokio::test]
async fn finish_again_answers_201_again_and_stores_one_tip() {
    let app = TestApp::spawn().await;
    let ciphertext = app.encrypt(b"a short tip in one part");
    let id = app.upload_id(ciphertext.len()).await;
    assert_eq!(
        app.put_part(&id, 0, &ciphertext).await.status().as_u16(),
        204
    );
    assert_eq!(app.finish_upload(&id).await.status().as_u16(), 201);

    // The first answer was lost on a broken circuit.
    let again = app.finish_upload(&id).await;

    assert_eq!(again.status().as_u16(), 201);
    let body: serde_json::Value = again.json().await.unwrap();
    assert_eq!(body, json!({ "status": "received" }));
    assert_eq!(app.store.list().unwrap().len(), 1);
    // A finished upload takes no part any more.
    assert_eq!(app.store.used_bytes(), ciphertext.len() as u64);
}

#[tokio::test]
async fn upload_idle_past_the_expiry_is_404_and_its_parts_are_removed() {
    let app = TestApp::spawn_with(|s| s.limits.upload_expiry_secs = 1).await;
    let ciphertext = app.encrypt(&plaintext_for_parts(2));
    let id = app.upload_id(ciphertext.len()).await;
    assert_eq!(
        app.put_part(&id, 0, &ciphertext[..PART])
            .await
            .status()
            .as_u16(),
        204
    );

    tokio::time::sleep(Duration::from_millis(2_500)).await;

    assert_json_error(app.upload_status(&id).await, 404).await;
    assert_json_error(app.put_part(&id, 1, &ciphertext[PART..]).await, 404).await;
    assert_eq!(
        app.store.entry_count().unwrap(),
        0,
        "parts and record removed"
    );
    assert_eq!(app.store.used_bytes(), 0, "reservation released");
}

#[tokio::test]
async fn start_up_removes_expired_uploads_left_by_the_previous_run() {
    let data = tempfile::tempdir().unwrap();
    let store_dir = data.path().join("store");
    {
        // The previous run: an upload with one part, then the server stopped.
        let store = tipbox::store::Store::open(
            &store_dir,
            StoreLimits {
                max_tip_bytes: 1 << 30,
                max_store_bytes: 1 << 30,
                date_granularity: Default::default(),
            },
        )
        .unwrap();
        let uploads = Uploads::new(store.clone(), UploadPolicy::default()).unwrap();
        let id = uploads.begin(2 * PART as u64).unwrap();
        uploads.put_part(&id, 0, &vec![0; PART]).unwrap();
        assert!(store.entry_count().unwrap() > 0);
    }
    tokio::time::sleep(Duration::from_millis(2_100)).await;

    let app = TestApp::spawn_with(|s| {
        s.storage.path = data.path().to_owned();
        s.limits.upload_expiry_secs = 1;
    })
    .await;

    assert_eq!(app.store.entry_count().unwrap(), 0);
    assert_eq!(app.store.used_bytes(), 0);
}

/// A TCP proxy between `tipbox submit` and the server that records every
/// part request passing through and cuts its connection once, half-way
/// through the body of part `cut_part`.
struct CuttingProxy {
    port: u16,
    /// Part numbers of the part requests that reached the proxy, in order.
    parts_seen: Arc<Mutex<Vec<u64>>>,
    cut: Arc<AtomicBool>,
}

impl CuttingProxy {
    async fn spawn(server_port: u16, cut_part: u64) -> CuttingProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let parts_seen = Arc::new(Mutex::new(Vec::new()));
        let cut = Arc::new(AtomicBool::new(false));
        let (seen, done) = (parts_seen.clone(), cut.clone());
        tokio::spawn(async move {
            loop {
                let (client, _) = listener.accept().await.unwrap();
                let server = TcpStream::connect(("127.0.0.1", server_port))
                    .await
                    .unwrap();
                tokio::spawn(relay(client, server, cut_part, seen.clone(), done.clone()));
            }
        });
        CuttingProxy {
            port,
            parts_seen,
            cut,
        }
    }

    /// How often each part was requested.
    fn sends_of(&self, part: u64) -> usize {
        let seen = self.parts_seen.lock().unwrap();
        seen.iter().filter(|&&n| n == part).count()
    }
}

/// Relays one connection; client-to-server bytes are scanned for part
/// request lines, and cut half a part after the line of `cut_part`.
async fn relay(
    client: TcpStream,
    server: TcpStream,
    cut_part: u64,
    seen: Arc<Mutex<Vec<u64>>>,
    cut: Arc<AtomicBool>,
) {
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let answers = tokio::spawn(async move {
        let _ = tokio::io::copy(&mut server_read, &mut client_write).await;
    });
    let mut sent = Vec::new();
    let mut scanned = 0;
    let mut cut_at = None;
    let mut buf = vec![0; 64 * 1024];
    loop {
        let n = match client_read.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let mut forward = &buf[..n];
        let before = sent.len();
        sent.extend_from_slice(forward);
        // Request lines: "POST /api/v1/uploads/<id>/parts/<n> HTTP/1.1\r\n".
        const LINE: &[u8] = b"POST /api/v1/uploads/";
        while let Some(at) = find(&sent[scanned..], LINE) {
            let start = scanned + at;
            let Some(end) = find(&sent[start..], b"\r\n") else {
                break;
            };
            let line = String::from_utf8_lossy(&sent[start..start + end]).into_owned();
            scanned = start + end;
            let Some(part) = line
                .split_whitespace()
                .nth(1)
                .and_then(|path| path.split("/parts/").nth(1))
                .and_then(|n| n.parse::<u64>().ok())
            else {
                continue;
            };
            seen.lock().unwrap().push(part);
            if part == cut_part && !cut.load(Ordering::SeqCst) {
                cut_at = Some(scanned + PART / 2);
            }
        }
        if let Some(limit) = cut_at {
            if sent.len() >= limit {
                forward = &forward[..limit.saturating_sub(before).min(forward.len())];
                let _ = server_write.write_all(forward).await;
                cut.store(true, Ordering::SeqCst);
                break; // dropping both halves closes both connections
            }
        }
        if server_write.write_all(forward).await.is_err() {
            break;
        }
    }
    answers.abort();
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[tokio::test]
async fn interrupted_cli_upload_resumes_without_sending_finished_parts_again() {
    let app = TestApp::spawn().await;
    // A file large enough for five parts; the connection breaks in part 2.
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("ledger.bin");
    let content: Vec<u8> = (0..4 * PART + PART / 2)
        .map(|i| (i * 7 % 256) as u8)
        .collect();
    std::fs::write(&path, &content).unwrap();
    let proxy = CuttingProxy::spawn(app.port, 2).await;

    let server = format!("http://127.0.0.1:{}/", proxy.port);
    let files = vec![path.clone()];
    let report = tokio::task::spawn_blocking(move || {
        let connection =
            tipbox::client::Connection::new(&server, tipbox::client::Route::Direct).unwrap();
        let submission = tipbox::client::Submission {
            message: "The ledger, as promised.".into(),
            files,
            pinned: Vec::new(),
            language: "en".into(),
        };
        let retry = tipbox::client::RetryPolicy {
            first_delay: Duration::from_millis(50),
            ..Default::default()
        };
        tipbox::client::submit_with(&connection, &submission, &retry, &mut |_| {}, &mut |_| {})
    })
    .await
    .unwrap()
    .expect("the upload completes despite the cut");

    assert!(
        proxy.cut.load(Ordering::SeqCst),
        "the proxy cut a connection"
    );
    assert!(report.retries >= 1);
    let parts = report.size.div_ceil(PART as u64);
    assert_eq!(parts, 5);
    assert_eq!(proxy.sends_of(0), 1, "part 0 sent once");
    assert_eq!(proxy.sends_of(1), 1, "part 1 sent once");
    assert_eq!(proxy.sends_of(2), 2, "part 2: cut, then sent again");
    assert_eq!(proxy.sends_of(3), 1);
    assert_eq!(proxy.sends_of(4), 1);

    // The exported tip decrypts to a container holding the same file.
    let tips = app.exported_ciphertexts().await;
    assert_eq!(tips.len(), 1);
    assert_eq!(tips[0].len() as u64, report.size);
    let container = app.decrypt(&tips[0]);
    let out = tempfile::tempdir().unwrap();
    let extracted =
        tipbox::tip::extract(&mut &container[..], out.path(), &Default::default()).unwrap();
    let meta = extracted.meta.unwrap();
    assert_eq!(meta.message, "The ledger, as promised.");
    assert_eq!(extracted.files.len(), 1);
    assert_eq!(
        std::fs::read(out.path().join(&extracted.files[0])).unwrap(),
        content
    );
}

#[tokio::test]
async fn upload_ids_never_reach_the_log_through_success_refusal_or_expiry() {
    let app = TestApp::spawn_with(|s| s.limits.upload_expiry_secs = 1).await;
    let ciphertext = app.encrypt(&plaintext_for_parts(2));
    let finished = app.upload_id(ciphertext.len()).await;
    for (n, part) in parts(&ciphertext).into_iter().enumerate() {
        app.put_part(&finished, n as u32, part).await;
    }
    assert_eq!(app.finish_upload(&finished).await.status().as_u16(), 201);
    let refused = app.upload_id(ciphertext.len()).await;
    assert_json_error(app.put_part(&refused, 0, b"not age").await, 400).await;
    assert_json_error(app.put_part(&refused, 3, b"x").await, 400).await;
    // Left to expire, and collected by the background task.
    tokio::time::sleep(Duration::from_millis(3_500)).await;
    assert_json_error(app.upload_status(&refused).await, 404).await;

    let log = crate::helpers::captured_log();
    for id in [&finished, &refused] {
        assert!(!log.contains(id.as_str()), "an upload id was logged");
    }
}
