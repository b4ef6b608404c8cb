//! Every command line the documentation gives runs as written (issue 14,
//! item 1): a documented command that fails is a test failure.
//!
//! What counts as a command line, in `README.md`, `deploy/*.md` and
//! `docs/*.md` (the rules are kept this simple on purpose):
//!
//! 1. In a fenced code block (except blocks tagged `text`, `toml` or `json`,
//!    which show output, files and syntax), every line whose first word is
//!    `tipbox`, `tipbox-server` or `tipbox-decrypt`, after an optional
//!    machine tag (`[offline]`, `[station]`, `[server]`), `$ ` and `sudo` /
//!    `sudo -u USER`. A line ending in `\` continues on the next; a shell
//!    comment (` # …`) is not part of the command. `mkdir`
//!    lines of those blocks run too: later commands rely on their folders.
//! 2. In prose, an inline code span that starts with one of those names and
//!    has an argument after the subcommand (`tipbox-server check --config
//!    /etc/tipbox/tipbox.toml`); a span of just a command's name
//!    (`tipbox-decrypt open`) names it and is not run.
//! 3. A synopsis is not run: a line or span with `…`, an argument in
//!    brackets or parentheses, or an argument that is a capitalised
//!    placeholder alone (`FILE`, `BUNDLE`). The test prints what it skipped.
//!
//! How they run: each documentation file gets one sandbox, a fresh folder
//! that stands for the newsroom's machines, and its commands run in the
//! order written. Absolute paths and `~` are moved into the sandbox
//! (`/etc/tipbox/tipbox.toml` is `SANDBOX/etc/tipbox/tipbox.toml`, and the
//! transfer stick `/mnt/transfer` is the same folder as `/media/transfer`).
//! The network commands (`tipbox fetch`, `confirm`, `push`, `submit`, …) go
//! through a SOCKS5 proxy the test starts in place of tor: its address
//! replaces the documented `--socks5` value, or is added as `--socks5` when a
//! line gives none; it takes `NEWSROOM.onion` to the server's newsroom socket
//! and any other host to the source socket. The server is the real
//! `tipbox-server` binary on a production configuration in the sandbox.
//! `systemctl stop|start|restart tipbox-server` lines in the same blocks
//! stop and start it. What the prose asks the operator to do by hand, the
//! test does at that point, and only that: a recipient that `keygen`
//! printed goes into `[newsroom] recipients` (step 8), the token `token`
//! printed into `[admin] token_sha256` and `~/tipbox/token` (step 12), a
//! source sends a tip (with a photo and a request for replies) before the
//! first fetch, the damaged store is moved away before a `restore`. Files a
//! command reads that no earlier command made (a photo to clean, a reply's
//! text) are made at the documented path; the placeholders `TIP` (a path
//! segment) and `<TIP-FOLDER>` name a tip folder the desk holds.
use std::collections::BTreeSet;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tipbox::server::config::TokenHash;

use crate::metadata_fixtures::jpeg_with_gps_and_serial;

const BINARIES: [&str; 3] = ["tipbox", "tipbox-server", "tipbox-decrypt"];

/// The passphrase of every identity the documented commands make.
const PASSPHRASE: &str = "correct horse battery staple tipbox sandbox";

/// One command line found in a documentation file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Documented {
    /// 1-based line where it starts.
    pub line: usize,
    pub what: Found,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    /// A command line to run: the binary, then its arguments.
    Command(Vec<String>),
    /// A synopsis (not run), as written.
    Synopsis(String),
    /// `systemctl ACTION tipbox-server`.
    Service(String),
    /// `mkdir ARGS…`.
    Mkdir(Vec<String>),
}

fn machine_prefix_stripped(line: &str) -> &str {
    let mut rest = line.trim();
    if rest.starts_with('[') {
        if let Some(end) = rest.find("] ") {
            rest = rest[end + 2..].trim_start();
        }
    }
    rest.strip_prefix("$ ").unwrap_or(rest)
}

