//! The operator's commands, run as the operator runs them: `tipbox-server
//! check`, `backup` and `restore`; retention; export confirmation (the API
//! and `tipbox fetch --confirm`); key rotation through to `tipbox-decrypt
//! open` with several identities.
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use time::OffsetDateTime;
use tipbox::bundle::{BundleReader, KeySetId, Manifest, ManifestEntry, TipId};
use tipbox::envelope::{Decryptor, Identity, Recipient};
use tipbox::server::config::TokenHash;
use tipbox::server::startup::{store_dir, store_limits};
use tipbox::server::Settings;
use tipbox::store::Store;

use crate::helpers::{encrypt_to, TestApp};

// --- helpers -------------------------------------------------------------------

fn tipbox_server(config: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tipbox-server"))
        .arg("--config")
        .arg(config)
        .args(args)
        .env_remove("TIPBOX_NEWSROOM__ALLOW_DEMO_KEY")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A station's client-authorization line as tor writes it.
const CLIENT_KEY: &str = "descriptor:x25519:A2A2A2A2A2A2A2A2A2A2A2A2A2A2A2A2A2A2A2A2A2A2A2A2A2A2";

/// A production-like configuration in `dir`: Unix sockets in `dir/run`,
/// storage in `dir/data` (100 MiB cap), one recipient, one token, and a
/// torrc whose newsroom onion (`dir/tor/newsroom`) has one client key;
/// `extra` appended.
fn write_config(dir: &Path, recipients: &[Recipient], extra: &str) -> PathBuf {
    std::fs::create_dir_all(dir.join("run")).unwrap();
    let clients = dir.join("tor/newsroom/authorized_clients");
    std::fs::create_dir_all(&clients).unwrap();
    std::fs::write(clients.join("desk-1.auth"), format!("{CLIENT_KEY}\n")).unwrap();
    std::fs::write(
        dir.join("torrc"),
        format!(
            "HiddenServiceDir {tor}/source/\nHiddenServicePort 80 unix:{run}/source.sock\n\
             HiddenServiceDir {tor}/newsroom/\nHiddenServicePort 80 unix:{run}/admin.sock\n",
            tor = dir.join("tor").display(),
            run = dir.join("run").display(),
        ),
    )
    .unwrap();
    let recipients: Vec<String> = recipients.iter().map(|r| format!("\"{r}\"")).collect();
    let config = format!(
        "[server]\nlisten = \"unix:{run}/source.sock\"\n\
         [admin]\nlisten = \"unix:{run}/admin.sock\"\ntoken_sha256 = [\"{hash}\"]\n\
         torrc = \"{torrc}\"\n\
         [storage]\npath = \"{data}\"\n\
         [limits]\nmax_store_bytes = 104857600\n\
         [newsroom]\nrecipients = [{recipients}]\nallow_demo_key = false\n{extra}",
        run = dir.join("run").display(),
        data = dir.join("data").display(),
        torrc = dir.join("torrc").display(),
        hash = hex::encode(TokenHash::of("a token").0),
        recipients = recipients.join(", "),
    );
    let path = dir.join("tipbox.toml");
    std::fs::write(&path, config).unwrap();
    path
}

fn settings(config: &Path) -> Settings {
    Settings::load(Some(config)).unwrap()
}

/// Opens the store of `config` as the server would.
fn open_store(config: &Path) -> Store {
    let settings = settings(config);
    Store::open(&store_dir(&settings.storage.path), store_limits(&settings)).unwrap()
}

fn store_tip(store: &Store, ciphertext: &[u8]) -> TipId {
    let mut upload = store.begin().unwrap();
    upload.write_all(ciphertext).unwrap();
    upload.commit().unwrap()
}

fn decrypt(ciphertext: &[u8], identities: &[Identity]) -> Option<Vec<u8>> {
    let mut plaintext = Vec::new();
    Decryptor::new(ciphertext, identities)
        .ok()?
        .read_to_end(&mut plaintext)
        .ok()?;
    Some(plaintext)
}

/// A bundle's manifest and each tip's ciphertext.
fn read_bundle(bytes: &[u8]) -> (Manifest, BTreeMap<TipId, Vec<u8>>) {
    let reader = BundleReader::new(bytes).unwrap();
    let manifest = reader.manifest().clone();
    let mut tips = BTreeMap::new();
    reader
        .for_each_tip(&mut |entry, content| {
            let mut ciphertext = Vec::new();
            content.read_to_end(&mut ciphertext)?;
            tips.insert(entry.id, ciphertext);
            Ok(())
        })
        .unwrap();
    (manifest, tips)
}

fn key_set(recipients: &[Recipient]) -> KeySetId {
    let texts: Vec<String> = recipients.iter().map(ToString::to_string).collect();
    KeySetId::of(&texts)
}

// --- tipbox-server check ---------------------------------------------------------

#[test]
fn check_passes_a_production_configuration_with_one_ok_line_per_check() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &[Identity::generate().to_public()], "");

    let output = tipbox_server(&config, &["check"]);

    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", text(&output.stderr));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 7, "{stdout}");
    assert!(lines.iter().all(|l| l.starts_with("ok ")), "{stdout}");
    assert!(stdout.contains("storage folder"), "{stdout}");
    // `check` changes nothing: the storage folder is not created.
    assert!(!dir.path().join("data").exists());
}

