//! The offline binary must not link network or storage code.
use std::process::Command;

const FORBIDDEN: &[&str] = &[
    "actix", "tokio", "hyper", "reqwest", "mio", "sled", "socket2", "h2",
];

#[test]
fn decrypt_build_links_no_network_or_storage_crate() {
    // `tipbox-decrypt` is built with `--no-default-features` for the offline
    // machine; this is the dependency set of that build.
    let out = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "--locked",
            "--no-default-features",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8(out.stdout).unwrap();
    assert!(
        tree.contains("chacha20poly1305"),
        "sanity: the tree lists the crypto crates"
    );
    let crate_names: Vec<&str> = tree
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    for name in crate_names {
        assert!(
            !FORBIDDEN
                .iter()
                .any(|bad| name == *bad || name.starts_with(&format!("{bad}-"))),
            "the offline build depends on {name}"
        );
    }
}