/// The words of a command line without `sudo` / `sudo -u USER`.
fn without_sudo(words: &[String]) -> &[String] {
    match words {
        [sudo, flag, _user, rest @ ..] if sudo == "sudo" && flag == "-u" => rest,
        [sudo, rest @ ..] if sudo == "sudo" => rest,
        _ => words,
    }
}

fn is_synopsis(args: &[String]) -> bool {
    args.iter().any(|word| {
        let placeholder = word.len() > 1
            && word.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && word
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == '-');
        word.contains('…')
            || word.starts_with('[')
            || word.starts_with('(')
            || word == "|"
            || placeholder
    })
}

/// Classifies one candidate text; `inline` applies rule 2.
fn classify(text: &str, inline: bool) -> Option<Found> {
    let text = machine_prefix_stripped(text);
    // A shell comment ends the command: ` # what it does`.
    let words: Vec<String> = text
        .split_whitespace()
        .take_while(|word| !word.starts_with('#'))
        .map(str::to_owned)
        .collect();
    if let [systemctl, action, unit] = &words[..] {
        if systemctl == "systemctl" && unit == "tipbox-server" {
            return Some(Found::Service(action.clone()));
        }
    }
    let words = without_sudo(&words);
    let binary = words.first()?;
    if binary == "mkdir" && !inline {
        return Some(Found::Mkdir(words[1..].to_vec()));
    }
    if !BINARIES.contains(&binary.as_str()) {
        return None;
    }
    if inline && words.len() < 3 {
        return None;
    }
    if is_synopsis(&words[1..]) {
        return Some(Found::Synopsis(words.join(" ")));
    }
    Some(Found::Command(words.to_vec()))
}

/// Every command line of one Markdown file, in order (rules in the module
/// documentation).
pub fn documented_commands(markdown: &str) -> Vec<Documented> {
    let mut found = Vec::new();
    let mut fence: Option<String> = None;
    let mut pending: Option<(usize, String)> = None;
    let mut prose = String::new();
    let mut prose_lines = Vec::new();
    for (index, raw) in markdown.lines().enumerate() {
        let number = index + 1;
        let trimmed = raw.trim_start();
        if let Some(tag) = trimmed.strip_prefix("```") {
            fence = match fence {
                Some(_) => None,
                None => Some(tag.trim().to_owned()),
            };
            continue;
        }
        match &fence {
            Some(tag) if matches!(tag.as_str(), "text" | "toml" | "json") => {}
            Some(_) => {
                let (start, mut text) = pending.take().unwrap_or((number, String::new()));
                text.push_str(trimmed);
                if let Some(continued) = text.strip_suffix('\\') {
                    pending = Some((start, format!("{continued} ")));
                    continue;
                }
                if let Some(what) = classify(&text, false) {
                    found.push(Documented { line: start, what });
                }
            }
            None => {
                prose.push_str(raw);
                prose.push('\n');
                prose_lines.push((prose.len(), number));
            }
        }
    }
    // Inline spans, which may wrap over lines of a paragraph.
    let mut spans = Vec::new();
    let mut rest = prose.as_str();
    let mut offset = 0;
    while let Some(open) = rest.find('`') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('`') else { break };
        let span = after[..close].replace('\n', " ");
        let at = offset + open;
        let line = prose_lines
            .iter()
            .find(|(end, _)| *end > at)
            .map_or(0, |(_, n)| *n);
        spans.push((line, span));
        offset += open + 1 + close + 1;
        rest = &after[close + 1..];
    }
    for (line, span) in spans {
        if let Some(what) = classify(&span, true) {
            found.push(Documented { line, what });
        }
    }
    found.sort_by_key(|d| d.line);
    found
}

// --- the stand-in for tor ------------------------------------------------------------

/// A SOCKS5 proxy (no authentication, CONNECT only) that takes a host whose
/// name starts with `newsroom` to `newsroom` and every other host to
/// `source`, as the two onion services do. It records the host names asked
/// for: names reach it unresolved (`socks5h`).
struct Tor {
    address: SocketAddr,
    asked: Arc<Mutex<Vec<String>>>,
}

