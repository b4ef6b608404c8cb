//! Shared helpers: where the shipped files are, which tools run them, and
//! test copies whose absolute paths are moved into a temporary folder.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A file shipped in the repository, e.g. `deploy("torrc")`.
pub fn deploy(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("deploy")
        .join(name)
}

/// The text of a shipped file.
pub fn read_deploy(name: &str) -> String {
    let path = deploy(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The path of a tool on `PATH` (or in the sbin folders, which a non-root
/// `PATH` may lack). Panics with the Debian package to install: a missing
/// tool is a failed check, never a skipped one.
pub fn tool(name: &str, debian_package: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/sbin"].map(PathBuf::from))
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| {
            panic!("`{name}` is needed to check deploy/: apt-get install -y {debian_package}")
        })
}

/// What a tool said: exit status and both streams as text.
#[derive(Debug)]
pub struct Outcome {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    /// Success and not a single diagnostic line: for tools that report real
    /// mistakes as warnings with exit status 0 (systemd-analyze verify).
    pub fn clean(&self) -> bool {
        self.success && self.stderr.trim().is_empty()
    }
}

/// Runs a command to completion and captures its output.
pub fn run(command: &mut Command) -> Outcome {
    let Output {
        status,
        stdout,
        stderr,
    } = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    Outcome {
        success: status.success(),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// Replaces `from` with `to`, insisting that `from` is there: a test copy that
/// silently stopped breaking (or rewriting) anything would prove nothing.
pub fn replace(text: &str, from: &str, to: &str) -> String {
    assert!(
        text.contains(from),
        "expected {from:?} in the file under test"
    );
    text.replace(from, to)
}

/// Removes every line that starts with `prefix`, insisting that one did.
pub fn drop_lines(text: &str, prefix: &str) -> String {
    let kept: Vec<&str> = text
        .lines()
        .filter(|line| !line.starts_with(prefix))
        .collect();
    assert!(
        kept.len() < text.lines().count(),
        "expected a line starting with {prefix:?}"
    );
    kept.join("\n") + "\n"
}

/// Writes an executable shell script.
pub fn write_script(path: &Path, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    fs::write(path, body).expect("write script");
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).expect("chmod script");
}

/// Copies a folder tree (files and folders only; symbolic links are followed).
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display())) {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}
