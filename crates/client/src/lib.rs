//! tipbox-client: what the `tipbox` command does on a source's computer or the newsroom's transfer
//! station: encrypt locally ([`encrypt`]), submit a tip through Tor
//! ([`submit`]), download an export bundle ([`fetch`]), upload the
//! newsroom's replies ([`push`]).
//!
//! Network access goes through [`http::Connection`], which sends every
//! request through Tor's SOCKS5 port ([`route::Route`], by default
//! 127.0.0.1:9050), with host names resolved by Tor (`socks5h`), so an
//! onion address never reaches the local resolver; a direct connection is
//! for loopback addresses only.
#![forbid(unsafe_code)]

mod confirm;
mod encrypt;
mod error;
mod fetch;
mod http;
mod network;
mod push;
mod route;
mod submit;
mod upload;
pub mod wording;

pub use confirm::{confirm, ConfirmReport};
pub use encrypt::encrypt;
pub use error::{ClientError, ExitKind};
pub use fetch::{fetch, fetch_with, FetchProgress, FetchReport};
pub use http::{Connection, Timeouts};
pub use network::{Cause, NetworkError};
pub use push::push;
pub use route::{is_onion, NoLocalResolver, Route, DEFAULT_SOCKS5};
pub use submit::{submit, submit_with, Progress, Submission, SubmitReport};
pub use upload::{RetryPolicy, Retrying};
