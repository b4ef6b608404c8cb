//! tipbox: anonymous tip intake for newsrooms.
//!
//! A source's tip is an age v1 file ([`envelope`]) whose plaintext is a tar
//! container ([`tip`]). The server ([`server`], [`store`]) only ever holds
//! ciphertext; newsroom staff export it as a [`bundle`] and open it offline
//! ([`offline`]). The source's command-line client lives in [`client`].
#![forbid(unsafe_code)]

pub mod bundle;
#[cfg(feature = "client")]
pub mod client;
pub mod conversation;
pub mod envelope;
pub mod language;
pub mod offline;
#[cfg(feature = "server")]
pub mod server;
#[cfg(feature = "server")]
pub mod store;
pub mod terminal;
pub mod tip;
