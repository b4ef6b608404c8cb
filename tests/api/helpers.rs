//! Starts the real application on port 0 with a temporary data folder,
//! exactly as production starts, and talks to it: one method per endpoint.
use std::io::{Read, Write};
use std::path::Path;
use std::sync::Mutex;

use actix_web::dev::ServerHandle;
use tempfile::TempDir;
use tipbox::envelope::{Encryptor, Identity, Recipient};
use tipbox::server::config::TokenHash;
use tipbox::server::{logging, Application, Settings};
use tipbox::store::Store;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Everything the servers of this test binary logged, through the
/// production filter ([`logging::DEFAULT_FILTER`]).
pub static LOG: Mutex<Vec<u8>> = Mutex::new(Vec::new());

struct CapturedLog;

impl Write for CapturedLog {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if std::env::var_os("TEST_LOG").is_some() {
            std::io::stderr().write_all(buf)?;
        }
        LOG.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The log so far, as text.
pub fn captured_log() -> String {
    String::from_utf8_lossy(&LOG.lock().unwrap()).into_owned()
}

/// The codename a page shows once (`<strong id="codename" dir="ltr">`).
pub fn shown_codename(html: &str) -> String {
    html.split("<strong id=\"codename\" dir=\"ltr\" translate=\"no\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the page shows a codename")
        .to_owned()
}

pub struct TestApp {
    pub address: String,
    pub newsroom_address: String,
    pub port: u16,
    /// The newsroom's secret key (a test fixture made for this run).
    pub identity: Identity,
    pub recipients: Vec<Recipient>,
    /// A valid newsroom bearer token.
    pub token: String,
    pub store: Store,
    pub client: reqwest::Client,
    pub data_dir: TempDir,
    handles: [ServerHandle; 2],
}

impl Drop for TestApp {
    fn drop(&mut self) {
        for handle in &self.handles {
            // Not awaited: the runtime ends with the test anyway.
            drop(handle.stop(false));
        }
    }
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(|_| {}).await
    }

    /// Spawns with the test defaults, then `adjust` applied to the settings.
    pub async fn spawn_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
        TestApp::spawn_with_identity(Identity::generate(), adjust).await
    }

    /// Spawns with `identity` as the newsroom's key (classic or hybrid),
    /// then `adjust` applied to the settings.
    pub async fn spawn_with_identity(
        identity: Identity,
        adjust: impl FnOnce(&mut Settings),
    ) -> TestApp {
        logging::init(|| CapturedLog, false);
        let data_dir = tempfile::tempdir().unwrap();
        let token = hex::encode(rand::random::<[u8; 32]>());
        let mut settings = test_settings(data_dir.path(), &token);
        settings.newsroom.recipients = vec![identity.to_public()];
        adjust(&mut settings);

        let app = Application::build(settings).await.unwrap();
        let port = app.source_port().unwrap();
        let newsroom_port = app.newsroom_port().unwrap();
        let store = app.store();
        let recipients = app.recipients().to_vec();
        let handles = app.handles();
        tokio::spawn(app.run_until_stopped());
        TestApp {
            address: format!("http://127.0.0.1:{port}"),
            newsroom_address: format!("http://127.0.0.1:{newsroom_port}"),
            port,
            identity,
            recipients,
            token,
            store,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            data_dir,
            handles,
        }
    }

    /// An age file of `plaintext` for this newsroom, made by our `Encryptor`.
    pub fn encrypt(&self, plaintext: &[u8]) -> Vec<u8> {
        encrypt_to(&self.recipients, plaintext)
    }

    /// Decrypts an age file with the newsroom's key.
    pub fn decrypt(&self, ciphertext: &[u8]) -> Vec<u8> {
        let mut plaintext = Vec::new();
        tipbox::envelope::Decryptor::new(ciphertext, std::slice::from_ref(&self.identity))
            .unwrap()
            .read_to_end(&mut plaintext)
            .unwrap();
        plaintext
    }

    pub async fn get_recipients(&self) -> reqwest::Response {
        self.get("/api/v1/recipients").await
    }

    pub async fn post_tip(&self, body: Vec<u8>) -> reqwest::Response {
        self.client
            .post(format!("{}/api/v1/tips", self.address))
            .header("content-type", "application/octet-stream")
            .body(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.request(reqwest::Method::GET, path).await
    }

    pub async fn request(&self, method: reqwest::Method, path: &str) -> reqwest::Response {
        self.client
            .request(method, format!("{}{path}", self.address))
            .send()
            .await
            .unwrap()
    }

    /// `POST path` on the source listener with a JSON body.
    pub async fn post_json(&self, path: &str, body: serde_json::Value) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.address))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// A newsroom request with `token` (None: no Authorization header).
    pub async fn newsroom(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.newsroom_address));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.unwrap()
    }

    pub async fn list_tips(&self) -> reqwest::Response {
        self.newsroom(reqwest::Method::GET, "/v1/tips", Some(&self.token))
            .await
    }

    pub async fn export(&self) -> reqwest::Response {
        self.newsroom(reqwest::Method::GET, "/v1/export", Some(&self.token))
            .await
    }

    /// The ciphertext of every tip in the newsroom's export, in its order.
    pub async fn exported_ciphertexts(&self) -> Vec<Vec<u8>> {
        let response = self.export().await;
        assert_eq!(response.status().as_u16(), 200);
        tip_ciphertexts(&response.bytes().await.unwrap())
    }

    pub async fn delete_tip(&self, id: &str) -> reqwest::Response {
        self.newsroom(
            reqwest::Method::DELETE,
            &format!("/v1/tips/{id}"),
            Some(&self.token),
        )
        .await
    }

    /// Opens a raw connection and starts a chunked `POST /api/v1/tips`
    /// without Content-Length, for tests that control the body's pace.
    pub async fn start_chunked_upload(&self) -> ChunkedUpload {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).await.unwrap();
        stream
            .write_all(
                b"POST /api/v1/tips HTTP/1.1\r\nHost: test\r\n\
                  Content-Type: application/octet-stream\r\n\
                  Transfer-Encoding: chunked\r\n\r\n",
            )
            .await
            .unwrap();
        ChunkedUpload { stream }
    }
}

