//! Load benchmark: durable submissions of 16 KiB ciphertexts by 32
//! concurrent clients over loopback, beside the ceiling of raw sled
//! (insert + flush, 32 threads) and of the store alone, measured in the
//! same run on the same disk.
//!
//! `cargo bench --bench load` (`LOAD_COUNT=N` changes the submission count).
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use tipbox::envelope::{Encryptor, Identity, Recipient};
use tipbox::server::config::TokenHash;
use tipbox::server::{Application, Settings};
use tipbox::store::{DateGranularity, Store, StoreLimits};

const CLIENTS: usize = 32;
const CIPHERTEXT_BYTES: usize = 16 * 1024;

fn main() {
    let count: usize = std::env::var("LOAD_COUNT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8000);
    let identity = Identity::generate();
    let recipients = vec![identity.to_public()];
    let ciphertext = ciphertext_of_exactly(CIPHERTEXT_BYTES, &recipients);

    println!("{count} durable writes of {CIPHERTEXT_BYTES} bytes, {CLIENTS} concurrent writers\n");
    println!(
        "{:<34} {:>10} {:>9} {:>9} {:>7}",
        "", "writes/s", "p50 ms", "p99 ms", "errors"
    );
    let raw = run_threads(count, raw_sled_writer());
    report("raw sled insert+flush (ceiling)", &raw);
    let store = run_threads(count, store_writer());
    report("tipbox store (group commit)", &store);
    let http = http_submissions(count, recipients, ciphertext);
    report("POST /api/v1/tips over loopback", &http);
    println!(
        "\nHTTP submissions reach {:.0}% of the raw sled ceiling (target: at least 50%, zero errors)",
        100.0 * http.per_second() / raw.per_second()
    );
}

/// Latencies of one run and how many writes failed.
struct Run {
    elapsed: Duration,
    latencies: Vec<Duration>,
    errors: usize,
}

impl Run {
    fn per_second(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64()
    }
    fn percentile(&self, p: f64) -> f64 {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
        sorted
            .get(index)
            .map_or(f64::NAN, |d| d.as_secs_f64() * 1e3)
    }
}

fn report(name: &str, run: &Run) {
    println!(
        "{name:<34} {:>10.0} {:>9.2} {:>9.2} {:>7}",
        run.per_second(),
        run.percentile(0.50),
        run.percentile(0.99),
        run.errors
    );
}

/// Runs `count` calls of `write` spread over CLIENTS threads.
fn run_threads(count: usize, write: impl Fn(usize) -> bool + Send + Sync + 'static) -> Run {
    let write = Arc::new(write);
    let next = Arc::new(AtomicUsize::new(0));
    let start = Arc::new(Barrier::new(CLIENTS + 1));
    let threads: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (write, next, start) = (write.clone(), next.clone(), start.clone());
            std::thread::spawn(move || {
                let mut latencies = Vec::new();
                let mut errors = 0;
                start.wait();
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= count {
                        return (latencies, errors);
                    }
                    let began = Instant::now();
                    if write(n) {
                        latencies.push(began.elapsed());
                    } else {
                        errors += 1;
                    }
                }
            })
        })
        .collect();
    start.wait();
    let began = Instant::now();
    let mut run = Run {
        elapsed: Duration::ZERO,
        latencies: Vec::with_capacity(count),
        errors: 0,
    };
    for thread in threads {
        let (latencies, errors) = thread.join().unwrap();
        run.latencies.extend(latencies);
        run.errors += errors;
    }
    run.elapsed = began.elapsed();
    run
}

/// The ceiling: each write is one sled insert then `flush`, as plain as it gets.
fn raw_sled_writer() -> impl Fn(usize) -> bool + Send + Sync + 'static {
    let dir = tempfile::tempdir().unwrap();
    let db = sled::Config::new().path(dir.path()).open().unwrap();
    let value = vec![0x42u8; CIPHERTEXT_BYTES];
    move |_| {
        let _keep = &dir;
        let key: [u8; 16] = rand::random();
        db.insert(key, value.as_slice()).is_ok() && db.flush().is_ok()
    }
}

/// The store alone: begin, append, commit (durable).
fn store_writer() -> impl Fn(usize) -> bool + Send + Sync + 'static {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(
        dir.path(),
        StoreLimits {
            max_tip_bytes: u64::MAX,
            max_store_bytes: u64::MAX,
            date_granularity: DateGranularity::Day,
        },
    )
    .unwrap();
    let value = vec![0x42u8; CIPHERTEXT_BYTES];
    move |_| {
        let _keep = &dir;
        let mut upload = match store.begin() {
            Ok(upload) => upload,
            Err(_) => return false,
        };
        upload.append(&value).is_ok() && upload.commit().is_ok()
    }
}

/// The real server (as production starts it) and CLIENTS blocking HTTP clients.
fn http_submissions(count: usize, recipients: Vec<Recipient>, ciphertext: Vec<u8>) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("TIPBOX_SERVER__LISTEN", "127.0.0.1:0".to_owned()),
        ("TIPBOX_ADMIN__LISTEN", "127.0.0.1:0".to_owned()),
        ("TIPBOX_STORAGE__PATH", dir.path().display().to_string()),
        (
            "TIPBOX_ADMIN__TOKEN_SHA256",
            format!("[\"{}\"]", hex::encode(TokenHash::of("bench").0)),
        ),
        ("TIPBOX_LIMITS__MAX_CONCURRENT_UPLOADS", CLIENTS.to_string()),
    ]
    .map(|(k, v)| (k.to_owned(), v));
    let mut settings = Settings::from_sources(None, env).unwrap();
    settings.newsroom.recipients = recipients;
    let (port_tx, port_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async move {
            let app = Application::build(settings).await.unwrap();
            port_tx.send(app.source_port().unwrap()).unwrap();
            app.run_until_stopped().await.unwrap();
        });
    });
    let port = port_rx.recv().unwrap();
    let url = format!("http://127.0.0.1:{port}/api/v1/tips");
    let client = reqwest::blocking::Client::builder()
        .pool_max_idle_per_host(CLIENTS)
        .build()
        .unwrap();
    let body = bytes::Bytes::from(ciphertext);
    let run = run_threads(count, move |_| {
        client
            .post(&url)
            .body(body.clone())
            .send()
            .is_ok_and(|r| r.status().as_u16() == 201)
    });
    drop(dir);
    run
}

/// An age file for `recipients` of exactly `size` bytes.
fn ciphertext_of_exactly(size: usize, recipients: &[Recipient]) -> Vec<u8> {
    let encrypt = |plaintext: &[u8]| {
        let mut encryptor = Encryptor::new(Vec::new(), recipients).unwrap();
        encryptor.write_all(plaintext).unwrap();
        encryptor.finish().unwrap()
    };
    let overhead = encrypt(b"").len();
    let ciphertext = encrypt(&vec![0x17; size - overhead]);
    assert_eq!(ciphertext.len(), size);
    ciphertext
}
