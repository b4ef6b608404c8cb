//! `tipbox` follows the conventions of well-loved command-line tools
//! (issue 14, item 6): `-` for standard input and output, no binary on a
//! terminal, the message kept out of shell history, an empty tip or a bad
//! attachment refused before the server hears anything, help for every
//! option, generated man pages and completions, amounts in plain words.
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::helpers::{decrypt_cmd, keygen, run, stderr, stdout, tipbox_cmd};
use crate::server::TestServer;
use crate::socks::{Behaviour, Socks5Proxy};

/// Runs `cmd` with `input` on its standard input.
fn run_with_stdin(cmd: &mut Command, input: &[u8]) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn submit_to(server: &TestServer) -> Command {
    let mut cmd = tipbox_cmd();
    cmd.args(["submit", "--direct", "--server", &server.source_url()]);
    cmd
}

#[test]
fn submit_reads_the_message_from_a_file_and_records_the_language() {
    let server = TestServer::start();
    let work = tempfile::tempdir().unwrap();
    let message = work.path().join("message.txt");
    std::fs::write(&message, "meet at the library").unwrap();

    let out = run(submit_to(&server)
        .arg("--message-file")
        .arg(&message)
        .args(["--language", "fa"]));

    assert!(out.status.success(), "{}", stderr(&out));
    let tips = server.received_tips();
    assert_eq!(tips.len(), 1);
    assert_eq!(tips[0].message, "meet at the library");
    assert_eq!(tips[0].language, "fa");
}

#[test]
fn submit_reads_the_message_from_standard_input() {
    let server = TestServer::start();

    let piped = run_with_stdin(&mut submit_to(&server), b"typed, not in history\n");
    let dashed = run_with_stdin(
        submit_to(&server).args(["--message-file", "-"]),
        b"also piped",
    );

    for out in [&piped, &dashed] {
        assert!(out.status.success(), "{}", stderr(out));
    }
    let mut messages: Vec<String> = server
        .received_tips()
        .into_iter()
        .map(|t| t.message)
        .collect();
    messages.sort();
    assert_eq!(messages, ["also piped", "typed, not in history\n"]);
}

/// A proxy that records whether anything was asked of it: the server side
/// of "nothing was sent".
fn watching_proxy() -> (TestServer, Socks5Proxy) {
    let server = TestServer::start();
    let proxy = Socks5Proxy::start(Behaviour::ForwardTo(server.source_address()));
    (server, proxy)
}

fn submit_through(proxy: &Socks5Proxy) -> Command {
    let mut cmd = tipbox_cmd();
    cmd.args([
        "submit",
        "--server",
        "http://newsroomexample.onion/",
        "--socks5",
    ])
    .arg(proxy.arg());
    cmd
}

#[test]
fn submit_refuses_an_empty_tip_before_contacting_the_server() {
    let (server, proxy) = watching_proxy();
    let work = tempfile::tempdir().unwrap();
    let blank = work.path().join("blank.txt");
    std::fs::write(&blank, " \n\t\n").unwrap();

    let no_input = run(&mut submit_through(&proxy)); // standard input is empty
    let blank_file = run(submit_through(&proxy).arg("--message-file").arg(&blank));

    for out in [&no_input, &blank_file] {
        assert_eq!(out.status.code(), Some(2), "{}", stderr(out));
        assert!(stderr(out).contains("nothing to send"), "{}", stderr(out));
    }
    assert!(proxy.asked().is_empty(), "the server was contacted");
    assert_eq!(server.tip_count(), 0);
}

#[test]
fn submit_checks_attachments_before_contacting_the_server() {
    let (_server, proxy) = watching_proxy();
    let work = tempfile::tempdir().unwrap();
    let missing = work.path().join("missing.pdf");

    let cases: [(&Path, i32, &str); 3] = [
        (&missing, 5, "missing.pdf"),
        (work.path(), 2, "must be a regular file"),
        (Path::new("-"), 2, "must be a regular file"),
    ];
    for (attachment, code, says) in cases {
        let out = run(submit_through(&proxy)
            .args(["-m", "see attached"])
            .arg(attachment));
        assert_eq!(
            out.status.code(),
            Some(code),
            "{attachment:?}: {}",
            stderr(&out)
        );
        assert!(
            stderr(&out).contains(says),
            "{attachment:?}: {}",
            stderr(&out)
        );
    }
    assert!(proxy.asked().is_empty(), "the server was contacted");
}

