//! The plaintext inside every age file: a POSIX tar stream with `tip.json`
//! first, then `files/…`, then zero padding up to the Padmé length.
//!
//! Main types: [`TipMeta`] (what `tip.json` says), [`TipWriter`] (streams a
//! container out), [`extract`] (reads a hostile container into a folder),
//! [`read_in_memory`] (a small one, such as a reply, held in memory),
//! [`sanitize_name`] (attachment names safe on any file system), [`padme`]
//! (the padded length that hides a tip's exact size).

mod memory;
mod meta;
mod name;
mod padme;
mod reader;
mod writer;

#[cfg(test)]
mod tests;

pub use memory::read_in_memory;
pub use meta::{AttachmentMeta, EncryptedBy, Kind, TipMeta, FORMAT_VERSION};
pub use name::{sanitize_name, MAX_NAME_BYTES};
pub use padme::padme;
pub use reader::{extract, ExtractError, Extracted, Limits, MESSAGE_FILE, UNRECOGNISED_NAME};
pub use writer::{container_len, TipWriter};
