//! Long transfers over Tor (issue 14, item 5): the export answers ranges,
//! `tipbox fetch` resumes a broken or stalled download where it stopped,
//! every request gives up after its timeout, and `submit` says when it
//! retries. The real `tipbox-server`; a SOCKS5 proxy that breaks the first
//! connection stands in for a bad Tor circuit.
use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use reqwest::Method;

use crate::helpers::{run, stderr, tipbox_cmd};
use crate::server::TestServer;
use crate::socks::{Behaviour, Socks5Proxy};

fn header(answer: &reqwest::blocking::Response, name: &str) -> String {
    answer
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// A full export: its bytes and its ETag.
fn full_export(server: &TestServer) -> (Vec<u8>, String) {
    let answer = server.newsroom(Method::GET, "v1/export").send().unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    assert_eq!(header(&answer, "accept-ranges"), "bytes");
    let tag = header(&answer, "etag");
    let length: usize = header(&answer, "content-length").parse().unwrap();
    let bytes = answer.bytes().unwrap().to_vec();
    assert_eq!(bytes.len(), length);
    (bytes, tag)
}

fn ranged(server: &TestServer, from: usize, tag: &str) -> reqwest::blocking::Response {
    server
        .newsroom(Method::GET, "v1/export")
        .header("range", format!("bytes={from}-"))
        .header("if-range", tag)
        .send()
        .unwrap()
}

#[test]
fn export_answers_a_range_of_the_same_export_even_after_new_tips() {
    let server = TestServer::start();
    server.post_tip(100_000, 1);
    let (bytes, tag) = full_export(&server);
    server.post_tip(10, 2); // arrives after the export was listed

    let answer = ranged(&server, 70_000, &tag);

    assert_eq!(answer.status().as_u16(), 206);
    assert_eq!(
        header(&answer, "content-range"),
        format!("bytes 70000-{}/{}", bytes.len() - 1, bytes.len())
    );
    assert_eq!(header(&answer, "etag"), tag);
    assert_eq!(answer.bytes().unwrap(), &bytes[70_000..]);
}

#[test]
fn export_range_after_a_listed_tip_was_removed_is_a_fresh_export_in_full() {
    let server = TestServer::start();
    server.post_tip(5_000, 1);
    server.post_tip(5_000, 2);
    let (_, tag) = full_export(&server);
    let tips: Vec<serde_json::Value> = server
        .newsroom(Method::GET, "v1/tips")
        .send()
        .unwrap()
        .json()
        .unwrap();
    let id = tips[0]["id"].as_str().unwrap();
    let deleted = server
        .newsroom(Method::DELETE, &format!("v1/tips/{id}"))
        .send()
        .unwrap();
    assert_eq!(deleted.status().as_u16(), 204);

    let answer = ranged(&server, 1_000, &tag);

    assert_eq!(answer.status().as_u16(), 200);
    assert_ne!(header(&answer, "etag"), tag);
    let bundle = answer.bytes().unwrap();
    let reader = tipbox::bundle::BundleReader::new(&bundle[..]).unwrap();
    assert_eq!(reader.manifest().tips.len(), 1);
}

#[test]
fn export_range_with_an_unknown_tag_or_none_is_answered_in_full() {
    let server = TestServer::start();
    server.post_tip(5_000, 1);
    let (bytes, _) = full_export(&server);

    let forged = ranged(&server, 1_000, "\"00000000000000000000000000000000-00\"");
    let untagged = server
        .newsroom(Method::GET, "v1/export")
        .header("range", "bytes=1000-")
        .send()
        .unwrap();

    for answer in [forged, untagged] {
        assert_eq!(answer.status().as_u16(), 200);
        assert_eq!(answer.bytes().unwrap().len(), bytes.len());
    }
}

#[test]
fn export_range_past_the_end_is_not_satisfiable() {
    let server = TestServer::start();
    let (bytes, tag) = full_export(&server);

    let answer = ranged(&server, bytes.len(), &tag);

    assert_eq!(answer.status().as_u16(), 416);
    assert_eq!(
        header(&answer, "content-range"),
        format!("bytes */{}", bytes.len())
    );
}

/// `tipbox fetch` through `proxy` with `args` added; the bundle path.
fn fetch_through(
    server: &TestServer,
    proxy: &Socks5Proxy,
    args: &[&str],
) -> (std::process::Output, tempfile::TempDir) {
    let work = tempfile::tempdir().unwrap();
    let out = run(tipbox_cmd()
        .args([
            "fetch",
            "--server",
            "http://newsroomdesk.onion/",
            "--socks5",
        ])
        .arg(proxy.arg())
        .arg("--token-file")
        .arg(server.token_file())
        .args(args)
        .arg("-o")
        .arg(work.path().join("bundle.tar")));
    (out, work)
}

#[test]
fn fetch_resumes_a_broken_download_where_it_stopped() {
    let server = TestServer::start();
    server.post_tip(300_000, 1);
    server.post_tip(300_000, 2);
    let proxy = Socks5Proxy::start(Behaviour::BreakFirst {
        to: server.newsroom_address(),
        after: 250_000,
        cut: true,
    });

    let (out, work) = fetch_through(&server, &proxy, &[]);

    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("The download broke off"), "{err}");
    assert!(err.contains("trying again in 1 s"), "{err}");
    let bundle = std::fs::read(work.path().join("bundle.tar")).unwrap();
    let reader = tipbox::bundle::BundleReader::new(&bundle[..]).unwrap();
    assert_eq!(reader.manifest().tips.len(), 2);
    // The second connection carried the rest, not the whole bundle again.
    let passed = proxy.passed();
    assert_eq!(passed.len(), 2, "{passed:?}");
    assert_eq!(passed[0], 250_000);
    assert!(
        passed[1] < bundle.len() as u64 - 200_000,
        "{passed:?} for a bundle of {}",
        bundle.len()
    );
}

