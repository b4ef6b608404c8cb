use std::path::PathBuf;

use tipbox_core::bundle::BundleError;
use tipbox_core::envelope;
use tipbox_core::output::OutputError;
use tipbox_core::tip::ExtractError;

/// Why an offline command failed; each message is one line for stderr.
#[derive(Debug, thiserror::Error)]
pub enum OfflineError {
    #[error("{path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A file or folder that could not be written, or is there already.
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error("identity file {path}: {source}")]
    Identity {
        path: PathBuf,
        source: envelope::Error,
    },
    #[error("identity file {0} holds no identity")]
    NoIdentity(PathBuf),
    #[error("a passphrase is needed: set TIPBOX_PASSPHRASE or run in a terminal ({0})")]
    NoPassphrase(std::io::Error),
    #[error("the passphrases do not match")]
    PassphraseMismatch,
    #[error(
        "an empty passphrase is not allowed; use --no-passphrase to store the key unprotected"
    )]
    EmptyPassphrase,
    #[error("{0}")]
    Decrypt(#[from] envelope::Error),
    #[error("{0}")]
    Extract(#[from] ExtractError),
    #[error("{0}")]
    Bundle(#[from] BundleError),
    #[error("input is neither an age file nor an export bundle")]
    UnknownInput,
    #[error("{0}")]
    Usage(&'static str),
    #[error(
        "{0}: this tip did not ask for replies (its tip.json has no mailbox and reply_recipient)"
    )]
    NotReplyable(PathBuf),
    #[error("{0}: unverified ({1}); refusing to reply, the answer could reach someone other than the source")]
    Unverified(PathBuf, String),
    #[error("{0}: no clean copy: {1}")]
    CannotClean(PathBuf, String),
    #[error("outgoing bundle {0}: {1}")]
    BadOutgoing(PathBuf, String),
}

impl OfflineError {
    pub(crate) fn read(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> OfflineError {
        let path = path.into();
        move |source| OfflineError::Read { path, source }
    }

    pub(crate) fn write(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> OfflineError {
        let path = path.into();
        move |source| OfflineError::Output(OutputError::Write { path, source })
    }
}
