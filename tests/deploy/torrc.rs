//! `deploy/torrc`: tor itself must accept it (`tor --verify-config`, with
//! Debian's service defaults underneath, as `tor@default.service` runs it),
//! and it must keep the protections DESIGN.md promises for each onion.

use std::fs;
use std::process::Command;

use crate::support::{drop_lines, read_deploy, replace, run, tool, Outcome};

/// Debian's defaults for `tor@default.service` (DataDirectory, User, control
/// socket, a SocksPort that our torrc must override).
const DEBIAN_DEFAULTS: &str = "/usr/share/tor/tor-service-defaults-torrc";

/// Runs `tor --verify-config` on a copy of `torrc` whose absolute paths
/// (/var/lib/tor, /run/tipbox, /run/tor) are moved into a temporary folder,
/// so the check neither depends on nor touches this machine's tor state.
/// `existing_dirs` are production folders the operator creates beforehand
/// (tor checks that they exist); they are created in the temporary folder.
fn verify_config_with(torrc: &str, existing_dirs: &[&str]) -> Outcome {
    let tor = tool("tor", "tor");
    let scratch = tempfile::tempdir().expect("temporary folder");
    let root = scratch.path().display().to_string();
    let relocate = |text: &str| {
        text.replace("/var/lib/tor", &format!("{root}/var/lib/tor"))
            .replace("/run/tipbox/", &format!("{root}/run/tipbox/"))
            .replace("/run/tor", &format!("{root}/run/tor"))
    };

    let torrc_copy = relocate(torrc);
    let settings = torrc_copy
        .lines()
        .filter(|line| !line.trim_start().starts_with('#'));
    for line in settings {
        assert!(
            !line.contains(" /var/lib/tor") && !line.contains("unix:/run/"),
            "the test copy still points at a production path: {line}"
        );
    }
    for dir in existing_dirs {
        fs::create_dir_all(relocate(dir)).expect("create folder");
    }
    let torrc_path = scratch.path().join("torrc");
    fs::write(&torrc_path, torrc_copy).expect("write torrc copy");

    // Mirror production when Debian's defaults are installed; otherwise tor's
    // built-in defaults (an empty defaults file) are what a plain `tor` reads.
    let defaults = fs::read_to_string(DEBIAN_DEFAULTS).unwrap_or_default();
    let defaults_path = scratch.path().join("defaults-torrc");
    // Without Debian's `User debian-tor`, tor checks the folders' owner
    // against the user running the test, who created them (as the operator
    // creates them for debian-tor).
    let defaults: String = defaults
        .lines()
        .filter(|l| !l.starts_with("User "))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(&defaults_path, relocate(&defaults)).expect("write defaults copy");

    run(Command::new(tor)
        .arg("--defaults-torrc")
        .arg(&defaults_path)
        .arg("-f")
        .arg(&torrc_path)
        .arg("--verify-config")
        .env("HOME", scratch.path()))
}

/// `tor --verify-config` on a server torrc (it needs no folder to exist).
fn verify_config(torrc: &str) -> Outcome {
    verify_config_with(torrc, &[])
}

/// `tor --verify-config` on a transfer-station torrc, whose client key
/// folder exists (deploy/AIRGAP.md creates it before installing the torrc).
fn verify_station_config(torrc: &str) -> Outcome {
    verify_config_with(torrc, &["/var/lib/tor/onion_auth"])
}

#[test]
fn shipped_torrc_passes_tor_verify_config() {
    let outcome = verify_config(&read_deploy("torrc"));

    assert!(
        outcome.success,
        "tor rejected deploy/torrc:\n{}{}",
        outcome.stdout, outcome.stderr
    );
    assert!(
        outcome.stdout.contains("Configuration was valid"),
        "{outcome:?}"
    );
}

#[test]
fn verify_config_rejects_misspelt_option() {
    // Mistake: British spelling of an option name; tor would refuse to start.
    let broken = replace(
        &read_deploy("torrc"),
        "HiddenServicePoWDefensesEnabled 1",
        "HiddenServicePoWDefencesEnabled 1",
    );

    let outcome = verify_config(&broken);

    assert!(
        !outcome.success,
        "tor accepted a misspelt option:\n{}",
        outcome.stdout
    );
    assert!(outcome.stdout.contains("Unknown option"), "{outcome:?}");
}