impl Tor {
    fn start(source: PathBuf, newsroom: PathBuf) -> Tor {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let asked = Arc::new(Mutex::new(Vec::new()));
        let log = asked.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let (source, newsroom, log) = (source.clone(), newsroom.clone(), log.clone());
                std::thread::spawn(move || {
                    let _ = socks5_session(client, &source, &newsroom, &log);
                });
            }
        });
        Tor { address, asked }
    }
}

fn socks5_session(
    mut client: TcpStream,
    source: &Path,
    newsroom: &Path,
    asked: &Mutex<Vec<String>>,
) -> io::Result<()> {
    let mut greeting = [0u8; 2];
    client.read_exact(&mut greeting)?;
    let mut methods = vec![0; usize::from(greeting[1])];
    client.read_exact(&mut methods)?;
    client.write_all(&[5, 0])?;
    let mut request = [0u8; 4];
    client.read_exact(&mut request)?;
    let host = match request[3] {
        3 => {
            let mut len = [0u8; 1];
            client.read_exact(&mut len)?;
            let mut name = vec![0; usize::from(len[0])];
            client.read_exact(&mut name)?;
            String::from_utf8_lossy(&name).into_owned()
        }
        1 => {
            let mut ip = [0u8; 4];
            client.read_exact(&mut ip)?;
            std::net::Ipv4Addr::from(ip).to_string()
        }
        _ => {
            let mut ip = [0u8; 16];
            client.read_exact(&mut ip)?;
            std::net::Ipv6Addr::from(ip).to_string()
        }
    };
    let mut port = [0u8; 2];
    client.read_exact(&mut port)?;
    asked.lock().unwrap().push(host.clone());
    let target = if host.to_ascii_lowercase().starts_with("newsroom") {
        newsroom
    } else {
        source
    };
    let upstream = match UnixStream::connect(target) {
        Ok(upstream) => upstream,
        Err(err) => {
            // "Host unreachable", as tor answers for an onion it cannot reach.
            client.write_all(&[5, 4, 0, 1, 0, 0, 0, 0, 0, 0])?;
            return Err(err);
        }
    };
    client.write_all(&[5, 0, 0, 1, 0, 0, 0, 0, 0, 0])?;
    let (mut from_server, mut to_client) = (upstream.try_clone()?, client.try_clone()?);
    let back = std::thread::spawn(move || {
        let _ = io::copy(&mut from_server, &mut to_client);
        let _ = to_client.shutdown(Shutdown::Write);
    });
    let _ = io::copy(&mut client, &mut &upstream);
    let _ = upstream.shutdown(Shutdown::Write);
    let _ = back.join();
    Ok(())
}

// --- the sandbox -----------------------------------------------------------------

/// The newsroom's machines in one folder, and the server running on them.
struct Sandbox {
    root: tempfile::TempDir,
    tor: Tor,
    server: Option<Child>,
    recipients: Vec<String>,
    token_hashes: Vec<String>,
    source_has_sent: bool,
    /// What each run printed, for the failure message.
    transcript: String,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.stop_server();
    }
}

