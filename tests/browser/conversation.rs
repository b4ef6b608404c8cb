//! A two-way conversation with JavaScript on, in Chromium and in Firefox
//! (Tor Browser's engine), against the real server: the codename is made and
//! confirmed in the page, the newsroom answers offline (`tipbox-decrypt open`,
//! `tipbox-decrypt reply`, `tipbox push`), the page decrypts the reply itself,
//! and a follow-up from the page lands beside the first tip.
//!
//! What the proxy saw proves where things happened: the browser never sent
//! the codename (in any form) nor the reply's words, and the reply the
//! server held and served was an age file without them.
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use tipbox::conversation::Codename;
use tipbox::envelope::Header;
use tipbox::tip::{EncryptedBy, Kind};

use crate::browsers::{self, Level};
use crate::proxy::Proxy;
use crate::server::TestServer;
use crate::webdriver::{Element, Session};

/// The KDF runs in the page before the tip goes up and again when the
/// mailbox opens; a shared 2-core machine needs some slack.
const STEP_TIMEOUT: Duration = Duration::from_secs(120);

const AGE_MAGIC: &[u8] = b"age-encryption.org/v1\n";

#[test]
fn chromium_conversation_keeps_codename_and_reply_in_the_page() {
    round_trip(Level::ChromiumStandard);
}

#[test]
fn firefox_conversation_keeps_codename_and_reply_in_the_page() {
    round_trip(Level::FirefoxStandard);
}

