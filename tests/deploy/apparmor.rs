//! `deploy/apparmor-local-system_tor`: the additions that let Debian's
//! confined tor connect to tipbox's sockets must compile together with the
//! `system_tor` profile they extend.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::support::{copy_tree, read_deploy, run, tool, Outcome};
use crate::torrc::{ADMIN_SOCKET, SOURCE_SOCKET};

const PROFILES: &str = "/etc/apparmor.d";

/// Compiles Debian's `system_tor` profile (without loading it into the
/// kernel) from a copy of /etc/apparmor.d whose `local/system_tor` is `rules`.
fn compile_with_local_rules(rules: &str) -> Outcome {
    let parser = tool("apparmor_parser", "apparmor");
    assert!(
        Path::new(PROFILES).join("system_tor").exists(),
        "Debian's tor profile is needed: apt-get install -y tor apparmor"
    );
    let scratch = tempfile::tempdir().expect("temporary folder");
    let base = scratch.path().join("apparmor.d");
    copy_tree(Path::new(PROFILES), &base);
    fs::create_dir_all(base.join("local")).expect("local folder");
    fs::write(base.join("local/system_tor"), rules).expect("write local rules");

    run(Command::new(parser)
        .args(["--skip-kernel-load", "--skip-cache", "--base"])
        .arg(&base)
        .arg(base.join("system_tor")))
}

#[test]
fn local_rules_compile_into_debian_tor_profile() {
    let rules = read_deploy("apparmor-local-system_tor");
    for socket in [SOURCE_SOCKET, ADMIN_SOCKET] {
        assert!(
            rules.contains(&format!("{socket} rw,")),
            "no rule for {socket}"
        );
    }

    let outcome = compile_with_local_rules(&rules);

    assert!(
        outcome.success,
        "apparmor_parser rejected the rules:\n{}",
        outcome.stderr
    );
}

#[test]
fn parser_rejects_rule_without_permissions() {
    // Mistake: the permission letters and comma lost from a rule.
    let broken = read_deploy("apparmor-local-system_tor")
        .replace("/run/tipbox/admin.sock rw,", "/run/tipbox/admin.sock");
    assert!(
        broken.ends_with("admin.sock\n"),
        "the test copy must actually be broken"
    );

    let outcome = compile_with_local_rules(&broken);

    assert!(
        !outcome.success,
        "apparmor_parser accepted a rule without permissions"
    );
}
