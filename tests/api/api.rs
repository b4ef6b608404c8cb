//! The ciphertext API: `POST /api/v1/tips` and `GET /api/v1/recipients`.
use std::time::Duration;

use tipbox::envelope::{encrypt_with_passphrase, Identity};

use crate::helpers::{assert_json_error, encrypt_to, encrypt_with_age_crate, json_error, TestApp};

#[tokio::test]
async fn recipients_lists_the_configured_keys() {
    let app = TestApp::spawn().await;

    let response = app.get_recipients().await;

    assert_eq!(response.status().as_u16(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        body,
        serde_json::json!({ "recipients": [app.recipients[0].to_string()] })
    );
}

#[tokio::test]
async fn tip_from_our_encryptor_is_accepted_and_stored_intact() {
    let app = TestApp::spawn().await;
    // Several STREAM chunks and several store chunks.
    let plaintext: Vec<u8> = (0..300_000u32).map(|i| i as u8).collect();
    let ciphertext = app.encrypt(&plaintext);

    let response = app.post_tip(ciphertext.clone()).await;

    assert_eq!(response.status().as_u16(), 201);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body, serde_json::json!({ "status": "received" }));
    let tips = app.store.list().unwrap();
    assert_eq!(tips.len(), 1);
    assert_eq!(tips[0].size, ciphertext.len() as u64);
    let (_, mut stored) = app.store.read(&tips[0].id).unwrap();
    let mut stored_bytes = Vec::new();
    std::io::Read::read_to_end(&mut stored, &mut stored_bytes).unwrap();
    assert_eq!(stored_bytes, ciphertext);
    assert_eq!(app.decrypt(&stored_bytes), plaintext);
}

#[tokio::test]
async fn tip_from_the_age_crate_is_accepted() {
    // The age crate adds a random "grease" stanza: it must not be refused.
    let app = TestApp::spawn().await;
    let ciphertext = encrypt_with_age_crate(&app.recipients, b"from stock age");

    let response = app.post_tip(ciphertext).await;

    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(app.store.list().unwrap().len(), 1);
}

#[tokio::test]
async fn tip_streamed_in_small_chunks_is_accepted() {
    // The header arrives in pieces: the check must wait for all of it.
    let app = TestApp::spawn().await;
    let ciphertext = app.encrypt(&vec![7u8; 100_000]);
    let mut upload = app.start_chunked_upload().await;
    for piece in ciphertext.chunks(17) {
        upload.send(piece).await;
    }

    assert_eq!(upload.status(true).await, 201);
    assert_eq!(app.store.list().unwrap()[0].size, ciphertext.len() as u64);
}

#[tokio::test]
async fn garbage_body_is_refused_with_400_and_nothing_stored() {
    let app = TestApp::spawn().await;

    let response = app
        .post_tip(b"this is plainly not an age file\n".repeat(100))
        .await;

    let message = assert_json_error(response, 400).await;
    assert!(message.contains("age"), "{message}");
    assert_eq!(app.store.entry_count().unwrap(), 0);
}

#[tokio::test]
async fn truncated_header_is_refused_with_400_and_nothing_stored() {
    let app = TestApp::spawn().await;
    let ciphertext = app.encrypt(b"secret");
    // Cut inside the recipient stanza: the header never completes.
    let truncated = ciphertext[..40].to_vec();

    let response = app.post_tip(truncated).await;

    let message = assert_json_error(response, 400).await;
    assert!(message.contains("truncated"), "{message}");
    assert_eq!(app.store.entry_count().unwrap(), 0);
}

#[tokio::test]
async fn truncated_payload_is_refused_with_400_and_nothing_stored() {
    let app = TestApp::spawn().await;
    let ciphertext = app.encrypt(b"");
    let header_len = ciphertext.len() - 32;
    // The header is complete but the nonce and final chunk are cut short.
    let truncated = ciphertext[..header_len + 20].to_vec();

    let response = app.post_tip(truncated).await;

    assert_json_error(response, 400).await;
    assert_eq!(app.store.entry_count().unwrap(), 0);
}

