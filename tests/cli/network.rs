//! `tipbox` on the network (issue 14, items 3 and 4): through Tor by
//! default, names resolved only by the proxy, direct connections only to
//! loopback, and failures that name their cause with their own exit code.
//! The real `tipbox-server` and a SOCKS5 proxy started by the test stand in
//! for the newsroom and Tor.
use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tipbox::client::{ClientError, Connection, NoLocalResolver, Route};

use crate::helpers::{run, stderr, tipbox_cmd};
use crate::server::TestServer;
use crate::socks::{Behaviour, Socks5Proxy, Target};

/// Exit statuses documented in `tipbox --help`.
const USAGE: i32 = 2;
const NETWORK: i32 = 3;
const SERVER: i32 = 4;
const LOCAL_IO: i32 = 5;

fn submit(server: &str, route: &[&str]) -> Output {
    run(tipbox_cmd()
        .args(["submit", "--server", server, "-m", "meet at the library"])
        .args(route))
}

fn assert_exit(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "exit status; stderr: {}",
        stderr(out)
    );
}

/// A port on loopback where nothing listens.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// A resolver that counts every lookup it is asked for.
#[derive(Default)]
struct CountingResolver(AtomicUsize);

impl reqwest::dns::Resolve for CountingResolver {
    fn resolve(&self, _: reqwest::dns::Name) -> reqwest::dns::Resolving {
        self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Err("this test resolves nothing".into()) })
    }
}

// --- item 3: through Tor by default ---

#[test]
fn submit_sends_an_onion_name_to_the_socks_proxy_unresolved() {
    let server = TestServer::start();
    let proxy = Socks5Proxy::start(Behaviour::ForwardTo(server.source_address()));

    let out = submit("http://newsroomexample.onion/", &["--socks5", &proxy.arg()]);

    assert!(out.status.success(), "{}", stderr(&out));
    let asked = proxy.asked();
    assert!(!asked.is_empty());
    assert!(
        asked
            .iter()
            .all(|t| *t == Target::Name("newsroomexample.onion".into(), 80)),
        "the proxy was asked for {asked:?}"
    );
    assert_eq!(server.tip_count(), 1);
}