impl Sandbox {
    fn new() -> Sandbox {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        // What the packages, systemd and the routine's own `mkdir` lines make.
        for folder in [
            "home/tipbox",
            "etc/tipbox",
            "run/tipbox",
            "var/lib",
            "var/backups",
            "media/transfer",
            "mnt",
        ] {
            std::fs::create_dir_all(r.join(folder)).unwrap();
        }
        // tor as deploy/README.md sets it up, with the station's key of
        // AIRGAP.md step 11 in place.
        let torrc =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/torrc"))
                .unwrap()
                .replace("/var/lib/tor/", &format!("{}/var/lib/tor/", r.display()))
                .replace("/run/tipbox/", &format!("{}/run/tipbox/", r.display()));
        std::fs::create_dir_all(r.join("etc/tor")).unwrap();
        std::fs::write(r.join("etc/tor/torrc"), torrc).unwrap();
        let clients = r.join("var/lib/tor/tipbox-newsroom/authorized_clients");
        std::fs::create_dir_all(&clients).unwrap();
        std::fs::write(
            clients.join("desk-1.auth"),
            format!("descriptor:x25519:{}\n", "A2".repeat(26)),
        )
        .unwrap();
        // One transfer stick, mounted at both documented places.
        std::os::unix::fs::symlink(r.join("media/transfer"), r.join("mnt/transfer")).unwrap();
        let tor = Tor::start(
            r.join("run/tipbox/source.sock"),
            r.join("run/tipbox/admin.sock"),
        );
        let sandbox = Sandbox {
            root,
            tor,
            server: None,
            recipients: Vec::new(),
            token_hashes: Vec::new(),
            source_has_sent: false,
            transcript: String::new(),
        };
        sandbox.write_config();
        sandbox
    }

    fn path(&self, documented: &str) -> PathBuf {
        if let Some(home) = documented.strip_prefix("~/") {
            return self.home().join(home);
        }
        self.root.path().join(documented.trim_start_matches('/'))
    }

    fn home(&self) -> PathBuf {
        self.root.path().join("home")
    }

    fn config(&self) -> PathBuf {
        self.path("/etc/tipbox/tipbox.toml")
    }