fn round_trip(level: Level) {
    let _browser = crate::one_browser_at_a_time();
    // Arrange
    let server = TestServer::spawn();
    let proxy = Proxy::start(&server.address);
    let (_driver, session) = browsers::start(level);
    let work = tempfile::tempdir().unwrap();
    let (identity_file, token_file) = server.newsroom_files(work.path());
    let marker = || hex::encode(rand::random::<[u8; 12]>());
    let (tip_marker, reply_marker, followup_marker) = (marker(), marker(), marker());
    let page = Page {
        level,
        session: &session,
    };

    // Act 1: a first tip that asks for replies.
    page.goto(&format!("{}/submit?l=en", proxy.address));
    page.type_into("textarea[name=message]", &format!("first tip {tip_marker}"));
    page.click("input[name=reply]");
    page.click("form button[type=submit]");
    let codename = page.text(&page.wait_for("#codename"));

    // Assert: the codename and its retyping field stay left to right and
    // out of a translator's reach, in every language.
    page.find("#codename[dir=ltr][translate=no]");
    page.find("#tipbox-codename-typed[dir=ltr][translate=no]");

    // Assert: seven list words, shown once; a wrong retype sends nothing.
    let parsed = Codename::parse(&codename)
        .unwrap_or_else(|err| panic!("{level:?}: the page's codename {codename:?}: {err}"));
    assert_eq!(parsed.as_str(), codename, "{level:?}: canonical form");
    page.type_into(
        "#tipbox-codename-typed",
        "abacus abacus abacus abacus abacus abacus abacus",
    );
    page.click("#tipbox-codename-confirm");
    let refusal = page.text(&page.wait_for(".tipbox-codename .tipbox-problem:not([hidden])"));
    assert!(refusal.contains("not the codename"), "{level:?}: {refusal}");
    assert!(
        !proxy
            .exchanges()
            .iter()
            .any(|e| e.target.contains("/api/v1/uploads")),
        "{level:?}: an upload began before the codename was confirmed"
    );

    // Act 2: retyped in capitals on separate lines, which must not matter.
    page.clear("#tipbox-codename-typed");
    page.type_into(
        "#tipbox-codename-typed",
        &codename.to_uppercase().replace(' ', "\n"),
    );
    page.click("#tipbox-codename-confirm");
    page.wait_for_outcome(".tipbox-confirmation");
    assert!(
        page.session.find_all("#codename").unwrap().is_empty(),
        "{level:?}: the codename stays on screen after the confirmation"
    );

    // Assert: the newsroom reads a tip that names the codename's mailbox and reply key.
    let keys = parsed.derive();
    let first_export = work.path().join("first");
    std::fs::create_dir(&first_export).unwrap();
    let tips = server.export_and_open_in(&first_export);
    assert_eq!(tips.len(), 1, "{level:?}: one tip");
    let first = &tips[0];
    assert_eq!(first.meta.kind, Kind::Tip, "{level:?}");
    assert_eq!(first.meta.encrypted_by, EncryptedBy::Browser, "{level:?}");
    assert_eq!(
        first.meta.mailbox.as_deref(),
        Some(keys.mailbox().to_string().as_str()),
        "{level:?}: mailbox"
    );
    assert_eq!(
        first.meta.reply_recipient.as_deref(),
        Some(keys.reply_recipient().to_string().as_str()),
        "{level:?}: reply recipient"
    );

    // Act 3: the newsroom answers offline and carries the reply online.
    let outgoing = work.path().join("outgoing.tar");
    let reply_text = format!("Thank you. Which year? {reply_marker}");
    let attachment = work.path().join("questions.txt");
    std::fs::write(&attachment, format!("1. Which year? {reply_marker}\n")).unwrap();
    run(
        level,
        Command::new(env!("CARGO_BIN_EXE_tipbox-decrypt"))
            .arg("reply")
            .arg("-i")
            .arg(&identity_file)
            .arg("--to")
            .arg(&first.folder)
            .args(["-m", &reply_text])
            .arg("-o")
            .arg(&outgoing)
            .arg(&attachment),
    );
    run(
        level,
        Command::new(env!("CARGO_BIN_EXE_tipbox"))
            .arg("push")
            .args(["--direct", "--server", server.newsroom_address()])
            .arg("--token-file")
            .arg(&token_file)
            .arg(&outgoing),
    );

    // Act 4: the source opens the mailbox, typing the codename loosely.
    page.goto(&format!("{}/codename?l=en", proxy.address));
    let loosely = format!("  {}\t\n", codename.replace(' ', "   "));
    page.type_into("textarea[name=codename]", &loosely);
    page.click("form button[type=submit]");
    let message = page.text(&page.wait_for_outcome(".tipbox-reply .tipbox-message"));

    // Assert: the reply was decrypted in the page; neither the codename nor
    // the reply's words crossed the wire from the browser; the server held
    // (and the newsroom exported) only an age file without those words.
    assert_eq!(
        message, reply_text,
        "{level:?}: the reply as shown in the page"
    );
    for sent in [
        codename.as_str(),
        loosely.as_str(),
        &codename.to_uppercase(),
    ] {
        assert!(
            !proxy.browser_sent(sent.as_bytes()),
            "{level:?}: the browser sent the codename"
        );
    }
    assert!(
        !proxy.browser_sent(reply_marker.as_bytes()),
        "{level:?}: the browser sent the reply's words"
    );
    let stored = stored_replies(&server, work.path());
    assert_eq!(stored.len(), 1, "{level:?}: one reply stored");
    for (what, file) in [("first tip", &first.ciphertext), ("reply", &stored[0])] {
        let (header, _) = Header::parse(file).unwrap().unwrap();
        assert_eq!(
            header.x25519_count(),
            0,
            "{level:?}: the {what} is sealed to hybrid keys only"
        );
    }
    let (reply_header, _) = Header::parse(&stored[0]).unwrap().unwrap();
    assert_eq!(
        reply_header.hybrid_count(),
        2,
        "{level:?}: the reply is sealed to the source's hybrid key and the newsroom's"
    );
    assert!(
        stored[0].starts_with(AGE_MAGIC),
        "{level:?}: the stored reply is an age file"
    );
    assert!(
        !contains(&stored[0], reply_marker.as_bytes()),
        "{level:?}: the stored reply holds its plaintext"
    );

    // Act 5: a follow-up from the page.
    page.type_into(
        "#tipbox-followup textarea[name=message]",
        &format!("It was 2019. {followup_marker}"),
    );
    page.click("#tipbox-followup button[type=submit]");
    page.wait_for_outcome(".tipbox-inbox .tipbox-confirmation");
    assert!(
        !proxy.browser_sent(followup_marker.as_bytes()),
        "{level:?}: the follow-up left the page unencrypted"
    );

    // Assert: the newsroom sees it as a follow-up in the same mailbox as the first tip.
    let second_export = work.path().join("second");
    std::fs::create_dir(&second_export).unwrap();
    let tips = server.export_and_open_in(&second_export);
    let followup = tips
        .iter()
        .find(|tip| tip.meta.message.contains(&followup_marker))
        .unwrap_or_else(|| panic!("{level:?}: the follow-up is not in the export"));
    assert_eq!(followup.meta.kind, Kind::Followup, "{level:?}");
    assert_eq!(
        followup.meta.encrypted_by,
        EncryptedBy::Browser,
        "{level:?}"
    );
    assert_eq!(
        followup.meta.mailbox, first.meta.mailbox,
        "{level:?}: same mailbox as the first tip"
    );
    assert_eq!(
        followup.meta.reply_recipient, first.meta.reply_recipient,
        "{level:?}"
    );
    // The page's bundle makes the follow-up proof (docs/CONVERSATIONS.md).
    assert!(first.meta.followup_key.is_some(), "{level:?}");
    assert!(followup.meta.followup_proof.is_some(), "{level:?}");
}