#[test]
fn without_socks5_or_direct_submit_uses_tors_default_port() {
    // Nothing of ours listens on 9050; the failure names that port.
    let out = submit("http://newsroomexample.onion/", &[]);

    assert_exit(&out, NETWORK);
    assert!(
        stderr(&out).contains("is tor running on 127.0.0.1:9050?"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn fetch_confirm_and_push_go_through_the_proxy() {
    let server = TestServer::start();
    let proxy = Socks5Proxy::start(Behaviour::ForwardTo(server.newsroom_address()));
    let work = tempfile::tempdir().unwrap();
    let bundle = work.path().join("bundle.tar");
    let onion = "http://newsroomdesk.onion/";
    let token = server.token_file();

    let fetched = run(tipbox_cmd()
        .args([
            "fetch",
            "--server",
            onion,
            "--socks5",
            &proxy.arg(),
            "--token-file",
        ])
        .arg(&token)
        .arg("-o")
        .arg(&bundle));
    assert!(fetched.status.success(), "{}", stderr(&fetched));
    let confirmed = run(tipbox_cmd()
        .args([
            "confirm",
            "--server",
            onion,
            "--socks5",
            &proxy.arg(),
            "--token-file",
        ])
        .arg(&token)
        .arg(&bundle));
    assert!(confirmed.status.success(), "{}", stderr(&confirmed));

    let asked = proxy.asked();
    assert_eq!(asked.len(), 2, "{asked:?}");
    assert!(asked
        .iter()
        .all(|t| *t == Target::Name("newsroomdesk.onion".into(), 80)));
}

#[test]
fn direct_onion_is_refused_before_any_lookup_or_connection() {
    let resolver = Arc::new(CountingResolver::default());

    let refused = Connection::with_resolver(
        "http://newsroomexample.onion/",
        Route::Direct,
        resolver.clone(),
    );

    assert!(matches!(refused, Err(ClientError::OnionWithoutTor(_))));
    assert_eq!(resolver.0.load(Ordering::SeqCst), 0, "a lookup was made");
}

#[test]
fn through_the_proxy_an_onion_is_never_looked_up_locally() {
    let server = TestServer::start();
    let proxy = Socks5Proxy::start(Behaviour::ForwardTo(server.source_address()));
    let resolver = Arc::new(CountingResolver::default());
    let connection = Connection::with_resolver(
        "http://newsroomexample.onion/",
        Route::Tor(proxy.address),
        resolver.clone(),
    )
    .unwrap();

    let answer = connection
        .client()
        .get(connection.url("api/v1/recipients"))
        .send()
        .unwrap();

    assert_eq!(answer.status().as_u16(), 200);
    assert_eq!(resolver.0.load(Ordering::SeqCst), 0, "a lookup was made");
    assert_eq!(
        proxy.asked(),
        [Target::Name("newsroomexample.onion".into(), 80)]
    );
}

#[test]
fn the_installed_resolver_refuses_every_name() {
    // What every tipbox client carries: even a name a bug let through to
    // the local side is not looked up.
    let client = reqwest::blocking::Client::builder()
        .no_proxy()
        .dns_resolver(Arc::new(NoLocalResolver))
        .build()
        .unwrap();
    let server = TestServer::start();

    let err = client
        .get(format!("http://localhost:{}/", server.source_port))
        .send()
        .unwrap_err();

    let chain = format!("{:?}", anyhow_chain(&err));
    assert!(
        chain.contains("does not resolve host names outside Tor"),
        "{chain}"
    );
}

fn anyhow_chain(err: &dyn std::error::Error) -> Vec<String> {
    let mut out = vec![err.to_string()];
    let mut next = err.source();
    while let Some(e) = next {
        out.push(e.to_string());
        next = e.source();
    }
    out
}

#[test]
fn direct_onion_on_the_command_line_is_a_usage_error() {
    let out = submit("http://newsroomexample.onion/", &["--direct"]);

    assert_exit(&out, USAGE);
    assert!(stderr(&out).contains("onion address"), "{}", stderr(&out));
}

#[test]
fn direct_to_an_address_off_this_machine_is_refused() {
    for server in [
        "http://192.0.2.7/",
        "http://localhost:8080/",
        "http://example.com/",
    ] {
        let out = submit(server, &["--direct"]);
        assert_exit(&out, USAGE);
        assert!(
            stderr(&out).contains("loopback"),
            "{server}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn direct_and_socks5_together_are_refused() {
    let out = submit(
        "http://127.0.0.1:1/",
        &["--direct", "--socks5", "127.0.0.1:9050"],
    );

    assert_exit(&out, USAGE);
}

#[test]
fn submit_direct_to_loopback_reaches_the_server() {
    let server = TestServer::start();

    let out = submit(&server.source_url(), &["--direct"]);

    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(server.tip_count(), 1);
}

// --- item 4: errors that name the cause ---

#[test]
fn tor_not_running_names_the_port_and_what_to_do() {
    let port = closed_port();
    let proxy = format!("127.0.0.1:{port}");

    let out = submit("http://newsroomexample.onion/", &["--socks5", &proxy]);

    assert_exit(&out, NETWORK);
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "tipbox: cannot connect to Tor's SOCKS port at {proxy}"
        )),
        "{err}"
    );
    assert!(err.contains("  caused by: "), "{err}");
    assert!(
        err.contains(&format!("is tor running on {proxy}?")),
        "{err}"
    );
}

#[test]
fn fetch_with_tor_not_running_fails_at_once_without_retrying() {
    let work = tempfile::tempdir().unwrap();
    let token = work.path().join("token");
    std::fs::write(&token, "token").unwrap();
    let proxy = format!("127.0.0.1:{}", closed_port());
    let started = std::time::Instant::now();

    let out = run(tipbox_cmd()
        .args([
            "fetch",
            "--server",
            "http://newsroomdesk.onion/",
            "--socks5",
            &proxy,
        ])
        .arg("--token-file")
        .arg(&token)
        .arg("-o")
        .arg(work.path().join("bundle.tar")));

    assert_exit(&out, NETWORK);
    assert!(
        stderr(&out).contains(&format!("is tor running on {proxy}?")),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("trying again"), "{}", stderr(&out));
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn unreachable_onion_is_told_apart_from_tor_not_running() {
    let proxy = Socks5Proxy::start(Behaviour::Fail(4)); // host unreachable

    let out = submit("http://offlinenewsroom.onion/", &["--socks5", &proxy.arg()]);

    assert_exit(&out, NETWORK);
    let err = stderr(&out);
    assert!(
        err.starts_with("tipbox: Tor could not reach offlinenewsroom.onion"),
        "{err}"
    );
    assert!(err.contains("client authorization"), "{err}");
}

#[test]
fn refused_connection_says_nothing_listens() {
    let port = closed_port();

    let out = submit(&format!("http://127.0.0.1:{port}/"), &["--direct"]);

    assert_exit(&out, NETWORK);
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!("tipbox: 127.0.0.1:{port} refused the connection")),
        "{err}"
    );
    assert!(err.contains("is the server running"), "{err}");
}

#[test]
fn refusal_behind_tor_is_the_servers_not_tors() {
    let proxy = Socks5Proxy::start(Behaviour::Fail(5)); // connection refused

    let out = submit("http://newsroomexample.onion/", &["--socks5", &proxy.arg()]);

    assert_exit(&out, NETWORK);
    let err = stderr(&out);
    assert!(
        err.contains("newsroomexample.onion refused the connection"),
        "{err}"
    );
    assert!(!err.contains("is tor running"), "{err}");
}

#[test]
fn a_port_that_is_not_socks_is_named() {
    let proxy = Socks5Proxy::start(Behaviour::NotSocks);

    let out = submit("http://newsroomexample.onion/", &["--socks5", &proxy.arg()]);

    assert_exit(&out, NETWORK);
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{} did not answer as Tor's SOCKS5 port does",
            proxy.arg()
        )),
        "{err}"
    );
}

