use tipbox_core::bundle::BundleError;
use tipbox_core::envelope;
use tipbox_core::output::OutputError;

/// Why a `tipbox` command failed; each message is one line for stderr.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("invalid server URL: {0}")]
    BadUrl(String),
    #[error("invalid SOCKS5 proxy address: {0}")]
    BadProxy(String),
    #[error("network: {0}")]
    Network(#[from] reqwest::Error),
    #[error("the server refused: {status}: {message}")]
    Refused { status: u16, message: String },
    #[error("the server's answer is not what tipbox expects: {0}")]
    BadAnswer(String),
    #[error("the server's newsroom keys differ from the pinned ones; nothing was sent")]
    PinMismatch,
    #[error("the server offers no newsroom key; nothing was sent")]
    NoRecipients,
    #[error("the server lost parts of the upload it had confirmed; please submit again")]
    LostParts,
    #[error(
        "the sealed tip was {sealed} bytes, not the {announced} announced; nothing was finished"
    )]
    SizeMismatch { announced: u64, sealed: u64 },
    #[error("{path}: {source}")]
    Read {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Envelope(#[from] envelope::Error),
    #[error("{0}")]
    Output(#[from] OutputError),
    #[error("the downloaded bundle is damaged: {0}")]
    Bundle(#[from] BundleError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}
