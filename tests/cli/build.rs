//! The offline binary must not link network or storage code: not in the
//! dependency tree of its Debian build, and not in the binary a plain
//! `cargo build` (all features on) makes.
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::process::Command;

use memchr::memmem;

const FORBIDDEN: &[&str] = &[
    "actix", "tokio", "hyper", "reqwest", "mio", "sled", "socket2", "h2",
];

#[test]
fn decrypt_build_links_no_network_or_storage_crate() {
    // `tipbox-decrypt` is built with `--no-default-features` for the offline
    // machine (the root package's Debian variant); its own crate has no
    // features at all. These are the dependency sets of both.
    for package in [
        &["-p", "tipbox", "--no-default-features"][..],
        &["-p", "tipbox-decrypt"],
    ] {
        let out = Command::new(env!("CARGO"))
            .args(["tree", "--offline", "--locked"])
            .args(package)
            .args(["-e", "normal", "--prefix", "none", "--format", "{p}"])
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
                "the offline build ({package:?}) depends on {name}"
            );
        }
    }
}

/// Crates that would make the air-gapped binary a network, async-runtime or
/// storage program, as Rust names them in code (`-` becomes `_`).
const LINKED_FORBIDDEN: &[&str] = &[
    "actix_web",
    "actix_http",
    "actix_server",
    "actix_rt",
    "actix_multipart",
    "hyper",
    "hyper_util",
    "reqwest",
    "tokio",
    "mio",
    "sled",
    "socket2",
];

/// The ways a linked crate's name shows in a binary: its paths in symbol and
/// type names (`tokio::runtime`, not preceded by another identifier
/// character: `mytokio::` is another crate), its legacy-mangled symbols
/// (`_ZN5tokio`), and its source paths in panic locations
/// (`/tokio-1.47.1/src/…`). The flag says whether the trace must start a
/// name.
fn traces_of(krate: &str) -> [(Vec<u8>, bool); 3] {
    [
        (format!("{krate}::").into_bytes(), true),
        (format!("_ZN{}{krate}", krate.len()).into_bytes(), false),
        (format!("/{}-", krate.replace('_', "-")).into_bytes(), false),
    ]
}

/// Whether `window` holds `trace` (at the start of a name, when asked).
fn holds(window: &[u8], trace: &[u8], starts_a_name: bool) -> bool {
    memmem::find_iter(window, trace).any(|at| {
        !starts_a_name
            || at == 0
            || !(window[at - 1].is_ascii_alphanumeric() || window[at - 1] == b'_')
    })
}

/// The names of `crates` that `binary` shows a trace of, reading it in
/// chunks (a debug binary is hundreds of MiB).
fn crates_named_in(binary: &Path, crates: &[&str]) -> Vec<String> {
    const CHUNK: usize = 8 << 20;
    const OVERLAP: usize = 64; // longer than any trace, so none is split unseen
    let patterns: Vec<(&str, Vec<u8>, bool)> = crates
        .iter()
        .flat_map(|krate| {
            traces_of(krate)
                .into_iter()
                .map(move |(trace, starts)| (*krate, trace, starts))
        })
        .collect();
    let mut file = File::open(binary).unwrap_or_else(|e| panic!("{}: {e}", binary.display()));
    let mut window = Vec::with_capacity(CHUNK + OVERLAP);
    let mut found: Vec<String> = Vec::new();
    loop {
        let kept = window.len();
        window.resize(kept + CHUNK, 0);
        let read = file.read(&mut window[kept..]).expect("read the binary");
        window.truncate(kept + read);
        for (krate, trace, starts_a_name) in &patterns {
            if !found.iter().any(|f| f == krate) && holds(&window, trace, *starts_a_name) {
                found.push(krate.to_string());
            }
        }
        if read == 0 {
            return found;
        }
        let tail = window.len().saturating_sub(OVERLAP);
        window.drain(..tail);
    }
}

#[test]
fn decrypt_binary_of_a_plain_build_names_no_network_async_or_storage_crate() {
    // This test binary is built with the root package's default features
    // (server and client on), as `cargo build --release` builds: the
    // tipbox-decrypt beside it is the one the README's build makes.
    let decrypt = Path::new(env!("CARGO_BIN_EXE_tipbox-decrypt"));
    let named = crates_named_in(decrypt, LINKED_FORBIDDEN);
    assert!(
        named.is_empty(),
        "{} links {named:?}: the offline tool must link no network, async-runtime or storage crate",
        decrypt.display()
    );
    // The scan sees what a binary links: the crypto the tool needs...
    assert_eq!(
        crates_named_in(decrypt, &["chacha20poly1305"]),
        ["chacha20poly1305"],
        "sanity: the scan finds the crates tipbox-decrypt does link"
    );
    // ...and the network stack of the client built in the same run.
    let client = Path::new(env!("CARGO_BIN_EXE_tipbox"));
    let in_client = crates_named_in(client, &["reqwest", "tokio", "hyper", "mio"]);
    assert_eq!(
        in_client,
        ["reqwest", "tokio", "hyper", "mio"],
        "sanity: the scan finds the network crates the client links"
    );
}