#[test]
fn malformed_socks5_is_a_usage_error_before_anything_is_sent() {
    for proxy in [
        "localhost:9050",
        "127.0.0.1",
        "socks4://127.0.0.1:9050",
        "9050",
    ] {
        let out = submit("http://newsroomexample.onion/", &["--socks5", proxy]);
        assert_exit(&out, USAGE);
        let err = stderr(&out);
        assert!(
            err.contains("invalid SOCKS5 proxy address"),
            "{proxy}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}

#[test]
fn wrong_token_is_a_server_refusal() {
    let server = TestServer::start();
    let work = tempfile::tempdir().unwrap();
    let token = work.path().join("token");
    std::fs::write(&token, "not the token").unwrap();

    let out = run(tipbox_cmd()
        .args([
            "fetch",
            "--direct",
            "--server",
            &server.newsroom_url(),
            "--token-file",
        ])
        .arg(&token)
        .arg("-o")
        .arg(work.path().join("bundle.tar")));

    assert_exit(&out, SERVER);
    assert!(
        stderr(&out).contains("the server refused: 401"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn missing_token_file_is_a_local_error() {
    let work = tempfile::tempdir().unwrap();

    let out = run(tipbox_cmd()
        .args([
            "fetch",
            "--direct",
            "--server",
            "http://127.0.0.1:1/",
            "--token-file",
        ])
        .arg(work.path().join("missing"))
        .arg("-o")
        .arg(work.path().join("bundle.tar")));

    assert_exit(&out, LOCAL_IO);
}

#[test]
fn help_documents_the_exit_statuses() {
    let out = run(tipbox_cmd().arg("--help"));

    let help = String::from_utf8_lossy(&out.stdout);
    for line in ["2  ", "3  ", "4  ", "5  "] {
        assert!(help.contains(line), "{line:?} missing from:\n{help}");
    }
    assert!(
        help.contains("is tor running") || help.contains("127.0.0.1:9050"),
        "{help}"
    );
}
