//! The systemd files: `tipbox-server.service` (verified, and scored by
//! `systemd-analyze security`), the `tor@default.service` drop-in, and the
//! sysusers file that creates the service's user and lets tor reach its
//! sockets.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::support::{deploy, drop_lines, read_deploy, replace, run, tool, write_script, Outcome};
use crate::torrc::NEWSROOM_AUTH_DIR;

const SERVER_BINARY: &str = "/usr/bin/tipbox-server";
const CHECK_SCRIPT: &str = "/usr/lib/tipbox/tipbox-check-onion-auth";

/// Writes a test copy of the server unit into `folder`, with `ExecStart`
/// pointing at a stub instead of the not-yet-installed binary (verify checks
/// that the command exists); everything else is the unit as shipped.
fn server_unit_copy(folder: &Path, unit: &str) -> std::path::PathBuf {
    let stub = folder.join("tipbox-server");
    write_script(&stub, "#!/bin/sh\nexit 0\n");
    let unit_path = folder.join("tipbox-server.service");
    fs::write(
        &unit_path,
        replace(unit, SERVER_BINARY, &stub.display().to_string()),
    )
    .expect("write unit copy");
    unit_path
}

/// `systemd-analyze verify` on a copy of a server unit.
fn verify_server_unit(unit: &str) -> Outcome {
    let systemd_analyze = tool("systemd-analyze", "systemd");
    let scratch = tempfile::tempdir().expect("temporary folder");
    let unit_path = server_unit_copy(scratch.path(), unit);
    run(Command::new(systemd_analyze).arg("verify").arg(&unit_path))
}

/// `systemd-analyze security`'s verdict on a unit: passes if the exposure
/// level is at most 1.0 of 10 (the tool's threshold is in tenths).
fn security_within_one(unit: &str) -> Outcome {
    let systemd_analyze = tool("systemd-analyze", "systemd");
    let scratch = tempfile::tempdir().expect("temporary folder");
    let unit_path = server_unit_copy(scratch.path(), unit);
    run(Command::new(systemd_analyze)
        .args(["security", "--offline=true", "--threshold=10", "--no-pager"])
        .arg(&unit_path))
}

#[test]
fn shipped_server_unit_passes_systemd_analyze_verify() {
    let outcome = verify_server_unit(&read_deploy("tipbox-server.service"));

    // verify reports unknown keys and unparsable values as warnings with
    // exit status 0: only a silent success counts.
    assert!(
        outcome.clean(),
        "systemd-analyze verify complained:\n{}",
        outcome.stderr
    );
}

#[test]
fn verify_rejects_unparsable_sandbox_value() {
    // Mistake: a value systemd cannot parse; it would ignore the line and run
    // the server with a writable /usr.
    let broken = replace(
        &read_deploy("tipbox-server.service"),
        "ProtectSystem=strict",
        "ProtectSystem=strictest",
    );

    let outcome = verify_server_unit(&broken);

    assert!(!outcome.clean(), "verify accepted ProtectSystem=strictest");
    assert!(
        outcome.stderr.contains("ProtectSystem") || outcome.stderr.contains("protect system"),
        "{outcome:?}"
    );
}

#[test]
fn verify_rejects_misspelt_key() {
    // Mistake: a misspelt key is ignored at run time, so the limit is gone.
    let broken = replace(
        &read_deploy("tipbox-server.service"),
        "MemoryDenyWriteExecute=yes",
        "MemoryDenyWriteExecution=yes",
    );

    let outcome = verify_server_unit(&broken);

    assert!(!outcome.clean(), "verify accepted an unknown key");
    assert!(outcome.stderr.contains("Unknown key"), "{outcome:?}");
}

#[test]
fn verify_rejects_server_binary_that_does_not_exist() {
    // Mistake: ExecStart points at a path with no program. (The test copy
    // turns /usr/bin/tipbox-server into the stub, so this becomes a path
    // under a regular file: nothing can be there.)
    let broken = replace(
        &read_deploy("tipbox-server.service"),
        "ExecStart=/usr/bin/tipbox-server ",
        "ExecStart=/usr/bin/tipbox-server/missing ",
    );

    let outcome = verify_server_unit(&broken);

    assert!(
        !outcome.success,
        "verify accepted a missing binary: {outcome:?}"
    );
}

#[test]
fn server_unit_sandbox_scores_safe() {
    let outcome = security_within_one(&read_deploy("tipbox-server.service"));

    assert!(
        outcome.success,
        "exposure above 1.0:\n{}{}",
        outcome.stdout, outcome.stderr
    );
}