#[test]
fn check_refuses_a_configuration_without_keys_when_the_demo_key_is_not_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &[], "");

    let output = tipbox_server(&config, &["check"]);

    let stdout = text(&output.stdout);
    assert!(!output.status.success());
    assert!(
        stdout.contains("FAIL  keys: no [newsroom] recipients"),
        "{stdout}"
    );
    assert!(text(&output.stderr).contains("1 of 7 checks failed"));
}

/// The one FAIL line of `check` on `config`, after asserting it failed.
fn only_failure(config: &Path) -> String {
    let output = tipbox_server(config, &["check"]);
    let stdout = text(&output.stdout);
    assert!(!output.status.success(), "{stdout}");
    let failed: Vec<&str> = stdout.lines().filter(|l| l.starts_with("FAIL")).collect();
    assert_eq!(failed.len(), 1, "{stdout}");
    assert!(text(&output.stderr).contains("1 of 7 checks failed"));
    failed[0].to_owned()
}

fn edited(config: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(config).unwrap();
    assert!(text.contains(from), "{text}");
    std::fs::write(config, text.replace(from, to)).unwrap();
}

#[test]
fn check_refuses_the_demo_key_even_when_allowed() {
    // Its secret key sits on the online server: never ready for production.
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &[], "");
    edited(&config, "allow_demo_key = false", "allow_demo_key = true");

    let line = only_failure(&config);

    assert!(
        line.starts_with("FAIL  keys: no recipients: tips would go to the DEMO key"),
        "{line}"
    );
    assert!(line.contains("[newsroom] recipients"), "{line}");
}

#[test]
fn check_refuses_a_newsroom_listener_on_a_public_address() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &[Identity::generate().to_public()], "");
    let socket = format!("unix:{}/admin.sock", dir.path().join("run").display());
    edited(&config, &socket, "0.0.0.0:8081");
    // tor itself follows the listener, so only the address is wrong.
    edited(&dir.path().join("torrc"), &socket, "0.0.0.0:8081");

    let line = only_failure(&config);

    assert!(
        line.starts_with("FAIL  newsroom listener: 0.0.0.0:8081 is not a loopback address"),
        "{line}"
    );
    assert!(
        line.contains("listen on unix:/run/tipbox/admin.sock"),
        "{line}"
    );
}

#[test]
fn check_refuses_an_invalid_port() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &[Identity::generate().to_public()], "");
    edited(
        &config,
        &format!("unix:{}/source.sock", dir.path().join("run").display()),
        "127.0.0.1:80800",
    );

    let line = only_failure(&config);

    assert!(line.starts_with("FAIL  source listener: port \"80800\" of 127.0.0.1:80800 is not a number from 1 to 65535"), "{line}");
}

#[test]
fn check_refuses_a_store_cap_larger_than_the_disk() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &[Identity::generate().to_public()], "");
    // 1 EiB: more than any test machine's disk.
    edited(
        &config,
        "max_store_bytes = 104857600",
        "max_store_bytes = 1152921504606846976",
    );

    let line = only_failure(&config);

    assert!(
        line.starts_with("FAIL  storage space: [limits] max_store_bytes is 1.0 EiB but"),
        "{line}"
    );
    assert!(line.contains("lower max_store_bytes to at most"), "{line}");
}

