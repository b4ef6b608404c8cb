//! One start-up path for production and tests: [`Application::build`] opens
//! the store, settles the newsroom's keys (creating the demo identity on a
//! first run when allowed), binds both listeners and reports their ports;
//! [`Application::run_until_stopped`] serves until a signal or a stop.
use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::{Server, ServerHandle};
use actix_web::{web, HttpServer};
use tokio::sync::Semaphore;

use super::config::{Listen, Settings, TokenHash};
use super::pacing::Pacer;
use super::retention;
use super::routes;
use super::slots::UploadSlots;
use super::state::{AppState, Limits, NewsroomState};
use crate::store::{Store, StoreError, StoreLimits, UploadPolicy, Uploads};
use tipbox_core::envelope::{parse_identities, Identity, Recipient};

/// The demo identity's file name inside the storage folder.
pub const DEMO_IDENTITY_FILE: &str = "demo-identity.txt";

/// The demo newsroom token's file name inside the storage folder: created
/// with the demo identity when no token is configured, so that a newcomer
/// can export the demo tips at once.
pub const DEMO_TOKEN_FILE: &str = "demo-token.txt";

/// Sub-folder of the storage folder that holds the sled database.
const STORE_DIR: &str = "store";

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("no newsroom recipients are configured: add the newsroom's age1pq1… keys (from `tipbox-decrypt keygen`) to [newsroom] recipients (a configuration file runs on the demo key only if it says allow_demo_key = true)")]
    NoRecipients,
    #[error("cannot create the storage folder {path}: {source}")]
    DataDir { path: PathBuf, source: io::Error },
    #[error("demo key file {path}: {reason}")]
    DemoFile { path: PathBuf, reason: String },
    #[error("the store in {0} is in use by another process (is tipbox-server already running? `systemctl status tipbox-server`): stop it, or give this server another [storage] path")]
    InUse(PathBuf),
    #[error("cannot open the store: {0}")]
    Store(#[from] StoreError),
    #[error(transparent)]
    Branding(#[from] super::branding::BrandingError),
    #[error("cannot listen on {listen}: {source}")]
    Bind { listen: Listen, source: io::Error },
}

/// A bound listener socket, before actix takes it.
enum Bound {
    Tcp(std::net::TcpListener, u16),
    Unix(std::os::unix::net::UnixListener),
}

impl Bound {
    fn port(&self) -> Option<u16> {
        match self {
            Bound::Tcp(_, port) => Some(*port),
            Bound::Unix(_) => None,
        }
    }
}

/// Binds `listen` (a TCP address or a Unix socket path).
fn bind(listen: &Listen) -> Result<Bound, StartupError> {
    let failed = |source| StartupError::Bind {
        listen: listen.clone(),
        source,
    };
    match listen {
        Listen::Tcp(addr) => {
            let listener = std::net::TcpListener::bind(addr).map_err(failed)?;
            let port = listener.local_addr().map_err(failed)?.port();
            Ok(Bound::Tcp(listener, port))
        }
        Listen::Unix(path) => {
            remove_stale_socket(path).map_err(failed)?;
            let listener = std::os::unix::net::UnixListener::bind(path).map_err(failed)?;
            Ok(Bound::Unix(listener))
        }
    }
}

/// Hands a bound socket to an `HttpServer`.
macro_rules! serve_on {
    ($server:expr, $bound:expr, $listen:expr) => {
        match $bound {
            Bound::Tcp(listener, _) => $server.listen(listener),
            Bound::Unix(listener) => $server.listen_uds(listener),
        }
        .map_err(|source| StartupError::Bind {
            listen: $listen.clone(),
            source,
        })?
    };
}

/// Both listeners, bound and ready to serve.
pub struct Application {
    source: Server,
    newsroom: Server,
    source_port: Option<u16>,
    newsroom_port: Option<u16>,
    store: Store,
    recipients: Arc<Vec<Recipient>>,
    demo_identity: Option<PathBuf>,
    demo_token: Option<PathBuf>,
}

impl Application {
    pub async fn build(settings: Settings) -> Result<Application, StartupError> {
        let data_dir = settings.storage.path.clone();
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&data_dir)
            .map_err(|source| StartupError::DataDir {
                path: data_dir.clone(),
                source,
            })?;

        let (recipients, demo_identity) = if settings.newsroom.recipients.is_empty() {
            if !settings.newsroom.allow_demo_key {
                return Err(StartupError::NoRecipients);
            }
            let path = data_dir.join(DEMO_IDENTITY_FILE);
            let recipient = demo_recipient(&path)?;
            tracing::warn!(
                "no newsroom recipients configured: using the DEMO key in the storage folder; NOT FOR PRODUCTION"
            );
            (vec![recipient], Some(path))
        } else {
            (settings.newsroom.recipients.clone(), None)
        };
        let recipients = Arc::new(recipients);

        // Read before anything is opened: a bad logo stops the start cleanly.
        let branding = super::branding::Branding::load(&settings.newsroom)?;
        let limits = &settings.limits;
        let conversations = &settings.conversations;
        let store = Store::open(&store_dir(&data_dir), store_limits(&settings)).map_err(|err| {
            if held_by_another_process(&err) {
                StartupError::InUse(data_dir.clone())
            } else {
                StartupError::Store(err)
            }
        })?;
        let key_texts: Vec<String> = recipients.iter().map(ToString::to_string).collect();
        let key_set = store.use_key_set(&key_texts)?;
        tracing::info!(%key_set, "tips are recorded against this newsroom key set");
        retention::start(&store, &settings.retention)?;
        super::sweep::start(&store, &data_dir, settings.storage.arrival_window());
        // Spool files of no-JavaScript uploads cut short by a crash: useless
        // without their in-memory keys, but they take space and show activity.
        super::nojs::clear_spool(&data_dir).map_err(|source| StartupError::DataDir {
            path: super::nojs::spool_dir(&data_dir),
            source,
        })?;

        store.limit_mailboxes(limits.max_mailboxes);
        let uploads = Uploads::new(
            store.clone(),
            UploadPolicy {
                expiry: limits.upload_expiry(),
                unstarted_expiry: limits.unstarted_upload_expiry(),
                max_open: limits.max_open_uploads,
                ..UploadPolicy::default()
            },
        )?;
        uploads.remove_expired()?;
        routes::uploads::spawn_collector(uploads.clone());
        super::logging::spawn_hourly_report();

        let app_state = web::Data::new(AppState {
            store: store.clone(),
            uploads,
            recipients: recipients.clone(),
            limits: Limits {
                max_tip_bytes: limits.max_tip_bytes,
                body_idle_timeout: limits.body_idle_timeout(),
                part_deadline: limits.part_deadline(),
            },
            slots: UploadSlots::new(limits.max_concurrent_uploads, limits.upload_slots()),
            data_dir: data_dir.clone(),
            pacer: Pacer::new(
                Duration::from_millis(conversations.min_answer_ms),
                Duration::from_millis(conversations.slowed_answer_ms),
                conversations.unknown_per_minute,
            ),
            kdf_slots: Arc::new(Semaphore::new(conversations.max_concurrent_kdf.max(1))),
            branding: Arc::new(branding),
        });
        let source = HttpServer::new(move || routes::source_app(app_state.clone()))
            .client_request_timeout(limits.request_head_timeout())
            .keep_alive(limits.keep_alive())
            .client_disconnect_timeout(Duration::from_secs(5));
        let bound = bind(&settings.server.listen)?;
        let source_port = bound.port();
        let source = serve_on!(source, bound, settings.server.listen);

        let mut token_hashes = settings.admin.token_sha256.clone();
        let demo_token = match (&demo_identity, token_hashes.is_empty()) {
            (Some(_), true) => {
                let path = data_dir.join(DEMO_TOKEN_FILE);
                token_hashes.push(demo_token_hash(&path)?);
                Some(path)
            }
            (None, true) => {
                tracing::warn!(
                    "no admin.token_sha256 configured: the newsroom listener refuses every request"
                );
                None
            }
            (_, false) => None,
        };
        let newsroom_state = web::Data::new(NewsroomState {
            store: store.clone(),
            token_hashes: Arc::new(token_hashes),
            recipients: recipients.clone(),
            max_reply_bytes: limits.max_reply_bytes,
            max_push_bytes: limits.max_push_bytes,
            data_dir: data_dir.clone(),
            max_store_bytes: limits.max_store_bytes,
        });
        let newsroom = HttpServer::new(move || routes::newsroom_app(newsroom_state.clone()))
            .workers(1)
            .client_request_timeout(limits.request_head_timeout())
            .keep_alive(limits.keep_alive());
        let bound = bind(&settings.admin.listen)?;
        let newsroom_port = bound.port();
        let newsroom = serve_on!(newsroom, bound, settings.admin.listen);

        // Ports only: the addresses are the operator's to know, not the log's.
        tracing::info!(
            port = source_port,
            unix = source_port.is_none(),
            "source listener ready"
        );
        tracing::info!(
            port = newsroom_port,
            unix = newsroom_port.is_none(),
            "newsroom listener ready"
        );
        Ok(Application {
            source: source.run(),
            newsroom: newsroom.run(),
            source_port,
            newsroom_port,
            store,
            recipients,
            demo_identity,
            demo_token,
        })
    }

    /// The source listener's TCP port (`None` on a Unix socket).
    pub fn source_port(&self) -> Option<u16> {
        self.source_port
    }

    /// The newsroom listener's TCP port (`None` on a Unix socket).
    pub fn newsroom_port(&self) -> Option<u16> {
        self.newsroom_port
    }

    pub fn store(&self) -> Store {
        self.store.clone()
    }

    pub fn recipients(&self) -> &[Recipient] {
        &self.recipients
    }

    /// Where the demo identity is, when the server runs on it.
    pub fn demo_identity(&self) -> Option<&Path> {
        self.demo_identity.as_deref()
    }

    /// Where the demo newsroom token is, when the server made one.
    pub fn demo_token(&self) -> Option<&Path> {
        self.demo_token.as_deref()
    }

    /// Handles that stop the two listeners (graceful when asked to be).
    pub fn handles(&self) -> [ServerHandle; 2] {
        [self.source.handle(), self.newsroom.handle()]
    }

    pub async fn run_until_stopped(self) -> io::Result<()> {
        futures_util::future::try_join(self.source, self.newsroom).await?;
        Ok(())
    }
}

