//! Reads a container that may have been built by an adversary.
use std::io::Read;
use std::path::{Path, PathBuf};

use super::TipMeta;

/// Bounds that a hostile container cannot push past.
#[derive(Clone, Debug)]
pub struct Limits {
    pub max_total_bytes: u64,
    pub max_entries: usize,
    pub max_meta_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_total_bytes: 64 * 1024 * 1024 * 1024,
            max_entries: 10_000,
            max_meta_bytes: 16 * 1024 * 1024,
        }
    }
}

/// What [`extract`] wrote.
#[derive(Debug)]
pub struct Extracted {
    /// `None` when the plaintext was not a tipbox container: then it was
    /// written whole as one attachment (see `raw_file`).
    pub meta: Option<TipMeta>,
    /// Files written under `dir/files/`, relative to `dir`.
    pub files: Vec<PathBuf>,
    /// Disagreements between `tip.json`'s attachment list and the entries found.
    pub warnings: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("entry {0:?} would be written outside the output folder")]
    PathEscape(String),
    #[error("entry {0:?} is a link or special file; refusing it")]
    NotRegularFile(String),
    #[error("entry {0:?} appears twice")]
    Duplicate(String),
    #[error("entry {0:?} declares {1} bytes, beyond the limit")]
    TooLarge(String, u64),
    #[error("too many entries in the container")]
    TooManyEntries,
    #[error("tip.json is invalid: {0}")]
    BadMeta(String),
    #[error("the container is damaged: {0}")]
    Malformed(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Reads the container from `input` and writes `tip.json`, `message.txt`
/// and `files/…` into `dir` (which must exist and be empty). Never writes
/// outside `dir`, never overwrites, never follows links. A plaintext that is
/// not a tipbox container is written whole as `files/unrecognised-content.bin`.
pub fn extract(
    _input: &mut dyn Read,
    _dir: &Path,
    _limits: &Limits,
) -> Result<Extracted, ExtractError> {
    todo!()
}
