//! Operator logging with `tracing`: operational events only.
//!
//! Never logged: a client address, a User-Agent or any other request header,
//! a bearer token, a path that carries a token, or submission content. That
//! is why actix's `Logger` middleware is not used (its default format logs
//! the peer address and User-Agent), and why the default filter quietens
//! `actix_server`, whose start-up lines name socket addresses.
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::EnvFilter;

/// Used when `RUST_LOG` is not set.
pub const DEFAULT_FILTER: &str = "info,actix_server=warn,actix_http=warn,sled=warn";

/// Installs the global subscriber writing to `sink`; `RUST_LOG` overrides
/// the filter. Does nothing if a subscriber is already installed (tests).
pub fn init<W>(sink: W)
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(sink)
        .with_ansi(false)
        .try_init();
}