#[test]
fn fetch_gives_up_on_a_stalled_circuit_after_its_timeout_and_resumes() {
    let server = TestServer::start();
    server.post_tip(300_000, 1);
    let proxy = Socks5Proxy::start(Behaviour::BreakFirst {
        to: server.newsroom_address(),
        after: 100_000,
        cut: false,
    });
    let started = Instant::now();

    let (out, work) = fetch_through(&server, &proxy, &["--timeout", "2"]);

    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("timed out"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(20));
    let bundle = std::fs::read(work.path().join("bundle.tar")).unwrap();
    let passed = proxy.passed();
    assert_eq!(passed.len(), 2, "{passed:?}");
    assert!(passed[1] < bundle.len() as u64 - 90_000, "{passed:?}");
}

/// A server that accepts connections and reads requests but never answers.
fn silent_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut buffer = [0u8; 4096];
                while let Ok(n) = stream.read(&mut buffer) {
                    if n == 0 {
                        break;
                    }
                }
                let _ = stream.flush();
            });
        }
    });
    format!("http://{address}/")
}

#[test]
fn confirm_push_and_the_recipients_request_time_out() {
    let server = silent_server();
    let work = tempfile::tempdir().unwrap();
    let token = work.path().join("token");
    std::fs::write(&token, "token").unwrap();
    let bundle = work.path().join("bundle.tar");
    let (tar, _) = crate::helpers::bundle(&[]);
    std::fs::write(&bundle, tar).unwrap();
    let outgoing = work.path().join("outgoing.tar");
    std::fs::write(&outgoing, b"not looked at before sending").unwrap();
    let commands: [Vec<std::ffi::OsString>; 3] = [
        vec![
            "confirm".into(),
            "--token-file".into(),
            token.clone().into(),
            bundle.into(),
        ],
        vec![
            "push".into(),
            "--token-file".into(),
            token.into(),
            outgoing.into(),
        ],
        vec!["submit".into(), "-m".into(), "hello".into()],
    ];

    for command in commands {
        let started = Instant::now();
        let out = run(tipbox_cmd().args(&command).args([
            "--direct",
            "--timeout",
            "1",
            "--server",
            &server,
        ]));

        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(3), "{command:?}: {err}");
        assert!(err.contains("timed out"), "{command:?}: {err}");
        assert!(started.elapsed() < Duration::from_secs(10), "{command:?}");
    }
}

#[test]
fn a_proxy_that_never_answers_fails_after_the_connect_timeout() {
    let proxy = Socks5Proxy::start(Behaviour::Silent);
    let started = Instant::now();

    let out = run(tipbox_cmd().args([
        "submit",
        "-m",
        "hello",
        "--server",
        "http://newsroomexample.onion/",
        "--socks5",
        &proxy.arg(),
        "--connect-timeout",
        "1",
    ]));

    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("timed out"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn submit_says_when_it_retries_instead_of_freezing() {
    let server = TestServer::start();
    // The recipients request and the upload's start are small; the first
    // part is cut off in the middle of its body.
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("big.bin");
    std::fs::write(&file, crate::helpers::noise(200_000, 3)).unwrap();
    let cutting = Socks5Proxy::start(Behaviour::CutFirstUpload {
        to: server.source_address(),
        after: 60_000,
    });

    let out = run(tipbox_cmd()
        .args([
            "submit",
            "-m",
            "hello",
            "--server",
            "http://newsroomexample.onion/",
            "--socks5",
        ])
        .arg(cutting.arg())
        .arg(&file));

    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert_eq!(server.tip_count(), 1);
    assert!(
        err.contains("trying again in 1 s (attempt 2 of 12)"),
        "{err}"
    );
}

#[test]
fn fetch_draws_a_progress_bar_on_a_terminal() {
    let server = TestServer::start();
    server.post_tip(3_000_000, 1);
    let work = tempfile::tempdir().unwrap();
    let pty = nix::pty::openpty(None, None).unwrap();
    let mut screen = std::fs::File::from(pty.master);
    let reader = std::thread::spawn(move || {
        let mut shown = Vec::new();
        // Ends with an error (EIO) once the child's side is closed.
        let _ = screen.read_to_end(&mut shown);
        String::from_utf8_lossy(&shown).into_owned()
    });

    let status = tipbox_cmd()
        .args([
            "fetch",
            "--direct",
            "--server",
            &server.newsroom_url(),
            "--token-file",
        ])
        .arg(server.token_file())
        .arg("-o")
        .arg(work.path().join("bundle.tar"))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::from(pty.slave))
        .status()
        .unwrap();

    assert!(status.success());
    let shown = reader.join().unwrap();
    // The bar's "done/total" (indicatif's binary units, two decimals),
    // beside the one-decimal summary line.
    assert!(shown.contains("B/2.8"), "{shown:?}");
    assert!(shown.contains("Fetched 1 tip (2.9 MiB)"), "{shown:?}");
}