#[test]
fn check_refuses_a_newsroom_onion_without_client_authorization() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &[Identity::generate().to_public()], "");
    let clients = dir.path().join("tor/newsroom/authorized_clients");
    std::fs::remove_file(clients.join("desk-1.auth")).unwrap();

    let none = only_failure(&config);
    std::fs::write(clients.join("desk-1.auth"), "descriptor:x25519:damaged\n").unwrap();
    let damaged = only_failure(&config);

    assert!(
        none.starts_with("FAIL  newsroom onion: no client key (*.auth) in"),
        "{none}"
    );
    assert!(none.contains("without client authorization"), "{none}");
    assert!(
        damaged.contains("desk-1.auth is not one line descriptor:x25519:"),
        "{damaged}"
    );
}

#[test]
fn check_refuses_a_torrc_without_the_newsroom_onion() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &[Identity::generate().to_public()], "");
    let torrc = dir.path().join("torrc");
    let only_source: String = std::fs::read_to_string(&torrc)
        .unwrap()
        .lines()
        .take(2)
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&torrc, only_source).unwrap();

    let line = only_failure(&config);

    assert!(
        line.starts_with("FAIL  newsroom onion: no HiddenServicePort in"),
        "{line}"
    );
}

#[test]
fn check_refuses_a_socket_folder_that_does_not_exist_and_a_storage_path_that_is_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &[Identity::generate().to_public()], "");
    std::fs::remove_dir(dir.path().join("run")).unwrap();
    std::fs::write(dir.path().join("data"), "not a folder").unwrap();

    let output = tipbox_server(&config, &["check"]);

    let stdout = text(&output.stdout);
    assert!(!output.status.success());
    assert!(
        stdout.contains("FAIL  source listener: socket folder"),
        "{stdout}"
    );
    assert!(
        stdout.contains("FAIL  newsroom listener: socket folder"),
        "{stdout}"
    );
    assert!(stdout.contains("FAIL  storage: storage folder"), "{stdout}");
    assert!(stdout.contains("is not a folder"), "{stdout}");
}

#[test]
fn check_refuses_no_token_hash_and_a_token_pasted_in_clear() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &[Identity::generate().to_public()], "");
    let hash = hex::encode(TokenHash::of("a token").0);
    let original = std::fs::read_to_string(&config).unwrap();

    std::fs::write(&config, original.replace(&format!("\"{hash}\""), "")).unwrap();
    let none = tipbox_server(&config, &["check"]);
    std::fs::write(&config, original.replace(&hash, "a token")).unwrap();
    let clear = tipbox_server(&config, &["check"]);

    assert!(!none.status.success());
    assert!(text(&none.stdout).contains("FAIL  tokens: no [admin] token_sha256"));
    assert!(!clear.status.success());
    let stderr = text(&clear.stderr);
    assert!(stderr.contains("64 hex digits"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one clear line: {stderr}");
}

// --- retention -------------------------------------------------------------------

/// Restores a tip with the given arrival date (the only way to make an old one).
fn store_dated_tip(store: &Store, received: time::Date, ciphertext: &[u8]) -> TipId {
    let entry = ManifestEntry {
        id: TipId::random(),
        received: received.to_string(),
        size: ciphertext.len() as u64,
        key_set: None,
    };
    store
        .restore(&entry, &BTreeMap::new(), &mut &ciphertext[..])
        .unwrap();
    entry.id
}

#[test]
fn retention_removes_tips_older_than_max_age_and_keeps_newer_ones() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &[Identity::generate().to_public()], "");
    let store = open_store(&config);
    let today = OffsetDateTime::now_utc().date();
    let old = store_dated_tip(&store, today - time::Duration::days(31), b"old");
    let edge = store_dated_tip(&store, today - time::Duration::days(30), b"edge");
    let new = store_tip(&store, b"new");

    let removed = tipbox::server::retention::remove_expired(&store, 30).unwrap();

    assert_eq!(removed, 1);
    let kept: Vec<TipId> = store.list().unwrap().iter().map(|r| r.id).collect();
    assert!(!kept.contains(&old));
    assert!(kept.contains(&edge) && kept.contains(&new));
    assert_eq!(
        store.used_bytes(),
        7,
        "the removed tip's bytes are released"
    );
}

#[tokio::test]
async fn retention_runs_at_start_up() {
    let data_dir = tempfile::tempdir().unwrap();
    let settings_dir = data_dir.path().to_owned();
    {
        let settings = crate::helpers::test_settings(&settings_dir, "t");
        let store = Store::open(&store_dir(&settings_dir), store_limits(&settings)).unwrap();
        let long_ago = OffsetDateTime::now_utc().date() - time::Duration::days(400);
        store_dated_tip(&store, long_ago, b"old");
        store_tip(&store, b"new");
    }

    let app = TestApp::spawn_with(|settings| {
        settings.storage.path = settings_dir.clone();
        settings.retention.max_age_days = 365;
    })
    .await;

    let tips: Vec<serde_json::Value> = app.list_tips().await.json().await.unwrap();
    assert_eq!(tips.len(), 1, "{tips:?}");
    assert_eq!(tips[0]["size"], 3);
}