    /// The server's production configuration, its paths in the sandbox.
    fn write_config(&self) {
        let quoted = |items: &[String]| {
            items
                .iter()
                .map(|item| format!("\"{item}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let text = format!(
            "[server]\nlisten = \"unix:{run}/source.sock\"\n\
             [admin]\nlisten = \"unix:{run}/admin.sock\"\ntoken_sha256 = [{hashes}]\n\
             torrc = \"{torrc}\"\n\
             [storage]\npath = \"{data}\"\narrival_window_secs = 1\n\
             [newsroom]\nrecipients = [{recipients}]\nallow_demo_key = false\n\
             [limits]\nmax_store_bytes = 104857600\n",
            run = self.path("/run/tipbox").display(),
            data = self.path("/var/lib/tipbox").display(),
            torrc = self.path("/etc/tor/torrc").display(),
            hashes = quoted(&self.token_hashes),
            recipients = quoted(&self.recipients),
        );
        std::fs::write(self.config(), text).unwrap();
    }

    fn start_server(&mut self) {
        if self.server.is_some() {
            return;
        }
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.root.path().join("server.log"))
            .unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_tipbox-server"))
            .arg("--config")
            .arg(self.config())
            .env_remove("RUST_LOG")
            .envs(clean_environment())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        self.server = Some(child);
        let sockets = [
            self.path("/run/tipbox/source.sock"),
            self.path("/run/tipbox/admin.sock"),
        ];
        let deadline = Instant::now() + Duration::from_secs(60);
        while !sockets.iter().all(|s| UnixStream::connect(s).is_ok()) {
            let exited = self.server.as_mut().unwrap().try_wait().unwrap();
            assert!(
                exited.is_none() && Instant::now() < deadline,
                "tipbox-server did not start ({exited:?}): {}",
                self.server_log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn stop_server(&mut self) {
        if let Some(mut child) = self.server.take() {
            let pid = nix::unistd::Pid::from_raw(child.id() as i32);
            let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM);
            let _ = child.wait();
        }
    }

    fn restart_server_if_running(&mut self) {
        if self.server.is_some() {
            self.stop_server();
            self.start_server();
        }
    }

    fn server_log(&self) -> String {
        std::fs::read_to_string(self.root.path().join("server.log")).unwrap_or_default()
    }

    /// A source sends a tip through the source onion: a message, a photo
    /// with GPS in its EXIF, and a request for replies (the no-JavaScript
    /// form, as Tor Browser sends it).
    fn source_sends_a_tip(&mut self) {
        let proxy = reqwest::Proxy::all(format!("socks5h://{}", self.tor.address)).unwrap();
        let client = reqwest::blocking::Client::builder()
            .proxy(proxy)
            .build()
            .unwrap();
        let boundary = "----documentedCommandsBoundary";
        let mut body = Vec::new();
        for (name, value) in [("message", "The documents are attached."), ("reply", "on")] {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"photo.jpg\"\r\n\
                 Content-Type: image/jpeg\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend(jpeg_with_gps_and_serial());
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let response = client
            .post("http://SOURCE.onion/submit")
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .unwrap();
        assert!(
            response.status().is_success(),
            "the source's tip: {}",
            response.status()
        );
        self.source_has_sent = true;
    }

    /// The folder of an opened tip in the desk `~/tips` that holds `needs`
    /// (a relative path), if any.
    fn desk_tip_with(&self, needs: &str) -> Option<String> {
        let desk = self.home().join("tips");
        std::fs::read_dir(desk)
            .ok()?
            .flatten()
            .filter(|entry| entry.path().join(needs).exists())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .next()
    }

    /// A documented word as it runs in the sandbox.
    fn rewrite(&self, word: &str) -> String {
        let mut word = word.to_owned();
        if word.contains("<TIP-FOLDER>") {
            if let Some(folder) = self.desk_tip_with("tip.json") {
                word = word.replace("<TIP-FOLDER>", &folder);
            }
        }
        if word.contains("/TIP/") {
            if let Some(folder) = self.desk_tip_with("files") {
                word = word.replace("/TIP/", &format!("/{folder}/"));
            }
        }
        if word == "~" || word.starts_with("~/") || word.starts_with('/') {
            return self.path(&word).display().to_string();
        }
        word
    }

    /// Files a command reads that no earlier command made.
    fn make_fixtures(&self, args: &[String]) {
        let mut after_output = false;
        for arg in args {
            let is_output = after_output;
            after_output = arg == "-o" || arg == "--output";
            if is_output || !(arg.starts_with('/') || arg.starts_with(&self.root_text())) {
                continue;
            }
            let path = PathBuf::from(arg);
            if path.exists() {
                continue;
            }
            let content = match path.extension().and_then(|e| e.to_str()) {
                Some("jpg") => jpeg_with_gps_and_serial(),
                Some("txt") => b"Thank you. Can you tell us when the photo was taken?\n".to_vec(),
                _ => continue,
            };
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, content).unwrap();
        }
    }

    fn root_text(&self) -> String {
        self.root.path().display().to_string()
    }

    /// Runs one documented command line; `Err` says why it failed.
    fn run(&mut self, words: &[String]) -> Result<(), String> {
        let (binary, documented_args) = (&words[0], &words[1..]);
        let subcommand = documented_args.first().map(String::as_str).unwrap_or("");
        let network = binary == "tipbox"
            && !matches!(subcommand, "encrypt" | "help" | "--help" | "--version");
        // What the operator did by hand before this line (the prose).
        if network {
            self.start_server();
            if !self.source_has_sent {
                self.source_sends_a_tip();
            }
        }
        if binary == "tipbox-server" && subcommand == "restore" {
            let store = self.path("/var/lib/tipbox");
            if store.exists() {
                std::fs::rename(&store, self.path("/var/lib/tipbox.damaged")).unwrap();
            }
        }

        let mut args: Vec<String> = documented_args.iter().map(|a| self.rewrite(a)).collect();
        if network {
            let proxy = self.tor.address.to_string();
            match args.iter().position(|a| a == "--socks5") {
                Some(at) if at + 1 < args.len() => args[at + 1] = proxy,
                _ => args.extend(["--socks5".to_owned(), proxy]),
            }
        }
        self.make_fixtures(&args);
        let program = match binary.as_str() {
            "tipbox" => env!("CARGO_BIN_EXE_tipbox"),
            "tipbox-server" => env!("CARGO_BIN_EXE_tipbox-server"),
            _ => env!("CARGO_BIN_EXE_tipbox-decrypt"),
        };
        let output = Command::new(program)
            .args(&args)
            .current_dir(self.home())
            .envs(clean_environment())
            .env("HOME", self.home())
            .env("TIPBOX_PASSPHRASE", PASSPHRASE)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let shown = format!(
            "$ {binary} {}\n{}{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        self.transcript.push_str(&shown);
        if !output.status.success() {
            return Err(format!("{}:\n{shown}", output.status));
        }

        // What the operator does by hand after this line (the prose).
        match (binary.as_str(), subcommand) {
            ("tipbox-decrypt", "keygen") => {
                let recipient = first_line_starting(&output, "age1")
                    .ok_or_else(|| format!("keygen printed no recipient:\n{shown}"))?;
                self.recipients.push(recipient);
                self.write_config();
                self.restart_server_if_running();
            }
            ("tipbox-server", "token") => {
                let text = String::from_utf8_lossy(&output.stdout).into_owned();
                let token = text.lines().next().unwrap_or_default().to_owned();
                let token_file = self.path("~/tipbox/token");
                std::fs::write(&token_file, format!("{token}\n")).unwrap();
                self.token_hashes.push(hex::encode(TokenHash::of(&token).0));
                self.write_config();
                self.restart_server_if_running();
            }
            _ => {}
        }
        Ok(())
    }

    fn mkdir(&self, args: &[String]) -> Result<(), String> {
        let args: Vec<String> = args.iter().map(|a| self.rewrite(a)).collect();
        let status = Command::new("mkdir").args(&args).status().unwrap();
        status
            .success()
            .then_some(())
            .ok_or_else(|| format!("mkdir {} failed", args.join(" ")))
    }

    fn service(&mut self, action: &str) -> Result<(), String> {
        match action {
            "stop" => self.stop_server(),
            "start" => self.start_server(),
            "restart" => {
                self.stop_server();
                self.start_server();
            }
            other => return Err(format!("systemctl {other} is not played by the test")),
        }
        Ok(())
    }
}

fn first_line_starting(output: &Output, prefix: &str) -> Option<String> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::trim)
        .find(|line| line.starts_with(prefix))
        .map(str::to_owned)
}

/// This process's environment without tipbox's own variables, so that
/// nothing but the documented command line configures a run.
fn clean_environment() -> Vec<(String, String)> {
    std::env::vars()
        .filter(|(name, _)| !name.starts_with("TIPBOX_") && name != "RUST_LOG")
        .collect()
}

/// The documentation files the rules apply to.
fn documentation_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md")];
    for folder in ["deploy", "docs"] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(root.join(folder))
            .unwrap()
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|e| e == "md"))
            .collect();
        found.sort();
        files.extend(found);
    }
    files
}

