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
            .args([
                "submit",
                "--direct",
                "--server",
                &server,
                "-m",
                "meet at the library",
            ])
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

/// The `tip.json` of every tip in the newsroom's export, decrypted.
async fn exported_meta(app: &TestApp) -> Vec<tipbox::tip::TipMeta> {
    let mut metas = Vec::new();
    for ciphertext in app.exported_ciphertexts().await {
        let plaintext = app.decrypt(&ciphertext);
        let out = tempfile::tempdir().unwrap();
        let tip = tipbox::tip::extract(
            &mut &plaintext[..],
            out.path(),
            &tipbox::tip::Limits::default(),
        )
        .unwrap();
        metas.push(tip.meta.expect("a tipbox container"));
    }
    metas
}

#[tokio::test]
async fn submit_records_the_chosen_language_in_tip_json() {
    let app = TestApp::spawn().await;

    // Any case is accepted; tip.json has the language table's spelling.
    for language in ["ug", "PT-br"] {
        let output = tipbox_submit(&app, vec!["--language".into(), language.into()]).await;
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    let mut languages: Vec<String> = exported_meta(&app)
        .await
        .into_iter()
        .map(|meta| meta.language)
        .collect();
    languages.sort();
    assert_eq!(languages, ["pt-BR", "ug"]);
}

#[tokio::test]
async fn submit_refuses_an_unknown_language_and_sends_nothing() {
    let app = TestApp::spawn().await;

    let output = tipbox_submit(&app, vec!["--language".into(), "xx".into()]).await;

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("not a tipbox language"), "{stderr}");
    assert!(
        stderr.contains("ug") && stderr.contains("pt-BR"),
        "{stderr}"
    );
    assert_eq!(stored_tips(&app).await, 0);
}
