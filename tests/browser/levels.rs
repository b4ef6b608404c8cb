//! One tip through the real submit page at each level a source may use:
//! the newsroom opens exactly what was sent, `tip.json` says who encrypted
//! it, and with JavaScript on, nothing but an age file left the browser.
use tipbox::tip::EncryptedBy;

use crate::browsers::{self, Level};
use crate::proxy::Proxy;
use crate::server::TestServer;
use crate::source::{self, Outcome, Tip};

/// A file larger than one upload part (1 MiB), so that the JavaScript
/// levels upload it in more than one part.
const FILE_LEN: usize = 1536 * 1024 + 123;

const AGE_MAGIC: &[u8] = b"age-encryption.org/v1\n";

#[test]
fn firefox_standard_encrypts_in_the_page_and_sends_only_ciphertext() {
    submit_and_open(Level::FirefoxStandard);
}

#[test]
fn firefox_safer_without_jit_or_wasm_still_encrypts_in_the_page() {
    submit_and_open(Level::FirefoxSafer);
}

#[test]
fn firefox_safest_without_javascript_is_sealed_by_the_server() {
    submit_and_open(Level::FirefoxSafest);
}

#[test]
fn chromium_encrypts_in_the_page_and_sends_only_ciphertext() {
    submit_and_open(Level::ChromiumStandard);
}

fn submit_and_open(level: Level) {
    let _browser = crate::one_browser_at_a_time();
    // Arrange
    let server = TestServer::spawn();
    let proxy = Proxy::start(&server.address);
    let tip = Tip::new(FILE_LEN);
    let (_driver, session) = browsers::start(level);

    // Act
    let outcome = source::submit(
        level,
        &session,
        &format!("{}/submit?l=en", proxy.address),
        &tip,
    );
    let tips = server.export_and_open();

    // Assert: the newsroom reads exactly what the source sent.
    assert_eq!(tips.len(), 1, "{level:?}: one tip stored");
    let opened = &tips[0];
    assert_eq!(opened.meta.message, tip.message, "{level:?}: message");
    assert_eq!(
        opened.files.keys().collect::<Vec<_>>(),
        [&tip.file_name],
        "{level:?}: attachments"
    );
    assert!(
        opened.files[&tip.file_name] == tip.file_bytes,
        "{level:?}: the file's bytes differ"
    );
    assert!(
        opened.ciphertext.starts_with(AGE_MAGIC),
        "{level:?}: the stored tip is an age file"
    );

    if level.javascript() {
        assert_eq!(outcome, Outcome::EncryptedInBrowser, "{level:?}");
        assert_eq!(opened.meta.encrypted_by, EncryptedBy::Browser, "{level:?}");
        // What reached the server: the upload's parts, in order, are the
        // stored age file, and nothing the browser sent on any connection
        // holds the message or the file.
        assert_eq!(
            uploaded_parts(&proxy),
            opened.ciphertext,
            "{level:?}: the parts that reached the server are the stored age file"
        );
        assert!(
            !proxy.browser_sent(tip.marker.as_bytes()),
            "{level:?}: the message left the browser in plaintext"
        );
        assert!(
            !proxy.browser_sent(tip.file_sample()),
            "{level:?}: the file left the browser in plaintext"
        );
    } else {
        assert_eq!(outcome, Outcome::ServerSealed, "{level:?}");
        assert_eq!(
            opened.meta.encrypted_by,
            EncryptedBy::ServerSealed,
            "{level:?}"
        );
        // The traffic check above is not blind: without JavaScript the
        // form carries the message, and the proxy sees it.
        assert!(
            proxy.browser_sent(tip.marker.as_bytes()),
            "{level:?}: the proxy did not see the form's plaintext"
        );
    }
}

/// The bodies of the upload-part requests that fully reached the server,
/// each part once, in part order.
fn uploaded_parts(proxy: &Proxy) -> Vec<u8> {
    let mut parts = std::collections::BTreeMap::new();
    for exchange in proxy.exchanges() {
        if exchange.method != "POST" || !exchange.complete {
            continue;
        }
        let Some((_, n)) = exchange.target.rsplit_once("/parts/") else {
            continue;
        };
        let n: u32 = n.parse().expect("a part number");
        parts.entry(n).or_insert(exchange.body);
    }
    assert!(
        parts.keys().copied().eq(0..parts.len() as u32),
        "parts 0 to n all went up: {:?}",
        parts.keys()
    );
    parts.into_values().flatten().collect()
}