/// Runs `cmd` with its standard output on a fresh pseudo-terminal.
fn run_on_a_terminal(cmd: &mut Command) -> Output {
    let pty = nix::pty::openpty(None, None).unwrap();
    let out = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::from(pty.slave))
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    drop(pty.master);
    out
}

#[test]
fn binary_output_to_a_terminal_is_refused() {
    let work = tempfile::tempdir().unwrap();
    let keys = keygen(work.path(), "key");
    let plain = work.path().join("plain.txt");
    std::fs::write(&plain, "secret").unwrap();

    let encrypt = run_on_a_terminal(
        tipbox_cmd()
            .args(["encrypt", "-r", &keys.recipient.to_string()])
            .arg(&plain),
    );
    let fetch = run_on_a_terminal(tipbox_cmd().args([
        "fetch",
        "--direct",
        "--server",
        "http://127.0.0.1:1/",
        "--token-file",
        "/dev/null",
        "-o",
        "-",
    ]));

    for out in [&encrypt, &fetch] {
        assert_eq!(out.status.code(), Some(2), "{}", stderr(out));
        assert!(
            stderr(out).contains("refusing to write binary output to a terminal"),
            "{}",
            stderr(out)
        );
    }
}

#[test]
fn dash_is_standard_input_and_output_for_encrypt() {
    let work = tempfile::tempdir().unwrap();
    let keys = keygen(work.path(), "key");
    let recipient = keys.recipient.to_string();
    let sealed = work.path().join("sealed.age");

    // stdin → file, then the same through "-o -" → stdout.
    let to_file = run_with_stdin(
        tipbox_cmd()
            .args(["encrypt", "-r", &recipient, "-", "-o"])
            .arg(&sealed),
        b"through a pipe",
    );
    let to_stdout = run_with_stdin(
        tipbox_cmd().args(["encrypt", "-r", &recipient, "-o", "-"]),
        b"through a pipe",
    );

    assert!(to_file.status.success(), "{}", stderr(&to_file));
    assert!(to_stdout.status.success(), "{}", stderr(&to_stdout));
    for ciphertext in [std::fs::read(&sealed).unwrap(), to_stdout.stdout] {
        let opened = run_with_stdin(
            decrypt_cmd().args(["raw", "-i"]).arg(&keys.identity),
            &ciphertext,
        );
        assert_eq!(stdout(&opened), "through a pipe", "{}", stderr(&opened));
    }
}

#[test]
fn dash_is_standard_input_and_output_for_fetch_and_confirm() {
    let server = TestServer::start();
    server.post_tip(3_000_000, 1);
    let newsroom = server.newsroom_url();
    let token = std::fs::read(server.token_file()).unwrap();

    // The token on standard input, the bundle on standard output.
    let fetched = run_with_stdin(
        tipbox_cmd().args([
            "fetch",
            "--direct",
            "--server",
            &newsroom,
            "--token-file",
            "-",
            "-o",
            "-",
        ]),
        &token,
    );
    assert!(fetched.status.success(), "{}", stderr(&fetched));
    let bundle = fetched.stdout.clone();
    let reader = tipbox::bundle::BundleReader::new(&bundle[..]).unwrap();
    assert_eq!(reader.manifest().tips.len(), 1);
    // Amounts in words: one tip, its size in MiB.
    assert!(
        stderr(&fetched).contains("Fetched 1 tip (2.9 MiB) into standard output"),
        "{}",
        stderr(&fetched)
    );

    // The bundle on standard input.
    let confirmed = run_with_stdin(
        tipbox_cmd()
            .args(["confirm", "--direct", "--server", &newsroom, "--token-file"])
            .arg(server.token_file())
            .arg("-"),
        &bundle,
    );
    assert!(confirmed.status.success(), "{}", stderr(&confirmed));
    assert!(
        stderr(&confirmed)
            .contains("The server removed 1 tip of this bundle (none was already gone)."),
        "{}",
        stderr(&confirmed)
    );
    assert_eq!(server.tip_count(), 0);
}

#[test]
fn two_inputs_from_standard_input_are_refused() {
    let out = run(tipbox_cmd().args([
        "confirm",
        "--direct",
        "--server",
        "http://127.0.0.1:1/",
        "--token-file",
        "-",
        "-",
    ]));

    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("only one input"), "{}", stderr(&out));
}

#[test]
fn submit_reports_its_size_in_words() {
    let server = TestServer::start();
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("scan.pdf");
    std::fs::write(&file, crate::helpers::noise(20_000, 5)).unwrap();

    let out = run(submit_to(&server).args(["-m", "see attached"]).arg(&file));

    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let sent = err
        .lines()
        .find(|l| l.starts_with("Sent "))
        .unwrap_or_default();
    assert!(
        sent.ends_with(" KiB. The server holds only the encrypted tip."),
        "{err}"
    );
}