/// Runs one file's command lines in order in a fresh sandbox; returns how
/// many ran, the failures, and the hosts the network commands asked for.
fn run_documented(name: &str, markdown: &str) -> (usize, Vec<String>, BTreeSet<String>) {
    let mut sandbox = Sandbox::new();
    let mut ran = 0;
    let mut failures = Vec::new();
    for documented in documented_commands(markdown) {
        let outcome = match &documented.what {
            Found::Command(words) => {
                ran += 1;
                sandbox.run(words)
            }
            Found::Service(action) => sandbox.service(action),
            Found::Mkdir(args) => sandbox.mkdir(args),
            Found::Synopsis(text) => {
                eprintln!("{name}:{}: synopsis, not run: {text}", documented.line);
                Ok(())
            }
        };
        if let Err(why) = outcome {
            failures.push(format!("{name}:{}: {why}", documented.line));
        }
    }
    if !failures.is_empty() {
        failures.push(format!("server log:\n{}", sandbox.server_log()));
    }
    let asked: BTreeSet<String> = sandbox.tor.asked.lock().unwrap().iter().cloned().collect();
    eprintln!("{name}: {ran} command lines ran; hosts asked of the proxy: {asked:?}");
    (ran, failures, asked)
}

#[test]
fn every_documented_command_line_runs_as_written() {
    let mut report = Vec::new();
    let mut ran_per_file = Vec::new();
    for file in documentation_files() {
        let name = file
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap()
            .display()
            .to_string();
        let markdown = std::fs::read_to_string(&file).unwrap();
        let (ran, failures, asked) = run_documented(&name, &markdown);
        if name.ends_with("AIRGAP.md") {
            // fetch, confirm and push went through the stand-in for tor,
            // which got the onion's name, not an address resolved here.
            assert!(asked.contains("newsroom.onion"), "{asked:?}");
        }
        ran_per_file.push((name, ran));
        report.extend(failures);
    }
    assert!(report.is_empty(), "{}", report.join("\n\n"));
    // The routine and the README hold commands; finding none means the
    // extractor broke, not that they all passed.
    let ran = |wanted: &str| {
        ran_per_file
            .iter()
            .find(|(name, _)| name.ends_with(wanted))
            .map_or(0, |(_, n)| *n)
    };
    assert!(ran("deploy/AIRGAP.md") >= 11, "{ran_per_file:?}");
    assert!(ran("README.md") >= 1, "{ran_per_file:?}");
}

