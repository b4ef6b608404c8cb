//! The production configuration the server package installs as
//! `/etc/tipbox/tipbox.toml` (`deploy/tipbox.toml`): the values the unit's
//! sandbox and `deploy/torrc` rely on, and an operator's round with it
//! (issue 14, item 2): `check` on the file as shipped fails and says why,
//! the operator adds keys and a token, `check` passes, the service runs,
//! `backup` finds the store. [`operator_round`] runs on the repository's
//! files here and on the built package's files in `debs.rs`.
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use tipbox::server::config::{Listen, Settings};

use crate::support::{read_deploy, replace};
use crate::torrc::{ADMIN_SOCKET, SOURCE_SOCKET};

/// Broken promises of a production configuration's text.
fn config_violations(text: &str) -> Vec<String> {
    let settings = match Settings::from_sources(
        Some((Path::new("tipbox.toml"), text)),
        Vec::<(String, String)>::new(),
    ) {
        Ok(settings) => settings,
        Err(err) => return vec![format!("does not load: {err}")],
    };
    let required = [
        (
            settings.server.listen == Listen::Unix(SOURCE_SOCKET.into()),
            "source listener on the socket deploy/torrc uses",
        ),
        (
            settings.admin.listen == Listen::Unix(ADMIN_SOCKET.into()),
            "newsroom listener on the socket deploy/torrc uses",
        ),
        (
            settings.storage.path == Path::new("/var/lib/tipbox"),
            "store in the service's state directory",
        ),
        (
            !settings.newsroom.allow_demo_key,
            "never the demo key on a production server",
        ),
        (
            settings.newsroom.recipients.is_empty() && settings.admin.token_sha256.is_empty(),
            "ships no key and no token",
        ),
        (
            settings.admin.torrc == Path::new("/etc/tor/torrc"),
            "check reads the torrc deploy/README.md installs",
        ),
    ];
    required
        .into_iter()
        .filter(|(ok, _)| !ok)
        .map(|(_, what)| what.to_string())
        .collect()
}

#[test]
fn production_config_keeps_every_promise() {
    assert_eq!(
        config_violations(&read_deploy("tipbox.toml")),
        Vec::<String>::new()
    );
}

#[test]
fn config_check_rejects_the_demo_key() {
    let broken = replace(
        &read_deploy("tipbox.toml"),
        "allow_demo_key = false",
        "allow_demo_key = true",
    );

    assert_eq!(
        config_violations(&broken),
        ["never the demo key on a production server"]
    );
}

#[test]
fn config_check_rejects_a_listener_that_tor_does_not_use() {
    let broken = replace(&read_deploy("tipbox.toml"), "source.sock", "intake.sock");

    assert_eq!(
        config_violations(&broken),
        ["source listener on the socket deploy/torrc uses"]
    );
}

/// Absolute paths of the shipped files moved under `root` (the test cannot
/// write to /run, /var/lib or /etc); nothing else changes.
fn rerooted(text: &str, root: &Path) -> String {
    let mut text = text.to_owned();
    for prefix in [
        "/run/tipbox/",
        "/var/lib/tipbox",
        "/etc/tor/",
        "/var/lib/tor/",
    ] {
        text = text.replace(prefix, &format!("{}{prefix}", root.display()));
    }
    text
}

fn run(binary: &Path, args: &[&str]) -> Output {
    let mut command = Command::new(binary);
    for (name, _) in std::env::vars().filter(|(n, _)| n.starts_with("TIPBOX_")) {
        command.env_remove(name);
    }
    command.args(args).output().expect("run tipbox-server")
}

fn said(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// An operator's first round with the shipped `config` and `torrc`, run
/// with `binary`: the steps of deploy/README.md and AIRGAP.md that touch
/// tipbox-server, in order.
pub fn operator_round(binary: &Path, config: &str, torrc: &str) {
    let root = tempfile::tempdir().expect("temporary folder");
    let r = root.path();
    for folder in [
        "etc/tipbox",
        "etc/tor",
        "run/tipbox",
        "var/lib",
        "var/backups",
    ] {
        std::fs::create_dir_all(r.join(folder)).unwrap();
    }
    let config_path = r.join("etc/tipbox/tipbox.toml");
    std::fs::write(&config_path, rerooted(config, r)).unwrap();
    std::fs::write(r.join("etc/tor/torrc"), rerooted(torrc, r)).unwrap();
    let cfg = config_path.to_str().unwrap();

    // As shipped: not ready, and `check` says so (no demo key reported as fine).
    let shipped = run(binary, &["check", "--config", cfg]);
    let text = said(&shipped);
    assert!(!shipped.status.success(), "{text}");
    assert!(
        text.contains("FAIL  keys: no [newsroom] recipients"),
        "{text}"
    );
    assert!(
        text.contains("FAIL  tokens: no [admin] token_sha256"),
        "{text}"
    );
    assert!(text.contains("FAIL  newsroom onion"), "{text}");

    // AIRGAP.md steps 8, 11 and 12: a recipient, a station's client key, a token.
    let recipient = tipbox::envelope::Identity::generate_hybrid().to_public();
    let token = run(binary, &["token"]);
    let token_line = String::from_utf8_lossy(&token.stdout)
        .lines()
        .find(|l| l.starts_with("token_sha256 = "))
        .expect("token prints its config line")
        .to_owned();
    let edited = std::fs::read_to_string(&config_path)
        .unwrap()
        .replace(
            "recipients = []",
            &format!("recipients = [\"{recipient}\"]"),
        )
        .replace("token_sha256 = []", &token_line);
    // This test machine's disk may be smaller than the default cap; `check`
    // would say so (storage space), and the operator lowers it.
    std::fs::write(
        &config_path,
        format!("{edited}\n[limits]\nmax_store_bytes = 104857600\n"),
    )
    .unwrap();
    let clients = r.join("var/lib/tor/tipbox-newsroom/authorized_clients");
    std::fs::create_dir_all(&clients).unwrap();
    std::fs::write(
        clients.join("desk-1.auth"),
        format!("descriptor:x25519:{}\n", "A2".repeat(26)),
    )
    .unwrap();

    let ready = run(binary, &["check", "--config", cfg]);
    assert!(ready.status.success(), "{}", said(&ready));

    // systemctl start, then stop, tipbox-server: the store exists.
    let mut server = Command::new(binary)
        .args(["--config", cfg])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let socket = r.join("run/tipbox/admin.sock");
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::os::unix::net::UnixStream::connect(&socket).is_err() {
        assert!(server.try_wait().unwrap().is_none(), "the server exited");
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let pid = nix::unistd::Pid::from_raw(server.id() as i32);
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).unwrap();
    server.wait().unwrap();

    // AIRGAP.md step 29.
    let backup_file: PathBuf = r.join("var/backups/tipbox.tar");
    let backup = run(
        binary,
        &[
            "backup",
            "--config",
            cfg,
            "-o",
            backup_file.to_str().unwrap(),
        ],
    );
    assert!(backup.status.success(), "{}", said(&backup));
    assert!(
        said(&backup).contains("backed up 0 tips"),
        "{}",
        said(&backup)
    );
    assert!(backup_file.is_file());
}

#[test]
fn an_operator_round_with_the_repository_files() {
    operator_round(
        Path::new(env!("CARGO_BIN_EXE_tipbox-server")),
        &read_deploy("tipbox.toml"),
        &read_deploy("torrc"),
    );
}