const COMMANDS: [&str; 6] = [
    "encrypt",
    "submit",
    "fetch",
    "confirm",
    "push",
    "completions",
];

#[test]
fn every_option_of_every_command_has_help() {
    for command in COMMANDS {
        let out = run(tipbox_cmd().args([command, "--help"]));
        let help = stdout(&out);
        // The options end where the notes shared by every command begin.
        let options = help.split("\nNetwork:\n").next().unwrap();
        let lines: Vec<&str> = options.lines().collect();
        // Each option or argument with its description on the same line
        // (short form) or on the next, indented further (long form).
        for (n, line) in lines.iter().enumerate() {
            let spec = line.trim_start();
            let indent = line.len() - spec.len();
            if !(2..=6).contains(&indent)
                || !(spec.starts_with('-') || spec.starts_with('<') || spec.starts_with('['))
            {
                continue;
            }
            // Short form: the description on the same line.
            if spec
                .split("  ")
                .filter(|part| !part.trim().is_empty())
                .count()
                >= 2
            {
                continue;
            }
            let next = lines.get(n + 1).copied().unwrap_or_default();
            let next_indent = next.len() - next.trim_start().len();
            assert!(
                !next.trim().is_empty() && next_indent > indent,
                "`tipbox {command}`: {spec:?} has no description:\n{help}"
            );
        }
    }
}

#[test]
fn help_names_the_environment_and_the_binary() {
    let help = stdout(&run(tipbox_cmd().arg("--help")));
    let version = stdout(&run(tipbox_cmd().arg("--version")));

    for variable in ["TIPBOX_PASSPHRASE", "RUST_LOG"] {
        assert!(help.contains(variable), "{variable} not in:\n{help}");
    }
    assert!(
        help.starts_with("The source's and the transfer station's tipbox client"),
        "{help}"
    );
    assert!(version.starts_with("tipbox "), "{version}");
}

#[test]
fn man_pages_and_completions_in_deploy_are_what_the_binary_generates() {
    let work = tempfile::tempdir().unwrap();
    let deploy = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy");

    let out = run(tipbox_cmd()
        .args(["manpages", "--out-dir"])
        .arg(work.path()));

    assert!(out.status.success(), "{}", stderr(&out));
    let mut pages: Vec<String> = std::fs::read_dir(work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    let mut committed: Vec<String> = std::fs::read_dir(deploy.join("man"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    committed.sort();
    assert_eq!(
        pages, committed,
        "regenerate with `tipbox manpages --out-dir deploy/man`"
    );
    for page in &pages {
        assert_eq!(
            std::fs::read(work.path().join(page)).unwrap(),
            std::fs::read(deploy.join("man").join(page)).unwrap(),
            "deploy/man/{page} is stale: regenerate with `tipbox manpages --out-dir deploy/man`"
        );
    }
    for (shell, file) in [
        ("bash", "tipbox.bash"),
        ("zsh", "_tipbox"),
        ("fish", "tipbox.fish"),
    ] {
        let generated = run(tipbox_cmd().args(["completions", shell])).stdout;
        assert_eq!(
            generated,
            std::fs::read(deploy.join("completions").join(file)).unwrap(),
            "deploy/completions/{file} is stale: regenerate with `tipbox completions {shell}`"
        );
    }
}

#[test]
fn the_client_package_installs_the_man_pages_and_completions() {
    let manifest: toml::Value =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
            .unwrap()
            .parse()
            .unwrap();
    let assets = manifest["package"]["metadata"]["deb"]["variants"]["client"]["assets"]
        .as_array()
        .unwrap();
    let shipped: Vec<(&str, &str)> = assets
        .iter()
        .map(|a| (a[0].as_str().unwrap(), a[1].as_str().unwrap()))
        .collect();

    for entry in
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/man")).unwrap()
    {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let source = format!("deploy/man/{name}");
        assert!(
            shipped
                .iter()
                .any(|(s, d)| *s == source && d.starts_with("usr/share/man/man1/")),
            "{source} is not installed by tipbox-client"
        );
    }
    for dest in [
        "usr/share/bash-completion/completions/tipbox",
        "usr/share/zsh/vendor-completions/_tipbox",
        "usr/share/fish/vendor_completions.d/tipbox.fish",
    ] {
        assert!(
            shipped.iter().any(|(_, d)| *d == dest),
            "{dest} not installed"
        );
    }
}
