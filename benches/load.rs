//! Load benchmark: durable submissions of 16 KiB ciphertexts by 32
//! concurrent clients over loopback, beside the ceiling of raw sled
//! (insert + flush, 32 threads) and of the store alone, measured in the
//! same run on the same disk. What hiding arrival order costs (issue 12,
//! item 5) is printed beside them: one sweep of the store alone's tips
//! (every tip file re-stamped, sled rewritten), and the HTTP submissions
//! again with a sweep every second instead of every hour.
//!
//! `cargo bench --bench load` (`LOAD_COUNT=N` changes the submission count,
//! `LOAD_ROUNDS=N` the number of rounds of all phases, 3 by default; each
//! round's HTTP rate is taken against the ceiling of the same round, and the
//! median is reported).
//!
//! The server binary zeroes every heap block it frees (`zeroizing-alloc`,
//! see `src/bin/tipbox-server.rs`). This bench installs the same allocator
//! behind a switch: the store and HTTP phases run with it, as the server
//! does; the raw sled ceiling runs without it, and so does a second HTTP
//! phase, which gives the allocator's cost measured in the same round.
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use tipbox::envelope::{Encryptor, Identity, Recipient};
use tipbox::server::config::TokenHash;
use tipbox::server::{Application, Settings};
use tipbox::store::{DateGranularity, Store, StoreLimits};

const CLIENTS: usize = 32;
const CIPHERTEXT_BYTES: usize = 16 * 1024;

/// The server binary's allocator, [`zeroizing_alloc::ZeroAlloc`], when
/// [`ZEROING`] is on; the plain system allocator when it is off. Both take
/// blocks from the system allocator, so a block may be freed in the other
/// mode than it was allocated in.
struct SwitchableZeroing;

/// Whether freed and moved blocks are zeroed (as in `tipbox-server`).
static ZEROING: AtomicBool = AtomicBool::new(false);

static ZEROED: zeroizing_alloc::ZeroAlloc<System> = zeroizing_alloc::ZeroAlloc(System);

#[global_allocator]
static ALLOCATOR: SwitchableZeroing = SwitchableZeroing;

// SAFETY: every call goes to `System` or to `ZeroAlloc<System>`, which
// allocates and frees through `System` and only zeroes a block before
// freeing it (and moves a block that grows instead of growing it in place).
unsafe impl GlobalAlloc for SwitchableZeroing {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if ZEROING.load(Ordering::Relaxed) {
            unsafe { ZEROED.dealloc(ptr, layout) }
        } else {
            unsafe { System.dealloc(ptr, layout) }
        }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if ZEROING.load(Ordering::Relaxed) {
            unsafe { ZEROED.realloc(ptr, layout, new_size) }
        } else {
            unsafe { System.realloc(ptr, layout, new_size) }
        }
    }
}

fn zeroing(on: bool) {
    ZEROING.store(on, Ordering::Relaxed);
}

