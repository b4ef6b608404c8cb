//! tipbox-client: what the `tipbox` command does on a source's computer or the newsroom's transfer
//! station: encrypt locally ([`encrypt`]), submit a tip through Tor
//! ([`submit`]), download an export bundle ([`fetch`]), upload the
//! newsroom's replies ([`push`]).
//!
//! Network access goes through [`http::Connection`], which sends every
//! request through the SOCKS5 proxy when one is given, with host names
//! resolved by the proxy (`socks5h`), so an onion address never reaches
//! the local resolver.
#![forbid(unsafe_code)]

mod confirm;
mod encrypt;
mod error;
mod fetch;
mod http;
mod push;
mod submit;
mod upload;

pub use confirm::{confirm, ConfirmReport};
pub use encrypt::encrypt;
pub use error::ClientError;
pub use fetch::{fetch, FetchReport};
pub use http::Connection;
pub use push::push;
pub use submit::{submit, submit_with, Progress, Submission, SubmitReport};
pub use upload::RetryPolicy;