#[test]
fn security_score_rejects_unit_without_sandbox() {
    // Mistake: the sandbox lines lost in an edit; the unit still verifies.
    let mut unit = read_deploy("tipbox-server.service");
    for prefix in [
        "Protect",
        "Private",
        "Restrict",
        "SystemCall",
        "CapabilityBoundingSet",
        "NoNewPrivileges",
        "MemoryDeny",
        "IPAddressDeny",
        "LockPersonality",
    ] {
        unit = drop_lines(&unit, prefix);
    }

    let outcome = security_within_one(&unit);

    assert!(
        !outcome.success,
        "an unsandboxed unit scored within 1.0:\n{}",
        outcome.stdout
    );
}

/// The `[Service]` settings of a unit, in order (keys repeat).
fn service_settings(unit: &str) -> Vec<(String, String)> {
    let mut in_service = false;
    let mut settings = Vec::new();
    for line in unit.lines().map(str::trim) {
        if line.starts_with('[') {
            in_service = line == "[Service]";
        } else if in_service && !line.starts_with('#') {
            if let Some((key, value)) = line.split_once('=') {
                settings.push((key.to_string(), value.to_string()));
            }
        }
    }
    settings
}

/// Promises of the unit that the security score does not weigh, as a list
/// of broken promises.
fn unit_violations(unit: &str) -> Vec<String> {
    let settings = service_settings(unit);
    // systemd: a later assignment wins (for these single-valued keys).
    let last = |key: &str| {
        settings
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let required = [
        (
            last("User") == Some("tipbox"),
            "runs as the dedicated user tipbox",
        ),
        (
            last("RestrictAddressFamilies") == Some("AF_UNIX"),
            "Unix sockets only",
        ),
        (last("IPAddressDeny") == Some("any"), "no IP traffic"),
        (last("CapabilityBoundingSet") == Some(""), "no capabilities"),
        (
            last("StateDirectory") == Some("tipbox") && last("StateDirectoryMode") == Some("0700"),
            "/var/lib/tipbox owner-only",
        ),
        (
            last("RuntimeDirectory") == Some("tipbox")
                && last("RuntimeDirectoryMode") == Some("0750"),
            "/run/tipbox reachable by group tipbox (tor) only",
        ),
        (
            last("MemorySwapMax") == Some("0"),
            "plaintext in memory never swapped to disk",
        ),
        (
            last("LimitCORE") == Some("0"),
            "no core dumps holding plaintext",
        ),
        (
            last("MemoryMax").is_some() && last("TasksMax").is_some(),
            "memory and task limits",
        ),
        (
            last("ExecStart") == Some("/usr/bin/tipbox-server --config /etc/tipbox/tipbox.toml"),
            "reads the production configuration the operator commands read",
        ),
        (
            !settings
                .iter()
                .any(|(k, v)| k == "Environment" && v.contains("TIPBOX_")),
            "no TIPBOX_ pin that `tipbox-server check` run by hand would not see",
        ),
    ];
    required
        .into_iter()
        .filter(|(ok, _)| !ok)
        .map(|(_, what)| what.to_string())
        .collect()
}

#[test]
fn shipped_server_unit_keeps_every_promised_setting() {
    let violations = unit_violations(&read_deploy("tipbox-server.service"));

    assert!(
        violations.is_empty(),
        "deploy/tipbox-server.service breaks: {violations:#?}"
    );
}

#[test]
fn unit_check_rejects_swappable_memory() {
    // Mistake: MemorySwapMax dropped; sealed-in-memory plaintext could be swapped out.
    let broken = drop_lines(&read_deploy("tipbox-server.service"), "MemorySwapMax=");

    assert_eq!(
        unit_violations(&broken),
        ["plaintext in memory never swapped to disk"]
    );
}

#[test]
fn unit_check_rejects_an_environment_pin() {
    // Mistake (the package before issue 14): the unit pins a value over the
    // configuration file, so `check` by hand reads something else.
    let broken = replace(
        &read_deploy("tipbox-server.service"),
        "ExecStart=",
        "Environment=TIPBOX_STORAGE__PATH=/srv/tipbox\nExecStart=",
    );

    assert_eq!(
        unit_violations(&broken),
        ["no TIPBOX_ pin that `tipbox-server check` run by hand would not see"]
    );
}

/// `systemd-analyze verify tor@default.service` with a drop-in folder on the
/// unit search path; the check script runs from the repository.
fn verify_tor_drop_in(drop_in: &str) -> Outcome {
    let systemd_analyze = tool("systemd-analyze", "systemd");
    assert!(
        Path::new("/lib/systemd/system/tor@default.service").exists(),
        "tor@default.service is needed to check the drop-in: apt-get install -y tor"
    );
    let scratch = tempfile::tempdir().expect("temporary folder");
    let folder = scratch.path().join("tor@default.service.d");
    fs::create_dir(&folder).expect("drop-in folder");
    let script = deploy("tipbox-check-onion-auth").display().to_string();
    fs::write(
        folder.join("tipbox.conf"),
        replace(drop_in, CHECK_SCRIPT, &script),
    )
    .expect("write drop-in copy");
    // A trailing ':' keeps the standard search path after ours.
    let unit_path = format!("{}:", scratch.path().display());
    run(Command::new(systemd_analyze)
        .args(["verify", "tor@default.service"])
        .env("SYSTEMD_UNIT_PATH", unit_path))
}

#[test]
fn tor_drop_in_passes_systemd_analyze_verify() {
    let drop_in = read_deploy("tor-tipbox.conf");
    assert!(
        drop_in.contains(NEWSROOM_AUTH_DIR),
        "the drop-in must check the torrc's newsroom clients"
    );

    let outcome = verify_tor_drop_in(&drop_in);

    assert!(
        outcome.clean(),
        "systemd-analyze verify complained:\n{}",
        outcome.stderr
    );
}

#[test]
fn verify_rejects_drop_in_with_missing_check_script() {
    // Mistake: the drop-in names a script path that does not exist.
    let broken = replace(
        &read_deploy("tor-tipbox.conf"),
        "tipbox-check-onion-auth /var",
        "tipbox-check-onion-auth-missing /var",
    );

    let outcome = verify_tor_drop_in(&broken);

    assert!(
        !outcome.success,
        "verify accepted a missing ExecStartPre program: {outcome:?}"
    );
}

/// Applies a sysusers file to an empty system that has Debian's tor user,
/// and returns the resulting (passwd, group) files.
fn apply_sysusers(conf: &str) -> (Outcome, String, String) {
    let sysusers = tool("systemd-sysusers", "systemd");
    let scratch = tempfile::tempdir().expect("temporary folder");
    let etc = scratch.path().join("etc");
    fs::create_dir(&etc).expect("etc folder");
    fs::write(
        etc.join("passwd"),
        "root:x:0:0:root:/root:/bin/bash\ndebian-tor:x:102:105::/var/lib/tor:/bin/false\n",
    )
    .expect("passwd");
    fs::write(etc.join("group"), "root:x:0:\ndebian-tor:x:105:\n").expect("group");
    let conf_path = scratch.path().join("tipbox.conf");
    fs::write(&conf_path, conf).expect("write sysusers copy");

    let outcome = run(Command::new(sysusers)
        .arg(format!("--root={}", scratch.path().display()))
        .arg(&conf_path));
    let passwd = fs::read_to_string(etc.join("passwd")).expect("read passwd");
    let group = fs::read_to_string(etc.join("group")).expect("read group");
    (outcome, passwd, group)
}

#[test]
fn sysusers_creates_tipbox_user_and_lets_tor_reach_its_sockets() {
    let (outcome, passwd, group) = apply_sysusers(&read_deploy("tipbox.sysusers"));

    assert!(
        outcome.success,
        "systemd-sysusers failed: {}",
        outcome.stderr
    );
    let user = passwd
        .lines()
        .find(|l| l.starts_with("tipbox:"))
        .expect("a tipbox user");
    assert!(
        user.ends_with(":/var/lib/tipbox:/usr/sbin/nologin"),
        "{user}"
    );
    let tipbox_group = group
        .lines()
        .find(|l| l.starts_with("tipbox:"))
        .expect("a tipbox group");
    assert_eq!(
        tipbox_group.rsplit(':').next(),
        Some("debian-tor"),
        "{tipbox_group}"
    );
}

#[test]
fn sysusers_rejects_malformed_line() {
    // Mistake: a line type sysusers does not know; the user would never exist.
    let broken = replace(
        &read_deploy("tipbox.sysusers"),
        "\nu tipbox",
        "\nuser tipbox",
    );

    let (outcome, passwd, _) = apply_sysusers(&broken);

    assert!(
        !outcome.success,
        "systemd-sysusers accepted a malformed line"
    );
    assert!(!passwd.contains("tipbox:"), "{passwd}");
}
