//! The real `tipbox-server` binary as a child process, on fresh loopback
//! ports over a temporary data folder, for the `tipbox` client to talk to.
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;
use tipbox::server::config::TokenHash;

use crate::helpers::{keygen, noise, sealed_tip, Keys};

/// The newsroom token of these tests (a fixture).
pub const TOKEN: &str = "cli-suite-newsroom-token";

pub struct TestServer {
    child: Child,
    pub source_port: u16,
    pub newsroom_port: u16,
    /// The newsroom's key (its identity file is in `dir`).
    pub keys: Keys,
    /// Holds the data folder, the key, and a file with [`TOKEN`].
    pub dir: TempDir,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl TestServer {
    /// Starts the server and waits until it answers; retries on other
    /// ports when one it was given was taken in the meantime.
    pub fn start() -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let keys = keygen(dir.path(), "newsroom.key");
        std::fs::write(dir.path().join("token"), format!("{TOKEN}\n")).unwrap();
        for _attempt in 0..5 {
            let (source_port, newsroom_port) = (free_port(), free_port());
            let mut child = Command::new(env!("CARGO_BIN_EXE_tipbox-server"))
                .env("TIPBOX_SERVER__LISTEN", format!("127.0.0.1:{source_port}"))
                .env("TIPBOX_ADMIN__LISTEN", format!("127.0.0.1:{newsroom_port}"))
                .env("TIPBOX_STORAGE__PATH", dir.path().join("data"))
                .env(
                    "TIPBOX_NEWSROOM__RECIPIENTS",
                    format!("[\"{}\"]", keys.recipient),
                )
                .env("TIPBOX_NEWSROOM__ALLOW_DEMO_KEY", "false")
                .env(
                    "TIPBOX_ADMIN__TOKEN_SHA256",
                    format!("[\"{}\"]", hex::encode(TokenHash::of(TOKEN).0)),
                )
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            if wait_ready(&mut child, source_port) {
                return TestServer {
                    child,
                    source_port,
                    newsroom_port,
                    keys,
                    dir,
                };
            }
        }
        panic!("tipbox-server did not start");
    }

    /// `http://127.0.0.1:PORT/` of the source listener.
    pub fn source_url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.source_port)
    }

    /// `http://127.0.0.1:PORT/` of the newsroom listener.
    pub fn newsroom_url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.newsroom_port)
    }

    pub fn source_address(&self) -> std::net::SocketAddr {
        ([127, 0, 0, 1], self.source_port).into()
    }

    pub fn newsroom_address(&self) -> std::net::SocketAddr {
        ([127, 0, 0, 1], self.newsroom_port).into()
    }

    pub fn token_file(&self) -> PathBuf {
        self.dir.path().join("token")
    }

    /// Stores a tip of `len` attachment bytes (`POST /api/v1/tips`).
    pub fn post_tip(&self, len: usize, seed: u64) {
        let tip = sealed_tip(
            std::slice::from_ref(&self.keys.recipient),
            "a tip",
            &[("file.bin", &noise(len, seed))],
        );
        let answer = reqwest::blocking::Client::new()
            .post(format!("{}api/v1/tips", self.source_url()))
            .header("content-type", "application/octet-stream")
            .body(tip)
            .send()
            .unwrap();
        assert_eq!(answer.status().as_u16(), 201);
    }

    /// A request to the newsroom listener with the token.
    pub fn newsroom(
        &self,
        method: reqwest::Method,
        path: &str,
    ) -> reqwest::blocking::RequestBuilder {
        reqwest::blocking::Client::new()
            .request(method, format!("{}{path}", self.newsroom_url()))
            .bearer_auth(TOKEN)
    }

    /// The `tip.json` of every tip the server holds, decrypted with the
    /// newsroom's key (an export, read as the offline machine would).
    pub fn received_tips(&self) -> Vec<tipbox::tip::TipMeta> {
        let bundle = self
            .newsroom(reqwest::Method::GET, "v1/export")
            .send()
            .unwrap()
            .bytes()
            .unwrap();
        let identities = tipbox::envelope::parse_identities(
            &std::fs::read_to_string(&self.keys.identity).unwrap(),
        )
        .unwrap();
        let mut metas = Vec::new();
        tipbox::bundle::BundleReader::new(&bundle[..])
            .unwrap()
            .for_each_tip(&mut |_, content| {
                let mut plaintext = tipbox::envelope::Decryptor::new(content, &identities).unwrap();
                let out = tempfile::tempdir().unwrap();
                let tip = tipbox::tip::extract(
                    &mut plaintext,
                    out.path(),
                    &tipbox::tip::Limits::default(),
                )
                .unwrap();
                metas.push(tip.meta.expect("a tipbox container"));
                Ok(())
            })
            .unwrap();
        metas
    }

    /// How many tips the server holds (`GET /v1/tips`).
    pub fn tip_count(&self) -> usize {
        let answer = reqwest::blocking::Client::new()
            .get(format!("{}v1/tips", self.newsroom_url()))
            .bearer_auth(TOKEN)
            .send()
            .unwrap();
        assert_eq!(answer.status().as_u16(), 200);
        answer.json::<Vec<serde_json::Value>>().unwrap().len()
    }
}

/// True once the source listener answers; false if the process exited.
fn wait_ready(child: &mut Child, port: u16) -> bool {
    let deadline = Instant::now() + Duration::from_secs(30);
    let url = format!("http://127.0.0.1:{port}/api/v1/recipients");
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return false;
        }
        if let Ok(answer) = reqwest::blocking::get(&url) {
            assert_eq!(answer.status().as_u16(), 200);
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("tipbox-server did not answer within 30 s");
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