/// An upload whose body the test sends piece by piece.
pub struct ChunkedUpload {
    stream: TcpStream,
}

impl ChunkedUpload {
    pub async fn send(&mut self, bytes: &[u8]) {
        let head = format!("{:x}\r\n", bytes.len());
        self.stream.write_all(head.as_bytes()).await.unwrap();
        self.stream.write_all(bytes).await.unwrap();
        self.stream.write_all(b"\r\n").await.unwrap();
    }

    /// Ends the body (when `finish`) and returns the answer's status code.
    pub async fn status(mut self, finish: bool) -> u16 {
        if finish {
            // Ignore errors: the server may already have answered and closed.
            let _ = self.stream.write_all(b"0\r\n\r\n").await;
        }
        let mut answer = Vec::new();
        let mut buf = [0; 4096];
        while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = self.stream.read(&mut buf).await.unwrap();
            assert!(n > 0, "connection closed without an answer");
            answer.extend_from_slice(&buf[..n]);
        }
        let status_line = String::from_utf8_lossy(&answer[..12]).into_owned();
        status_line[9..12].parse().unwrap()
    }
}

/// Test settings: both listeners on port 0 of loopback, storage in
/// `data_dir`, `token` accepted, no recipients, demo key refused.
/// The ciphertext of every tip in an export bundle.
pub fn tip_ciphertexts(bundle: &[u8]) -> Vec<Vec<u8>> {
    let mut tips = Vec::new();
    tipbox::bundle::BundleReader::new(bundle)
        .unwrap()
        .for_each_tip(&mut |_, content| {
            let mut ciphertext = Vec::new();
            content.read_to_end(&mut ciphertext)?;
            tips.push(ciphertext);
            Ok(())
        })
        .unwrap();
    tips
}

pub fn test_settings(data_dir: &Path, token: &str) -> Settings {
    let env = [
        ("TIPBOX_SERVER__LISTEN", "127.0.0.1:0".to_owned()),
        ("TIPBOX_ADMIN__LISTEN", "127.0.0.1:0".to_owned()),
        ("TIPBOX_STORAGE__PATH", data_dir.display().to_string()),
        (
            "TIPBOX_ADMIN__TOKEN_SHA256",
            format!("[\"{}\"]", hex::encode(TokenHash::of(token).0)),
        ),
        ("TIPBOX_NEWSROOM__ALLOW_DEMO_KEY", "false".to_owned()),
    ]
    .map(|(k, v)| (k.to_owned(), v));
    Settings::from_sources(None, env).unwrap()
}

/// An age file of `plaintext` for `recipients`, made by our `Encryptor`.
pub fn encrypt_to(recipients: &[Recipient], plaintext: &[u8]) -> Vec<u8> {
    let mut encryptor = Encryptor::new(Vec::new(), recipients).unwrap();
    encryptor.write_all(plaintext).unwrap();
    encryptor.finish().unwrap()
}

/// An age file of `plaintext` made by the `age` crate (the reference).
pub fn encrypt_with_age_crate(recipients: &[Recipient], plaintext: &[u8]) -> Vec<u8> {
    let recipients: Vec<age::x25519::Recipient> = recipients
        .iter()
        .map(|r| r.to_string().parse().unwrap())
        .collect();
    let encryptor =
        age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
            .unwrap();
    let mut out = Vec::new();
    let mut writer = encryptor.wrap_output(&mut out).unwrap();
    writer.write_all(plaintext).unwrap();
    writer.finish().unwrap();
    out
}

/// Asserts a JSON `{"error": "…"}` answer with `status`; returns the message.
pub async fn assert_json_error(response: reqwest::Response, status: u16) -> String {
    json_error(response, status).await["error"]
        .as_str()
        .expect("an \"error\" string")
        .to_owned()
}

/// Asserts a JSON answer with `status` and a non-empty `"error"` sentence;
/// returns the whole body, for answers that say more.
pub async fn json_error(response: reqwest::Response, status: u16) -> serde_json::Value {
    assert_eq!(response.status().as_u16(), status);
    assert_eq!(
        response.headers()["content-type"].to_str().unwrap(),
        "application/json"
    );
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(
        body["error"].as_str().is_some_and(|e| !e.is_empty()),
        "an \"error\" sentence: {body}"
    );
    body
}

/// Runs a binary off the async threads (the server runs in this process),
/// without a passphrase in its environment.
pub async fn run_command(mut command: std::process::Command) -> std::process::Output {
    tokio::task::spawn_blocking(move || command.env_remove("TIPBOX_PASSPHRASE").output().unwrap())
        .await
        .unwrap()
}

/// The standard output of a command that must have succeeded (its standard
/// error otherwise).
pub fn assert_success(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}
