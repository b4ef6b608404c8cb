//! The real `tipbox-server` binary as a child process: started on fresh
//! loopback ports over one data folder, killed with SIGKILL.
use std::fs::File;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tipbox::envelope::Recipient;
use tipbox::server::config::TokenHash;

/// The newsroom token of every run (a test fixture).
pub const TOKEN: &str = "crash-suite-newsroom-token";

pub struct ServerProcess {
    child: Child,
    port: u16,
    admin_port: u16,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl ServerProcess {
    /// Starts the server and waits until it answers; retries on other
    /// ports when a port it was given was taken in the meantime.
    pub async fn start(data: &Path, logs: &Path, recipient: &Recipient) -> ServerProcess {
        for _attempt in 0..5 {
            let (port, admin_port) = (free_port(), free_port());
            let log = File::options()
                .create(true)
                .append(true)
                .open(logs.join("server.log"))
                .unwrap();
            let child = Command::new(env!("CARGO_BIN_EXE_tipbox-server"))
                .env("TIPBOX_SERVER__LISTEN", format!("127.0.0.1:{port}"))
                .env("TIPBOX_ADMIN__LISTEN", format!("127.0.0.1:{admin_port}"))
                .env("TIPBOX_STORAGE__PATH", data)
                // A sweep (and so a rewrite of sled) every second: kills land
                // in the middle of rewrites too.
                .env("TIPBOX_STORAGE__ARRIVAL_WINDOW_SECS", "1")
                .env("TIPBOX_NEWSROOM__RECIPIENTS", format!("[\"{recipient}\"]"))
                .env("TIPBOX_NEWSROOM__ALLOW_DEMO_KEY", "false")
                .env(
                    "TIPBOX_ADMIN__TOKEN_SHA256",
                    format!("[\"{}\"]", hex::encode(TokenHash::of(TOKEN).0)),
                )
                .stdout(Stdio::null())
                .stderr(log)
                .spawn()
                .unwrap();
            let mut server = ServerProcess {
                child,
                port,
                admin_port,
            };
            if server.wait_ready().await {
                return server;
            }
        }
        panic!(
            "tipbox-server did not start; its log:\n{}",
            std::fs::read_to_string(logs.join("server.log")).unwrap_or_default()
        );
    }

    /// True once the source listener answers; false if the process exited.
    async fn wait_ready(&mut self) -> bool {
        let client = reqwest::Client::new();
        let url = format!("{}/api/v1/recipients", self.base_url());
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return false;
            }
            if let Ok(answer) = client.get(&url).send().await {
                assert_eq!(answer.status().as_u16(), 200);
                return true;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("tipbox-server did not answer within 30 s");
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// SIGKILL: no graceful shutdown, no last flush.
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// Streams the newsroom's export bundle into the file `to`.
    pub async fn export(&self, to: &Path) {
        let mut answer = reqwest::Client::new()
            .get(format!("http://127.0.0.1:{}/v1/export", self.admin_port))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status().as_u16(), 200);
        let mut file = std::io::BufWriter::new(File::create(to).unwrap());
        while let Some(piece) = answer.chunk().await.unwrap() {
            std::io::Write::write_all(&mut file, &piece).unwrap();
        }
        std::io::Write::flush(&mut file).unwrap();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Spool files in the data folder (a no-JavaScript upload's sealed parts).
pub fn spool_files(data: &Path) -> usize {
    std::fs::read_dir(data.join("spool"))
        .map(|entries| entries.count())
        .unwrap_or(0)
}
