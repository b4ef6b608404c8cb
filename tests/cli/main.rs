//! Command-line tests: the built `tipbox-decrypt` and `tipbox` binaries,
//! run as a newsroom would run them.
mod build;
mod conventions;
mod crosslang;
mod desk;
mod encrypt;
mod fetch;
mod helpers;
mod hybrid;
mod keygen;
mod network;
mod open;
mod raw;
mod reply;
mod server;
mod socks;
