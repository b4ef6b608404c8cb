//! Page weight: the bytes of every source page as the real server sends it
//! (HTML, and the stylesheet and script it loads), raw and gzip-compressed
//! (`gzip -9`), in English and in the largest of the other locales. Over Tor,
//! at a few hundred KiB/s, weight is waiting time for the source.
//!
//! The server sends no `Content-Encoding` (actix-web is built without its
//! compression features), so the raw column is what crosses the circuit;
//! gzip shows what compression would save.
//!
//! `cargo bench --bench pages`.
use std::io::Write;
use std::process::{Command, Stdio};

use tipbox::envelope::Identity;
use tipbox::server::config::TokenHash;
use tipbox::server::i18n::Locale;
use tipbox::server::{Application, Settings};

fn main() {
    let data = tempfile::tempdir().unwrap();
    let base = start_server(data.path());
    let client = reqwest::blocking::Client::new();
    let get = |path: &str| -> Vec<u8> {
        let answer = client.get(format!("{base}{path}")).send().unwrap();
        answer.bytes().unwrap().to_vec()
    };
    let post_form = |query: &str, message: &str| -> Vec<u8> {
        let boundary = "----pagesBenchBoundary";
        let body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"message\"\r\n\r\n{message}\r\n--{boundary}--\r\n"
        );
        client
            .post(format!("{base}/submit{query}"))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .unwrap()
            .bytes()
            .unwrap()
            .to_vec()
    };
    let stylesheet = get("/static/tipbox.css");
    let script = get("/static/tipbox.js");

    println!(
        "{:<34} {:>6} {:>10} {:>10}   {:>16}",
        "", "", "bytes", "gzip -9", "with subresources"
    );
    // (page, its subresources, how to fetch it in a locale)
    type Fetch<'a> = Box<dyn Fn(&str) -> Vec<u8> + 'a>;
    let pages: Vec<(&str, Vec<&[u8]>, Fetch)> = vec![
        (
            "GET / (landing)",
            vec![&stylesheet],
            Box::new(|l| get(&format!("/?l={l}"))),
        ),
        (
            "GET /submit (form)",
            vec![&stylesheet, &script],
            Box::new(|l| get(&format!("/submit?l={l}"))),
        ),
        (
            "POST /submit (confirmation)",
            vec![&stylesheet],
            Box::new(|l| post_form(&format!("?l={l}"), "A short tip.")),
        ),
        (
            "POST /submit (refusal: empty)",
            vec![&stylesheet],
            Box::new(|l| post_form(&format!("?l={l}"), " ")),
        ),
        (
            "GET /missing (404)",
            vec![&stylesheet],
            Box::new(|l| get(&format!("/missing?l={l}"))),
        ),
    ];
    for (name, subresources, fetch) in &pages {
        let english = fetch("en");
        let (largest_locale, largest) = Locale::ALL
            .iter()
            .map(|l| (l.tag(), fetch(l.tag())))
            .max_by_key(|(_, page)| page.len())
            .unwrap();
        for (locale, page) in [("en", &english), (largest_locale, &largest)] {
            let extra: usize = subresources.iter().map(|s| s.len()).sum();
            let extra_gzip: usize = subresources.iter().map(|s| gzip_len(s)).sum();
            println!(
                "{name:<34} {locale:>6} {:>10} {:>10}   {:>7} / {:>7} gzip",
                page.len(),
                gzip_len(page),
                page.len() + extra,
                gzip_len(page) + extra_gzip
            );
        }
    }
    for (name, asset) in [
        ("/static/tipbox.css", &stylesheet),
        ("/static/tipbox.js", &script),
    ] {
        println!(
            "{name:<34} {:>6} {:>10} {:>10}",
            "",
            asset.len(),
            gzip_len(asset)
        );
    }
}

/// Size of `bytes` after `gzip -9`.
fn gzip_len(bytes: &[u8]) -> usize {
    let mut gzip = Command::new("gzip")
        .args(["-9", "-c"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("gzip is installed");
    let mut stdin = gzip.stdin.take().unwrap();
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input).unwrap());
    let output = gzip.wait_with_output().unwrap();
    writer.join().unwrap();
    output.stdout.len()
}

/// The real server on a loopback port, as production starts it; its base URL.
fn start_server(dir: &std::path::Path) -> String {
    let env = [
        ("TIPBOX_SERVER__LISTEN", "127.0.0.1:0".to_owned()),
        ("TIPBOX_ADMIN__LISTEN", "127.0.0.1:0".to_owned()),
        ("TIPBOX_STORAGE__PATH", dir.display().to_string()),
        (
            "TIPBOX_ADMIN__TOKEN_SHA256",
            format!("[\"{}\"]", hex::encode(TokenHash::of("bench").0)),
        ),
    ]
    .map(|(k, v)| (k.to_owned(), v));
    let mut settings = Settings::from_sources(None, env).unwrap();
    settings.newsroom.recipients = vec![Identity::generate().to_public()];
    let (port_tx, port_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async move {
            let app = Application::build(settings).await.unwrap();
            port_tx.send(app.source_port().unwrap()).unwrap();
            app.run_until_stopped().await.unwrap();
        });
    });
    format!("http://127.0.0.1:{}", port_rx.recv().unwrap())
}
