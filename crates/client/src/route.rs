//! How `tipbox` reaches a server: through Tor's SOCKS port unless told
//! otherwise, and directly only to an address on this machine.
//!
//! Attacks named here:
//! - *An onion name leaked to the local resolver* (the ISP or a DNS log
//!   learns that this machine asked for the newsroom's onion): names are
//!   only ever resolved by Tor (`socks5h`); the proxy must be an IP
//!   address; and every client is built with [`NoLocalResolver`], which
//!   refuses any lookup, so a mistake elsewhere fails instead of leaking.
//! - *A direct connection by accident* (a forgotten `--socks5` sends a
//!   source's tip over the open internet): Tor is the default; a direct
//!   connection needs `--direct` and is refused for anything but a
//!   loopback address, and an `.onion` host without Tor is refused before
//!   any connection or lookup is attempted.
use std::net::{IpAddr, SocketAddr};

use super::ClientError;

/// Tor's default SOCKS port: what `tipbox` uses without `--socks5`.
pub const DEFAULT_SOCKS5: &str = "127.0.0.1:9050";

/// The way to the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// Through Tor's SOCKS5 port; Tor resolves the host name.
    Tor(SocketAddr),
    /// Straight to a loopback address (tests, a server on this machine).
    Direct,
}

impl Route {
    /// The route the command-line flags ask for: `--direct`, or Tor at
    /// `--socks5` (default [`DEFAULT_SOCKS5`]). The proxy must be written
    /// `IP:PORT`: a name would have to be resolved here, outside Tor.
    pub fn from_flags(socks5: Option<&str>, direct: bool) -> Result<Route, ClientError> {
        match (socks5, direct) {
            (Some(_), true) => Err(ClientError::BadProxy(
                "--socks5 and --direct exclude each other".into(),
            )),
            (None, true) => Ok(Route::Direct),
            (proxy, false) => {
                let proxy = proxy.unwrap_or(DEFAULT_SOCKS5);
                parse_proxy(proxy).map(Route::Tor)
            }
        }
    }

    /// Refuses a server this route must not reach: an onion without Tor,
    /// or anything but a loopback IP address directly. Called before any
    /// connection or lookup.
    pub(crate) fn check_server(&self, server: &reqwest::Url) -> Result<(), ClientError> {
        if *self != Route::Direct {
            return Ok(());
        }
        let host = server.host_str().unwrap_or_default();
        if is_onion(host) {
            return Err(ClientError::OnionWithoutTor(host.to_owned()));
        }
        // An IPv6 host is written in brackets in a URL.
        let literal = host.trim_start_matches('[').trim_end_matches(']');
        match literal.parse::<IpAddr>() {
            Ok(ip) if ip.is_loopback() => Ok(()),
            _ => Err(ClientError::DirectNotLoopback(host.to_owned())),
        }
    }
}

fn parse_proxy(text: &str) -> Result<SocketAddr, ClientError> {
    let text = text.trim();
    // Accept the URL form people copy from other tools, but only socks5h.
    let bare = text
        .strip_prefix("socks5h://")
        .unwrap_or(text)
        .trim_end_matches('/');
    bare.parse::<SocketAddr>().map_err(|_| {
        let why = if bare.contains("://") {
            "only socks5h:// (names resolved by Tor) is used"
        } else if bare.parse::<IpAddr>().is_ok() {
            "the port is missing"
        } else {
            "expected IP:PORT such as 127.0.0.1:9050 (a host name would be resolved outside Tor)"
        };
        ClientError::BadProxy(format!(
            "{}: {why}",
            tipbox_core::untrusted_text::terminal_safe(text, 80)
        ))
    })
}

/// True for `….onion` (any case, with or without a trailing dot).
pub fn is_onion(host: &str) -> bool {
    host.trim_end_matches('.')
        .rsplit('.')
        .next()
        .is_some_and(|tld| tld.eq_ignore_ascii_case("onion"))
}

/// A resolver that refuses every lookup: `tipbox` never needs one (the
/// proxy and direct servers are IP addresses, names go to Tor), so a lookup
/// would be a leak. Installed in every client.
#[derive(Debug, Default)]
pub struct NoLocalResolver;

impl reqwest::dns::Resolve for NoLocalResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let refused = format!(
            "tipbox does not resolve host names outside Tor (asked for {})",
            tipbox_core::untrusted_text::terminal_safe(name.as_str(), 80)
        );
        Box::pin(async move { Err(refused.into()) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_flag_means_tor_on_the_default_port() {
        assert_eq!(
            Route::from_flags(None, false).unwrap(),
            Route::Tor("127.0.0.1:9050".parse().unwrap())
        );
    }

    #[test]
    fn proxy_given_as_a_host_name_is_refused() {
        let err = Route::from_flags(Some("localhost:9050"), false).unwrap_err();
        assert!(err.to_string().contains("IP:PORT"), "{err}");
    }

    #[test]
    fn proxy_without_port_or_with_another_scheme_is_refused() {
        for text in ["127.0.0.1", "socks4://127.0.0.1:9050", "127.0.0.1:99999"] {
            assert!(Route::from_flags(Some(text), false).is_err(), "{text}");
        }
        assert!(Route::from_flags(Some("socks5h://127.0.0.1:9150"), false).is_ok());
    }

    #[test]
    fn onion_names_are_recognised_in_any_case() {
        assert!(is_onion("abc.onion"));
        assert!(is_onion("ABC.ONION."));
        assert!(!is_onion("onion.example"));
    }

    #[test]
    fn direct_route_takes_only_loopback_addresses() {
        let check = |url: &str| Route::Direct.check_server(&url.parse().unwrap());
        assert!(check("http://127.0.0.1:8080/").is_ok());
        assert!(check("http://[::1]:8080/").is_ok());
        assert!(check("http://10.0.0.1/").is_err());
        assert!(check("http://localhost/").is_err());
        assert!(matches!(
            check("http://x.onion/"),
            Err(ClientError::OnionWithoutTor(_))
        ));
    }
}