// --- export confirmation ---------------------------------------------------------

async fn export_bytes(app: &TestApp) -> Vec<u8> {
    let response = app.export().await;
    assert_eq!(response.status().as_u16(), 200);
    response.bytes().await.unwrap().to_vec()
}

async fn confirm(app: &TestApp, body: serde_json::Value) -> reqwest::Response {
    app.client
        .post(format!("{}/v1/export/confirm", app.newsroom_address))
        .bearer_auth(&app.token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn listed_sizes(app: &TestApp) -> Vec<u64> {
    let tips: Vec<serde_json::Value> = app.list_tips().await.json().await.unwrap();
    let mut sizes: Vec<u64> = tips.iter().map(|t| t["size"].as_u64().unwrap()).collect();
    sizes.sort();
    sizes
}

#[tokio::test]
async fn confirming_an_export_by_its_ids_removes_those_tips_and_keeps_one_that_arrived_later() {
    let app = TestApp::spawn().await;
    for message in [&b"first"[..], b"second"] {
        assert_eq!(app.post_tip(app.encrypt(message)).await.status(), 201);
    }
    let (manifest, _) = read_bundle(&export_bytes(&app).await);
    let later = app.encrypt(b"arrived after the export, longer");
    assert_eq!(app.post_tip(later.clone()).await.status(), 201);
    let ids: Vec<String> = manifest.tips.iter().map(|t| t.id.to_string()).collect();

    let response = confirm(&app, serde_json::json!({ "ids": ids })).await;

    assert_eq!(response.status().as_u16(), 200);
    let answer: serde_json::Value = response.json().await.unwrap();
    assert_eq!(answer, serde_json::json!({"removed": 2, "absent": 0}));
    assert_eq!(listed_sizes(&app).await, [later.len() as u64]);
}

#[tokio::test]
async fn confirming_by_export_id_removes_exactly_what_that_export_listed() {
    let app = TestApp::spawn().await;
    assert_eq!(app.post_tip(app.encrypt(b"exported")).await.status(), 201);
    let (manifest, _) = read_bundle(&export_bytes(&app).await);
    let later = app.encrypt(b"arrived after the export, longer");
    assert_eq!(app.post_tip(later.clone()).await.status(), 201);
    let export_id = manifest
        .export_id
        .expect("an export carries its id")
        .to_string();

    let first = confirm(&app, serde_json::json!({ "export_id": export_id })).await;
    let again = confirm(&app, serde_json::json!({ "export_id": export_id })).await;

    assert_eq!(first.status().as_u16(), 200);
    assert_eq!(listed_sizes(&app).await, [later.len() as u64]);
    // The export is forgotten once confirmed: a replay removes nothing more.
    assert_eq!(again.status().as_u16(), 404);
    assert_eq!(listed_sizes(&app).await, [later.len() as u64]);
}

#[tokio::test]
async fn confirmation_without_ids_or_export_id_is_refused_and_removes_nothing() {
    let app = TestApp::spawn().await;
    assert_eq!(app.post_tip(app.encrypt(b"kept")).await.status(), 201);

    let empty = confirm(&app, serde_json::json!({})).await;
    let bad_id = confirm(&app, serde_json::json!({ "ids": ["../../etc"] })).await;

    crate::helpers::assert_json_error(empty, 400).await;
    crate::helpers::assert_json_error(bad_id, 400).await;
    assert_eq!(listed_sizes(&app).await.len(), 1);
}

#[tokio::test]
async fn fetch_with_confirm_writes_the_bundle_then_the_server_removes_its_tips() {
    let app = TestApp::spawn().await;
    let tip = app.encrypt(b"to the transfer station");
    assert_eq!(app.post_tip(tip.clone()).await.status(), 201);
    let work = tempfile::tempdir().unwrap();
    let token_file = work.path().join("token");
    std::fs::write(&token_file, format!("{}\n", app.token)).unwrap();
    let bundle = work.path().join("bundle.tar");
    let (server, out) = (format!("{}/", app.newsroom_address), bundle.clone());

    let output = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_tipbox"))
            .args([
                "fetch",
                "--confirm",
                "--direct",
                "--server",
                &server,
                "--token-file",
            ])
            .arg(&token_file)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap()
    })
    .await
    .unwrap();

    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("removed 1 tip of this bundle"), "{stderr}");
    let (_, tips) = read_bundle(&std::fs::read(&bundle).unwrap());
    assert_eq!(tips.into_values().collect::<Vec<_>>(), [tip]);
    assert!(listed_sizes(&app).await.is_empty());
}

