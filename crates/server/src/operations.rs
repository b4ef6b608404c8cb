//! The operator's commands beside serving: `tipbox-server check` (is this
//! configuration ready for production?), `backup` and `restore`.
//!
//! Main items: [`check`] and its [`Check`] lines, [`backup`], [`restore`].
//!
//! Backup runs with the server **stopped**: sled takes an exclusive lock on
//! its folder, so a second process cannot open a running store, and a copy
//! of the folder's files while sled writes would not be consistent. A
//! stopped store is consistent by construction (only committed tips are
//! listed; interrupted uploads are collected on open). The backup file is an
//! export bundle without an export id, so the same hostile-input reader
//! checks it on restore, and `tipbox-decrypt open` reads it too. For a copy
//! without stopping the server, `tipbox fetch` downloads the same format
//! through the newsroom API, and `restore` accepts it.
use std::fs;
use std::io::{self, BufReader, BufWriter, Seek, Write};
use std::path::{Path, PathBuf};

use super::config::{Listen, Settings};
use super::readiness;
use super::startup::{store_dir, store_limits, DEMO_IDENTITY_FILE};
use crate::store::{Store, StoreError};
use tipbox_core::bundle::{BundleError, BundleReader, KeySetId};
use tipbox_core::envelope::{parse_identities, Recipient};
use tipbox_core::output::AtomicFile;
use tipbox_core::output::OutputError;

/// One line of `tipbox-server check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// What was checked (`keys`, `tokens`, `storage`, `source socket`, …).
    pub subject: &'static str,
    /// `Ok(what was found)` or `Err(what is wrong and what to do)`.
    pub outcome: Result<String, String>,
}

/// Checks what the server needs before it can serve in production, without
/// changing anything: keys (never the demo key), token hashes, storage
/// folder and its free space, each listener's address or socket folder, and
/// the newsroom onion's client authorization ([`super::readiness`]).
pub fn check(settings: &Settings) -> Vec<Check> {
    let mut checks = vec![
        Check {
            subject: "keys",
            outcome: check_keys(settings),
        },
        Check {
            subject: "tokens",
            outcome: check_tokens(settings),
        },
        Check {
            subject: "storage",
            outcome: check_folder_writable(&settings.storage.path, "storage folder"),
        },
        Check {
            subject: "storage space",
            outcome: readiness::check_space(settings),
        },
    ];
    for (subject, listen, role, socket) in [
        (
            "source listener",
            &settings.server.listen,
            "source listener without tor (and link this machine's address to the onion)",
            "unix:/run/tipbox/source.sock",
        ),
        (
            "newsroom listener",
            &settings.admin.listen,
            "newsroom API",
            "unix:/run/tipbox/admin.sock",
        ),
    ] {
        checks.push(Check {
            subject,
            outcome: match listen {
                Listen::Tcp(address) => readiness::check_address(address, role, socket),
                Listen::Unix(_) => check_listen(listen),
            },
        });
    }
    checks.push(Check {
        subject: "newsroom onion",
        outcome: readiness::check_newsroom_onion(settings),
    });
    checks
}

fn check_keys(settings: &Settings) -> Result<String, String> {
    let recipients = &settings.newsroom.recipients;
    if !recipients.is_empty() {
        let texts: Vec<String> = recipients.iter().map(ToString::to_string).collect();
        let kind = if recipients.iter().all(Recipient::is_hybrid) {
            "hybrid post-quantum"
        } else {
            "classic X25519"
        };
        return Ok(format!(
            "{} newsroom recipient(s) parse ({kind}); key set {}",
            recipients.len(),
            KeySetId::of(&texts)
        ));
    }
    if !settings.newsroom.allow_demo_key {
        return Err(
            "no [newsroom] recipients and allow_demo_key = false: the server would \
                    refuse to start; add the age1pq1… keys from `tipbox-decrypt keygen`"
                .into(),
        );
    }
    // The demo key's secret sits on this online server: never production.
    let demo = settings.storage.path.join(DEMO_IDENTITY_FILE);
    let found = match fs::read_to_string(&demo) {
        Ok(text) if parse_identities(&text).is_ok_and(|ids| !ids.is_empty()) => "",
        Ok(_) => " (and it holds no valid identity)",
        Err(err) if err.kind() == io::ErrorKind::NotFound => "",
        Err(_) => " (and it cannot be read)",
    };
    Err(format!(
        "no recipients: tips would go to the DEMO key in {}{found}, whose secret is on this server; \
         put the staff's age1pq1… recipients (tipbox-decrypt keygen) in [newsroom] recipients \
         and remove allow_demo_key",
        demo.display()
    ))
}

fn check_tokens(settings: &Settings) -> Result<String, String> {
    // Parsing already refused anything that is not 64 hex digits.
    match settings.admin.token_sha256.len() {
        0 => Err(
            "no [admin] token_sha256: the newsroom listener would refuse every \
                  request; run `tipbox-server token`"
                .into(),
        ),
        n => Ok(format!("{n} newsroom token hash(es), each a SHA-256")),
    }
}

