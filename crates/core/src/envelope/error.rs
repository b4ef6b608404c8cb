//! The envelope's error type: one variant per way an age file can be wrong.

use thiserror::Error;

/// Everything that can go wrong reading or writing an age file.
/// Messages are one clear line, fit for a CLI's stderr.
#[derive(Debug, Error)]
pub enum Error {
    #[error("not an age v1 file (bad version line)")]
    BadVersion,
    #[error("malformed age header: {0}")]
    MalformedHeader(&'static str),
    #[error("header MAC does not match: the file was modified or the key is wrong")]
    BadHeaderMac,
    #[error("no identity matched: this file was not encrypted to any of the given keys")]
    NoIdentityMatched,
    #[error("the age header is longer than this tool accepts (256 KiB)")]
    HeaderTooLong,
    #[error("an scrypt stanza must be the only stanza in the header")]
    ScryptMixed,
    #[error("this file is not passphrase-protected (it has no scrypt stanza)")]
    NotPassphraseProtected,
    #[error("wrong passphrase, or the file was modified")]
    BadPassphrase,
    #[error("scrypt work factor {0} is above the limit this tool accepts")]
    ScryptWorkFactorTooHigh(u8),
    #[error("the payload failed authentication: the file was modified or truncated")]
    PayloadAuthentication,
    #[error("the file is truncated: the final chunk is missing")]
    Truncated,
    #[error("the file has data after the final chunk")]
    TrailingData,
    #[error("the final chunk is empty but the payload is not")]
    EmptyFinalChunk,
    #[error("invalid key: {0}")]
    InvalidKey(&'static str),
    #[error("no recipients given")]
    NoRecipients,
    #[error("hybrid post-quantum (age1pq1…) and classic (age1…) recipients cannot be mixed in one file: the classic key would undo the post-quantum protection")]
    MixedRecipients,
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl Error {
    /// Recovers the envelope error carried inside an `io::Error` returned by
    /// [`crate::envelope::Decryptor`]'s `read`, or wraps a plain I/O error.
    pub fn from_io(err: std::io::Error) -> Error {
        if err.get_ref().is_some_and(|inner| inner.is::<Error>()) {
            *err.into_inner()
                .expect("checked above")
                .downcast::<Error>()
                .expect("checked above")
        } else {
            Error::Io(err)
        }
    }
}

impl Error {
    /// The same error again, for a stream that keeps reporting its failure
    /// on every later call (an `io::Error` cannot be cloned, so that case
    /// keeps its kind and message).
    pub(crate) fn replay(&self) -> Error {
        match self {
            Error::BadVersion => Error::BadVersion,
            Error::MalformedHeader(why) => Error::MalformedHeader(why),
            Error::BadHeaderMac => Error::BadHeaderMac,
            Error::NoIdentityMatched => Error::NoIdentityMatched,
            Error::HeaderTooLong => Error::HeaderTooLong,
            Error::ScryptMixed => Error::ScryptMixed,
            Error::NotPassphraseProtected => Error::NotPassphraseProtected,
            Error::BadPassphrase => Error::BadPassphrase,
            Error::ScryptWorkFactorTooHigh(n) => Error::ScryptWorkFactorTooHigh(*n),
            Error::PayloadAuthentication => Error::PayloadAuthentication,
            Error::Truncated => Error::Truncated,
            Error::TrailingData => Error::TrailingData,
            Error::EmptyFinalChunk => Error::EmptyFinalChunk,
            Error::InvalidKey(why) => Error::InvalidKey(why),
            Error::NoRecipients => Error::NoRecipients,
            Error::MixedRecipients => Error::MixedRecipients,
            Error::Io(io) => Error::Io(std::io::Error::new(io.kind(), io.to_string())),
        }
    }
}

impl From<Error> for std::io::Error {
    fn from(err: Error) -> std::io::Error {
        match err {
            Error::Io(io) => io,
            other => std::io::Error::new(std::io::ErrorKind::InvalidData, other),
        }
    }
}