fn main() {
    let count: usize = std::env::var("LOAD_COUNT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8000);
    let identity = Identity::generate();
    let recipients = vec![identity.to_public()];
    let ciphertext = ciphertext_of_exactly(CIPHERTEXT_BYTES, &recipients);

    let rounds: usize = std::env::var("LOAD_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    println!(
        "{count} durable writes of {CIPHERTEXT_BYTES} bytes, {CLIENTS} concurrent writers, {rounds} rounds\n"
    );
    println!(
        "{:<34} {:>10} {:>9} {:>9} {:>7}",
        "", "writes/s", "p50 ms", "p99 ms", "errors"
    );
    let mut ratios = Vec::new();
    let mut swept_ratios = Vec::new();
    let mut zeroing_ratios = Vec::new();
    let mut errors = 0;
    // Every phase's folder is kept until the end: ext4 allocates inodes
    // slowly for a while after many files were removed (it skips recently
    // freed ones), and removing one phase's thousands of files would slow
    // the store's file creation in the next phase, not the raw sled one.
    let mut folders = Vec::new();
    let mut folder = || {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().to_owned();
        folders.push(dir);
        path
    };
    for round in 1..=rounds {
        // Each phase starts with the disk quiet, so the write-back of one
        // phase's data is not charged to the next.
        settle();
        zeroing(false);
        let raw = run_threads(count, raw_sled_writer(&folder()));
        report(&format!("{round}: raw sled insert+flush (ceiling)"), &raw);
        settle();
        zeroing(true);
        let (tips, writer) = store_writer(&folder());
        let store = run_threads(count, writer);
        report(&format!("{round}: tipbox store (group commit)"), &store);
        let began = Instant::now();
        let swept = tips.sweep().expect("sweep");
        println!(
            "{:<34} {:>10.0} ms for {} tips",
            format!("{round}: one sweep of that store"),
            began.elapsed().as_secs_f64() * 1e3,
            swept.restamped
        );
        // Which HTTP phase goes first alternates, so that neither is always
        // the one that meets a disk busier with the earlier phases' files.
        let mut http = None;
        let mut plain = None;
        for zeroed in [round % 2 == 1, round % 2 == 0] {
            settle();
            zeroing(zeroed);
            let run = http_submissions(&folder(), count, &recipients, &ciphertext, 3600);
            if zeroed {
                report(&format!("{round}: POST /api/v1/tips, loopback"), &run);
                http = Some(run);
            } else {
                report(&format!("{round}:   same, zeroing allocator off"), &run);
                plain = Some(run);
            }
        }
        let (http, plain) = (http.expect("measured"), plain.expect("measured"));
        ratios.push(http.per_second() / raw.per_second());
        zeroing_ratios.push(http.per_second() / plain.per_second());
        settle();
        zeroing(true);
        let swept = http_submissions(&folder(), count, &recipients, &ciphertext, 1);
        report(&format!("{round}: same, a sweep every second"), &swept);
        swept_ratios.push(swept.per_second() / raw.per_second());
        // Its server keeps running: let the sweep after the last tip end
        // before the next round's ceiling is measured.
        std::thread::sleep(Duration::from_secs(2));
        errors += raw.errors + store.errors + http.errors + plain.errors + swept.errors;
    }
    ratios.sort_by(f64::total_cmp);
    swept_ratios.sort_by(f64::total_cmp);
    println!(
        "\nHTTP submissions reach {:.0}% of the raw sled ceiling measured in the same round \
         (median of {rounds}; lowest {:.0}%, highest {:.0}%), {errors} errors \
         (target: at least 50%, zero errors)",
        100.0 * ratios[ratios.len() / 2],
        100.0 * ratios[0],
        100.0 * ratios[ratios.len() - 1],
    );
    println!(
        "With a sweep every second (the default is every hour): {:.0}% of the ceiling \
         (median; lowest {:.0}%)",
        100.0 * swept_ratios[swept_ratios.len() / 2],
        100.0 * swept_ratios[0],
    );
    zeroing_ratios.sort_by(f64::total_cmp);
    println!(
        "With the zeroing allocator, HTTP submissions run at {:.0}% of the rate without it \
         (median of {rounds}; lowest {:.0}%, highest {:.0}%; target: at least 90%)",
        100.0 * zeroing_ratios[zeroing_ratios.len() / 2],
        100.0 * zeroing_ratios[0],
        100.0 * zeroing_ratios[zeroing_ratios.len() - 1],
    );
}

/// Waits until the disk has written back what earlier phases left.
fn settle() {
    let synced = std::process::Command::new("sync").status();
    assert!(synced.is_ok_and(|s| s.success()), "sync runs");
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
fn raw_sled_writer(dir: &Path) -> impl Fn(usize) -> bool + Send + Sync + 'static {
    let db = sled::Config::new().path(dir).open().unwrap();
    let value = vec![0x42u8; CIPHERTEXT_BYTES];
    move |_| {
        let key: [u8; 16] = rand::random();
        db.insert(key, value.as_slice()).is_ok() && db.flush().is_ok()
    }
}

/// The store alone: begin, append, commit (durable).
fn store_writer(dir: &Path) -> (Store, impl Fn(usize) -> bool + Send + Sync + 'static) {
    let store = Store::open(
        dir,
        StoreLimits {
            max_tip_bytes: u64::MAX,
            max_store_bytes: u64::MAX,
            date_granularity: DateGranularity::Day,
        },
    )
    .unwrap();
    let value = vec![0x42u8; CIPHERTEXT_BYTES];
    (store.clone(), move |_| {
        let mut upload = match store.begin() {
            Ok(upload) => upload,
            Err(_) => return false,
        };
        upload.append(&value).is_ok() && upload.commit().is_ok()
    })
}

/// The real server (as production starts it, sweeping every
/// `arrival_window_secs`) and CLIENTS keep-alive HTTP clients.
fn http_submissions(
    dir: &Path,
    count: usize,
    recipients: &[Recipient],
    ciphertext: &[u8],
    arrival_window_secs: u64,
) -> Run {
    let env = [
        ("TIPBOX_SERVER__LISTEN", "127.0.0.1:0".to_owned()),
        ("TIPBOX_ADMIN__LISTEN", "127.0.0.1:0".to_owned()),
        ("TIPBOX_STORAGE__PATH", dir.display().to_string()),
        (
            "TIPBOX_ADMIN__TOKEN_SHA256",
            format!("[\"{}\"]", hex::encode(TokenHash::of("bench").0)),
        ),
        ("TIPBOX_LIMITS__MAX_CONCURRENT_UPLOADS", CLIENTS.to_string()),
        (
            "TIPBOX_STORAGE__ARRIVAL_WINDOW_SECS",
            arrival_window_secs.to_string(),
        ),
    ]
    .map(|(k, v)| (k.to_owned(), v));
    let mut settings = Settings::from_sources(None, env).unwrap();
    settings.newsroom.recipients = recipients.to_vec();
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
    let request = Arc::new(
        [
            format!(
                "POST /api/v1/tips HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
                 Content-Type: application/octet-stream\r\nContent-Length: {}\r\n\r\n",
                ciphertext.len()
            )
            .into_bytes(),
            ciphertext.to_vec(),
        ]
        .concat(),
    );
    run_threads(count, move |_| {
        KEEP_ALIVE.with_borrow_mut(|connection| {
            let sent = submit(connection, port, &request);
            if sent.is_err() {
                *connection = None; // reconnect for the next one
            }
            sent.is_ok_and(|status| status == 201)
        })
    })
}

thread_local! {
    /// Each client thread's keep-alive connection, as a browser would keep one.
    static KEEP_ALIVE: std::cell::RefCell<Option<BufReader<TcpStream>>> =
        const { std::cell::RefCell::new(None) };
}

/// One request on the thread's connection; returns the answer's status.
///
/// A minimal HTTP/1.1 client (like wrk's) rather than reqwest, so that the
/// client's own cost, on the same two cores, weighs as little as it can on
/// what is measured: the server.
fn submit(
    connection: &mut Option<BufReader<TcpStream>>,
    port: u16,
    request: &[u8],
) -> std::io::Result<u16> {
    if connection.is_none() {
        let stream = TcpStream::connect(("127.0.0.1", port))?;
        stream.set_nodelay(true)?;
        *connection = Some(BufReader::new(stream));
    }
    let reader = connection.as_mut().expect("connected above");
    reader.get_mut().write_all(request)?;
    let mut status = 0;
    let mut length = 0;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(rest) = line.strip_prefix("HTTP/1.1 ") {
            status = rest.get(..3).and_then(|s| s.parse().ok()).unwrap_or(0);
        } else if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    std::io::copy(&mut reader.take(length), &mut std::io::sink())?;
    Ok(status)
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