#[test]
fn verify_config_rejects_port_without_its_service_dir() {
    // Mistake: the source onion's HiddenServiceDir line lost, so its port
    // line has no service to belong to.
    let broken = drop_lines(
        &read_deploy("torrc"),
        "HiddenServiceDir /var/lib/tor/tipbox-source/",
    );

    let outcome = verify_config(&broken);

    assert!(
        !outcome.success,
        "tor accepted a port with no service:\n{}",
        outcome.stdout
    );
}

#[test]
fn verify_config_rejects_out_of_range_stream_limit() {
    // Mistake: a stream limit above what tor allows (65535).
    let broken = replace(
        &read_deploy("torrc"),
        "HiddenServiceMaxStreams 16",
        "HiddenServiceMaxStreams 70000",
    );

    let outcome = verify_config(&broken);

    assert!(
        !outcome.success,
        "tor accepted HiddenServiceMaxStreams 70000:\n{}",
        outcome.stdout
    );
}

#[test]
fn shipped_transfer_station_torrc_passes_tor_verify_config() {
    let torrc = read_deploy("torrc.transfer-station");
    assert!(
        torrc.contains("\nClientOnionAuthDir /var/lib/tor/onion_auth\n"),
        "the station needs its client keys"
    );

    let outcome = verify_station_config(&torrc);

    assert!(
        outcome.success,
        "tor rejected deploy/torrc.transfer-station:\n{}{}",
        outcome.stdout, outcome.stderr
    );
}

#[test]
fn verify_config_rejects_station_socks_port_with_bad_address() {
    // Mistake: a typo in the SOCKS address; tor would not start and the
    // station could not fetch.
    let broken = replace(
        &read_deploy("torrc.transfer-station"),
        "SocksPort 127.0.0.1:9050",
        "SocksPort 127.0.0.1:90500",
    );

    let outcome = verify_station_config(&broken);

    assert!(
        !outcome.success,
        "tor accepted port 90500:\n{}",
        outcome.stdout
    );
}

/// One `HiddenServiceDir` block of a torrc: its folder and its option lines.
#[derive(Debug)]
struct OnionService {
    dir: String,
    options: Vec<(String, String)>,
}

impl OnionService {
    fn get(&self, key: &str) -> Option<&str> {
        self.options
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }

    fn targets(&self, socket: &str) -> bool {
        self.options.iter().any(|(k, v)| {
            k.eq_ignore_ascii_case("HiddenServicePort") && v == &format!("80 unix:{socket}")
        })
    }
}

/// The settings of a torrc: global lines, and one block per onion service
/// (tor applies `HiddenService*` lines to the most recent `HiddenServiceDir`).
#[derive(Debug, Default)]
struct Torrc {
    global: Vec<(String, String)>,
    services: Vec<OnionService>,
}

impl Torrc {
    fn parse(text: &str) -> Torrc {
        let mut torrc = Torrc::default();
        let settings = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'));
        for line in settings {
            let (key, value) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            let (key, value) = (key.to_string(), value.trim().to_string());
            if key.eq_ignore_ascii_case("HiddenServiceDir") {
                torrc.services.push(OnionService {
                    dir: value,
                    options: Vec::new(),
                });
            } else if key.to_ascii_lowercase().starts_with("hiddenservice")
                && !torrc.services.is_empty()
            {
                torrc
                    .services
                    .last_mut()
                    .expect("checked non-empty")
                    .options
                    .push((key, value));
            } else {
                torrc.global.push((key, value));
            }
        }
        torrc
    }

    fn global(&self, key: &str) -> Option<&str> {
        self.global
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }

    fn service_for(&self, socket: &str) -> Option<&OnionService> {
        self.services.iter().find(|service| service.targets(socket))
    }
}

pub const SOURCE_SOCKET: &str = "/run/tipbox/source.sock";
pub const ADMIN_SOCKET: &str = "/run/tipbox/admin.sock";
pub const NEWSROOM_AUTH_DIR: &str = "/var/lib/tor/tipbox-newsroom/authorized_clients";

