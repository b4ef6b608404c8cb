//! A newsroom with a hybrid post-quantum key (`age1pq1…`), through the real
//! server: a tip on each path — the API (a file typage encrypted, as a
//! source with stock age tools would send), the no-JavaScript form (sealed
//! by the server) and the JavaScript path (the browser client's own modules
//! under node, through the resumable upload API) — is stored sealed to the
//! hybrid key only, and `tipbox-decrypt open` reads all three.
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tipbox::envelope::{parse_identities, Header, Identity};
use tipbox::server::startup::DEMO_IDENTITY_FILE;

use crate::helpers::{tip_ciphertexts, TestApp};
use crate::nojs::{post_form, Part};

fn web() -> PathBuf {
    let web = Path::new(env!("CARGO_MANIFEST_DIR")).join("web");
    assert!(
        web.join("node_modules").is_dir(),
        "run `npm ci` in web/ first (scripts/test does)"
    );
    web
}

/// Runs `node web/tools/<tool> args…` off the runtime's threads (the server
/// under test runs on them).
async fn node(tool: &str, args: Vec<String>) -> Output {
    let script = web().join("tools").join(tool);
    tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg(script)
            .args(args)
            .output()
            .expect("node runs")
    })
    .await
    .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// One `mlkem768x25519` stanza (the newsroom's one key) and no `X25519`.
fn assert_sealed_to_one_hybrid_key_only(ciphertext: &[u8]) {
    let (header, _) = Header::parse(ciphertext).unwrap().unwrap();
    assert_eq!(header.hybrid_count(), 1, "{:?}", header.stanzas);
    assert_eq!(header.x25519_count(), 0, "{:?}", header.stanzas);
}

#[tokio::test]
async fn hybrid_newsroom_stores_api_nojs_and_js_tips_sealed_only_to_its_key_and_open_reads_them() {
    let app = TestApp::spawn_with_identity(Identity::generate_hybrid(), |_| {}).await;
    let dir = tempfile::tempdir().unwrap();
    let recipient = app.recipients[0].to_string();
    assert!(recipient.starts_with("age1pq1"));
    let listed: serde_json::Value = app.get_recipients().await.json().await.unwrap();
    assert_eq!(listed["recipients"][0], recipient.as_str());

    // The API: a file typage encrypted to the key the server lists.
    let api_plain = b"sent with typage to the API".repeat(1000);
    let plain_path = dir.path().join("api-plain.bin");
    std::fs::write(&plain_path, &api_plain).unwrap();
    let sealed_path = dir.path().join("api.age");
    let out = node(
        "typage.mjs",
        vec![
            "encrypt".into(),
            "-r".into(),
            recipient.clone(),
            "-o".into(),
            sealed_path.display().to_string(),
            plain_path.display().to_string(),
        ],
    )
    .await;
    assert!(out.status.success(), "typage: {}", stderr(&out));
    let response = app.post_tip(std::fs::read(&sealed_path).unwrap()).await;
    assert_eq!(
        response.status().as_u16(),
        201,
        "{:?}",
        response.text().await
    );

    // The no-JavaScript form, sealed by the server.
    let response = post_form(
        &app,
        "",
        &[
            Part::text("message", "sent without JavaScript"),
            Part::file("scan.pdf", "application/pdf", vec![7; 100_000]),
        ],
    )
    .await;
    assert_eq!(response.status().as_u16(), 200);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("id=\"server-sealed\""));

    // The JavaScript path: the page's own modules, through resumable uploads.
    let attachment = dir.path().join("ledger.xlsx");
    std::fs::write(&attachment, vec![3; 200_000]).unwrap();
    let out = node(
        "submit-tip.mjs",
        vec![
            "--base".into(),
            format!("{}/", app.address),
            "-m".into(),
            "sent by the browser client".into(),
            attachment.display().to_string(),
        ],
    )
    .await;
    assert!(out.status.success(), "submit-tip: {}", stderr(&out));

    // Every stored file: one mlkem768x25519 stanza (one newsroom key), no X25519.
    let bundle = app.export().await.bytes().await.unwrap();
    let tips = tip_ciphertexts(&bundle);
    assert_eq!(tips.len(), 3);
    for ciphertext in &tips {
        assert_sealed_to_one_hybrid_key_only(ciphertext);
    }

    // `open` reads all three with the newsroom's hybrid key.
    let bundle_path = dir.path().join("export.tar");
    std::fs::write(&bundle_path, &bundle).unwrap();
    let identity_path = dir.path().join("newsroom-key.txt");
    std::fs::write(
        &identity_path,
        format!("{}\n", app.identity.to_encoded().as_str()),
    )
    .unwrap();
    let out_dir = dir.path().join("opened");
    let out = Command::new(env!("CARGO_BIN_EXE_tipbox-decrypt"))
        .args(["open", "-i"])
        .arg(&identity_path)
        .arg(&bundle_path)
        .arg("-o")
        .arg(&out_dir)
        .env_remove("TIPBOX_PASSPHRASE")
        .output()
        .unwrap();
    assert!(out.status.success(), "open: {}", stderr(&out));
    let mut messages = Vec::new();
    let mut attachments = Vec::new();
    for tip in std::fs::read_dir(&out_dir).unwrap() {
        let tip = tip.unwrap().path();
        if !tip.is_dir() {
            continue;
        }
        if let Ok(message) = std::fs::read_to_string(tip.join("message.txt")) {
            messages.push(message);
        }
        for file in std::fs::read_dir(tip.join("files")).unwrap() {
            attachments.push(std::fs::read(file.unwrap().path()).unwrap());
        }
    }
    messages.sort();
    assert_eq!(
        messages,
        ["sent by the browser client", "sent without JavaScript"]
    );
    assert!(
        attachments.contains(&api_plain),
        "the typage file, kept whole"
    );
    assert!(attachments.contains(&vec![7; 100_000]));
    assert!(attachments.contains(&vec![3; 200_000]));
}