#[test]
fn extractor_follows_its_rules() {
    let markdown = "\
Prose naming `tipbox-decrypt open` and running `tipbox-server check --config /etc/tipbox/tipbox.toml`,
and a span that wraps: `tipbox-server backup --config
/etc/tipbox/tipbox.toml -o /tmp/b.tar` and `tipbox fetch … --confirm`.

```
[server] sudo -u tipbox tipbox-server backup --config /etc/tipbox/tipbox.toml \\
             -o /var/backups/b.tar
[server] systemctl stop tipbox-server
mkdir -p ~/keys
ls ~/keys
tipbox-decrypt open -i IDENTITY_FILE BUNDLE -o DIR
tipbox-decrypt reply -i k --to t (-m TEXT | --message-file FILE) -o o
```

```text
tipbox-server check
```
";
    let found = documented_commands(markdown);
    let words = |text: &str| Found::Command(text.split(' ').map(str::to_owned).collect());
    assert_eq!(
        found,
        vec![
            Documented {
                line: 1,
                what: words("tipbox-server check --config /etc/tipbox/tipbox.toml"),
            },
            Documented {
                line: 2,
                what: words("tipbox-server backup --config /etc/tipbox/tipbox.toml -o /tmp/b.tar"),
            },
            Documented {
                line: 3,
                what: Found::Synopsis("tipbox fetch … --confirm".into()),
            },
            Documented {
                line: 6,
                what: words(
                    "tipbox-server backup --config /etc/tipbox/tipbox.toml -o /var/backups/b.tar"
                ),
            },
            Documented {
                line: 8,
                what: Found::Service("stop".into()),
            },
            Documented {
                line: 9,
                what: Found::Mkdir(vec!["-p".into(), "~/keys".into()]),
            },
            Documented {
                line: 11,
                what: Found::Synopsis("tipbox-decrypt open -i IDENTITY_FILE BUNDLE -o DIR".into()),
            },
            Documented {
                line: 12,
                what: Found::Synopsis(
                    "tipbox-decrypt reply -i k --to t (-m TEXT | --message-file FILE) -o o".into()
                ),
            },
        ]
    );
}

#[test]
fn a_documented_command_that_fails_fails_the_test() {
    // `--config` after the subcommand once failed like this (clap: unexpected
    // argument); a misspelt option stands in for any such mistake.
    let markdown = "```\n[server] tipbox-server check --konfig /etc/tipbox/tipbox.toml\n```\n";

    let (ran, failures, _) = run_documented("broken.md", markdown);

    assert_eq!(ran, 1);
    assert!(
        failures
            .iter()
            .any(|f| f.contains("broken.md:2") && f.contains("--konfig")),
        "{failures:?}"
    );
}