/// Whether opening the store failed on sled's folder lock: another process
/// (a running server, a `backup`) holds it.
pub fn held_by_another_process(err: &StoreError) -> bool {
    match err {
        StoreError::Sled(sled::Error::Io(io)) => {
            io.kind() == io::ErrorKind::WouldBlock || io.to_string().contains("lock")
        }
        _ => false,
    }
}

/// The sled folder inside the storage folder.
pub fn store_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(STORE_DIR)
}

/// The store's limits from the configuration.
pub fn store_limits(settings: &Settings) -> StoreLimits {
    StoreLimits {
        max_tip_bytes: settings.limits.max_tip_bytes,
        max_store_bytes: settings.limits.max_store_bytes,
        date_granularity: settings.storage.date_granularity,
    }
}

/// A socket left by a previous run blocks `bind`; anything else at that
/// path is not ours to remove.
fn remove_stale_socket(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_socket() => fs::remove_file(path),
        Ok(_) => Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "the path exists and is not a socket",
        )),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(err) => Err(err),
    }
}

/// The hash of the demo token at `path`, creating the token on the first run.
fn demo_token_hash(path: &Path) -> Result<TokenHash, StartupError> {
    let failed = |reason: String| StartupError::DemoFile {
        path: path.to_owned(),
        reason,
    };
    let token = match fs::read_to_string(path) {
        Ok(text) => text.trim().to_owned(),
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            let token = hex::encode(rand::random::<[u8; 32]>());
            write_new_secret(path, &format!("{token}\n")).map_err(|e| failed(e.to_string()))?;
            token
        }
        Err(err) => return Err(failed(err.to_string())),
    };
    if token.is_empty() {
        return Err(failed("is empty".into()));
    }
    Ok(TokenHash::of(&token))
}

