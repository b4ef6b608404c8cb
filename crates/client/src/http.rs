//! One HTTP client setup for every `tipbox` command.
use std::time::Duration;

use reqwest::blocking::{Client, Response};

use super::ClientError;

/// A server base URL and a client that reaches it (through Tor's SOCKS port
/// when given).
pub struct Connection {
    base: reqwest::Url,
    client: Client,
}

impl Connection {
    /// `server`: the onion (or test) base URL. `socks5`: `HOST:PORT` of Tor's
    /// SOCKS port; names are resolved by the proxy (`socks5h`).
    pub fn new(server: &str, socks5: Option<&str>) -> Result<Connection, ClientError> {
        let mut base =
            reqwest::Url::parse(server).map_err(|e| ClientError::BadUrl(e.to_string()))?;
        if !matches!(base.scheme(), "http" | "https") || base.host_str().is_none() {
            return Err(ClientError::BadUrl(server.to_owned()));
        }
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        let mut builder = Client::builder()
            // Long uploads over Tor are slow: bound the connect and idle time,
            // not the whole transfer.
            .connect_timeout(Duration::from_secs(120))
            .timeout(None)
            .user_agent("tipbox")
            .redirect(reqwest::redirect::Policy::none());
        if let Some(proxy) = socks5 {
            let proxy = reqwest::Proxy::all(format!("socks5h://{proxy}"))
                .map_err(|_| ClientError::BadProxy(proxy.to_owned()))?;
            builder = builder.proxy(proxy);
        } else {
            builder = builder.no_proxy();
        }
        Ok(Connection {
            base,
            client: builder.build()?,
        })
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
