//! The Debian packages described in `[package.metadata.deb]` (built with
//! `cargo deb`): each deploy file is shipped, no two packages own the same
//! path, the server package holds every path its units and scripts name, and
//! the offline package holds nothing but the offline binary. The maintainer
//! scripts are checked by the shell that will run them.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use crate::support::{deploy, read_deploy, run, tool};

/// One package: its name, its maintainer-script folder, and its assets as
/// (source in the repository, absolute destination).
#[derive(Debug, Clone)]
struct Package {
    name: String,
    features: Vec<String>,
    maintainer_scripts: String,
    assets: Vec<(String, String)>,
}

impl Package {
    fn from_table(table: &toml::Table, parent: Option<&Package>) -> Package {
        let text = |key: &str| table.get(key).and_then(|v| v.as_str()).map(str::to_string);
        let assets = table.get("assets").and_then(|v| v.as_array()).map(|list| {
            list.iter()
                .map(|asset| {
                    let fields = asset.as_array().expect("assets are [source, dest, mode]");
                    let source = fields[0].as_str().expect("source").to_string();
                    let dest = fields[1].as_str().expect("dest");
                    // cargo-deb: a destination ending in '/' is a folder.
                    let name = Path::new(&source)
                        .file_name()
                        .expect("file name")
                        .to_string_lossy();
                    let dest = if dest.ends_with('/') {
                        format!("/{dest}{name}")
                    } else {
                        format!("/{dest}")
                    };
                    (source, dest)
                })
                .collect()
        });
        let features = table
            .get("features")
            .and_then(|v| v.as_array())
            .map(|list| {
                list.iter()
                    .map(|f| f.as_str().expect("feature name").to_string())
                    .collect()
            });
        // A variant's options replace its parent's (we use no merge-assets).
        Package {
            name: text("name")
                .or_else(|| parent.map(|p| p.name.clone()))
                .expect("package name"),
            features: features
                .or_else(|| parent.map(|p| p.features.clone()))
                .unwrap_or_default(),
            maintainer_scripts: text("maintainer-scripts")
                .or_else(|| parent.map(|p| p.maintainer_scripts.clone()))
                .unwrap_or_default(),
            assets: assets
                .or_else(|| parent.map(|p| p.assets.clone()))
                .unwrap_or_default(),
        }
    }

    fn ships(&self, dest: &str) -> Option<&str> {
        self.assets
            .iter()
            .find(|(_, d)| d == dest)
            .map(|(s, _)| s.as_str())
    }
}

/// The packages of Cargo.toml: the main one and each variant.
fn packages() -> Vec<Package> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let manifest: toml::Table = fs::read_to_string(manifest)
        .expect("Cargo.toml")
        .parse()
        .expect("Cargo.toml is TOML");
    let deb = manifest["package"]["metadata"]["deb"]
        .as_table()
        .expect("[package.metadata.deb]");
    let main = Package::from_table(deb, None);
    let mut all = vec![main.clone()];
    if let Some(variants) = deb.get("variants").and_then(|v| v.as_table()) {
        for variant in variants.values() {
            all.push(Package::from_table(
                variant.as_table().expect("variant table"),
                Some(&main),
            ));
        }
    }
    all
}

fn package(name: &str) -> Package {
    packages()
        .into_iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no package {name}"))
}

/// Files of deploy/ (not its maintainer-script folders) that no package ships.
fn unshipped(packages: &[Package]) -> Vec<String> {
    let mut missing = Vec::new();
    for entry in fs::read_dir(deploy("")).expect("deploy/") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            let source = format!(
                "deploy/{}",
                path.file_name().expect("name").to_string_lossy()
            );
            if !packages
                .iter()
                .any(|p| p.assets.iter().any(|(s, _)| *s == source))
            {
                missing.push(source);
            }
        }
    }
    missing
}

/// Destinations that two packages both claim (dpkg refuses to install both).
fn shared_destinations(packages: &[Package]) -> Vec<String> {
    let mut owners: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for package in packages {
        for (_, dest) in &package.assets {
            owners.entry(dest).or_default().push(&package.name);
        }
    }
    owners
        .into_iter()
        .filter(|(_, o)| o.len() > 1)
        .map(|(d, o)| format!("{d}: {o:?}"))
        .collect()
}

#[test]
fn every_deploy_file_is_in_a_package() {
    let missing = unshipped(&packages());

    assert!(missing.is_empty(), "not in any package: {missing:?}");
}

#[test]
fn shipping_check_notices_a_forgotten_file() {
    // Mistake: the drop-in dropped from the asset list.
    let mut packages = packages();
    packages[0]
        .assets
        .retain(|(source, _)| source != "deploy/tor-tipbox.conf");

    assert_eq!(unshipped(&packages), ["deploy/tor-tipbox.conf"]);
}

#[test]
fn no_two_packages_own_the_same_path() {
    let shared = shared_destinations(&packages());

    assert!(
        shared.is_empty(),
        "dpkg would refuse to install these together: {shared:?}"
    );
}

