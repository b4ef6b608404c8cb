//! The real server, started in-process on port 0 of loopback with a
//! temporary data folder exactly as production starts
//! (`Application::build`), on its own tokio runtime so that the blocking
//! WebDriver calls of the test thread do not stall it; and what the
//! newsroom does afterwards: export over the newsroom API and open the
//! bundle offline with the newsroom's key.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use actix_web::dev::ServerHandle;
use tempfile::TempDir;
use tipbox::bundle::BundleReader;
use tipbox::envelope::Identity;
use tipbox::server::config::TokenHash;
use tipbox::server::{Application, Settings};
use tipbox::tip::{Kind, TipMeta};

pub struct TestServer {
    /// `http://127.0.0.1:<port>`: the source listener.
    pub address: String,
    newsroom_address: String,
    /// The newsroom's secret key (a fixture made for this run).
    identity: Identity,
    /// A valid newsroom bearer token.
    token: String,
    handles: [ServerHandle; 2],
    runtime: tokio::runtime::Runtime,
    _data_dir: TempDir,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        for handle in &self.handles {
            // `stop` needs the runtime's context, not just its threads.
            let _ = self.runtime.block_on(async {
                tokio::time::timeout(Duration::from_secs(5), handle.stop(false)).await
            });
        }
    }
}

/// A tip as the newsroom opened it from the export bundle.
pub struct OpenedTip {
    pub meta: TipMeta,
    /// `files/<name>` entries, by name.
    pub files: BTreeMap<String, Vec<u8>>,
    /// The ciphertext as stored and exported: what reached the server.
    pub ciphertext: Vec<u8>,
    /// Where `open` wrote it (`tip.json`, `message.txt`, `files/`).
    pub folder: PathBuf,
}

impl TestServer {
    pub fn spawn() -> TestServer {
        let data_dir = tempfile::tempdir().unwrap();
        // Hybrid, like the demo key a fresh server makes.
        let identity = Identity::generate_hybrid();
        let token = hex::encode(rand::random::<[u8; 32]>());
        let mut settings = test_settings(data_dir.path(), &token);
        settings.newsroom.recipients = vec![identity.to_public()];

        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let app = runtime
            .block_on(Application::build(settings))
            .expect("the server starts");
        let port = app.source_port().unwrap();
        let newsroom_port = app.newsroom_port().unwrap();
        let handles = app.handles();
        runtime.spawn(app.run_until_stopped());
        TestServer {
            address: format!("http://127.0.0.1:{port}"),
            newsroom_address: format!("http://127.0.0.1:{newsroom_port}"),
            identity,
            token,
            handles,
            runtime,
            _data_dir: data_dir,
        }
    }

    /// `GET /v1/export` with the newsroom token, saved to `dir/export.tar`.
    pub fn export_to(&self, dir: &Path) -> PathBuf {
        let response = reqwest::blocking::Client::new()
            .get(format!("{}/v1/export", self.newsroom_address))
            .bearer_auth(&self.token)
            .send()
            .expect("export request");
        assert_eq!(response.status().as_u16(), 200, "export answered");
        let path = dir.join("export.tar");
        std::fs::write(&path, response.bytes().expect("export body")).unwrap();
        path
    }

    /// The newsroom's key as an unprotected identity file (a test fixture),
    /// and a file holding the newsroom token: what `tipbox-decrypt` and
    /// `tipbox push` take.
    pub fn newsroom_files(&self, dir: &Path) -> (PathBuf, PathBuf) {
        let identity = dir.join("newsroom-test-key.txt");
        std::fs::write(
            &identity,
            format!("{}\n", self.identity.to_encoded().as_str()),
        )
        .unwrap();
        let token = dir.join("newsroom-token.txt");
        std::fs::write(&token, &self.token).unwrap();
        (identity, token)
    }

    /// `http://127.0.0.1:<port>`: the newsroom listener.
    pub fn newsroom_address(&self) -> &str {
        &self.newsroom_address
    }

    /// Exports every stored tip and opens the bundle with the newsroom's
    /// key, as `tipbox-decrypt open` does. Replies in the bundle are opened
    /// too, but not listed.
    pub fn export_and_open(&self) -> Vec<OpenedTip> {
        let work = tempfile::tempdir().unwrap();
        self.export_and_open_in(work.path())
    }

    /// [`Self::export_and_open`] into `work` (kept: `export.tar`, `opened/`),
    /// so that the tips' folders can be answered with `tipbox-decrypt reply`.
    pub fn export_and_open_in(&self, work: &Path) -> Vec<OpenedTip> {
        let bundle = self.export_to(work);

        let mut ciphertexts = BTreeMap::new();
        BundleReader::new(std::fs::File::open(&bundle).unwrap())
            .expect("a well-formed export bundle")
            .for_each_tip(&mut |entry, content| {
                let mut bytes = Vec::new();
                content.read_to_end(&mut bytes)?;
                ciphertexts.insert(entry.id.to_string(), bytes);
                Ok(())
            })
            .expect("every tip of the bundle is present");

        let out = work.join("opened");
        let report = tipbox::offline::open(std::slice::from_ref(&self.identity), &bundle, &out)
            .expect("the bundle opens");
        assert!(
            report.failed.is_empty(),
            "tips that failed: {:?}",
            report.failed
        );
        report
            .opened
            .into_iter()
            .map(|mut tip| {
                let meta = tip
                    .meta
                    .take()
                    .expect("a tipbox container, not a bare file");
                (meta, tip)
            })
            // The newsroom's own replies open beside the tips; this lists what sources sent.
            .filter(|(meta, _)| meta.kind != Kind::Reply)
            .map(|(meta, tip)| OpenedTip {
                meta,
                files: read_files(&tip.folder.join("files")),
                folder: tip.folder,
                ciphertext: ciphertexts
                    .remove(&tip.name)
                    .expect("the opened tip is in the bundle"),
            })
            .collect()
    }
}

fn read_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .map(|entry| {
            let entry = entry.unwrap();
            (
                entry.file_name().to_string_lossy().into_owned(),
                std::fs::read(entry.path()).unwrap(),
            )
        })
        .collect()
}

/// Test settings: both listeners on port 0 of loopback, storage in
/// `data_dir`, `token` accepted, demo key refused.
fn test_settings(data_dir: &Path, token: &str) -> Settings {
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
