//! The three Debian packages, built for real with `cargo deb` (one build per
//! feature set) and opened with `dpkg-deb`: each holds its binaries, units,
//! configuration, system user and documentation, and nothing else (no test
//! data, no keys); the offline package holds only `tipbox-decrypt`, a build
//! that links no network or storage crate.
//!
//! The packages are built in `<target>/packages` (a target folder of their
//! own: the running `cargo test` holds a lock on its own) with the
//! `deb` profile, so later runs reuse the compiled dependencies.
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::support::{run, tool};

/// The target folder this test binary was built in (`<target>/debug/deps/…`).
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    exe.ancestors()
        .nth(3)
        .expect("<target>/<profile>/deps/<binary>")
        .to_owned()
}

/// Builds the package of `variant` (None: the server package) into `out`.
fn build_package(variant: Option<&str>, out: &Path) -> PathBuf {
    let cargo_deb = tool("cargo-deb", "(cargo install cargo-deb --locked)");
    let mut command = Command::new(env!("CARGO"));
    command
        .arg("deb")
        .args(["--locked", "--fast", "--profile", "deb", "--output"])
        .arg(out)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("CARGO_TARGET_DIR", target_dir().join("packages"))
        .env("PATH", path_with(cargo_deb.parent().expect("a folder")));
    if let Some(variant) = variant {
        command.args(["--variant", variant]);
    }
    let started = Instant::now();
    let outcome = run(&mut command);
    eprintln!(
        "cargo deb {}: {:.0} s",
        variant.unwrap_or("(server)"),
        started.elapsed().as_secs_f64()
    );
    assert!(outcome.success, "cargo deb failed:\n{}", outcome.stderr);
    let built = outcome
        .stdout
        .lines()
        .rev()
        .find(|line| line.trim_end().ends_with(".deb"))
        .unwrap_or_else(|| panic!("cargo deb named no .deb:\n{}", outcome.stdout));
    PathBuf::from(built.trim())
}

fn path_with(folder: &Path) -> std::ffi::OsString {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let folders = std::iter::once(folder.to_owned()).chain(std::env::split_paths(&path));
    std::env::join_paths(folders).expect("PATH")
}

/// `dpkg-deb -c`: the regular files and links of a package, as `/path`.
fn contents(deb: &Path) -> BTreeSet<String> {
    let listing = run(Command::new(tool("dpkg-deb", "dpkg")).arg("-c").arg(deb));
    assert!(listing.success, "{}", listing.stderr);
    listing
        .stdout
        .lines()
        .filter(|line| !line.starts_with('d'))
        .map(|line| {
            let path = line.split_whitespace().nth(5).expect("a path column");
            path.trim_start_matches('.').to_owned()
        })
        .collect()
}

/// `dpkg-deb -f FIELD`.
fn field(deb: &Path, name: &str) -> String {
    let info = run(Command::new(tool("dpkg-deb", "dpkg"))
        .arg("-f")
        .arg(deb)
        .arg(name));
    assert!(info.success, "{}", info.stderr);
    info.stdout.trim().to_owned()
}

/// Extracts a package into `dir`; returns `dir`.
fn extract(deb: &Path, dir: &Path) -> PathBuf {
    let outcome = run(Command::new(tool("dpkg-deb", "dpkg"))
        .arg("-x")
        .arg(deb)
        .arg(dir));
    assert!(outcome.success, "{}", outcome.stderr);
    dir.to_owned()
}

/// Files of a package that must never ship: test data, fixtures, keys.
fn forbidden(paths: &BTreeSet<String>) -> Vec<&String> {
    paths
        .iter()
        .filter(|p| {
            let lower = p.to_lowercase();
            [
                "test", "fixture", "seed", "corpus", "identity", ".age", ".key", "secret", "token",
            ]
            .iter()
            .any(|word| lower.contains(word))
        })
        .collect()
}

/// A file holding an age secret key: the prefix followed by a bech32 body
/// (documentation that only names the prefix, `AGE-SECRET-KEY-1…`, is fine).
fn holds_a_secret_key(root: &Path, path: &str) -> bool {
    let bytes = std::fs::read(root.join(path.trim_start_matches('/'))).unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    text.match_indices("AGE-SECRET-KEY-1").any(|(at, prefix)| {
        let body = &text[at + prefix.len()..];
        body.chars()
            .take(58)
            .filter(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
            .count()
            == 58
    })
}

#[test]
fn secret_key_check_notices_a_key_but_not_its_mention() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let key = tipbox::envelope::Identity::generate().to_encoded();
    std::fs::write(
        dir.path().join("key.txt"),
        format!("# a key\n{}\n", key.as_str()),
    )
    .expect("write");
    std::fs::write(
        dir.path().join("doc.md"),
        "identities look like AGE-SECRET-KEY-1…",
    )
    .expect("write");

    assert!(holds_a_secret_key(dir.path(), "/key.txt"));
    assert!(!holds_a_secret_key(dir.path(), "/doc.md"));
}

