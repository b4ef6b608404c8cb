//! Two-way conversations over HTTP: the mailbox API, the no-JavaScript
//! pages and the newsroom's reply push.
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::json;
use tipbox::bundle::{write_outgoing, OutgoingReply, ReplyId};
use tipbox::conversation::{Codename, MailboxId};
use tipbox::envelope::{Header, Identity};
use tipbox::server::logging::{self, Event};

use crate::helpers::{assert_json_error, assert_success, run_command, shown_codename, TestApp};
use crate::nojs::{post_form, Part};

fn random_token() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

#[tokio::test]
async fn mailbox_api_creates_a_mailbox_idempotently() {
    let app = TestApp::spawn().await;
    let token = random_token();

    for _ in 0..2 {
        let response = app
            .post_json("/api/v1/mailbox", json!({ "token": token }))
            .await;
        assert_eq!(response.status().as_u16(), 200);
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body, json!({ "status": "ready" }));
    }
    let mailbox = tipbox::conversation::MailboxToken::from_hex(&token)
        .unwrap()
        .mailbox();
    assert!(app.store.mailbox_exists(&mailbox).unwrap());
}

#[tokio::test]
async fn unknown_and_empty_mailboxes_answer_byte_identically_over_the_api() {
    let app = TestApp::spawn().await;
    let known = random_token();
    app.post_json("/api/v1/mailbox", json!({ "token": known }))
        .await;

    let answer = |token: String| {
        let app = &app;
        async move {
            let list = app
                .post_json("/api/v1/mailbox/replies", json!({ "token": token }))
                .await;
            let list = (list.status().as_u16(), list.bytes().await.unwrap());
            let id = "00".repeat(16);
            let fetch = app
                .post_json("/api/v1/mailbox/reply", json!({ "token": token, "id": id }))
                .await;
            let fetch = (fetch.status().as_u16(), fetch.bytes().await.unwrap());
            (list, fetch)
        }
    };
    let from_known = answer(known).await;
    let from_unknown = answer(random_token()).await;

    assert_eq!(from_known, from_unknown);
    assert_eq!(&from_known.0 .1[..], br#"{"replies":[]}"#);
    assert_eq!(from_known.1 .0, 404);
}

#[tokio::test]
async fn mailbox_token_that_is_not_64_hex_is_refused() {
    let app = TestApp::spawn().await;
    for token in ["abc".to_owned(), random_token().to_uppercase()] {
        let response = app
            .post_json("/api/v1/mailbox/replies", json!({ "token": token }))
            .await;
        let message = assert_json_error(response, 400).await;
        assert!(message.contains("64 lower-case hex"), "{message}");
    }
}

#[tokio::test]
async fn mailbox_lookups_are_held_to_the_minimum_answer_time() {
    let app = TestApp::spawn_with(|s| s.conversations.min_answer_ms = 400).await;
    let started = std::time::Instant::now();
    app.post_json(
        "/api/v1/mailbox/replies",
        json!({ "token": random_token() }),
    )
    .await;
    assert!(started.elapsed() >= std::time::Duration::from_millis(400));
}

#[tokio::test]
async fn forgetting_a_mailbox_removes_it_and_answers_204_twice() {
    let app = TestApp::spawn().await;
    let token = random_token();
    app.post_json("/api/v1/mailbox", json!({ "token": token }))
        .await;

    for _ in 0..2 {
        let response = app
            .post_json("/api/v1/mailbox/forget", json!({ "token": token }))
            .await;
        assert_eq!(response.status().as_u16(), 204);
    }
    let mailbox = tipbox::conversation::MailboxToken::from_hex(&token)
        .unwrap()
        .mailbox();
    assert!(!app.store.mailbox_exists(&mailbox).unwrap());
}

// ---------------------------------------------------------------------------
// The no-JavaScript round trip and the newsroom's reply push.

/// The page a first tip that asks for replies gets without JavaScript: it
/// shows the codename, once.
pub(crate) async fn first_tip_page(app: &TestApp, message: &str) -> String {
    post_form(
        app,
        "",
        &[Part::text("message", message), Part::text("reply", "on")],
    )
    .await
    .text()
    .await
    .unwrap()
}

/// The same codename as a hurried source types it: capitals, extra spaces,
/// tabs and line breaks.
fn typed_sloppily(codename: &str) -> String {
    let words: Vec<String> = codename
        .split(' ')
        .enumerate()
        .map(|(i, w)| {
            if i % 2 == 0 {
                w.to_uppercase()
            } else {
                w.to_owned()
            }
        })
        .collect();
    format!(
        "  {}\r\n{} \t {}\n\n",
        words[..3].join("   "),
        words[3..5].join("\n"),
        words[5..].join("  ")
    )
}

async fn post_urlencoded(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    app.client
        .post(format!("{}{path}", app.address))
        .form(fields)
        .send()
        .await
        .unwrap()
}

/// The newsroom's side of the machine: identity and token files.
struct Newsroom {
    dir: tempfile::TempDir,
}

impl Newsroom {
    fn new(app: &TestApp) -> Newsroom {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("identity.txt"),
            app.identity.to_encoded().as_bytes(),
        )
        .unwrap();
        std::fs::write(dir.path().join("token"), &app.token).unwrap();
        Newsroom { dir }
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `GET /v1/export` into a file, then `tipbox-decrypt open` into `out`.
    async fn export_and_open(&self, app: &TestApp, name: &str) -> (PathBuf, String) {
        let bundle = app.export().await.bytes().await.unwrap();
        let bundle_path = self.path(&format!("{name}.tar"));
        std::fs::write(&bundle_path, &bundle).unwrap();
        let out = self.path(name);
        let mut open = Command::new(env!("CARGO_BIN_EXE_tipbox-decrypt"));
        open.arg("open")
            .arg("-i")
            .arg(self.path("identity.txt"))
            .arg(&bundle_path)
            .arg("-o")
            .arg(&out);
        let table = assert_success(&run_command(open).await);
        (out, table)
    }

    async fn push(&self, app: &TestApp, outgoing: &Path) -> Output {
        let mut push = Command::new(env!("CARGO_BIN_EXE_tipbox"));
        push.arg("push")
            .arg("--direct")
            .arg("--server")
            .arg(&app.newsroom_address)
            .arg("--token-file")
            .arg(self.path("token"))
            .arg(outgoing);
        run_command(push).await
    }
}

/// The folders `open` wrote, with their `tip.json`.
fn opened(out: &Path) -> Vec<(PathBuf, tipbox::tip::TipMeta)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(out).unwrap() {
        let path = entry.unwrap().path();
        if let Ok(json) = std::fs::read(path.join("tip.json")) {
            found.push((path, serde_json::from_slice(&json).unwrap()));
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread")]
async fn full_round_trip_without_javascript_over_http() {
    round_trip_without_javascript(Identity::generate()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn round_trip_with_a_hybrid_newsroom_key_seals_every_tip_and_reply_to_hybrid_keys_only() {
    round_trip_without_javascript(Identity::generate_hybrid()).await;
}

/// Tip with a codename, the newsroom's reply read in the no-JS inbox, a
/// follow-up, and the desk showing one conversation; every stored file is
/// sealed to the newsroom key's type, the reply also to the source's hybrid
/// reply key (mixing the types only beside a classic newsroom key).
async fn round_trip_without_javascript(identity: Identity) {
    let hybrid_newsroom = identity.is_hybrid();
    let app = TestApp::spawn_with_identity(identity, |_| {}).await;
    let newsroom = Newsroom::new(&app);

    // 1. A first tip that asks for replies: the codename is shown once.
    let page = first_tip_page(&app, "First tip: the mayor's accounts").await;
    let codename = shown_codename(&page);
    assert_eq!(codename.split(' ').count(), 7);
    assert!(
        page.contains("action=\"./codename/confirm"),
        "confirmation step"
    );
    let confirmed = post_urlencoded(
        &app,
        "/codename/confirm",
        &[
            ("codename", &codename),
            ("typed", &typed_sloppily(&codename)),
        ],
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(confirmed.contains("id=\"confirmed\""));

    // 2. Export, open, reply with a file, push.
    let (first_open, _) = newsroom.export_and_open(&app, "first").await;
    let tips = opened(&first_open);
    assert_eq!(tips.len(), 1);
    let attachment = newsroom.path("questions.txt");
    std::fs::write(&attachment, b"1. Who signed?\n").unwrap();
    let outgoing = newsroom.path("outgoing.tar");
    let mut reply = Command::new(env!("CARGO_BIN_EXE_tipbox-decrypt"));
    reply
        .arg("reply")
        .arg("-i")
        .arg(newsroom.path("identity.txt"))
        .arg("--to")
        .arg(&tips[0].0)
        .args(["-m", "Thank you. Who else knows?"])
        .arg(&attachment)
        .arg("-o")
        .arg(&outgoing);
    assert_success(&run_command(reply).await);
    let pushed = assert_success(&newsroom.push(&app, &outgoing).await);
    assert!(pushed.contains("Pushed 1"), "{pushed}");
    let (mailbox_id, record) = app.store.all_replies().unwrap().remove(0);
    let stored = app.store.reply(&mailbox_id, &record.id).unwrap().unwrap();
    let (header, _) = Header::parse(&stored).unwrap().unwrap();
    let (hybrid, x25519) = if hybrid_newsroom { (2, 0) } else { (1, 1) };
    assert_eq!(
        (header.hybrid_count(), header.x25519_count()),
        (hybrid, x25519),
        "the source's hybrid key and the newsroom's"
    );

    // 3. The source comes back, typing the codename differently.
    let sloppy = typed_sloppily(&codename);
    let inbox = post_urlencoded(&app, "/inbox", &[("codename", &sloppy)]).await;
    assert_eq!(inbox.status().as_u16(), 200);
    let inbox = inbox.text().await.unwrap();
    assert!(inbox.contains("Thank you. Who else knows?"), "{inbox}");
    assert!(inbox.contains("questions.txt"));
    let reply_id = app.store.all_replies().unwrap()[0].1.id.to_string();
    let file = post_urlencoded(
        &app,
        "/inbox/file",
        &[
            ("codename", sloppy.as_str()),
            ("reply", &reply_id),
            ("file", "0"),
        ],
    )
    .await;
    assert_eq!(file.headers()["content-type"], "application/octet-stream");
    assert!(file.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    assert_eq!(&file.bytes().await.unwrap()[..], b"1. Who signed?\n");

    // 4. A follow-up through the inbox's form (its hidden codename field).
    assert!(inbox.contains(&format!("name=\"codename\" value=\"{codename}\"")));
    let followup = post_form(
        &app,
        "",
        &[
            Part::text("codename", &codename),
            Part::text("message", "Follow-up: the treasurer knows"),
        ],
    )
    .await;
    assert_eq!(followup.status().as_u16(), 200);
    assert!(followup
        .text()
        .await
        .unwrap()
        .contains("id=\"followup-received\""));

    // 5. Export and open again: tip, reply and follow-up form one conversation.
    let (second_open, table) = newsroom.export_and_open(&app, "second").await;
    let entries = opened(&second_open);
    assert_eq!(entries.len(), 3, "first tip, follow-up and our reply");
    let mailbox = Codename::parse(&codename)
        .unwrap()
        .derive()
        .mailbox()
        .to_string();
    let mut kinds: Vec<String> = entries
        .iter()
        .map(|(_, meta)| {
            assert_eq!(meta.mailbox.as_deref(), Some(mailbox.as_str()));
            format!("{:?}", meta.kind)
        })
        .collect();
    kinds.sort();
    assert_eq!(kinds, ["Followup", "Reply", "Tip"]);
    let conversation_rows = table.lines().filter(|l| l.contains(&mailbox[..7])).count();
    assert_eq!(conversation_rows, 3, "{table}");
    let desk = std::fs::read_to_string(second_open.join("index.html")).unwrap();
    assert_eq!(desk.matches("<section class=\"conversation\">").count(), 1);
    let section = desk
        .split("<section class=\"conversation\">")
        .nth(1)
        .unwrap();
    let section = section.split("</section>").next().unwrap();
    assert!(
        section.contains("First tip")
            && section.contains("Follow-up: the treasurer")
            && section.contains("Who else knows")
    );
}

#[tokio::test]
async fn wrong_codename_is_refused_before_any_lookup_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let before = app.store.entry_count().unwrap();

    for (typed, expected) in [
        (
            "abacus abdomen abdominal abide abiding ability",
            ["A codename has 7 words; you typed", "6"],
        ),
        (
            "abacuss abdomen abdominal abide abiding ability ablaze",
            ["abacuss", "is not a codename word"],
        ),
    ] {
        let response = post_urlencoded(&app, "/inbox", &[("codename", typed)]).await;
        assert_eq!(response.status().as_u16(), 400);
        let html = response.text().await.unwrap();
        // Fluent wraps the variable in Unicode isolation marks (for
        // right-to-left pages), so the pieces are checked one by one.
        for piece in expected {
            assert!(html.contains(piece), "{piece}: {html}");
        }
        let followup = post_form(
            &app,
            "",
            &[Part::text("codename", typed), Part::text("message", "x")],
        )
        .await;
        assert_eq!(followup.status().as_u16(), 400);
    }
    assert_eq!(app.store.entry_count().unwrap(), before);
    assert!(app.store.list().unwrap().is_empty());
}

#[tokio::test]
async fn confirmation_with_a_different_codename_shows_it_again() {
    let app = TestApp::spawn().await;
    let codename = Codename::generate();
    let other = Codename::generate();
    let html = post_urlencoded(
        &app,
        "/codename/confirm",
        &[("codename", codename.as_str()), ("typed", other.as_str())],
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(html.contains("id=\"mismatch\""));
    assert!(!html.contains("id=\"confirmed\""));
    assert_eq!(shown_codename(&html), codename.as_str());
}

#[tokio::test]
async fn unknown_and_empty_mailbox_pages_are_byte_identical() {
    let app = TestApp::spawn().await;
    let codename = Codename::generate();

    let unknown = post_urlencoded(&app, "/inbox", &[("codename", codename.as_str())]).await;
    let unknown = (unknown.status().as_u16(), unknown.bytes().await.unwrap());
    app.store
        .create_mailbox(&codename.derive().mailbox())
        .unwrap();
    let empty = post_urlencoded(&app, "/inbox", &[("codename", codename.as_str())]).await;
    let empty = (empty.status().as_u16(), empty.bytes().await.unwrap());

    assert_eq!(unknown, empty);
    assert!(String::from_utf8_lossy(&empty.1).contains("No replies yet"));
}

/// An outgoing bundle with one well-formed reply to `mailbox` for `app`.
fn outgoing_for(app: &TestApp, mailbox: MailboxId) -> (ReplyId, Vec<u8>) {
    let source = tipbox::envelope::Identity::generate().to_public();
    let mut recipients = app.recipients.clone();
    recipients.push(source);
    let ciphertext = crate::helpers::encrypt_to(&recipients, b"a reply container");
    let id = ReplyId::random();
    let bundle =
        write_outgoing(Vec::new(), &[OutgoingReply::new(id, mailbox, ciphertext)]).unwrap();
    (id, bundle)
}

async fn push_bytes(app: &TestApp, bundle: Vec<u8>) -> reqwest::Response {
    app.client
        .post(format!("{}/v1/replies", app.newsroom_address))
        .bearer_auth(&app.token)
        .body(bundle)
        .send()
        .await
        .unwrap()
}

fn known_mailbox(app: &TestApp) -> MailboxId {
    let mailbox = MailboxId(rand::random());
    app.store.create_mailbox(&mailbox).unwrap();
    mailbox
}

#[tokio::test]
async fn reply_for_an_unknown_mailbox_is_refused_and_nothing_stored() {
    let app = TestApp::spawn().await;
    let before = app.store.entry_count().unwrap();
    let (_, bundle) = outgoing_for(&app, MailboxId(rand::random()));

    let message = assert_json_error(push_bytes(&app, bundle).await, 404).await;

    assert!(message.contains("unknown mailbox"), "{message}");
    assert_eq!(app.store.entry_count().unwrap(), before);
}

#[tokio::test]
async fn replayed_reply_bundle_is_refused_and_storage_unchanged() {
    let app = TestApp::spawn().await;
    let mailbox = known_mailbox(&app);
    let (id, bundle) = outgoing_for(&app, mailbox);
    let first = push_bytes(&app, bundle.clone()).await;
    assert_eq!(first.status().as_u16(), 201);
    let body: serde_json::Value = first.json().await.unwrap();
    assert_eq!(body, json!({ "stored": 1 }));
    let listed = app.store.all_replies().unwrap();
    let before = app.store.entry_count().unwrap();

    let message = assert_json_error(push_bytes(&app, bundle.clone()).await, 409).await;
    assert!(message.contains(&id.to_string()), "{message}");
    assert_eq!(app.store.all_replies().unwrap(), listed);
    assert_eq!(app.store.entry_count().unwrap(), before);

    // Deleted by the source, the id still counts as used.
    app.store.delete_reply(&mailbox, &id).unwrap();
    assert_json_error(push_bytes(&app, bundle).await, 409).await;
}

#[tokio::test]
async fn tampered_reply_bundle_is_refused_naming_the_entry() {
    let app = TestApp::spawn().await;
    let mailbox = known_mailbox(&app);
    let before = app.store.entry_count().unwrap();
    let (id, bundle) = outgoing_for(&app, mailbox);

    // A flipped byte inside the reply's ciphertext: its SHA-256 no longer
    // matches the listing.
    let mut flipped = bundle.clone();
    let start = flipped
        .windows(21)
        .position(|w| w == b"age-encryption.org/v1")
        .unwrap();
    flipped[start + 50] ^= 0x01;
    let message = assert_json_error(push_bytes(&app, flipped).await, 400).await;
    assert!(
        message.contains(&id.to_string()) && message.contains("SHA-256"),
        "{message}"
    );

    // A listing whose sha256 was changed.
    let text = String::from_utf8_lossy(&bundle).into_owned();
    let sha = text.split("\"sha256\": \"").nth(1).unwrap()[..64].to_owned();
    let other = if sha.starts_with('0') { "1" } else { "0" };
    let changed = text.replacen(&sha, &format!("{other}{}", &sha[1..]), 1);
    // Same length, so the tar header's size and checksum still hold.
    let message = assert_json_error(push_bytes(&app, changed.into_bytes()).await, 400).await;
    assert!(message.contains(&id.to_string()), "{message}");

    assert_eq!(app.store.entry_count().unwrap(), before);
}

#[tokio::test]
async fn reply_encrypted_only_to_the_source_is_refused() {
    let app = TestApp::spawn().await;
    let mailbox = known_mailbox(&app);
    let source = tipbox::envelope::Identity::generate().to_public();
    // The newsroom could never read its own reply again.
    let ciphertext = crate::helpers::encrypt_to(&[source], b"x");
    let bundle = write_outgoing(
        Vec::new(),
        &[OutgoingReply::new(ReplyId::random(), mailbox, ciphertext)],
    )
    .unwrap();

    let message = assert_json_error(push_bytes(&app, bundle).await, 400).await;
    assert!(message.contains("newsroom"), "{message}");
    assert!(app.store.all_replies().unwrap().is_empty());
}

#[tokio::test]
async fn mailbox_deleted_by_its_source_refuses_later_replies() {
    let app = TestApp::spawn().await;
    let codename = Codename::generate();
    let mailbox = codename.derive().mailbox();
    app.store.create_mailbox(&mailbox).unwrap();
    let (_, bundle) = outgoing_for(&app, mailbox);
    assert_eq!(push_bytes(&app, bundle).await.status().as_u16(), 201);

    // Without the box ticked nothing is deleted.
    let unticked = post_urlencoded(&app, "/inbox/forget", &[("codename", codename.as_str())]).await;
    assert!(unticked
        .text()
        .await
        .unwrap()
        .contains("Nothing was deleted"));
    assert!(app.store.mailbox_exists(&mailbox).unwrap());

    let page = post_urlencoded(
        &app,
        "/inbox/forget",
        &[("codename", codename.as_str()), ("confirm", "on")],
    )
    .await;
    assert!(page.text().await.unwrap().contains("id=\"forgotten\""));
    assert!(!app.store.mailbox_exists(&mailbox).unwrap());
    assert!(app.store.all_replies().unwrap().is_empty());
    let before = app.store.entry_count().unwrap();

    let (_, bundle) = outgoing_for(&app, mailbox);
    let message = assert_json_error(push_bytes(&app, bundle).await, 404).await;
    assert!(message.contains("unknown mailbox"), "{message}");
    assert_eq!(app.store.entry_count().unwrap(), before);
}

#[tokio::test(flavor = "multi_thread")]
async fn replayed_push_through_the_cli_fails_with_one_clear_line() {
    let app = TestApp::spawn().await;
    let newsroom = Newsroom::new(&app);
    let (_, bundle) = outgoing_for(&app, known_mailbox(&app));
    let outgoing = newsroom.path("outgoing.tar");
    std::fs::write(&outgoing, bundle).unwrap();
    assert_success(&newsroom.push(&app, &outgoing).await);

    let again = newsroom.push(&app, &outgoing).await;

    assert!(!again.status.success());
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("409") && stderr.contains("already accepted"),
        "{stderr}"
    );
}

#[tokio::test]
async fn api_lists_fetches_and_deletes_a_pushed_reply() {
    let app = TestApp::spawn().await;
    let token = random_token();
    let mailbox = tipbox::conversation::MailboxToken::from_hex(&token)
        .unwrap()
        .mailbox();
    app.post_json("/api/v1/mailbox", json!({ "token": token }))
        .await;
    let (id, bundle) = outgoing_for(&app, mailbox);
    assert_eq!(push_bytes(&app, bundle).await.status().as_u16(), 201);

    let list: serde_json::Value = app
        .post_json("/api/v1/mailbox/replies", json!({ "token": token }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["replies"][0]["id"], id.to_string());
    let stored = app.store.reply(&mailbox, &id).unwrap().unwrap();
    assert_eq!(list["replies"][0]["size"], stored.len() as u64);

    let fetched = app
        .post_json(
            "/api/v1/mailbox/reply",
            json!({ "token": token, "id": id.to_string() }),
        )
        .await;
    assert_eq!(fetched.status().as_u16(), 200);
    assert_eq!(
        fetched.headers()["content-type"],
        "application/octet-stream"
    );
    assert_eq!(fetched.bytes().await.unwrap().to_vec(), stored);

    let deleted = app
        .post_json(
            "/api/v1/mailbox/reply/delete",
            json!({ "token": token, "id": id.to_string() }),
        )
        .await;
    assert_eq!(deleted.status().as_u16(), 204);
    assert!(app.store.replies(&mailbox).unwrap().is_empty());
}

#[tokio::test]
async fn log_holds_no_codename_token_or_mailbox() {
    let app = TestApp::spawn().await;
    let page = first_tip_page(&app, "log test").await;
    let codename = shown_codename(&page);
    post_urlencoded(&app, "/inbox", &[("codename", &codename)]).await;
    post_urlencoded(&app, "/inbox", &[("codename", "abacuss abdomen")]).await;
    let token = random_token();
    app.post_json("/api/v1/mailbox/replies", json!({ "token": token }))
        .await;
    let keys = Codename::parse(&codename).unwrap().derive();

    let log = crate::helpers::captured_log();
    for secret in [
        // Whole strings: a single list word ("error"?) could be in any log.
        codename.clone(),
        token,
        keys.mailbox().to_string(),
        keys.token.to_hex().to_string(),
        "abacuss".to_owned(),
    ] {
        assert!(!log.contains(&secret), "the log holds {secret:?}");
    }
}

#[tokio::test]
async fn pages_with_a_codename_are_never_cached_nor_autofilled() {
    let app = TestApp::spawn().await;
    let first = post_form(
        &app,
        "",
        &[Part::text("message", "tip"), Part::text("reply", "on")],
    )
    .await;
    assert_eq!(first.headers()["cache-control"], "no-store");
    let codename = shown_codename(&first.text().await.unwrap());
    let inbox = post_urlencoded(&app, "/inbox", &[("codename", &codename)]).await;
    assert_eq!(inbox.headers()["cache-control"], "no-store");
    assert!(inbox.headers().get("set-cookie").is_none());
    let html = inbox.text().await.unwrap();
    // Every form that carries the codename is autocomplete="off".
    let forms = html.split("<form").skip(1).collect::<Vec<_>>();
    assert_eq!(forms.len(), 2, "follow-up and delete-my-mailbox");
    for form in forms {
        assert!(form.contains("autocomplete=\"off\""), "{form}");
    }
    let entry = app.get("/codename").await.text().await.unwrap();
    assert!(entry.contains("<textarea id=\"codename\" name=\"codename\""));
    assert!(entry.contains("autocomplete=\"off\""));
}

#[tokio::test]
async fn inbox_shows_a_reply_it_cannot_open_as_such_and_logs_no_line() {
    // Issue 12, item 7: such a reply was hidden, and each inbox visit wrote
    // a timestamped line (a timeline of the source's visits).
    let app = TestApp::spawn().await;
    let codename = Codename::generate();
    let mailbox = codename.derive().mailbox();
    app.store.create_mailbox(&mailbox).unwrap();
    let id = ReplyId::random();
    app.store
        .file_replies(&[tipbox::store::NewReply {
            id,
            mailbox,
            ciphertext: b"not an age file for this mailbox".to_vec(),
        }])
        .unwrap();
    let log_before = crate::helpers::captured_log().len();
    let counted_before = logging::counted(Event::UnreadableReply);

    let inbox = post_urlencoded(&app, "/inbox?l=fr", &[("codename", codename.as_str())]).await;

    assert_eq!(inbox.status().as_u16(), 200);
    let html = inbox.text().await.unwrap();
    assert!(html.contains(&format!("id=\"reply-{id}\"")), "{html}");
    assert!(
        html.contains("Cette réponse n’a pas pu être ouverte avec votre nom de code"),
        "{html}"
    );
    assert!(html.contains("inbox/delete"), "it can be deleted");
    let log = crate::helpers::captured_log();
    assert!(
        !log[log_before..].contains("could not be opened"),
        "a line for the visit"
    );
    assert!(logging::counted(Event::UnreadableReply) > counted_before);
}

// ---------------------------------------------------------------------------
// Follow-ups and replies that cannot be forged (issue 13, item 1).

/// A tip container with `meta` and no files, sealed to the newsroom: what
/// anyone can post to the tip API.
fn sealed_container(app: &TestApp, meta: &tipbox::tip::TipMeta) -> Vec<u8> {
    let container = tipbox::tip::TipWriter::new(Vec::new(), meta)
        .unwrap()
        .finish()
        .unwrap();
    app.encrypt(&container)
}

/// What an attacker who knows only a mailbox id can write.
fn forged_meta(kind: tipbox::tip::Kind, mailbox: &str, message: &str) -> tipbox::tip::TipMeta {
    let attacker = tipbox::envelope::Identity::generate();
    tipbox::tip::TipMeta {
        version: tipbox::tip::FORMAT_VERSION,
        kind,
        encrypted_by: tipbox::tip::EncryptedBy::Browser,
        language: "en".into(),
        message: message.into(),
        attachments: Vec::new(),
        mailbox: Some(mailbox.to_owned()),
        reply_recipient: Some(attacker.to_public().to_string()),
        followup_key: None,
        followup_proof: None,
    }
}

/// The folder whose message starts with `start`.
fn folder_with(desk: &Path, start: &str) -> PathBuf {
    opened(desk)
        .into_iter()
        .find(|(_, meta)| meta.message.starts_with(start))
        .unwrap_or_else(|| panic!("no entry starts with {start:?}"))
        .0
}

fn folder_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// The summary table's row for the entry in `folder`.
fn table_row<'a>(table: &'a str, folder: &Path) -> &'a str {
    let name = folder_name(folder);
    table
        .lines()
        .find(|line| line.starts_with(&name))
        .unwrap_or_else(|| panic!("no row for {name} in\n{table}"))
}

/// The desk's article for the entry in `folder`.
fn desk_article(desk: &str, folder: &Path) -> String {
    let name = folder_name(folder);
    desk.split("<article")
        .skip(1)
        .find(|article| article.split("</h3>").next().unwrap().contains(&name))
        .unwrap_or_else(|| panic!("no article for {name}"))
        .to_owned()
}

async fn reply_to(newsroom: &Newsroom, folder: &Path, text: &str) -> Output {
    let mut reply = Command::new(env!("CARGO_BIN_EXE_tipbox-decrypt"));
    reply
        .arg("reply")
        .arg("-i")
        .arg(newsroom.path("identity.txt"))
        .arg("--to")
        .arg(folder)
        .args(["-m", text])
        .arg("-o")
        .arg(newsroom.path("outgoing.tar"));
    run_command(reply).await
}

#[tokio::test(flavor = "multi_thread")]
async fn forged_followup_and_reply_are_unverified_and_refused_while_genuine_followups_verify() {
    let app = TestApp::spawn().await;
    let newsroom = Newsroom::new(&app);
    let web = Path::new(env!("CARGO_MANIFEST_DIR")).join("web");
    assert!(
        web.join("node_modules").is_dir(),
        "run `npm ci` in web/ first (scripts/test does)"
    );

    // 1. A real conversation, started without JavaScript.
    let page = first_tip_page(&app, "First tip: the harbour contracts").await;
    let codename = shown_codename(&page);
    let mailbox = Codename::parse(&codename)
        .unwrap()
        .derive()
        .mailbox()
        .to_string();

    // 2. The newsroom opens it into its desk, replies and pushes: the
    //    outgoing bundle (on the transfer station) names the mailbox.
    let (desk, _) = newsroom.export_and_open(&app, "desk").await;
    let first = folder_with(&desk, "First tip");
    assert_success(&reply_to(&newsroom, &first, "Genuine reply: who signed?").await);
    assert_success(&newsroom.push(&app, &newsroom.path("outgoing.tar")).await);
    std::fs::remove_file(newsroom.path("outgoing.tar")).unwrap();

    // 3. Someone who learnt the mailbox id posts, through the API, a
    //    follow-up with their own reply key (and a proof under a key of
    //    their own), and a "reply".
    let mut forged_followup = forged_meta(
        tipbox::tip::Kind::Followup,
        &mailbox,
        "Forged follow-up: send the files to my new key",
    );
    let own_key = tipbox::conversation::FollowupKey::from_hex(&"5a".repeat(32)).unwrap();
    forged_followup.followup_proof =
        Some(tipbox::conversation::proof::PROOF_PLACEHOLDER.to_owned());
    let proof = own_key.prove(&forged_followup.to_json(), &[0; 32]);
    forged_followup.followup_proof = Some(proof);
    let forged_reply = forged_meta(
        tipbox::tip::Kind::Reply,
        &mailbox,
        "Forged reply: we agreed to meet at the station",
    );
    for meta in [&forged_followup, &forged_reply] {
        let answer = app.post_tip(sealed_container(&app, meta)).await;
        assert_eq!(answer.status().as_u16(), 201, "the server cannot tell");
    }

    // 4. The real source follows up, without JavaScript and from the
    //    browser client's own modules (run under node, as the page runs them).
    let followup = post_form(
        &app,
        "",
        &[
            Part::text("codename", &codename),
            Part::text("message", "No-JS follow-up: the invoices"),
            Part::file("invoice.txt", "text/plain", b"invoice 7 of 12".to_vec()),
        ],
    )
    .await;
    assert_eq!(followup.status().as_u16(), 200);
    let ledger = newsroom.path("ledger.csv");
    std::fs::write(&ledger, b"date,amount\n2026-01-02,40000\n").unwrap();
    let from_browser = newsroom.path("browser-followup.age");
    let mut node = Command::new("node");
    node.arg(web.join("tools/make-tip.mjs"));
    for recipient in &app.recipients {
        node.arg("-r").arg(recipient.to_string());
    }
    node.args(["--codename", &codename, "--kind", "followup"])
        .args(["-m", "Browser follow-up: the ledger"])
        .arg("-o")
        .arg(&from_browser)
        .arg(&ledger);
    assert_success(&run_command(node).await);
    let answer = app.post_tip(std::fs::read(&from_browser).unwrap()).await;
    assert_eq!(answer.status().as_u16(), 201);

    // 5. The next export opens into the same desk.
    let bundle = app.export().await.bytes().await.unwrap();
    std::fs::write(newsroom.path("second.tar"), &bundle).unwrap();
    let mut open = Command::new(env!("CARGO_BIN_EXE_tipbox-decrypt"));
    open.arg("open")
        .arg("-i")
        .arg(newsroom.path("identity.txt"))
        .arg(newsroom.path("second.tar"))
        .arg("-o")
        .arg(&desk);
    let opened_again = run_command(open).await;
    let table = assert_success(&opened_again);
    let stderr = String::from_utf8_lossy(&opened_again.stderr);
    let index = std::fs::read_to_string(desk.join("index.html")).unwrap();

    let forged_followup = folder_with(&desk, "Forged follow-up");
    let forged_reply = folder_with(&desk, "Forged reply");
    let genuine_reply = folder_with(&desk, "Genuine reply");
    let nojs_followup = folder_with(&desk, "No-JS follow-up");
    let browser_followup = folder_with(&desk, "Browser follow-up");

    // The forged entries say "unverified", in the table and on the desk.
    assert!(
        table_row(&table, &forged_followup).contains("follow-up (unverified)"),
        "{table}"
    );
    assert!(
        table_row(&table, &forged_reply).contains("reply (unverified)"),
        "{table}"
    );
    for forged in [&forged_followup, &forged_reply] {
        let article = desk_article(&index, forged);
        assert!(article.contains("unverified"), "{article}");
        assert!(!article.contains("Our reply"), "{article}");
        assert!(
            stderr.contains(&format!("{} is unverified", folder_name(forged))),
            "{stderr}"
        );
    }
    // The genuine ones do not.
    for genuine in [&nojs_followup, &browser_followup] {
        let row = table_row(&table, genuine);
        assert!(
            row.contains(&format!("{}… follow-up", &mailbox[..7])),
            "{row}"
        );
        assert!(!row.contains("unverified"), "{row}");
        assert!(!desk_article(&index, genuine).contains("unverified"));
    }
    let row = table_row(&table, &genuine_reply);
    assert!(
        row.contains("our reply") && !row.contains("unverified"),
        "{row}"
    );
    assert!(desk_article(&index, &genuine_reply).contains("Our reply"));
    assert_eq!(
        index.matches("Our reply").count(),
        1,
        "only the desk's own reply"
    );
    // The first tip was already in the desk: skipped, and said so.
    assert!(
        table_row(&table, &first).contains("already in the desk: skipped"),
        "{table}"
    );

    // 6. Answering a forged entry is refused with one line; nothing written.
    for forged in [&forged_followup, &forged_reply] {
        let refused = reply_to(&newsroom, forged, "This must not reach the forger").await;
        assert!(!refused.status.success());
        let line = String::from_utf8_lossy(&refused.stderr);
        assert_eq!(line.lines().count(), 1, "{line}");
        assert!(
            line.contains("unverified") && line.contains("refusing to reply"),
            "{line}"
        );
        assert!(!newsroom.path("outgoing.tar").exists());
    }
    // A genuine follow-up from either path can be answered.
    for genuine in [&nojs_followup, &browser_followup] {
        assert_success(&reply_to(&newsroom, genuine, "Thank you, received").await);
    }
}
