//! Durability and the storage cap.
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tipbox::envelope::Identity;
use tipbox::server::config::TokenHash;

use crate::helpers::{assert_json_error, encrypt_to, TestApp};

#[tokio::test]
async fn full_storage_cap_gives_507_and_stores_nothing_more() {
    let app = TestApp::spawn_with(|s| s.limits.max_store_bytes = 8 * 1024).await;
    let first = app.encrypt(&[1; 5000]);
    assert_eq!(app.post_tip(first).await.status().as_u16(), 201);
    let entries = app.store.entry_count().unwrap();

    let response = app.post_tip(app.encrypt(&[2; 5000])).await;

    let message = assert_json_error(response, 507).await;
    assert!(message.contains("full"), "{message}");
    assert_eq!(app.store.entry_count().unwrap(), entries);
    assert_eq!(app.store.list().unwrap().len(), 1);
}

/// The real binary, started on fixed free ports with a data folder (also
/// used by `abuse`).
pub(crate) struct ServerProcess {
    child: Child,
    pub port: u16,
    pub admin_port: u16,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl ServerProcess {
    fn start(data: &std::path::Path, recipient: &str, token_hash: &str) -> ServerProcess {
        ServerProcess::start_with(data, recipient, token_hash, &[])
    }

    /// Starts the binary with `env` (configuration overrides) on top.
    pub(crate) fn start_with(
        data: &std::path::Path,
        recipient: &str,
        token_hash: &str,
        env: &[(&str, String)],
    ) -> ServerProcess {
        let (port, admin_port) = (free_port(), free_port());
        let mut command = Command::new(env!("CARGO_BIN_EXE_tipbox-server"));
        command
            .env("TIPBOX_SERVER__LISTEN", format!("127.0.0.1:{port}"))
            .env("TIPBOX_ADMIN__LISTEN", format!("127.0.0.1:{admin_port}"))
            .env("TIPBOX_STORAGE__PATH", data)
            .env("TIPBOX_NEWSROOM__RECIPIENTS", format!("[\"{recipient}\"]"))
            .env("TIPBOX_ADMIN__TOKEN_SHA256", format!("[\"{token_hash}\"]"))
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        ServerProcess {
            child: command.spawn().unwrap(),
            port,
            admin_port,
        }
    }

    pub(crate) fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub(crate) async fn wait_ready(&self, client: &reqwest::Client) {
        let deadline = Instant::now() + Duration::from_secs(20);
        let url = format!("http://127.0.0.1:{}/api/v1/recipients", self.port);
        while Instant::now() < deadline {
            if client.get(&url).send().await.is_ok() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("tipbox-server did not start");
    }

    /// SIGKILL: no graceful shutdown, no final flush.
    pub(crate) fn crash(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn crash_and_restart_keeps_every_acknowledged_tip() {
    let data = tempfile::tempdir().unwrap();
    let identity = Identity::generate();
    let recipient = identity.to_public();
    let token = "restart-test-token";
    let token_hash = hex::encode(TokenHash::of(token).0);
    let client = reqwest::Client::new();
    let server = ServerProcess::start(data.path(), &recipient.to_string(), &token_hash);
    server.wait_ready(&client).await;

    // 16 concurrent submissions; remember the ones acknowledged.
    let url = format!("http://127.0.0.1:{}/api/v1/tips", server.port);
    let submissions = (0..16u8).map(|i| {
        let body = encrypt_to(
            std::slice::from_ref(&recipient),
            &vec![i; 20_000 + i as usize],
        );
        let (client, url) = (client.clone(), url.clone());
        async move {
            let status = client
                .post(url)
                .body(body.clone())
                .send()
                .await
                .unwrap()
                .status();
            (status.as_u16(), body)
        }
    });
    let answers = futures_util::future::join_all(submissions).await;
    let acknowledged: Vec<Vec<u8>> = answers
        .into_iter()
        .filter(|(status, _)| *status == 201)
        .map(|(_, body)| body)
        .collect();
    assert_eq!(acknowledged.len(), 16);
    server.crash();

    let server = ServerProcess::start(data.path(), &recipient.to_string(), &token_hash);
    server.wait_ready(&client).await;

    // The restarted server exports every acknowledged tip, byte for byte.
    let bundle = client
        .get(format!("http://127.0.0.1:{}/v1/export", server.admin_port))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let mut stored = crate::helpers::tip_ciphertexts(&bundle);
    let mut expected = acknowledged;
    stored.sort();
    expected.sort();
    assert_eq!(stored.len(), 16);
    assert!(
        stored == expected,
        "stored tips differ from the acknowledged ones"
    );
}