#[tokio::test]
async fn hybrid_newsroom_refuses_an_api_tip_sealed_to_x25519_keys() {
    // The header check wants the newsroom's type: a file for a classic key
    // (or for the newsroom's key and a classic one) is refused, unstored.
    let app = TestApp::spawn_with_identity(Identity::generate_hybrid(), |_| {}).await;
    let classic = Identity::generate().to_public();
    let response = app
        .post_tip(crate::helpers::encrypt_to(&[classic], b"tip"))
        .await;
    assert_eq!(response.status().as_u16(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(
        body["error"].as_str().unwrap().contains("mlkem768x25519"),
        "{body}"
    );
    assert!(app.store.list().unwrap().is_empty());
}

#[tokio::test]
async fn a_fresh_servers_demo_key_is_hybrid() {
    let app = TestApp::spawn_with(|s| {
        s.newsroom.recipients.clear();
        s.newsroom.allow_demo_key = true;
    })
    .await;
    let text = std::fs::read_to_string(app.data_dir.path().join(DEMO_IDENTITY_FILE)).unwrap();
    let identities = parse_identities(&text).unwrap();
    assert!(identities.iter().all(Identity::is_hybrid), "{identities:?}");
    assert!(app.recipients[0].to_string().starts_with("age1pq1"));
}

#[tokio::test]
async fn landing_page_shows_a_short_fingerprint_for_a_hybrid_key() {
    let app = TestApp::spawn_with_identity(Identity::generate_hybrid(), |_| {}).await;
    let html = app.get("/").await.text().await.unwrap();
    let fingerprint = app.recipients[0].fingerprint();
    assert_eq!(fingerprint.len(), 19, "four groups of four hex digits");
    assert!(html.contains(&fingerprint));
}

#[tokio::test]
async fn tipbox_submit_seals_to_a_hybrid_newsroom() {
    let app = TestApp::spawn_with_identity(Identity::generate_hybrid(), |_| {}).await;
    let output = crate::submit_cli::tipbox_submit(&app, vec![]).await;
    assert!(output.status.success(), "{}", stderr(&output));
    let stored = app.store.list().unwrap();
    assert_eq!(stored.len(), 1);
    let bundle = app.export().await.bytes().await.unwrap();
    let [ciphertext] = &tip_ciphertexts(&bundle)[..] else {
        panic!("one tip in the export");
    };
    assert_sealed_to_one_hybrid_key_only(ciphertext);
    let plain = app.decrypt(ciphertext);
    assert!(plain.windows(19).any(|w| w == b"meet at the library"));
}
