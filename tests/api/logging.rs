//! The operator's log never records who a client is or what they sent.
use reqwest::Method;

use tipbox::server::logging::{self, Event};

use crate::helpers::{captured_log, TestApp};

#[tokio::test]
async fn log_of_the_test_run_holds_no_client_address_agent_or_token() {
    let app = TestApp::spawn().await;
    let agent = "Mozilla/5.0 (tipbox-test-agent-7f3e)";
    let client = reqwest::Client::builder()
        .user_agent(agent)
        .build()
        .unwrap();
    // Successes, refusals and errors on both listeners.
    let tip = app.encrypt(b"log test");
    let answers = [
        client
            .post(format!("{}/api/v1/tips", app.address))
            .body(tip)
            .send()
            .await,
        client
            .post(format!("{}/api/v1/tips", app.address))
            .body("garbage")
            .send()
            .await,
        client
            .get(format!("{}/no/such/page", app.address))
            .send()
            .await,
        client.put(format!("{}/", app.address)).send().await,
        client
            .get(format!("{}/v1/tips", app.newsroom_address))
            .bearer_auth("wrong-token-9c1d")
            .send()
            .await,
        client
            .get(format!("{}/v1/export", app.newsroom_address))
            .bearer_auth(&app.token)
            .send()
            .await,
    ];
    for answer in answers {
        answer.unwrap();
    }
    app.newsroom(Method::GET, "/v1/tips", Some(&app.token))
        .await;

    let log = captured_log();

    // The capture works: start-up lines are there.
    assert!(
        log.contains("source listener ready"),
        "nothing captured:\n{log}"
    );
    assert!(
        !log.contains("127.0.0.1"),
        "client address in the log:\n{log}"
    );
    assert!(
        !log.contains("tipbox-test-agent"),
        "User-Agent in the log:\n{log}"
    );
    assert!(
        !log.contains("wrong-token-9c1d"),
        "token in the log:\n{log}"
    );
    assert!(!log.contains(&app.token), "token in the log:\n{log}");
}

#[tokio::test]
async fn refused_uploads_are_counted_for_the_hourly_report_not_logged_one_by_one() {
    // Issue 12, item 7: each refusal wrote a timestamped line, a timeline
    // of source activity. Now only totals, at most once an hour.
    let app = TestApp::spawn_with(|s| s.limits.max_store_bytes = 2000).await;
    assert_eq!(
        app.post_tip(app.encrypt(&[1; 1500]))
            .await
            .status()
            .as_u16(),
        201
    );
    let log_before = captured_log().len();
    let counted_before = logging::counted(Event::StorageCapReached);

    for _ in 0..3 {
        let refused = app.post_tip(app.encrypt(&[2; 1500])).await;
        assert_eq!(refused.status().as_u16(), 507);
    }

    let log = captured_log();
    assert!(
        !log[log_before..].contains("storage cap reached"),
        "a line per refusal:\n{}",
        &log[log_before..]
    );
    assert!(logging::counted(Event::StorageCapReached) >= counted_before + 3);
    assert_eq!(logging::REPORT_PERIOD.as_secs(), 3600);
}

// --- the real binary's log, as systemd's journal gets it (issue 14, item 9) ----

/// A configuration for the real binary in `dir`: both listeners on loopback
/// port 0, one recipient, one token hash (so that nothing is warned about).
fn quiet_config(dir: &std::path::Path) -> std::path::PathBuf {
    let recipient = tipbox::envelope::Identity::generate().to_public();
    let hash = hex::encode(tipbox::server::config::TokenHash::of("a token").0);
    let path = dir.join("tipbox.toml");
    std::fs::write(
        &path,
        format!(
            "[server]\nlisten = \"127.0.0.1:0\"\n[admin]\nlisten = \"127.0.0.1:0\"\n\
             token_sha256 = [\"{hash}\"]\n[storage]\npath = \"{data}\"\n\
             [newsroom]\nrecipients = [\"{recipient}\"]\n",
            data = dir.join("data").display()
        ),
    )
    .unwrap();
    path
}

/// Starts the real binary on `config`, its standard error into `log`, with
/// `journal_stream` as `JOURNAL_STREAM` (or none).
fn start_server(
    config: &std::path::Path,
    log: &std::path::Path,
    journal_stream: Option<String>,
) -> std::process::Child {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_tipbox-server"));
    for (name, _) in std::env::vars().filter(|(n, _)| n.starts_with("TIPBOX_") || n == "RUST_LOG") {
        command.env_remove(name);
    }
    command.env_remove("JOURNAL_STREAM");
    if let Some(stream) = journal_stream {
        command.env("JOURNAL_STREAM", stream);
    }
    command
        .arg("--config")
        .arg(config)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(log).unwrap())
        .spawn()
        .unwrap()
}