/// What DESIGN.md promises of the torrc, as a list of broken promises.
fn policy_violations(text: &str) -> Vec<String> {
    let torrc = Torrc::parse(text);
    let mut violations = Vec::new();
    let mut expect = |ok: bool, what: &str| {
        if !ok {
            violations.push(what.to_string());
        }
    };

    expect(
        torrc.global("SocksPort") == Some("0"),
        "SocksPort 0: the server never browses",
    );
    expect(
        torrc.global("SafeLogging") == Some("1"),
        "SafeLogging 1: no addresses in tor's log",
    );
    let exports_circuits = torrc
        .services
        .iter()
        .any(|s| s.get("HiddenServiceExportCircuitID").is_some());
    expect(
        !exports_circuits,
        "no HiddenServiceExportCircuitID: tipbox must not see circuit ids",
    );
    let anywhere = |key: &str| {
        torrc
            .global(key)
            .into_iter()
            .chain(torrc.services.iter().filter_map(|s| s.get(key)))
            .any(|v| v == "1")
    };
    expect(
        !anywhere("HiddenServiceNonAnonymousMode") && !anywhere("HiddenServiceSingleHopMode"),
        "onion services stay anonymous",
    );

    match torrc.service_for(SOURCE_SOCKET) {
        None => expect(
            false,
            "a source onion on port 80 -> unix:/run/tipbox/source.sock",
        ),
        Some(source) => {
            expect(
                source.get("HiddenServicePoWDefensesEnabled") == Some("1"),
                "source onion: proof-of-work on",
            );
            expect(
                source.get("HiddenServiceEnableIntroDoSDefense") == Some("1"),
                "source onion: intro DoS defence on",
            );
            let streams = source
                .get("HiddenServiceMaxStreams")
                .and_then(|v| v.parse::<u32>().ok());
            expect(
                matches!(streams, Some(1..=64)),
                "source onion: a per-circuit stream limit (1..=64)",
            );
            expect(
                source.get("HiddenServiceMaxStreamsCloseCircuit") == Some("1"),
                "source onion: close flooding circuits",
            );
        }
    }
    match torrc.service_for(ADMIN_SOCKET) {
        None => expect(
            false,
            "a newsroom onion on port 80 -> unix:/run/tipbox/admin.sock",
        ),
        Some(newsroom) => {
            let auth_dir = format!("{}/authorized_clients", newsroom.dir.trim_end_matches('/'));
            expect(
                auth_dir == NEWSROOM_AUTH_DIR,
                "newsroom onion in /var/lib/tor/tipbox-newsroom/ (the drop-in checks its clients)",
            );
            expect(
                !newsroom.targets(SOURCE_SOCKET),
                "the newsroom onion never reaches the source listener",
            );
            expect(
                newsroom.get("HiddenServiceEnableIntroDoSDefense") == Some("1"),
                "newsroom onion: intro DoS defence on",
            );
            expect(
                newsroom
                    .get("HiddenServiceMaxStreams")
                    .is_some_and(|v| v != "0"),
                "newsroom onion: a stream limit",
            );
        }
    }
    let source_dir = torrc.service_for(SOURCE_SOCKET).map(|s| &s.dir);
    let newsroom_dir = torrc.service_for(ADMIN_SOCKET).map(|s| &s.dir);
    expect(
        source_dir != newsroom_dir,
        "two onions: the newsroom address is not the public one",
    );
    violations
}

#[test]
fn shipped_torrc_keeps_every_promised_protection() {
    let violations = policy_violations(&read_deploy("torrc"));

    assert!(
        violations.is_empty(),
        "deploy/torrc breaks: {violations:#?}"
    );
}

#[test]
fn policy_rejects_source_onion_without_proof_of_work() {
    // Mistake: the PoW line commented out; tor would still accept the file.
    let broken = replace(
        &read_deploy("torrc"),
        "\nHiddenServicePoWDefensesEnabled 1",
        "\n#HiddenServicePoWDefensesEnabled 1",
    );

    let violations = policy_violations(&broken);

    assert_eq!(violations, ["source onion: proof-of-work on"]);
}

#[test]
fn policy_rejects_single_hop_onion() {
    // Mistake: single-hop mode appended at the end (tor files it under the
    // newsroom onion's block); it would reveal where the server is.
    let broken = read_deploy("torrc").replace("HiddenServiceSingleHopMode 0", "")
        + "HiddenServiceSingleHopMode 1\n";

    let violations = policy_violations(&broken);

    assert_eq!(violations, ["onion services stay anonymous"]);
}

#[test]
fn policy_rejects_open_socks_port() {
    // Mistake: SocksPort line removed; Debian's defaults would open 9050.
    let broken = drop_lines(&read_deploy("torrc"), "SocksPort 0");

    let violations = policy_violations(&broken);

    assert_eq!(violations, ["SocksPort 0: the server never browses"]);
}

