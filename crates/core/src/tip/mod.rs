//! The plaintext inside every age file: a POSIX tar stream with `tip.json`
//! first, then `files/…`, then zero padding up to the Padmé length.
//!
//! Main types: [`TipMeta`] (what `tip.json` says), [`TipWriter`] (streams a
//! container out), [`extract`] (reads a hostile container into a folder),
//! [`sanitize_name`] (attachment names safe on any file system), [`padme`]
//! (the padded length that hides a tip's exact size).

mod meta;
mod name;
mod padme;
mod reader;
pub(crate) mod ustar;
mod writer;

#[cfg(test)]
mod tests;

pub use meta::{AttachmentMeta, EncryptedBy, Kind, TipMeta, FORMAT_VERSION};
pub use name::{sanitize_name, MAX_NAME_BYTES};
pub use padme::padme;
pub use reader::{extract, ExtractError, Extracted, Limits, MESSAGE_FILE, UNRECOGNISED_NAME};
pub use writer::{container_len, TipWriter};
