//! A browser upload interrupted mid-way, the way a Tor circuit breaks: the
//! page resumes from the server's count of stored parts and never sends a
//! part again once the server confirmed it to the browser.
use std::collections::BTreeMap;

use tipbox::tip::EncryptedBy;

use crate::browsers::{self, Level};
use crate::proxy::{Cut, CutPoint, Exchange, Proxy};
use crate::server::TestServer;
use crate::source::{self, Outcome, Tip};

/// Four upload parts of 1 MiB (the last one shorter).
const FILE_LEN: usize = 3 * 1024 * 1024 + 321;
/// The part whose requests are cut.
const CUT_PART: u32 = 1;

#[test]
fn chromium_upload_cut_twice_resumes_without_resending_stored_parts() {
    upload_cut_twice_resumes(Level::ChromiumStandard);
}

#[test]
fn firefox_upload_cut_twice_resumes_without_resending_stored_parts() {
    upload_cut_twice_resumes(Level::FirefoxStandard);
}

fn upload_cut_twice_resumes(level: Level) {
    let _browser = crate::one_browser_at_a_time();
    // Arrange: part 1 is cut twice, first half-way through its body (the
    // server stores nothing), then after the server stored it but before
    // the browser hears so. Chromium silently re-sends a request once when
    // a reused connection closes before any answer (web/README.md), so two
    // cuts are needed for the page's own resume to run.
    let server = TestServer::spawn();
    let proxy = Proxy::start(&server.address);
    for at in [CutPoint::MidBody, CutPoint::BeforeAnswer] {
        proxy.cut(Cut {
            target_suffix: format!("/parts/{CUT_PART}"),
            at,
            times: 1,
        });
    }
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

    // Assert: the tip arrived whole...
    assert_eq!(outcome, Outcome::EncryptedInBrowser, "{level:?}");
    assert_eq!(tips.len(), 1, "{level:?}: one tip stored");
    assert_eq!(tips[0].meta.encrypted_by, EncryptedBy::Browser, "{level:?}");
    assert_eq!(tips[0].meta.message, tip.message, "{level:?}");
    assert!(
        tips[0].files[&tip.file_name] == tip.file_bytes,
        "{level:?}: the file's bytes differ"
    );

    // ...both cuts happened, on the chosen part...
    let exchanges = proxy.exchanges();
    let log = describe(&exchanges);
    eprintln!("{level:?}: requests at the proxy:\n{log}");
    let parts = part_requests(&exchanges);
    let cuts: Vec<CutPoint> = parts[&CUT_PART].iter().filter_map(|e| e.cut).collect();
    assert_eq!(
        cuts,
        [CutPoint::MidBody, CutPoint::BeforeAnswer],
        "{level:?}: cuts on part {CUT_PART}:\n{log}"
    );

    // ...the page resumed by asking the server where it was...
    let status_requests = exchanges
        .iter()
        .filter(|e| e.method == "GET" && e.target.starts_with("/api/v1/uploads/"))
        .count();
    assert!(status_requests >= 1, "{level:?}: no status request:\n{log}");

    // ...and no part went up again once the browser had its confirmation,
    // and the parts never interrupted went up exactly once.
    assert_eq!(
        parts.keys().copied().collect::<Vec<_>>(),
        [0, 1, 2, 3],
        "{level:?}: parts sent:\n{log}"
    );
    for (n, requests) in &parts {
        if let Some(confirmed) = requests.iter().position(|e| e.answer == Some(204)) {
            assert_eq!(
                confirmed,
                requests.len() - 1,
                "{level:?}: part {n} sent again after the browser had its 204:\n{log}"
            );
        }
        if *n != CUT_PART {
            assert_eq!(
                requests.len(),
                1,
                "{level:?}: part {n} was sent again:\n{log}"
            );
        }
    }
}

/// Upload-part requests by part number, in the order the browser sent them.
fn part_requests(exchanges: &[Exchange]) -> BTreeMap<u32, Vec<&Exchange>> {
    let mut parts: BTreeMap<u32, Vec<&Exchange>> = BTreeMap::new();
    for exchange in exchanges {
        if let Some((_, n)) = exchange.target.rsplit_once("/parts/") {
            parts
                .entry(n.parse().expect("a part number"))
                .or_default()
                .push(exchange);
        }
    }
    parts
}

/// One line per request, for failure messages.
fn describe(exchanges: &[Exchange]) -> String {
    exchanges
        .iter()
        .map(|e| {
            format!(
                "{} {} ({} body bytes{}) -> {:?} {:?}\n",
                e.method,
                e.target,
                e.body.len(),
                if e.complete { "" } else { ", incomplete" },
                e.answer,
                e.cut
            )
        })
        .collect()
}
