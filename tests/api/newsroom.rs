//! The newsroom listener: token check, list, export, delete.

use reqwest::Method;
use tipbox::bundle::BundleReader;

use crate::helpers::{assert_json_error, TestApp};

#[tokio::test]
async fn missing_token_gets_401() {
    let app = TestApp::spawn().await;

    let response = app.newsroom(Method::GET, "/v1/tips", None).await;

    assert_json_error(response, 401).await;
}

#[tokio::test]
async fn wrong_token_gets_401_on_every_path() {
    let app = TestApp::spawn().await;
    // One character off, and the hash itself (which only the config holds).
    let mut near_miss = app.token.clone();
    near_miss.replace_range(0..1, if near_miss.starts_with('a') { "b" } else { "a" });
    let hash = hex::encode(tipbox::server::config::TokenHash::of(&app.token).0);
    for token in [near_miss.as_str(), hash.as_str(), ""] {
        for (method, path) in [
            (Method::GET, "/v1/tips"),
            (Method::GET, "/v1/export"),
            (Method::DELETE, "/v1/tips/00000000000000000000000000000000"),
            (Method::GET, "/v1/unknown"),
        ] {
            let response = app.newsroom(method, path, Some(token)).await;
            assert_json_error(response, 401).await;
        }
    }
}

#[tokio::test]
async fn list_shows_id_date_and_size_of_each_tip() {
    let app = TestApp::spawn().await;
    let ciphertext = app.encrypt(b"listed");
    assert_eq!(
        app.post_tip(ciphertext.clone()).await.status().as_u16(),
        201
    );

    let response = app.list_tips().await;

    assert_eq!(response.status().as_u16(), 200);
    let tips: serde_json::Value = response.json().await.unwrap();
    let tips = tips.as_array().unwrap();
    assert_eq!(tips.len(), 1);
    assert_eq!(tips[0]["id"].as_str().unwrap().len(), 32);
    assert_eq!(tips[0]["received"].as_str().unwrap().len(), 10);
    assert_eq!(tips[0]["size"].as_u64().unwrap(), ciphertext.len() as u64);
}

#[tokio::test]
async fn export_bundle_parses_and_every_tip_decrypts() {
    let app = TestApp::spawn().await;
    let plaintexts: Vec<Vec<u8>> = vec![
        b"first tip".to_vec(),
        vec![0x5a; 300_000],
        (0..150_000u32).map(|i| (i % 251) as u8).collect(),
    ];
    for plaintext in &plaintexts {
        let status = app.post_tip(app.encrypt(plaintext)).await.status();
        assert_eq!(status.as_u16(), 201);
    }

    let response = app.export().await;

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "application/x-tar");
    let bundle = response.bytes().await.unwrap();
    assert_eq!(
        BundleReader::new(&bundle[..])
            .unwrap()
            .manifest()
            .tips
            .len(),
        3
    );
    let mut opened: Vec<Vec<u8>> = crate::helpers::tip_ciphertexts(&bundle)
        .iter()
        .map(|ciphertext| app.decrypt(ciphertext))
        .collect();
    opened.sort();
    let mut expected = plaintexts.clone();
    expected.sort();
    assert_eq!(opened, expected);
}

#[tokio::test]
async fn delete_removes_the_tip_and_answers_204() {
    let app = TestApp::spawn().await;
    assert_eq!(
        app.post_tip(app.encrypt(b"to delete"))
            .await
            .status()
            .as_u16(),
        201
    );
    let id = app.store.list().unwrap()[0].id.to_string();

    let response = app.delete_tip(&id).await;

    assert_eq!(response.status().as_u16(), 204);
    assert!(app.store.list().unwrap().is_empty());
    assert_eq!(app.store.entry_count().unwrap(), 0);
    assert_json_error(app.delete_tip(&id).await, 404).await;
}

#[tokio::test]
async fn delete_with_malformed_id_gets_400() {
    let app = TestApp::spawn().await;

    let response = app.delete_tip("../../etc").await;

    // actix does not route "/" inside a segment; either way nothing is deleted.
    assert!(matches!(response.status().as_u16(), 400 | 404));
    assert_json_error(app.delete_tip("XYZ").await, 400).await;
}

// --- GET /v1/status (issue 14, item 8) -------------------------------------------

#[tokio::test]
async fn status_counts_waiting_tips_their_bytes_day_and_key_set() {
    let app = TestApp::spawn().await;
    let before: serde_json::Value = app
        .newsroom(reqwest::Method::GET, "/v1/status", Some(&app.token))
        .await
        .json()
        .await
        .unwrap();
    for message in [&b"first"[..], b"second tip"] {
        assert_eq!(
            app.post_tip(app.encrypt(message)).await.status().as_u16(),
            201
        );
    }

    let response = app
        .newsroom(reqwest::Method::GET, "/v1/status", Some(&app.token))
        .await;
    let unauthorized = app.newsroom(reqwest::Method::GET, "/v1/status", None).await;

    assert_eq!(response.status().as_u16(), 200);
    let status: serde_json::Value = response.json().await.unwrap();
    let listed: Vec<serde_json::Value> = app.list_tips().await.json().await.unwrap();
    let sizes: u64 = listed.iter().map(|t| t["size"].as_u64().unwrap()).sum();
    assert_eq!(before["tips_waiting"], 0);
    assert_eq!(before["oldest_tip_received"], serde_json::Value::Null);
    assert_eq!(status["tips_waiting"], 2);
    assert_eq!(status["bytes_used"], sizes);
    assert!(status["bytes_free"].as_u64().unwrap() > 0);
    assert_eq!(status["oldest_tip_received"], listed[0]["received"]);
    let current = status["current_key_set"].as_str().unwrap();
    assert_eq!(status["key_sets"][current], 2, "{status}");
    assert_eq!(status["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(unauthorized.status().as_u16(), 401);
}
