//! `tipbox submit` as a source runs it: the real binary against the real
//! server, showing the newsroom's key fingerprints and honouring a pin.
use std::process::{Command, Output};

use tipbox::envelope::Identity;

use crate::helpers::TestApp;

/// Runs `tipbox submit` against `app` with `args` added, off the runtime.
pub async fn tipbox_submit(app: &TestApp, args: Vec<String>) -> Output {
    let server = format!("{}/", app.address);
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_tipbox"))
            .args(["submit", "--server", &server, "-m", "meet at the library"])
            .args(args)
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

async fn stored_tips(app: &TestApp) -> usize {
    app.list_tips()
        .await
        .json::<Vec<serde_json::Value>>()
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn submit_shows_the_key_fingerprints_and_sends_when_the_pin_matches() {
    let app = TestApp::spawn().await;
    let pin = app.recipients[0].to_string();

    let output = tipbox_submit(&app, vec!["--recipient".into(), pin]).await;

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(&app.recipients[0].fingerprint()),
        "fingerprint not shown: {stderr}"
    );
    assert_eq!(stored_tips(&app).await, 1);
}

#[tokio::test]
async fn submit_pinned_to_other_keys_refuses_and_sends_nothing() {
    let app = TestApp::spawn().await;
    let other = Identity::generate().to_public().to_string();

    let output = tipbox_submit(&app, vec!["--recipient".into(), other]).await;

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("differ from the pinned ones; nothing was sent"),
        "{stderr}"
    );
    assert_eq!(stored_tips(&app).await, 0);
}