#[test]
fn ownership_check_notices_a_shared_path() {
    // Mistake: the client-key script put in /usr/bin by two packages.
    let mut packages = packages();
    let client = packages
        .iter()
        .position(|p| p.name == "tipbox-client")
        .expect("client package");
    let clash = packages[client].assets[0].clone();
    packages[0].assets.push(clash);

    assert_eq!(shared_destinations(&packages).len(), 1);
}

#[test]
fn asset_sources_exist() {
    // Binaries (target/release/) come from the build; config/ is checked by
    // `cargo deb` itself, the moment it packages it.
    for package in packages() {
        for (source, _) in &package.assets {
            if source.starts_with("target/release/") || source.starts_with("config/") {
                continue;
            }
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(source);
            assert!(
                path.is_file(),
                "{}: asset {source} does not exist",
                package.name
            );
        }
    }
}

#[test]
fn server_package_holds_every_path_its_units_name() {
    let server = package("tipbox");
    let unit = read_deploy("tipbox-server.service");
    let drop_in = read_deploy("tor-tipbox.conf");
    let postinst = fs::read_to_string(deploy("debian/server/postinst")).expect("postinst");

    assert!(unit.contains("ExecStart=/usr/bin/tipbox-server "));
    assert_eq!(
        server.ships("/usr/bin/tipbox-server"),
        Some("target/release/tipbox-server")
    );
    assert!(unit.contains("Documentation=file:/usr/share/doc/tipbox/AIRGAP.md"));
    assert_eq!(
        server.ships("/usr/share/doc/tipbox/AIRGAP.md"),
        Some("deploy/AIRGAP.md")
    );
    assert!(drop_in.contains("ExecStartPre=+/usr/lib/tipbox/tipbox-check-onion-auth "));
    assert_eq!(
        server.ships("/usr/lib/tipbox/tipbox-check-onion-auth"),
        Some("deploy/tipbox-check-onion-auth")
    );
    assert_eq!(
        server.ships("/lib/systemd/system/tipbox-server.service"),
        Some("deploy/tipbox-server.service")
    );
    assert_eq!(
        server.ships("/lib/systemd/system/tor@default.service.d/tipbox.conf"),
        Some("deploy/tor-tipbox.conf")
    );
    assert!(postinst.contains("systemd-sysusers tipbox.conf"));
    assert_eq!(
        server.ships("/usr/lib/sysusers.d/tipbox.conf"),
        Some("deploy/tipbox.sysusers")
    );
    assert_eq!(
        server.ships("/etc/tipbox/tipbox.toml"),
        Some("deploy/tipbox.toml")
    );
    assert_eq!(
        server.ships("/usr/share/doc/tipbox/tipbox.defaults.toml"),
        Some("config/tipbox.toml")
    );
    assert_eq!(server.features, ["server"]);
}

#[test]
fn offline_package_holds_only_the_offline_binary() {
    let offline = package("tipbox-decrypt");

    let binaries: Vec<&str> = offline
        .assets
        .iter()
        .filter(|(s, _)| s.starts_with("target/"))
        .map(|(s, _)| s.as_str())
        .collect();

    assert_eq!(binaries, ["target/release/tipbox-decrypt"]);
    assert!(
        offline.features.is_empty(),
        "the offline build enables no network feature: {:?}",
        offline.features
    );
    assert!(!offline
        .assets
        .iter()
        .any(|(_, d)| d.starts_with("/lib/systemd") || d.starts_with("/etc/")));
}

/// `sh -n`: does the shell parse the script?
fn shell_parses(script: &Path) -> bool {
    run(Command::new(tool("sh", "dash")).arg("-n").arg(script)).success
}

#[test]
fn every_script_parses_and_is_executable() {
    use std::os::unix::fs::PermissionsExt;
    let scripts = [
        "tipbox-check-onion-auth",
        "tipbox-onion-client-key",
        "debian/server/postinst",
        "debian/server/prerm",
        "debian/server/postrm",
    ];
    for script in scripts.map(deploy) {
        let mode = fs::metadata(&script).expect("script").permissions().mode();
        assert!(mode & 0o111 != 0, "{} is not executable", script.display());
        assert!(shell_parses(&script), "{} does not parse", script.display());
    }
    for package in packages() {
        assert!(
            deploy("")
                .parent()
                .expect("root")
                .join(&package.maintainer_scripts)
                .is_dir(),
            "{}",
            package.name
        );
    }
}

#[test]
fn shell_check_rejects_unclosed_if() {
    // Mistake: the closing `fi` lost from the postinst.
    let scratch = tempfile::tempdir().expect("temporary folder");
    let broken = scratch.path().join("postinst");
    let postinst = fs::read_to_string(deploy("debian/server/postinst")).expect("postinst");
    let cut = postinst.rfind("fi\n").expect("a closing fi");
    fs::write(&broken, &postinst[..cut]).expect("write broken copy");

    assert!(!shell_parses(&broken));
}
