//! Two-way conversations over HTTP: the mailbox API, the no-JavaScript
//! pages and the newsroom's reply push.
use serde_json::json;

use crate::helpers::{assert_json_error, TestApp};

fn random_token() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

#[tokio::test]
async fn mailbox_api_creates_a_mailbox_idempotently() {
    let app = TestApp::spawn().await;
    let token = random_token();

    for _ in 0..2 {
        let response = app
            .post_json("/api/v1/mailbox", json!({ "token": token }))
            .await;
        assert_eq!(response.status().as_u16(), 200);
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body, json!({ "status": "ready" }));
    }
    let mailbox = tipbox::conversation::MailboxToken::from_hex(&token)
        .unwrap()
        .mailbox();
    assert!(app.store.mailbox_exists(&mailbox).unwrap());
}

#[tokio::test]
async fn unknown_and_empty_mailboxes_answer_byte_identically_over_the_api() {
    let app = TestApp::spawn().await;
    let known = random_token();
    app.post_json("/api/v1/mailbox", json!({ "token": known }))
        .await;

    let answer = |token: String| {
        let app = &app;
        async move {
            let list = app
                .post_json("/api/v1/mailbox/replies", json!({ "token": token }))
                .await;
            let list = (list.status().as_u16(), list.bytes().await.unwrap());
            let id = "00".repeat(16);
            let fetch = app
                .post_json("/api/v1/mailbox/reply", json!({ "token": token, "id": id }))
                .await;
            let fetch = (fetch.status().as_u16(), fetch.bytes().await.unwrap());
            (list, fetch)
        }
    };
    let from_known = answer(known).await;
    let from_unknown = answer(random_token()).await;

    assert_eq!(from_known, from_unknown);
    assert_eq!(&from_known.0 .1[..], br#"{"replies":[]}"#);
    assert_eq!(from_known.1 .0, 404);
}

#[tokio::test]
async fn mailbox_token_that_is_not_64_hex_is_refused() {
    let app = TestApp::spawn().await;
    for token in ["abc".to_owned(), random_token().to_uppercase()] {
        let response = app
            .post_json("/api/v1/mailbox/replies", json!({ "token": token }))
            .await;
        let message = assert_json_error(response, 400).await;
        assert!(message.contains("64 lower-case hex"), "{message}");
    }
}

#[tokio::test]
async fn mailbox_lookups_are_held_to_the_minimum_answer_time() {
    let app = TestApp::spawn_with(|s| s.conversations.min_answer_ms = 400).await;
    let started = std::time::Instant::now();
    app.post_json(
        "/api/v1/mailbox/replies",
        json!({ "token": random_token() }),
    )
    .await;
    assert!(started.elapsed() >= std::time::Duration::from_millis(400));
}

#[tokio::test]
async fn forgetting_a_mailbox_removes_it_and_answers_204_twice() {
    let app = TestApp::spawn().await;
    let token = random_token();
    app.post_json("/api/v1/mailbox", json!({ "token": token }))
        .await;

    for _ in 0..2 {
        let response = app
            .post_json("/api/v1/mailbox/forget", json!({ "token": token }))
            .await;
        assert_eq!(response.status().as_u16(), 204);
    }
    let mailbox = tipbox::conversation::MailboxToken::from_hex(&token)
        .unwrap()
        .mailbox();
    assert!(!app.store.mailbox_exists(&mailbox).unwrap());
}
