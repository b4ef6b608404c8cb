//! Writing outputs safely, for every part that writes what it received
//! (the offline tool's tips, the client's downloads, the server's backups):
//! outputs are built under a hidden temporary name beside their destination
//! and moved into place only when complete, and an existing file or folder
//! is never replaced.
//!
//! Unfinished outputs hold unauthenticated plaintext, so they must not
//! outlive the run: a signal (Ctrl-C, SIGTERM) stops new ones from being
//! started and removes those under way ([`remove_partials`], called by the
//! binary's signal handler), and the next run removes any a crash (or
//! SIGKILL) left behind.
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// Why an output could not be written; each message is one line for stderr.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0} already exists; refusing to overwrite it")]
    Exists(PathBuf),
}

impl OutputError {
    fn write(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> OutputError {
        let path = path.into();
        move |source| OutputError::Write { path, source }
    }
}

/// The prefix of every unfinished output: hidden, and recognisable at the
/// next run.
pub const PARTIAL_PREFIX: &str = ".tipbox-partial-";

/// Set once the process is stopping on a signal: no new unfinished output
/// may be started after it.
static STOPPING: AtomicBool = AtomicBool::new(false);

/// The unfinished outputs of this process, by path: what a signal removes.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn live() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    // A panic elsewhere must not stop the clean-up.
    LIVE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Keeps a path in [`LIVE`] for as long as it lives.
struct LiveGuard(PathBuf);

impl LiveGuard {
    fn new(path: &Path) -> LiveGuard {
        live().push(path.to_owned());
        LiveGuard(path.to_owned())
    }
}

impl Drop for LiveGuard {
    fn drop(&mut self) {
        live().retain(|p| *p != self.0);
    }
}

/// What the signal handler runs: no new unfinished output may start, and
/// every one of this process's unfinished outputs is removed. Returns how
/// many were removed.
pub fn abandon_outputs() -> usize {
    STOPPING.store(true, Ordering::SeqCst);
    let mut live = live();
    let mut removed = 0;
    for path in live.drain(..) {
        if remove_partial(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

fn refuse_if_stopping(path: &Path) -> Result<(), OutputError> {
    if STOPPING.load(Ordering::SeqCst) {
        return Err(OutputError::Write {
            path: path.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::Interrupted, "interrupted"),
        });
    }
    Ok(())
}

/// Removes every unfinished output (`.tipbox-partial-*` file or folder)
/// directly inside `dir`, left by an earlier run that was killed; returns
/// how many were removed.
pub fn remove_partials(dir: &Path) -> std::io::Result<usize> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(err) => return Err(err),
    };
    let mut removed = 0;
    for entry in entries {
        let entry = entry?;
        if !entry
            .file_name()
            .to_string_lossy()
            .starts_with(PARTIAL_PREFIX)
        {
            continue;
        }
        remove_partial(&entry.path())?;
        removed += 1;
    }
    Ok(removed)
}

/// Removes one unfinished file or folder (never following a link); a folder
/// still being written to is tried again.
fn remove_partial(path: &Path) -> std::io::Result<()> {
    let mut result = Ok(());
    for _ in 0..20 {
        let is_dir = match fs::symlink_metadata(path) {
            Ok(metadata) => metadata.is_dir(),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(err) => return Err(err),
        };
        result = if is_dir {
            fs::remove_dir_all(path)
        } else {
            fs::remove_file(path)
        };
        match &result {
            Ok(()) => return Ok(()),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(5)),
        }
    }
    result
}

/// Creates `dir` (and its parents) if missing; a folder this creates is
/// readable by its owner only (0700).
pub fn create_private_dir_all(dir: &Path) -> Result<(), OutputError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(OutputError::write(dir))
}

/// A file that appears at its destination only on [`AtomicFile::persist`].
/// Dropped without `persist`, the temporary file is removed.
pub struct AtomicFile {
    _live: LiveGuard,
    temp: tempfile::NamedTempFile,
    dest: PathBuf,
}

impl AtomicFile {
    /// Creates the temporary file (mode 0600) in `dest`'s folder.
    pub fn create(dest: &Path) -> Result<AtomicFile, OutputError> {
        if dest.symlink_metadata().is_ok() {
            return Err(OutputError::Exists(dest.to_owned()));
        }
        AtomicFile::for_replacing(dest)
    }