#[test]
fn policy_rejects_newsroom_served_from_the_source_onion() {
    // Mistake: the admin socket exposed as a second port of the public onion.
    let mut torrc = read_deploy("torrc");
    let newsroom = torrc
        .find("HiddenServiceDir /var/lib/tor/tipbox-newsroom/")
        .expect("newsroom block");
    torrc.truncate(newsroom);
    let broken = replace(
        &torrc,
        "HiddenServicePort 80 unix:/run/tipbox/source.sock",
        "HiddenServicePort 80 unix:/run/tipbox/source.sock\nHiddenServicePort 81 unix:/run/tipbox/admin.sock",
    );

    let violations = policy_violations(&broken);

    assert!(
        violations
            .contains(&"a newsroom onion on port 80 -> unix:/run/tipbox/admin.sock".to_string()),
        "{violations:?}"
    );
}

/// What an offline start of tor produced: the onion addresses it created
/// (source, newsroom), or its log if it stopped or never created them.
fn start_offline(torrc: &str) -> Result<(String, String), String> {
    use std::os::unix::fs::PermissionsExt;
    use std::process::Stdio;
    use std::time::{Duration, Instant};

    let tor = tool("tor", "tor");
    let scratch = tempfile::tempdir().expect("temporary folder");
    let root = scratch.path().display().to_string();
    let data = scratch.path().join("var/lib/tor");
    fs::create_dir_all(&data).expect("data folder");
    fs::set_permissions(&data, fs::Permissions::from_mode(0o700)).expect("chmod data folder");
    // The copy differs from production only in its paths, and in that tor
    // never touches the network: it creates the onion keys and stops there.
    let copy = torrc
        .replace("/var/lib/tor", &format!("{root}/var/lib/tor"))
        .replace("/run/tipbox/", &format!("{root}/run/tipbox/"))
        + &format!("DataDirectory {root}/var/lib/tor\nDisableNetwork 1\n");
    let torrc_path = scratch.path().join("torrc");
    fs::write(&torrc_path, copy).expect("write torrc copy");
    let defaults_path = scratch.path().join("defaults-torrc");
    fs::write(&defaults_path, "").expect("write empty defaults");
    let log_path = scratch.path().join("tor.log");
    let log = fs::File::create(&log_path).expect("log file");

    let mut child = Command::new(tor)
        .arg("--defaults-torrc")
        .arg(&defaults_path)
        .arg("-f")
        .arg(&torrc_path)
        .env("HOME", scratch.path())
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("log handle"))
        .stderr(log)
        .spawn()
        .expect("start tor");
    let hostname = |service: &str| fs::read_to_string(data.join(service).join("hostname")).ok();
    let deadline = Instant::now() + Duration::from_secs(60);
    let outcome = loop {
        if let (Some(source), Some(newsroom)) =
            (hostname("tipbox-source"), hostname("tipbox-newsroom"))
        {
            break Ok((source, newsroom));
        }
        let exited = child.try_wait().expect("poll tor").is_some();
        if exited || Instant::now() > deadline {
            break Err(fs::read_to_string(&log_path).unwrap_or_default());
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    // tor is this test's own child: stop it by its handle.
    let _ = child.kill();
    let _ = child.wait();
    outcome
}

/// A v3 onion address as tor writes it in `hostname`.
fn is_v3_hostname(hostname: &str) -> bool {
    hostname.strip_suffix(".onion\n").is_some_and(|name| {
        name.len() == 56
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || (b'2'..=b'7').contains(&b))
    })
}

#[test]
fn tor_starts_with_shipped_torrc_and_creates_two_distinct_onions() {
    let (source, newsroom) = start_offline(&read_deploy("torrc"))
        .unwrap_or_else(|log| panic!("tor did not start:\n{log}"));

    assert!(is_v3_hostname(&source), "{source:?}");
    assert!(is_v3_hostname(&newsroom), "{newsroom:?}");
    assert_ne!(
        source, newsroom,
        "the newsroom onion must not be the public one"
    );
}

#[test]
fn offline_start_fails_on_broken_torrc() {
    // Mistake: a misspelt option; tor must stop instead of running half-configured.
    let broken = replace(&read_deploy("torrc"), "SafeLogging 1", "SafeLoging 1");

    let outcome = start_offline(&broken);

    let log = outcome.expect_err("tor started with a misspelt option");
    assert!(log.contains("Unknown option"), "{log}");
}
