//! The intake server (actix-web).
pub mod i18n;
pub mod pages;