/// `path` is a writable folder, or does not exist yet and its parent is
/// one (the server creates it). Writes and removes a temporary file.
fn check_folder_writable(path: &Path, what: &str) -> Result<String, String> {
    let (folder, found) = match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => (path.to_owned(), format!("{what} {}", path.display())),
        Ok(_) => return Err(format!("{what} {} is not a folder", path.display())),
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            let parent = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
                _ => PathBuf::from("."),
            };
            let created = format!(
                "{what} {} will be created in {}",
                path.display(),
                parent.display()
            );
            (parent, created)
        }
        Err(err) => return Err(format!("{what} {}: {err}", path.display())),
    };
    tempfile::tempfile_in(&folder)
        .map(|_| format!("{found} is writable"))
        .map_err(|err| {
            format!(
                "{what} {}: cannot write in {}: {err}",
                path.display(),
                folder.display()
            )
        })
}

fn check_listen(listen: &Listen) -> Result<String, String> {
    match listen {
        Listen::Tcp(address) => Ok(format!("TCP {address}")),
        Listen::Unix(path) => {
            let folder = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            if !folder.is_dir() {
                return Err(format!(
                    "socket folder {} does not exist (systemd's RuntimeDirectory= creates it)",
                    folder.display()
                ));
            }
            check_folder_writable(folder, "socket folder")
                .map(|_| format!("unix:{} (its folder is writable)", path.display()))
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum OperationError {
    #[error("the store is in use (is tipbox-server running?): stop the server first, e.g. `systemctl stop tipbox-server` ({0})")]
    InUse(io::Error),
    #[error("{0} already holds a store: restore only into an empty storage folder")]
    NotEmpty(PathBuf),
    #[error("{path}: {source}")]
    File { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error("the backup is not a valid bundle: {0}")]
    Bundle(#[from] BundleError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a backup or a restore handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Handled {
    pub tips: usize,
    pub bytes: u64,
}

fn open_store(settings: &Settings) -> Result<Store, OperationError> {
    Store::open(&store_dir(&settings.storage.path), store_limits(settings)).map_err(|err| match err
    {
        // sled's folder lock: another process (the server) holds the store.
        StoreError::Sled(sled::Error::Io(io)) if io.kind() == io::ErrorKind::WouldBlock => {
            OperationError::InUse(io)
        }
        StoreError::Sled(sled::Error::Io(io)) if io.to_string().contains("lock") => {
            OperationError::InUse(io)
        }
        other => OperationError::Store(other),
    })
}

/// Writes every stored tip to `output` (never overwritten; it appears only
/// once complete and read back).
pub fn backup(settings: &Settings, output: &Path) -> Result<Handled, OperationError> {
    let store_path = store_dir(&settings.storage.path);
    if !store_path.is_dir() {
        return Err(OperationError::File {
            path: store_path,
            source: io::Error::new(io::ErrorKind::NotFound, "no store here"),
        });
    }
    let store = open_store(settings)?;
    let file_error = |source| OperationError::File {
        path: output.to_owned(),
        source,
    };
    let mut file = AtomicFile::create(output)?;
    let mut writer = store.backup(BufWriter::new(file.writer()))?;
    writer.flush().map_err(file_error)?;
    drop(writer);
    let written = file.writer();
    written.rewind().map_err(file_error)?;
    let handled = verify(BundleReader::new(BufReader::new(&*written))?)?;
    file.persist()?;
    Ok(handled)
}

/// Reads a whole bundle, checking its structure and sizes.
fn verify<R: io::Read>(bundle: BundleReader<R>) -> Result<Handled, OperationError> {
    let tips = bundle.manifest().tips.len();
    let mut bytes = 0;
    bundle.for_each_tip(&mut |_, content| {
        bytes += io::copy(content, &mut io::sink())?;
        Ok(())
    })?;
    Ok(Handled { tips, bytes })
}

/// Stores every tip of `input` (a backup or an export bundle) into the
/// configured storage folder, which must not hold a store yet. Ids, dates
/// and key sets are kept, so earlier exports' confirmations still match.
pub fn restore(settings: &Settings, input: &Path) -> Result<Handled, OperationError> {
    let store_path = store_dir(&settings.storage.path);
    let occupied = fs::read_dir(&store_path).is_ok_and(|mut entries| entries.next().is_some());
    if occupied {
        return Err(OperationError::NotEmpty(store_path));
    }
    let file = fs::File::open(input).map_err(|source| OperationError::File {
        path: input.to_owned(),
        source,
    })?;
    let bundle = BundleReader::new(BufReader::new(file))?;
    let key_sets = bundle.manifest().key_sets.clone();
    let tips = bundle.manifest().tips.len();
    fs::create_dir_all(&settings.storage.path).map_err(|source| OperationError::File {
        path: settings.storage.path.clone(),
        source,
    })?;
    let store = open_store(settings)?;
    let mut bytes = 0;
    let walked = bundle.for_each_tip(&mut |entry, content| {
        store.restore(entry, &key_sets, content)?;
        bytes += entry.size;
        Ok(())
    });
    if let Err(err) = walked {
        // Nothing half-restored: an empty folder again, for the next try.
        drop(store);
        let _ = fs::remove_dir_all(&store_path);
        return Err(err.into());
    }
    Ok(Handled { tips, bytes })
}
