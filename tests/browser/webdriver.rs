//! A tiny W3C WebDriver client over `reqwest::blocking`: just what the
//! tests need (new session, navigate, find elements, send keys, click, read
//! text, delete session), so that no browser framework sits between the
//! test and the browser.
//!
//! No command here runs JavaScript in the page: at Tor Browser's Safest
//! level (`javascript.enabled = false`) the tests must still be able to wait
//! for the result, so waiting is done by polling "find element".
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The W3C "web element identifier": the key of an element reference.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

#[derive(Debug, thiserror::Error)]
pub enum WebDriverError {
    #[error("cannot reach the WebDriver server: {0}")]
    Http(#[from] reqwest::Error),
    #[error("{command}: {error}: {message}")]
    Command {
        command: String,
        error: String,
        message: String,
    },
    #[error("{command}: unexpected answer {answer}")]
    Unexpected { command: String, answer: Value },
}

/// An element reference, valid within its session.
#[derive(Clone, Debug)]
pub struct Element(String);

/// One browser session; deleted (the browser closed) when dropped.
pub struct Session {
    http: reqwest::blocking::Client,
    /// `http://127.0.0.1:<driver port>/session/<id>`
    base: String,
}

impl Session {
    /// `POST /session` with `capabilities` as `alwaysMatch`.
    pub fn new(driver_url: &str, capabilities: Value) -> Result<Session, WebDriverError> {
        let http = reqwest::blocking::Client::builder()
            // Starting a browser on a busy 2-core machine can take a while.
            .timeout(Duration::from_secs(120))
            .build()?;
        let value = command(
            &http,
            reqwest::Method::POST,
            &format!("{driver_url}/session"),
            Some(json!({ "capabilities": { "alwaysMatch": capabilities } })),
        )?;
        let id = value["sessionId"]
            .as_str()
            .ok_or_else(|| WebDriverError::Unexpected {
                command: "new session".into(),
                answer: value.clone(),
            })?;
        Ok(Session {
            http,
            base: format!("{driver_url}/session/{id}"),
        })
    }

    /// Navigates and waits for the page to load (the driver's default).
    pub fn goto(&self, url: &str) -> Result<(), WebDriverError> {
        self.post("/url", json!({ "url": url }))?;
        Ok(())
    }

    /// The elements matching a CSS selector, now (no implicit wait).
    pub fn find_all(&self, css: &str) -> Result<Vec<Element>, WebDriverError> {
        let value = self.post(
            "/elements",
            json!({ "using": "css selector", "value": css }),
        )?;
        let list = value.as_array().ok_or_else(|| WebDriverError::Unexpected {
            command: format!("find elements {css}"),
            answer: value.clone(),
        })?;
        list.iter()
            .map(|reference| {
                reference[ELEMENT_KEY]
                    .as_str()
                    .map(|id| Element(id.to_owned()))
                    .ok_or_else(|| WebDriverError::Unexpected {
                        command: format!("find elements {css}"),
                        answer: reference.clone(),
                    })
            })
            .collect()
    }

    /// The first element matching `css`; an error if there is none.
    pub fn find(&self, css: &str) -> Result<Element, WebDriverError> {
        self.find_all(css)?
            .into_iter()
            .next()
            .ok_or_else(|| WebDriverError::Command {
                command: format!("find element {css}"),
                error: "no such element".into(),
                message: "nothing on the page matches".into(),
            })
    }

    /// Polls until one of `selectors` matches; returns its index and element.
    pub fn wait_for_any(
        &self,
        selectors: &[&str],
        timeout: Duration,
    ) -> Result<Option<(usize, Element)>, WebDriverError> {
        let deadline = Instant::now() + timeout;
        loop {
            for (index, css) in selectors.iter().enumerate() {
                if let Some(element) = self.find_all(css)?.into_iter().next() {
                    return Ok(Some((index, element)));
                }
            }
            if Instant::now() > deadline {
                return Ok(None);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Types `text` into an element; for `<input type=file>`, `text` is the
    /// path of the file to choose.
    pub fn send_keys(&self, element: &Element, text: &str) -> Result<(), WebDriverError> {
        self.post(
            &format!("/element/{}/value", element.0),
            json!({ "text": text }),
        )?;
        Ok(())
    }

    /// Empties a text field.
    pub fn clear(&self, element: &Element) -> Result<(), WebDriverError> {
        self.post(&format!("/element/{}/clear", element.0), json!({}))?;
        Ok(())
    }

    pub fn click(&self, element: &Element) -> Result<(), WebDriverError> {
        self.post(&format!("/element/{}/click", element.0), json!({}))?;
        Ok(())
    }

    /// The element's rendered text.
    pub fn text(&self, element: &Element) -> Result<String, WebDriverError> {
        let value = self.get(&format!("/element/{}/text", element.0))?;
        value
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| WebDriverError::Unexpected {
                command: "element text".into(),
                answer: value.clone(),
            })
    }

    fn post(&self, path: &str, body: Value) -> Result<Value, WebDriverError> {
        let url = format!("{}{path}", self.base);
        command(&self.http, reqwest::Method::POST, &url, Some(body))
    }

    fn get(&self, path: &str) -> Result<Value, WebDriverError> {
        let url = format!("{}{path}", self.base);
        command(&self.http, reqwest::Method::GET, &url, None)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Closes the browser; nothing to do if it is already gone.
        let _ = command(&self.http, reqwest::Method::DELETE, &self.base, None);
    }
}

/// Sends one command and unwraps the W3C answer `{"value": …}`, turning
/// `{"value": {"error": …, "message": …}}` into an error.
fn command(
    http: &reqwest::blocking::Client,
    method: reqwest::Method,
    url: &str,
    body: Option<Value>,
) -> Result<Value, WebDriverError> {
    let mut request = http.request(method.clone(), url);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let mut answer: Value = request.send()?.json()?;
    let value = answer["value"].take();
    if let Some(error) = value.get("error").and_then(Value::as_str) {
        return Err(WebDriverError::Command {
            command: format!("{method} {url}"),
            error: error.to_owned(),
            message: value["message"].as_str().unwrap_or_default().to_owned(),
        });
    }
    Ok(value)
}

/// True once the driver at `driver_url` answers `GET /status` as ready.
pub fn driver_ready(driver_url: &str) -> bool {
    let Ok(http) = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(2))
        .build()
    else {
        return false;
    };
    command(
        &http,
        reqwest::Method::GET,
        &format!("{driver_url}/status"),
        None,
    )
    .is_ok_and(|status| status["ready"].as_bool().unwrap_or(false))
}
