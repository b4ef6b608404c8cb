//! Writing safely on the newsroom's machine: outputs are built under a
//! hidden temporary name beside their destination and moved into place only
//! when complete, and an existing file or folder is never replaced.
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::OfflineError;

const PARTIAL_PREFIX: &str = ".tipbox-partial-";

/// A file that appears at its destination only on [`AtomicFile::persist`].
/// Dropped without `persist`, the temporary file is removed.
pub struct AtomicFile {
    temp: tempfile::NamedTempFile,
    dest: PathBuf,
}

impl AtomicFile {
    /// Creates the temporary file (mode 0600) in `dest`'s folder.
    pub fn create(dest: &Path) -> Result<AtomicFile, OfflineError> {
        if dest.symlink_metadata().is_ok() {
            return Err(OfflineError::Exists(dest.to_owned()));
        }
        AtomicFile::for_replacing(dest)
    }

    /// Like [`AtomicFile::create`], for a file of ours that
    /// [`AtomicFile::replace`] will swap in whole (the reading desk's index).
    pub fn for_replacing(dest: &Path) -> Result<AtomicFile, OfflineError> {
        let parent = parent_of(dest);
        let temp = tempfile::Builder::new()
            .prefix(PARTIAL_PREFIX)
            .tempfile_in(parent)
            .map_err(OfflineError::write(dest))?;
        Ok(AtomicFile {
            temp,
            dest: dest.to_owned(),
        })
    }

    pub fn writer(&mut self) -> &mut fs::File {
        self.temp.as_file_mut()
    }

    /// Syncs the file and renames it over its destination.
    pub fn replace(mut self) -> Result<(), OfflineError> {
        self.sync()?;
        let dest = self.dest;
        self.temp
            .persist(&dest)
            .map(drop)
            .map_err(|err| OfflineError::Write {
                path: dest.clone(),
                source: err.error,
            })
    }

    fn sync(&mut self) -> Result<(), OfflineError> {
        self.temp.flush().map_err(OfflineError::write(&self.dest))?;
        self.temp
            .as_file()
            .sync_all()
            .map_err(OfflineError::write(&self.dest))
    }

    /// Syncs the file and links it at its destination, failing if something
    /// is already there.
    pub fn persist(mut self) -> Result<(), OfflineError> {
        self.sync()?;
        let dest = self.dest;
        self.temp.persist_noclobber(&dest).map_err(|err| {
            if err.error.kind() == std::io::ErrorKind::AlreadyExists {
                OfflineError::Exists(dest.clone())
            } else {
                OfflineError::Write {
                    path: dest.clone(),
                    source: err.error,
                }
            }
        })?;
        Ok(())
    }
}

/// A folder that appears under its final name only on [`PartialDir::persist`].
/// Dropped without `persist`, it is removed with everything in it.
pub struct PartialDir {
    temp: tempfile::TempDir,
}

impl PartialDir {
    pub fn create_in(parent: &Path) -> Result<PartialDir, OfflineError> {
        let temp = tempfile::Builder::new()
            .prefix(PARTIAL_PREFIX)
            .tempdir_in(parent)
            .map_err(OfflineError::write(parent))?;
        Ok(PartialDir { temp })
    }

    pub fn path(&self) -> &Path {
        self.temp.path()
    }

    /// Moves the folder to `dest`. `dest` is first claimed with `mkdir`
    /// (which fails if anything exists there), then replaced by the finished
    /// folder in one rename, so nothing already present is ever overwritten.
    pub fn persist(self, dest: &Path) -> Result<(), OfflineError> {
        fs::create_dir(dest).map_err(|err| {
            if err.kind() == std::io::ErrorKind::AlreadyExists {
                OfflineError::Exists(dest.to_owned())
            } else {
                OfflineError::Write {
                    path: dest.to_owned(),
                    source: err,
                }
            }
        })?;
        let temp = self.temp.keep();
        fs::rename(&temp, dest).map_err(|err| {
            let _ = fs::remove_dir_all(&temp);
            let _ = fs::remove_dir(dest);
            OfflineError::Write {
                path: dest.to_owned(),
                source: err,
            }
        })
    }
}

fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}