#[tokio::test]
async fn confirm_refuses_a_damaged_bundle_and_removes_nothing() {
    let app = TestApp::spawn().await;
    assert_eq!(app.post_tip(app.encrypt(b"kept")).await.status(), 201);
    let mut bytes = export_bytes(&app).await;
    bytes.truncate(bytes.len() - 2048); // cut inside the tip
    let work = tempfile::tempdir().unwrap();
    let token_file = work.path().join("token");
    std::fs::write(&token_file, &app.token).unwrap();
    let bundle = work.path().join("bundle.tar");
    std::fs::write(&bundle, bytes).unwrap();
    let server = format!("{}/", app.newsroom_address);

    let output = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_tipbox"))
            .args(["confirm", "--direct", "--server", &server, "--token-file"])
            .arg(&token_file)
            .arg(&bundle)
            .output()
            .unwrap()
    })
    .await
    .unwrap();

    assert!(!output.status.success());
    assert_eq!(listed_sizes(&app).await.len(), 1);
}

// --- backup and restore ----------------------------------------------------------

#[test]
fn backup_then_restore_into_a_new_folder_gives_back_every_tip_byte_identical() {
    let (one, two) = (Identity::generate(), Identity::generate());
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &[one.to_public()], "");
    let mut plaintexts = BTreeMap::new();
    {
        let store = open_store(&config);
        store.use_key_set(&[one.to_public().to_string()]).unwrap();
        for size in [0usize, 1, 64 * 1024, 200_000] {
            let plaintext: Vec<u8> = (0..size).map(|i| (i * 7 + size) as u8).collect();
            let id = store_tip(&store, &encrypt_to(&[one.to_public()], &plaintext));
            plaintexts.insert(id, plaintext);
        }
        // A rotation between tips: the backup keeps both key sets.
        store.use_key_set(&[two.to_public().to_string()]).unwrap();
        let id = store_tip(&store, &encrypt_to(&[two.to_public()], b"after rotation"));
        plaintexts.insert(id, b"after rotation".to_vec());
    }
    let backup = dir.path().join("backup.tar");
    let elsewhere = tempfile::tempdir().unwrap();
    let restored_config = write_config(elsewhere.path(), &[two.to_public()], "");

    let backed_up = tipbox_server(&config, &["backup", "-o", backup.to_str().unwrap()]);
    let restored = tipbox_server(&restored_config, &["restore", backup.to_str().unwrap()]);

    assert!(backed_up.status.success(), "{}", text(&backed_up.stderr));
    assert!(text(&backed_up.stdout).contains("backed up 5 tips"));
    assert!(restored.status.success(), "{}", text(&restored.stderr));
    let store = open_store(&restored_config);
    let (manifest, tips) = read_bundle(&store.export(Vec::new()).unwrap());
    assert_eq!(tips.len(), plaintexts.len());
    for (id, plaintext) in &plaintexts {
        let opened = decrypt(&tips[id], &[one.clone(), two.clone()]).expect("decrypts");
        assert_eq!(&opened, plaintext, "tip {id}");
    }
    assert_eq!(
        manifest.key_sets.len(),
        2,
        "both key sets survive the restore"
    );
}

#[test]
fn backup_refuses_while_the_server_holds_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &[Identity::generate().to_public()], "");
    let running = open_store(&config);
    store_tip(&running, b"held");
    let backup = dir.path().join("backup.tar");

    let output = tipbox_server(&config, &["backup", "-o", backup.to_str().unwrap()]);

    assert!(!output.status.success());
    assert!(
        text(&output.stderr).contains("stop the server first"),
        "{}",
        text(&output.stderr)
    );
    assert!(!backup.exists(), "no partial backup file");
    drop(running);
}

#[test]
fn restore_refuses_a_folder_that_already_holds_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &[Identity::generate().to_public()], "");
    let store = open_store(&config);
    let kept = store_tip(&store, b"already here");
    let backup = dir.path().join("backup.tar");
    std::fs::write(&backup, store.backup(Vec::new()).unwrap()).unwrap();
    drop(store);

    let output = tipbox_server(&config, &["restore", backup.to_str().unwrap()]);

    assert!(!output.status.success());
    assert!(text(&output.stderr).contains("restore only into an empty storage folder"));
    let ids: Vec<TipId> = open_store(&config)
        .list()
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ids, [kept]);
}

