//! [`ClientError`]: every way a `tipbox` command fails, each with one
//! line of explanation and an [`ExitKind`] that scripts can test.
use super::network::NetworkError;
use super::route::Route;
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
    #[error("{0} is an onion address: it is reached only through Tor; drop --direct (tipbox uses Tor at 127.0.0.1:9050, or give --socks5)")]
    OnionWithoutTor(String),
    #[error("--direct connects only to a loopback address such as 127.0.0.1, not {0}; reach other servers through Tor")]
    DirectNotLoopback(String),
    #[error("{0}")]
    Network(NetworkError),
    #[error("the connection broke off: {0}")]
    Interrupted(String),
    #[error("the server refused: {status}: {message}")]
    Refused { status: u16, message: String },
    #[error("the server's answer is not what tipbox expects: {0}")]
    BadAnswer(String),
    #[error("nothing to send: write a message (--message-file FILE, or on standard input) or attach files")]
    EmptyTip,
    #[error("{0}: an attachment must be a regular file (its size is sealed before the upload); give the message on standard input instead")]
    NotAFile(std::path::PathBuf),
    #[error(
        "refusing to write binary output to a terminal: give -o FILE, or redirect standard output"
    )]
    BinaryToTerminal,
    #[error("only one input can come from standard input (-)")]
    StdinTwice,
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

impl From<reqwest::Error> for ClientError {
    fn from(err: reqwest::Error) -> ClientError {
        ClientError::Network(NetworkError::new(err, None))
    }
}

/// The classes of failure, each with its own exit status (listed in
/// `tipbox --help`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitKind {
    /// 1: a failure of tipbox itself (should not happen).
    Internal = 1,
    /// 2: the command line is wrong (clap uses 2 for its own errors too).
    Usage = 2,
    /// 3: the server could not be reached (Tor, connection, timeout).
    Network = 3,
    /// 4: the server refused, or answered what tipbox does not accept.
    Server = 4,
    /// 5: a local file could not be read or written.
    LocalIo = 5,
}

impl ClientError {
    /// The network cause judged again with the route the request took (a
    /// `?` conversion does not know it): on the Tor route, a refused
    /// connection is Tor not running.
    pub fn on_route(self, route: Route) -> ClientError {
        match self {
            ClientError::Network(err) => {
                ClientError::Network(NetworkError::new(err.into_source(), Some(route)))
            }
            other => other,
        }
    }

    pub fn exit_kind(&self) -> ExitKind {
        use ClientError::*;
        match self {
            BadUrl(_) | BadProxy(_) | OnionWithoutTor(_) | DirectNotLoopback(_) | EmptyTip
            | NotAFile(_) | BinaryToTerminal | StdinTwice => ExitKind::Usage,
            Network(_) | Interrupted(_) => ExitKind::Network,
            Refused { .. } | BadAnswer(_) | PinMismatch | NoRecipients | LostParts => {
                ExitKind::Server
            }
            Read { .. } | Io(_) | Output(_) | Bundle(_) => ExitKind::LocalIo,
            // Recipients given on the command line that do not parse or mix.
            Envelope(
                envelope::Error::InvalidKey(_)
                | envelope::Error::NoRecipients
                | envelope::Error::MixedRecipients,
            ) => ExitKind::Usage,
            Envelope(envelope::Error::Io(_)) => ExitKind::LocalIo,
            Envelope(_) | SizeMismatch { .. } => ExitKind::Internal,
        }
    }
}
