//! tipbox: anonymous tip intake for newsrooms.
//!
//! The workspace's root package: it builds the three binaries (`src/bin`) and
//! holds the integration tests, benchmarks and Debian packaging. The parts
//! are crates of their own (README.md, "Architecture"): the formats and their
//! cryptography in `tipbox-core`, the air-gapped tool in `tipbox-decrypt`,
//! the server and its store in `tipbox-server`, the command-line client in
//! `tipbox-client`.
//!
//! This library gathers the parts under one name for the integration tests,
//! benchmarks and fuzz targets. The binaries do not use it: each imports its
//! own part directly, so `tipbox-decrypt` links no network code.
#![forbid(unsafe_code)]

#[cfg(feature = "client")]
pub use tipbox_client as client;
pub use tipbox_core::{bundle, conversation, envelope, language, output, tip, untrusted_text};
pub use tipbox_decrypt as offline;
#[cfg(feature = "server")]
pub use tipbox_server as server;
#[cfg(feature = "server")]
pub use tipbox_server::store;