/// Source paths of crates compiled into a binary (from its panic locations).
fn links_crate(binary: &Path, name: &str) -> bool {
    let bytes = std::fs::read(binary).expect("binary");
    let needle = format!("/{name}-");
    bytes
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

#[test]
fn built_packages_hold_their_files_and_nothing_else() {
    let out = tempfile::tempdir().expect("temporary folder");
    let started = Instant::now();
    let server = build_package(None, out.path());
    let client = build_package(Some("client"), out.path());
    let offline = build_package(Some("offline"), out.path());
    eprintln!(
        "three packages built in {:.0} s",
        started.elapsed().as_secs_f64()
    );

    // The server package: binary, units, configuration, system user, docs.
    let files = contents(&server);
    for expected in [
        "/usr/bin/tipbox-server",
        "/etc/tipbox/tipbox.toml",
        "/lib/systemd/system/tipbox-server.service",
        "/lib/systemd/system/tor@default.service.d/tipbox.conf",
        "/usr/lib/sysusers.d/tipbox.conf",
        "/usr/lib/tipbox/tipbox-check-onion-auth",
        "/usr/share/tipbox/torrc",
        "/usr/share/doc/tipbox/README.md",
        "/usr/share/doc/tipbox/AIRGAP.md",
    ] {
        assert!(
            files.contains(expected),
            "tipbox lacks {expected}: {files:?}"
        );
    }
    assert_eq!(field(&server, "Package"), "tipbox");
    assert!(field(&server, "Depends").contains("tor"));
    let root = extract(&server, &out.path().join("server"));
    assert!(links_crate(
        &root.join("usr/bin/tipbox-server"),
        "actix-web"
    ));
    // The packaged binary on the packaged configuration and torrc, as an
    // operator runs them after installing (check, token, start, backup).
    let read = |path: &str| std::fs::read_to_string(root.join(path)).expect(path);
    crate::production::operator_round(
        &root.join("usr/bin/tipbox-server"),
        &read("etc/tipbox/tipbox.toml"),
        &read("usr/share/tipbox/torrc"),
    );

    // The transfer station's client.
    let client_files = contents(&client);
    assert!(client_files.contains("/usr/bin/tipbox"), "{client_files:?}");
    assert!(!client_files.contains("/usr/bin/tipbox-server"));
    assert_eq!(field(&client, "Package"), "tipbox-client");

    // The air-gapped machine's package: tipbox-decrypt and its documents only.
    let offline_files = contents(&offline);
    let extra: Vec<&String> = offline_files
        .iter()
        .filter(|p| {
            *p != "/usr/bin/tipbox-decrypt" && !p.starts_with("/usr/share/doc/tipbox-decrypt/")
        })
        .collect();
    assert!(offline_files.contains("/usr/bin/tipbox-decrypt"));
    assert!(
        extra.is_empty(),
        "the offline package holds more: {extra:?}"
    );
    assert!(!field(&offline, "Depends").contains("tor"));
    let offline_root = extract(&offline, &out.path().join("offline"));
    let decrypt = offline_root.join("usr/bin/tipbox-decrypt");
    for network_crate in ["reqwest", "hyper", "actix-web", "tokio", "sled", "rustls"] {
        assert!(
            !links_crate(&decrypt, network_crate),
            "the offline binary links {network_crate}"
        );
    }

    // No package ships test data or keys.
    for (deb, files, root) in [
        (&server, &files, Some(&root)),
        (&client, &client_files, None),
        (&offline, &offline_files, Some(&offline_root)),
    ] {
        let bad = forbidden(files);
        assert!(bad.is_empty(), "{}: {bad:?}", deb.display());
        if let Some(root) = root {
            let keys: Vec<&String> = files
                .iter()
                .filter(|p| holds_a_secret_key(root, p))
                .collect();
            assert!(
                keys.is_empty(),
                "{}: secret keys in {keys:?}",
                deb.display()
            );
        }
    }
}

#[test]
fn forbidden_file_check_notices_test_data_and_keys() {
    // Mistake: a fixture and a demo identity swept into the assets.
    let paths: BTreeSet<String> = [
        "/usr/bin/tipbox-server",
        "/usr/share/tipbox/tests/fixture.age",
        "/var/lib/tipbox/demo-identity.txt",
    ]
    .map(String::from)
    .into();

    assert_eq!(forbidden(&paths).len(), 2);
}