    /// Like [`AtomicFile::create`], for a file of ours that
    /// [`AtomicFile::replace`] will swap in whole (the reading desk's index).
    pub fn for_replacing(dest: &Path) -> Result<AtomicFile, OutputError> {
        refuse_if_stopping(dest)?;
        let parent = parent_of(dest);
        let temp = tempfile::Builder::new()
            .prefix(PARTIAL_PREFIX)
            .tempfile_in(parent)
            .map_err(OutputError::write(dest))?;
        Ok(AtomicFile {
            _live: LiveGuard::new(temp.path()),
            temp,
            dest: dest.to_owned(),
        })
    }

    pub fn writer(&mut self) -> &mut fs::File {
        self.temp.as_file_mut()
    }

    /// Syncs the file and renames it over its destination.
    pub fn replace(mut self) -> Result<(), OutputError> {
        self.sync()?;
        let dest = self.dest;
        self.temp
            .persist(&dest)
            .map(drop)
            .map_err(|err| OutputError::Write {
                path: dest.clone(),
                source: err.error,
            })
    }

    fn sync(&mut self) -> Result<(), OutputError> {
        self.temp.flush().map_err(OutputError::write(&self.dest))?;
        self.temp
            .as_file()
            .sync_all()
            .map_err(OutputError::write(&self.dest))
    }

    /// Syncs the file and links it at its destination, failing if something
    /// is already there.
    pub fn persist(mut self) -> Result<(), OutputError> {
        self.sync()?;
        let dest = self.dest;
        self.temp.persist_noclobber(&dest).map_err(|err| {
            if err.error.kind() == std::io::ErrorKind::AlreadyExists {
                OutputError::Exists(dest.clone())
            } else {
                OutputError::Write {
                    path: dest.clone(),
                    source: err.error,
                }
            }
        })?;
        Ok(())
    }
}

/// Writes `bytes` to a new file `dest` (0600) through [`AtomicFile`]: it
/// appears only when whole, and nothing already there is replaced.
pub fn write_new(dest: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let mut file = AtomicFile::create(dest)?;
    file.writer()
        .write_all(bytes)
        .map_err(OutputError::write(dest))?;
    file.persist()
}

/// Replaces a file of ours (`dest`, 0600) with `bytes`, in one rename.
pub fn write_replacing(dest: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let mut file = AtomicFile::for_replacing(dest)?;
    file.writer()
        .write_all(bytes)
        .map_err(OutputError::write(dest))?;
    file.replace()
}

/// A folder that appears under its final name only on [`PartialDir::persist`].
/// Dropped without `persist`, it is removed with everything in it.
pub struct PartialDir {
    _live: LiveGuard,
    temp: tempfile::TempDir,
}

impl PartialDir {
    /// Creates the folder (0700) in `parent`.
    pub fn create_in(parent: &Path) -> Result<PartialDir, OutputError> {
        refuse_if_stopping(parent)?;
        let mut builder = tempfile::Builder::new();
        builder.prefix(PARTIAL_PREFIX);
        // Owner only, whatever the umask (tempfile's default is 0777 & umask).
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
        let temp = builder
            .tempdir_in(parent)
            .map_err(OutputError::write(parent))?;
        Ok(PartialDir {
            _live: LiveGuard::new(temp.path()),
            temp,
        })
    }

    pub fn path(&self) -> &Path {
        self.temp.path()
    }

    /// Writes `bytes` to a new file `name` in the folder (0600, never
    /// replacing one). No sync of its own: like the attachments beside it,
    /// it becomes visible only with the whole folder ([`PartialDir::persist`]),
    /// and an fsync per file would cost more than the rest of a small tip.
    pub fn write_new(&self, name: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.path().join(name);
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options
            .open(&path)
            .and_then(|mut file| file.write_all(bytes))
            .map_err(OutputError::write(&path))
    }

    /// Moves the folder to `dest`. `dest` is first claimed with `mkdir`
    /// (which fails if anything exists there), then replaced by the finished
    /// folder in one rename, so nothing already present is ever overwritten.
    pub fn persist(self, dest: &Path) -> Result<(), OutputError> {
        let mut claim = fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut claim, 0o700);
        claim.create(dest).map_err(|err| {
            if err.kind() == std::io::ErrorKind::AlreadyExists {
                OutputError::Exists(dest.to_owned())
            } else {
                OutputError::Write {
                    path: dest.to_owned(),
                    source: err,
                }
            }
        })?;
        let temp = self.temp.keep();
        fs::rename(&temp, dest).map_err(|err| {
            let _ = fs::remove_dir_all(&temp);
            let _ = fs::remove_dir(dest);
            OutputError::Write {
                path: dest.to_owned(),
                source: err,
            }
        })
    }
}

/// The folder `path` is in (`.` for a bare name).
pub fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}