/// The WebDriver steps of this test, each failing with the step's name.
struct Page<'a> {
    level: Level,
    session: &'a Session,
}

impl Page<'_> {
    fn goto(&self, url: &str) {
        self.session
            .goto(url)
            .unwrap_or_else(|err| browsers::fail(self.level, url, err));
    }

    fn find(&self, css: &str) -> Element {
        self.session
            .find(css)
            .unwrap_or_else(|err| browsers::fail(self.level, css, err))
    }

    fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css);
        self.session
            .send_keys(&element, text)
            .unwrap_or_else(|err| browsers::fail(self.level, css, err));
    }

    fn clear(&self, css: &str) {
        let element = self.find(css);
        self.session
            .clear(&element)
            .unwrap_or_else(|err| browsers::fail(self.level, css, err));
    }

    fn click(&self, css: &str) {
        let element = self.find(css);
        self.session
            .click(&element)
            .unwrap_or_else(|err| browsers::fail(self.level, css, err));
    }

    fn text(&self, element: &Element) -> String {
        self.session
            .text(element)
            .unwrap_or_else(|err| browsers::fail(self.level, "read text", err))
    }

    fn wait_for(&self, css: &str) -> Element {
        self.session
            .wait_for_any(&[css], STEP_TIMEOUT)
            .unwrap_or_else(|err| browsers::fail(self.level, css, err))
            .unwrap_or_else(|| {
                panic!(
                    "{:?}: nothing matched {css} within {STEP_TIMEOUT:?}",
                    self.level
                )
            })
            .1
    }

    /// Waits for `css`, or fails with the page's own words if the script
    /// reported a failure first.
    fn wait_for_outcome(&self, css: &str) -> Element {
        let (which, element) = self
            .session
            .wait_for_any(&[css, ".tipbox-progress[role=alert]"], STEP_TIMEOUT)
            .unwrap_or_else(|err| browsers::fail(self.level, css, err))
            .unwrap_or_else(|| {
                panic!(
                    "{:?}: nothing matched {css} within {STEP_TIMEOUT:?}",
                    self.level
                )
            });
        if which == 1 {
            panic!("{:?}: the page says: {}", self.level, self.text(&element));
        }
        element
    }
}

/// Runs a newsroom command; fails the test with its stderr.
fn run(level: Level, command: &mut Command) {
    let output = command.output().expect("the command starts");
    assert!(
        output.status.success(),
        "{level:?}: {command:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The replies' ciphertexts as the server exports them (`replies/<id>.age`).
fn stored_replies(server: &TestServer, work: &Path) -> Vec<Vec<u8>> {
    let dir = work.join("replies-export");
    std::fs::create_dir(&dir).unwrap();
    let bundle = server.export_to(&dir);
    let mut archive = tar::Archive::new(std::fs::File::open(bundle).unwrap());
    let mut replies = Vec::new();
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let path = entry.path().unwrap().into_owned();
        if path.starts_with("replies") && path.extension().is_some_and(|ext| ext == "age") {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
            replies.push(bytes);
        }
    }
    replies
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}
