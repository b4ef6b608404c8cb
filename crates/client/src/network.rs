//! Why a request did not get through, in words a source or a newsroom
//! sysadmin can act on: reqwest says "error sending request" for Tor not
//! running, a refused connection, an unreachable onion and a timeout
//! alike. [`NetworkError`] names the cause, keeps the chain of underlying
//! errors, and says what to do ("is tor running on 127.0.0.1:9050?").
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use super::route::Route;

/// What went wrong on the way to the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cause {
    /// Nothing listens on Tor's SOCKS port.
    TorNotRunning(SocketAddr),
    /// Something answered on the SOCKS port, but not as Tor's SOCKS5 does.
    NotSocks(SocketAddr),
    /// Tor could not reach the host (offline onion, mistyped address,
    /// missing client authorization, Tor not yet connected).
    Unreachable,
    /// The server's machine refused the connection (nothing on that port).
    ConnectionRefused,
    /// No answer, or no further bytes, within the time allowed.
    Timeout,
    /// The connection broke or something else failed; the chain says more.
    Other,
}

/// A network failure with its cause, the underlying errors and the route
/// it was tried on.
#[derive(Debug)]
pub struct NetworkError {
    pub cause: Cause,
    route: Option<Route>,
    host: String,
    source: reqwest::Error,
}

impl NetworkError {
    /// Sorts `error` by cause. On the Tor route a failed request is followed
    /// by a short TCP probe of the SOCKS port (the SOCKS layer does not
    /// expose the socket error), to tell "Tor is not running" apart.
    pub fn new(source: reqwest::Error, route: Option<Route>) -> NetworkError {
        let host = source
            .url()
            .and_then(|url| {
                let host = url.host_str()?;
                Some(match url.port() {
                    Some(port) => format!("{host}:{port}"),
                    None => host.to_owned(),
                })
            })
            .map(|host| tipbox_core::untrusted_text::terminal_safe(&host, 80))
            .unwrap_or_else(|| "the server".into());
        let cause = classify(&source, route);
        NetworkError {
            cause,
            route,
            host,
            source,
        }
    }

    pub(crate) fn into_source(self) -> reqwest::Error {
        self.source
    }

    /// The messages of the underlying errors, outermost first, repeats
    /// dropped, each made safe for a terminal.
    pub fn chain(&self) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        let mut next: Option<&dyn std::error::Error> = Some(&self.source);
        while let Some(err) = next {
            let line = tipbox_core::untrusted_text::terminal_safe(&err.to_string(), 200);
            if !lines.contains(&line) {
                lines.push(line);
            }
            next = err.source();
        }
        lines
    }

    /// What the person at the keyboard can do about it.
    pub fn hint(&self) -> String {
        let tor = match self.route {
            Some(Route::Tor(proxy)) => Some(proxy),
            _ => None,
        };
        match (&self.cause, tor) {
            (Cause::TorNotRunning(proxy), _) => format!(
                "is tor running on {proxy}? Start it (sudo systemctl start tor), or give \
                 --socks5 with the port of a running Tor (Tor Browser: 127.0.0.1:9150)"
            ),
            (Cause::NotSocks(proxy), _) => format!(
                "is {proxy} Tor's SocksPort? Check --socks5 (tor: 127.0.0.1:9050, Tor Browser: \
                 127.0.0.1:9150); if it is, drop ExtendedErrors from that SocksPort line in \
                 the torrc (tipbox reads the standard SOCKS5 replies only)"
            ),
            (Cause::Unreachable, _) => format!(
                "check the address {}; the onion service may be offline, or Tor not yet \
                 connected (journalctl -u tor); the newsroom onion also needs its client \
                 authorization key in Tor's ClientOnionAuthDir",
                self.host
            ),
            (Cause::ConnectionRefused, _) => format!(
                "nothing accepts connections at {}: is the server running, and is the port \
                 right?",
                self.host
            ),
            (Cause::Timeout, Some(_)) => "Tor circuits can stall: try again (a fetch resumes \
                 where it stopped), or allow more time with --timeout"
                .into(),
            (Cause::Timeout, None) => {
                "the server did not answer in time: try again, or allow more time with --timeout"
                    .into()
            }
            (Cause::Other, Some(proxy)) => format!(
                "the connection through Tor ({proxy}) broke: try again; if it keeps failing, \
                 check that Tor is connected (journalctl -u tor)"
            ),
            (Cause::Other, None) => "the connection broke: try again".into(),
        }
    }
}

impl std::fmt::Display for NetworkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let host = &self.host;
        match &self.cause {
            Cause::TorNotRunning(proxy) => {
                write!(
                    f,
                    "cannot connect to Tor's SOCKS port at {proxy}: connection refused"
                )
            }
            Cause::NotSocks(proxy) => {
                write!(f, "{proxy} did not answer as Tor's SOCKS5 port does")
            }
            Cause::Unreachable => write!(f, "Tor could not reach {host}"),
            Cause::ConnectionRefused => write!(f, "{host} refused the connection"),
            Cause::Timeout => write!(f, "no answer from {host} in time (timed out)"),
            Cause::Other => write!(f, "the connection to {host} failed"),
        }
    }
}

impl std::error::Error for NetworkError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

fn classify(error: &reqwest::Error, route: Option<Route>) -> Cause {
    let texts = chain_text(error);
    let socks_said = |words: &[&str]| {
        texts
            .iter()
            .any(|t| t.contains("SOCKS error") && words.iter().any(|w| t.contains(w)))
    };
    if error.is_timeout() || texts.iter().any(|t| t.contains("timed out")) {
        return Cause::Timeout;
    }
    match route {
        Some(Route::Tor(proxy)) => {
            if socks_said(&["connection refused"]) {
                // Tor reached the host, whose port refused.
                Cause::ConnectionRefused
            } else if socks_said(&[
                "host unreachable",
                "network unreachable",
                "general server failure",
                "ttl expired",
                "connection not allowed",
            ]) {
                Cause::Unreachable
            } else if error.is_connect() && !proxy_listens(proxy) {
                Cause::TorNotRunning(proxy)
            } else if socks_said(&["parsing", "authentication", "handshake", "method"]) {
                // Tor answers with a status tipbox cannot read only when
                // its ExtendedErrors flag is on; otherwise this is not Tor.
                Cause::NotSocks(proxy)
            } else {
                Cause::Other
            }
        }
        _ if refused_socket(error) => Cause::ConnectionRefused,
        _ => Cause::Other,
    }
}

/// Every message in the chain (Display and Debug: the SOCKS layer keeps
/// its socket error in Debug only).
fn chain_text(error: &reqwest::Error) -> Vec<String> {
    let mut texts = Vec::new();
    let mut next: Option<&dyn std::error::Error> = Some(error);
    while let Some(err) = next {
        texts.push(err.to_string());
        texts.push(format!("{err:?}"));
        next = err.source();
    }
    texts
}

fn refused_socket(error: &reqwest::Error) -> bool {
    let mut next: Option<&dyn std::error::Error> = Some(error);
    while let Some(err) = next {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::ConnectionRefused {
                return true;
            }
        }
        next = err.source();
    }
    false
}

/// A plain TCP connection to the proxy, closed at once: does anything
/// listen there?
fn proxy_listens(proxy: SocketAddr) -> bool {
    TcpStream::connect_timeout(&proxy, Duration::from_secs(3)).is_ok()
}