/// Writes a new owner-only file; never replaces an existing one.
fn write_new_secret(path: &Path, text: &str) -> io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

/// Reads the demo identity at `path`, creating it on the first run.
fn demo_recipient(path: &Path) -> Result<Recipient, StartupError> {
    let failed = |reason: String| StartupError::DemoFile {
        path: path.to_owned(),
        reason,
    };
    match fs::read_to_string(path) {
        Ok(text) => {
            let identities = parse_identities(&text).map_err(|e| failed(e.to_string()))?;
            let identity = identities
                .first()
                .ok_or_else(|| failed("holds no identity".into()))?;
            Ok(identity.to_public())
        }
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            // Hybrid post-quantum, like the keys `tipbox-decrypt keygen` makes.
            let identity = Identity::generate_hybrid();
            let recipient = identity.to_public();
            let text = format!(
                "# DEMO identity created by tipbox-server on its first run.\n\
                 # DEMO KEY, NOT FOR PRODUCTION: this secret key sits on the online server,\n\
                 # so anyone who seizes or breaks into it can read every tip.\n\
                 # For real use, run `tipbox-decrypt keygen` on an air-gapped machine and put\n\
                 # its age1pq1… key in [newsroom] recipients.\n\
                 # public key: {recipient}\n\
                 {}\n",
                identity.to_encoded().as_str()
            );
            write_new_secret(path, &text).map_err(|e| failed(e.to_string()))?;
            Ok(recipient)
        }
        Err(err) => Err(failed(err.to_string())),
    }
}
