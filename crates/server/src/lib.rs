//! tipbox-server: the intake server (actix-web) and its ciphertext store.
//!
//! Main types: [`Settings`] (configuration), [`Application`] (binds both
//! listeners and serves). Modules follow the request's path: [`headers`]
//! wraps everything, [`routes`] holds each listener's handlers, [`state`]
//! what they share, [`logging`] what the operator sees; [`store`] keeps the
//! ciphertext (the only module that imports sled).
#![forbid(unsafe_code)]
pub mod branding;
pub mod config;
pub mod headers;
pub mod i18n;
pub mod logging;
pub mod nojs;
pub mod operations;
pub mod pacing;
pub mod pages;
pub mod readiness;
pub mod retention;
pub mod routes;
pub mod slots;
pub mod startup;
pub mod state;
pub mod status;
pub mod store;
pub mod sweep;
pub mod wiped;

pub use config::Settings;
pub use startup::Application;
