//! One HTTP client setup for every `tipbox` command.
use std::sync::Arc;
use std::time::Duration;

use reqwest::blocking::{Client, Response};
use reqwest::dns::Resolve;

use super::route::{NoLocalResolver, Route};
use super::ClientError;

/// A server base URL and a client that reaches it by its [`Route`].
pub struct Connection {
    base: reqwest::Url,
    route: Route,
    timeouts: Timeouts,
    client: Client,
}

/// How long a request may wait. A blocking reqwest client applies `idle`
/// to the wait for the answer's head and to each read of its body: a
/// stalled circuit fails after `idle`, a slow but moving download never.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// To open the connection, through Tor the circuit to the onion
    /// included.
    pub connect: Duration,
    /// For an answer to start, and for each further piece of it.
    pub idle: Duration,
}

impl Default for Timeouts {
    /// Two minutes each: building a circuit to an onion service can take
    /// a minute on a slow Tor network.
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(120),
            idle: Duration::from_secs(120),
        }
    }
}

impl Connection {
    /// `server`: the onion (or test) base URL; `route`: through Tor, or
    /// directly to a loopback address. Nothing is sent yet.
    pub fn new(server: &str, route: Route) -> Result<Connection, ClientError> {
        Connection::with_timeouts(server, route, Timeouts::default())
    }

    /// [`Connection::new`] with other [`Timeouts`].
    pub fn with_timeouts(
        server: &str,
        route: Route,
        timeouts: Timeouts,
    ) -> Result<Connection, ClientError> {
        Connection::build(server, route, timeouts, Arc::new(NoLocalResolver))
    }

    /// [`Connection::new`] with another resolver installed in the client:
    /// tests pass one that fails if asked, to show no name is looked up.
    pub fn with_resolver<R: Resolve + 'static>(
        server: &str,
        route: Route,
        resolver: Arc<R>,
    ) -> Result<Connection, ClientError> {
        Connection::build(server, route, Timeouts::default(), resolver)
    }

    fn build<R: Resolve + 'static>(
        server: &str,
        route: Route,
        timeouts: Timeouts,
        resolver: Arc<R>,
    ) -> Result<Connection, ClientError> {
        let mut base =
            reqwest::Url::parse(server).map_err(|e| ClientError::BadUrl(e.to_string()))?;
        if !matches!(base.scheme(), "http" | "https") || base.host_str().is_none() {
            return Err(ClientError::BadUrl(server.to_owned()));
        }
        // Before the client exists: a refused server is never looked up.
        route.check_server(&base)?;
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        let mut builder = Client::builder()
            // Long transfers over Tor are slow: bound the connection, the
            // wait for an answer and each pause in it, not the whole transfer.
            .connect_timeout(timeouts.connect)
            .timeout(timeouts.idle)
            .user_agent("tipbox")
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(resolver);
        builder = match route {
            Route::Tor(proxy) => builder.proxy(
                reqwest::Proxy::all(format!("socks5h://{proxy}"))
                    .map_err(|e| ClientError::BadProxy(e.to_string()))?,
            ),
            // Also ignores HTTP_PROXY and friends from the environment.
            Route::Direct => builder.no_proxy(),
        };
        Ok(Connection {
            base,
            route,
            timeouts,
            client: builder.build()?,
        })
    }

    pub fn timeouts(&self) -> Timeouts {
        self.timeouts
    }

    pub fn route(&self) -> Route {
        self.route
    }

    pub fn url(&self, relative: &str) -> reqwest::Url {
        self.base
            .join(relative)
            .expect("relative API paths are valid")
    }

    pub fn client(&self) -> &Client {
        &self.client
    }
}

/// Turns a non-success answer into [`ClientError::Refused`] with the
/// server's `{"error": …}` message when it sent one.
pub fn check(response: Response) -> Result<Response, ClientError> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let message = response
        .json::<serde_json::Value>()
        .ok()
        .and_then(|body| {
            body.get("error")
                .and_then(|e| e.as_str())
                .map(str::to_owned)
        })
        .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_owned());
    Err(ClientError::Refused {
        status: status.as_u16(),
        message: tipbox_core::untrusted_text::terminal_safe(&message, 200),
    })
}
