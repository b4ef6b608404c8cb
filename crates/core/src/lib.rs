//! tipbox-core: the formats every part shares, and their cryptography.
//!
//! A source's tip is an age v1 file ([`envelope`]) whose plaintext is a tar
//! container ([`tip`]); newsroom staff carry tips out as an export [`bundle`];
//! [`conversation`] holds the codename and reply-key cryptography. Every
//! archive is read by one strict tar layer (`ustar`). This crate
//! links no network, async-runtime or storage crate: the air-gapped
//! `tipbox-decrypt` is built on it.
#![forbid(unsafe_code)]

pub mod bundle;
pub mod conversation;
pub mod envelope;
mod hex_id;
pub mod language;
pub mod output;
pub mod tip;
pub mod units;
pub mod untrusted_text;
pub mod ustar;