// --- key rotation ----------------------------------------------------------------

#[tokio::test]
async fn export_names_the_key_set_each_tip_was_checked_against() {
    let app = TestApp::spawn().await;
    assert_eq!(app.post_tip(app.encrypt(b"a tip")).await.status(), 201);

    let (manifest, _) = read_bundle(&export_bytes(&app).await);

    let expected = key_set(&app.recipients);
    assert_eq!(manifest.tips[0].key_set, Some(expected));
    assert_eq!(
        manifest.key_sets[&expected],
        [app.recipients[0].to_string()]
    );
}

/// A tip container holding `message`, sealed to `recipients`.
fn sealed_tip(recipients: &[Recipient], message: &str) -> Vec<u8> {
    use tipbox::tip::{EncryptedBy, Kind, TipMeta, TipWriter, FORMAT_VERSION};
    let meta = TipMeta {
        version: FORMAT_VERSION,
        kind: Kind::Tip,
        encrypted_by: EncryptedBy::Cli,
        language: "en".into(),
        message: message.into(),
        attachments: Vec::new(),
        mailbox: None,
        reply_recipient: None,
        followup_key: None,
        followup_proof: None,
    };
    let encryptor = tipbox::envelope::Encryptor::new(Vec::new(), recipients).unwrap();
    let writer = TipWriter::new(encryptor, &meta).unwrap();
    writer.finish().unwrap().finish().unwrap()
}

/// Runs `tipbox-decrypt open` with each identity file, on `bundle`.
fn decrypt_open(bundle: &Path, identities: &[&Path], out: &Path) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tipbox-decrypt"));
    command.arg("open");
    for identity in identities {
        command.arg("-i").arg(identity);
    }
    command.arg(bundle).arg("-o").arg(out).output().unwrap()
}

#[test]
fn tips_before_and_after_a_rotation_open_with_the_right_identities() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (Identity::generate(), Identity::generate());
    // Rotation: add a key, then retire the old one.
    let before = [old.to_public()];
    let during = [old.to_public(), new.to_public()];
    let after = [new.to_public()];
    let config = write_config(dir.path(), &before, "");
    let store = open_store(&config);
    let mut expected_sets = Vec::new();
    for (keys, message) in [
        (&before[..], "before"),
        (&during, "during"),
        (&after, "after"),
    ] {
        let texts: Vec<String> = keys.iter().map(ToString::to_string).collect();
        expected_sets.push(store.use_key_set(&texts).unwrap());
        store_tip(&store, &sealed_tip(keys, message));
    }
    let bundle = dir.path().join("bundle.tar");
    std::fs::write(&bundle, store.export(Vec::new()).unwrap()).unwrap();
    let (old_file, new_file) = (dir.path().join("old.txt"), dir.path().join("new.txt"));
    std::fs::write(&old_file, format!("{}\n", old.to_encoded().as_str())).unwrap();
    std::fs::write(&new_file, format!("{}\n", new.to_encoded().as_str())).unwrap();

    let both = decrypt_open(&bundle, &[&old_file, &new_file], &dir.path().join("both"));
    let only_new = decrypt_open(&bundle, &[&new_file], &dir.path().join("new"));

    let (manifest, _) = read_bundle(&std::fs::read(&bundle).unwrap());
    let named: Vec<KeySetId> = manifest.tips.iter().filter_map(|t| t.key_set).collect();
    let mut named_sorted = named.clone();
    named_sorted.sort();
    let mut expected_sorted = expected_sets.clone();
    expected_sorted.sort();
    assert_eq!(named_sorted, expected_sorted, "each tip names its key set");
    assert_eq!(manifest.key_sets.len(), 3);
    assert!(both.status.success(), "{}", text(&both.stderr));
    assert_eq!(count_opened(&dir.path().join("both")), 3);
    // The new identity alone opens the tips of the last two key sets only.
    assert!(!only_new.status.success());
    assert!(text(&only_new.stderr).contains("1 of 3 tips could not be opened"));
    assert_eq!(count_opened(&dir.path().join("new")), 2);
}

/// Tip folders (those holding a tip.json) in an `open` output folder.
fn count_opened(out: &Path) -> usize {
    std::fs::read_dir(out)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().join("tip.json").is_file())
                .count()
        })
        .unwrap_or(0)
}