/// Waits until `log` holds `text` (the server exits: the log so far).
fn wait_for(log: &std::path::Path, text: &str, server: &mut std::process::Child) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let so_far = std::fs::read_to_string(log).unwrap_or_default();
        if so_far.contains(text) {
            return so_far;
        }
        assert!(server.try_wait().unwrap().is_none(), "exited: {so_far}");
        assert!(
            std::time::Instant::now() < deadline,
            "no {text:?}: {so_far}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// `systemctl stop`: SIGTERM, then the log once the server has exited.
fn stop(mut server: std::process::Child, log: &std::path::Path) -> String {
    let pid = nix::unistd::Pid::from_raw(server.id() as i32);
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).unwrap();
    // A SIGTERM right after the start must not be lost (it once was).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let status = loop {
        if let Some(status) = server.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            server.kill().unwrap();
            panic!("SIGTERM did not stop the server within 30 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert!(status.success(), "{status}");
    std::fs::read_to_string(log).unwrap()
}

fn starts_with_a_timestamp(line: &str) -> bool {
    // tracing's default: 2026-12-02T08:04:49.373123Z
    line.len() > 20 && line.as_bytes()[4] == b'-' && line.as_bytes()[10] == b'T'
}

#[test]
fn under_systemd_lines_carry_no_second_timestamp_and_start_and_stop_are_logged() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let config = quiet_config(dir.path());
    let log = dir.path().join("journal");
    std::fs::File::create(&log).unwrap();
    // What systemd sets when standard error is the journal's stream.
    let meta = std::fs::metadata(&log).unwrap();
    let stream = format!("{}:{}", meta.dev(), meta.ino());

    let mut server = start_server(&config, &log, Some(stream));
    wait_for(&log, "tipbox-server started", &mut server);
    let journal = stop(server, &log);

    let lines: Vec<&str> = journal.lines().collect();
    assert!(!lines.is_empty());
    assert!(
        lines.iter().all(|line| !starts_with_a_timestamp(line)),
        "{journal}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(" INFO") && l.contains("tipbox-server started")),
        "{journal}"
    );
    assert!(
        lines.last().unwrap().contains("tipbox-server stopped"),
        "{journal}"
    );
}

#[test]
fn outside_the_journal_lines_keep_their_timestamp() {
    // The control: a JOURNAL_STREAM inherited by a process whose standard
    // error went elsewhere (a shell redirect) is not the journal.
    let dir = tempfile::tempdir().unwrap();
    let config = quiet_config(dir.path());
    let log = dir.path().join("server.log");

    let mut server = start_server(&config, &log, Some("1:1".into()));
    wait_for(&log, "tipbox-server started", &mut server);
    let text = stop(server, &log);

    assert!(text.lines().all(starts_with_a_timestamp), "{text}");
    assert!(text.contains("tipbox-server stopped"), "{text}");
}

#[test]
fn a_second_server_on_the_same_store_exits_with_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let config = quiet_config(dir.path());
    let (first_log, second_log) = (dir.path().join("first.log"), dir.path().join("second.log"));
    let mut first = start_server(&config, &first_log, None);
    wait_for(&first_log, "tipbox-server started", &mut first);

    let mut second = start_server(&config, &second_log, None);
    let status = second.wait().unwrap();
    let said = std::fs::read_to_string(&second_log).unwrap();
    stop(first, &first_log);

    assert!(!status.success());
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(
        said.starts_with("tipbox-server: the store in ")
            && said.contains("is in use by another process (is tipbox-server already running?"),
        "{said}"
    );
    assert!(
        !said.contains("Os {") && !said.contains("WouldBlock"),
        "{said}"
    );
}

#[tokio::test]
async fn refused_newsroom_tokens_are_logged_without_the_token() {
    let app = TestApp::spawn().await;
    let guess = format!("guessed-{}", hex::encode(rand::random::<[u8; 8]>()));
    let before = captured_log()
        .matches("newsroom request refused (401)")
        .count();

    let wrong = app.newsroom(Method::GET, "/v1/tips", Some(&guess)).await;
    let missing = app.newsroom(Method::GET, "/v1/export", None).await;

    assert_eq!(wrong.status().as_u16(), 401);
    assert_eq!(missing.status().as_u16(), 401);
    let log = captured_log();
    assert!(
        log.matches("newsroom request refused (401)").count() >= before + 2,
        "{log}"
    );
    assert!(log.contains("reason=\"unknown token\""), "{log}");
    assert!(log.contains("reason=\"no bearer token\""), "{log}");
    assert!(!log.contains(&guess), "the guessed token reached the log");
}
