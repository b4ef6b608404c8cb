//! Start-up: the demo identity on a first run, the production refusal,
//! Unix-socket listeners, and `tipbox-server token`.
use std::io::Read;
use std::process::Command;

use tipbox::envelope::{parse_identities, Decryptor};
use tipbox::server::config::{Listen, TokenHash};
use tipbox::server::startup::{StartupError, DEMO_IDENTITY_FILE, DEMO_TOKEN_FILE};
use tipbox::server::Application;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{encrypt_to, test_settings, TestApp};

#[tokio::test]
async fn first_run_without_keys_creates_a_labelled_demo_identity_that_opens_tips() {
    let app = TestApp::spawn_with(|s| {
        s.newsroom.recipients.clear();
        s.newsroom.allow_demo_key = true;
    })
    .await;
    let path = app.data_dir.path().join(DEMO_IDENTITY_FILE);

    let text = std::fs::read_to_string(&path).unwrap();

    assert!(text.contains("DEMO"), "{text}");
    assert!(text.contains("NOT FOR PRODUCTION"), "{text}");
    let identities = parse_identities(&text).unwrap();
    assert_eq!(app.recipients, vec![identities[0].to_public()]);
    let ciphertext = encrypt_to(&app.recipients, b"demo tip");
    assert_eq!(
        app.post_tip(ciphertext.clone()).await.status().as_u16(),
        201
    );
    let mut plaintext = Vec::new();
    Decryptor::new(&ciphertext[..], &identities)
        .unwrap()
        .read_to_end(&mut plaintext)
        .unwrap();
    assert_eq!(plaintext, b"demo tip");
    // Only the owner may read the secret key.
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(
        mode & 0o077,
        0,
        "demo identity readable by others: {mode:o}"
    );
}

#[tokio::test]
async fn demo_run_without_a_token_creates_one_that_exports_and_nothing_else() {
    let app = TestApp::spawn_with(|s| {
        s.newsroom.recipients.clear();
        s.newsroom.allow_demo_key = true;
        s.admin.token_sha256.clear();
    })
    .await;
    let path = app.data_dir.path().join(DEMO_TOKEN_FILE);
    let token = std::fs::read_to_string(&path).unwrap();
    let token = token.trim();

    let listed = app
        .newsroom(reqwest::Method::GET, "/v1/tips", Some(token))
        .await;
    let refused = app
        .newsroom(reqwest::Method::GET, "/v1/tips", Some("not-the-demo-token"))
        .await;

    assert_eq!(listed.status().as_u16(), 200);
    assert_eq!(refused.status().as_u16(), 401);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0, "demo token readable by others: {mode:o}");
}

#[tokio::test]
async fn configured_token_means_no_demo_token_even_with_the_demo_key() {
    let app = TestApp::spawn_with(|s| {
        s.newsroom.recipients.clear();
        s.newsroom.allow_demo_key = true;
    })
    .await;

    assert!(!app.data_dir.path().join(DEMO_TOKEN_FILE).exists());
}

#[tokio::test]
async fn production_start_without_keys_refuses_the_demo_key() {
    let data = tempfile::tempdir().unwrap();
    let settings = test_settings(data.path(), "t"); // allow_demo_key = false

    let result = Application::build(settings).await;

    assert!(matches!(result, Err(StartupError::NoRecipients)));
    assert!(!data.path().join(DEMO_IDENTITY_FILE).exists());
}

#[tokio::test]
async fn listeners_can_be_unix_sockets() {
    let data = tempfile::tempdir().unwrap();
    let socket = data.path().join("source.sock");
    let mut settings = test_settings(data.path(), "t");
    settings.newsroom.recipients = vec![tipbox::envelope::Identity::generate().to_public()];
    settings.server.listen = Listen::Unix(socket.clone());
    settings.admin.listen = Listen::Unix(data.path().join("admin.sock"));
    let app = Application::build(settings).await.unwrap();
    assert_eq!(app.source_port(), None);
    tokio::spawn(app.run_until_stopped());

    let mut stream = tokio::net::UnixStream::connect(&socket).await.unwrap();
    stream
        .write_all(b"GET /api/v1/recipients HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();

    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"recipients\""), "{answer}");
}

#[test]
fn token_command_prints_a_token_and_its_config_line() {
    let output = Command::new(env!("CARGO_BIN_EXE_tipbox-server"))
        .arg("token")
        .output()
        .unwrap();

    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let mut lines = stdout.lines();
    let token = lines.next().unwrap();
    let config_line = lines.next().unwrap();
    assert!(token.len() >= 32, "{token}");
    let hash = hex::encode(TokenHash::of(token).0);
    assert_eq!(config_line, format!("token_sha256 = [\"{hash}\"]"));
    // Two runs never print the same token.
    let again = Command::new(env!("CARGO_BIN_EXE_tipbox-server"))
        .arg("token")
        .output()
        .unwrap();
    assert_ne!(String::from_utf8(again.stdout).unwrap(), stdout);
}

/// Runs the real binary with `--config` holding `config` and nothing from
/// this process's `TIPBOX_*` environment; returns it once it answered or exited.
fn server_with_config_file(dir: &std::path::Path, config: &str) -> std::process::Child {
    let path = dir.join("tipbox.toml");
    std::fs::write(&path, config).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_tipbox-server"));
    for (name, _) in std::env::vars().filter(|(name, _)| name.starts_with("TIPBOX_")) {
        command.env_remove(name);
    }
    command
        .arg("--config")
        .arg(&path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn config_file_without_recipients_is_refused_unless_it_allows_the_demo_key() {
    let dir = tempfile::tempdir().unwrap();
    let base = format!(
        "[server]\nlisten = \"unix:{dir}/s.sock\"\n[admin]\nlisten = \"unix:{dir}/a.sock\"\n\
         [storage]\npath = \"{dir}/data\"\n",
        dir = dir.path().display()
    );

    // A production file that lost its keys: the server stops, no demo key.
    let refused = server_with_config_file(dir.path(), &base)
        .wait_with_output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "{stderr}");
    assert!(stderr.contains("allow_demo_key = true"), "{stderr}");
    assert!(!dir.path().join("data").join(DEMO_IDENTITY_FILE).exists());

    // Asked for by name: the demo identity is made and the server runs.
    let mut allowed = server_with_config_file(
        dir.path(),
        &format!("{base}[newsroom]\nallow_demo_key = true\n"),
    );
    let demo = dir.path().join("data").join(DEMO_IDENTITY_FILE);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !dir.path().join("s.sock").exists() {
        assert!(allowed.try_wait().unwrap().is_none(), "exited");
        assert!(std::time::Instant::now() < deadline, "did not start");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(demo.exists());
    allowed.kill().unwrap();
    allowed.wait().unwrap();
}