#[tokio::test]
async fn wrong_stanza_count_is_refused_with_400_and_nothing_stored() {
    // The newsroom has one key; a file for two keys (one of them a stranger's)
    // is not what the configured newsroom expects.
    let app = TestApp::spawn().await;
    let stranger = Identity::generate().to_public();
    let ciphertext = encrypt_to(&[app.recipients[0].clone(), stranger], b"hello");

    let response = app.post_tip(ciphertext).await;

    let message = assert_json_error(response, 400).await;
    assert!(message.contains("X25519"), "{message}");
    assert_eq!(app.store.entry_count().unwrap(), 0);
}

#[tokio::test]
async fn passphrase_encrypted_file_is_refused_with_400() {
    // An scrypt stanza: the newsroom's keys could never open it.
    let app = TestApp::spawn().await;
    let ciphertext = encrypt_with_passphrase(b"hello", "correct horse").unwrap();

    let response = app.post_tip(ciphertext).await;

    assert_json_error(response, 400).await;
    assert_eq!(app.store.entry_count().unwrap(), 0);
}

#[tokio::test]
async fn oversize_body_is_refused_with_413_and_nothing_stored() {
    let app = TestApp::spawn_with(|s| s.limits.max_tip_bytes = 64 * 1024).await;
    let ciphertext = app.encrypt(&vec![0u8; 100 * 1024]);

    let response = app.post_tip(ciphertext).await;

    let body = json_error(response, 413).await;
    assert!(body["error"].as_str().unwrap().contains("65536"), "{body}");
    assert_eq!(body["max_bytes"], 65536);
    assert_eq!(app.store.entry_count().unwrap(), 0);
}

#[tokio::test]
async fn oversize_body_without_content_length_is_refused_with_413_and_nothing_stored() {
    // Chunked transfer: no Content-Length to refuse early, so the cap must
    // hold while the bytes stream in.
    let app = TestApp::spawn_with(|s| s.limits.max_tip_bytes = 64 * 1024).await;
    let ciphertext = app.encrypt(&vec![0u8; 200 * 1024]);
    let mut upload = app.start_chunked_upload().await;
    for piece in ciphertext.chunks(16 * 1024).take(6) {
        upload.send(piece).await;
    }

    assert_eq!(upload.status(false).await, 413);
    assert_eq!(app.store.entry_count().unwrap(), 0);
}

#[tokio::test]
async fn too_many_concurrent_uploads_get_503_busy() {
    // No waiting for a slot: the holder is too young to be preempted.
    let app = TestApp::spawn_with(|s| {
        s.limits.max_concurrent_uploads = 1;
        s.limits.upload_slot_wait_secs = 0;
    })
    .await;
    let ciphertext = app.encrypt(b"first");
    let mut first = app.start_chunked_upload().await;
    first.send(&ciphertext[..10]).await;
    tokio::time::sleep(Duration::from_millis(200)).await;

    let response = app.post_tip(app.encrypt(b"second")).await;

    let message = assert_json_error(response, 503).await;
    assert!(message.contains("busy"), "{message}");
    // The slot is freed once the first upload completes.
    first.send(&ciphertext[10..]).await;
    assert_eq!(first.status(true).await, 201);
    assert_eq!(
        app.post_tip(app.encrypt(b"third")).await.status().as_u16(),
        201
    );
}

#[tokio::test]
async fn stalled_upload_is_dropped_but_slow_one_is_not() {
    let app = TestApp::spawn_with(|s| s.limits.body_idle_timeout_secs = 1).await;
    let ciphertext = app.encrypt(&vec![1u8; 4096]);

    // Slow but progressing: a piece every 600 ms, longer than the timeout in all.
    let mut slow = app.start_chunked_upload().await;
    for piece in ciphertext.chunks(ciphertext.len() / 3 + 1) {
        slow.send(piece).await;
        tokio::time::sleep(Duration::from_millis(600)).await;
    }
    assert_eq!(slow.status(true).await, 201);

    // Stalled: half the file, then silence.
    let mut stalled = app.start_chunked_upload().await;
    stalled.send(&ciphertext[..2000]).await;
    assert_eq!(stalled.status(false).await, 408);
    assert_eq!(app.store.list().unwrap().len(), 1);
    // The slow tip's chunk, record and key set: nothing of the stalled one.
    assert_eq!(app.store.entry_count().unwrap(), 3);
}
