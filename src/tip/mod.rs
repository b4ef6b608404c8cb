//! The plaintext inside every age file: a POSIX tar stream with `tip.json`
//! first, then `files/…`, then zero padding up to the Padmé length.
//!
//! Main types: [`TipMeta`] (what `tip.json` says), [`TipWriter`] (streams a
//! container out), [`extract`] (reads a hostile container into a folder).

mod meta;
mod padme;
mod reader;
mod writer;

pub use meta::{AttachmentMeta, EncryptedBy, Kind, TipMeta, FORMAT_VERSION};
pub use padme::padme;
pub use reader::{extract, ExtractError, Extracted, Limits};
pub use writer::{sanitize_name, TipWriter};
