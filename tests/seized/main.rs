//! What a seized server's disk says about when tips arrived (issue 12,
//! item 5). The real `tipbox-server` binary receives 30 tips 0.25 s apart
//! across several arrival windows of 2 s, each tip with a mailbox (API tips
//! open one with a random token first; every third tip is a no-JavaScript
//! form with `reply=on`). After two quiet windows it is killed with
//! SIGKILL, and the data folder is read as police would: every stored file
//! is decrypted with the newsroom's key to learn which tip it is (each
//! plaintext names its tip), then Kendall's τ is computed between arrival
//! order and every observable: the inode number, birth, modification,
//! change and access times of each tip's file, and the byte offset at which
//! each tip id and each mailbox id (raw bytes and hex text) first appears in
//! every file under the data folder, sled's included.
//!
//! Why |τ| < 0.45 cannot flake in practice: with n = 30 and no correlation,
//! τ has a standard deviation of 0.13, so P(|τ| ≥ 0.45) ≈ 0.0005 for one
//! observable; the test measures seven (printed: five times and numbers of
//! each file, and the offsets of tip ids and mailbox ids in sled's log),
//! which leaves a false failure about once in 300 runs. Before the change,
//! the times and sled offsets had τ = 1 (also with the sweep turned off),
//! and inode numbers and birth times rose with arrival.
use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tipbox::conversation::MailboxToken;
use tipbox::envelope::{Decryptor, Encryptor, Identity, Recipient};

const TIPS: usize = 30;
const WINDOW_SECS: u64 = 2;
const MARKER: &str = "SEIZED-DISK-TEST tip ";
const BOUNDARY: &str = "----seizedDiskBoundary7f3a";
const MAX_TAU: f64 = 0.45;

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_server(data: &Path, recipient: &Recipient) -> Server {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_tipbox-server"))
        .env("TIPBOX_SERVER__LISTEN", format!("127.0.0.1:{port}"))
        .env("TIPBOX_ADMIN__LISTEN", format!("127.0.0.1:{}", free_port()))
        .env("TIPBOX_STORAGE__PATH", data)
        .env(
            "TIPBOX_STORAGE__ARRIVAL_WINDOW_SECS",
            WINDOW_SECS.to_string(),
        )
        .env("TIPBOX_NEWSROOM__RECIPIENTS", format!("[\"{recipient}\"]"))
        .env("TIPBOX_NEWSROOM__ALLOW_DEMO_KEY", "false")
        // One scrypt at a time is enough for one no-JS tip at a time.
        .env("TIPBOX_CONVERSATIONS__MIN_ANSWER_MS", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server { child, port };
    let client = reqwest::blocking::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if client
            .get(format!("http://127.0.0.1:{port}/api/v1/recipients"))
            .send()
            .is_ok()
        {
            return server;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("tipbox-server did not answer within 30 s");
}

fn plaintext(tip: usize) -> Vec<u8> {
    let mut text = format!("{MARKER}{tip:02}\n").into_bytes();
    text.extend((0..2000).map(|i| (i * 7 + tip) as u8));
    text
}

fn encrypt(recipient: &Recipient, plaintext: &[u8]) -> Vec<u8> {
    let mut sealer = Encryptor::new(Vec::new(), std::slice::from_ref(recipient)).unwrap();
    std::io::Write::write_all(&mut sealer, plaintext).unwrap();
    sealer.finish().unwrap()
}

fn no_js_form(tip: usize) -> Vec<u8> {
    format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"message\"\r\n\r\n{MARKER}{tip:02}\n\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"reply\"\r\n\r\non\r\n\
         --{BOUNDARY}--\r\n"
    )
    .into_bytes()
}

/// Sends tip `tip`; returns its mailbox when the test chose it (API tips).
fn send_tip(
    client: &reqwest::blocking::Client,
    base: &str,
    recipient: &Recipient,
    tip: usize,
) -> Option<[u8; 32]> {
    if tip.is_multiple_of(3) {
        let answer = client
            .post(format!("{base}/submit"))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(no_js_form(tip))
            .send()
            .unwrap();
        assert_eq!(answer.status().as_u16(), 200, "no-JS tip {tip}");
        return None;
    }
    let token = MailboxToken::from_bytes(rand::random());
    let answer = client
        .post(format!("{base}/api/v1/mailbox"))
        .json(&serde_json::json!({ "token": token.to_hex().as_str() }))
        .send()
        .unwrap();
    assert_eq!(answer.status().as_u16(), 200, "mailbox of tip {tip}");
    let answer = client
        .post(format!("{base}/api/v1/tips"))
        .header("content-type", "application/octet-stream")
        .body(encrypt(recipient, &plaintext(tip)))
        .send()
        .unwrap();
    assert_eq!(answer.status().as_u16(), 201, "API tip {tip}");
    Some(token.mailbox().0)
}

/// Kendall's τ-b between arrival order (0, 1, …) and `values`; 0 when
/// every value is the same (nothing to order).
fn kendall_tau(values: &[(usize, f64)]) -> f64 {
    let (mut concordant, mut discordant, mut tied_x, mut tied_y) = (0f64, 0f64, 0f64, 0f64);
    for (i, &(xi, yi)) in values.iter().enumerate() {
        for &(xj, yj) in &values[i + 1..] {
            let dx = xi.cmp(&xj);
            let dy = yi.partial_cmp(&yj).expect("no NaN");
            match (dx.is_eq(), dy.is_eq()) {
                (true, true) => {}
                (true, false) => tied_x += 1.0,
                (false, true) => tied_y += 1.0,
                (false, false) if dx == dy => concordant += 1.0,
                (false, false) => discordant += 1.0,
            }
        }
    }
    let denominator =
        ((concordant + discordant + tied_x) * (concordant + discordant + tied_y)).sqrt();
    if denominator == 0.0 {
        0.0
    } else {
        (concordant - discordant) / denominator
    }
}

fn seconds(time: SystemTime) -> f64 {
    time.duration_since(UNIX_EPOCH).unwrap().as_secs_f64()
}

/// Every regular file under `dir`, not following links (`store/index` is one).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            files.extend(files_under(&entry.path()));
        } else if kind.is_file() {
            files.push(entry.path());
        }
    }
    files
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// One way an id may be written in a file.
type IdBytes = fn(&Seen) -> Vec<u8>;

/// What police learn about one stored tip.
struct Seen {
    arrival: usize,
    id: [u8; 16],
    mailbox: [u8; 32],
    meta: fs::Metadata,
}

#[test]
fn a_seized_disk_dates_no_tip_finer_than_its_day_and_orders_none() {
    let data = tempfile::tempdir().unwrap();
    let identity = Identity::generate();
    let recipient = identity.to_public();
    let server = start_server(data.path(), &recipient);
    let base = format!("http://127.0.0.1:{}", server.port);
    let client = reqwest::blocking::Client::new();

    let started = Instant::now();
    let mut chosen_mailboxes = BTreeMap::new();
    let mut last_sent = SystemTime::now();
    for tip in 0..TIPS {
        let due = started + Duration::from_millis(250 * tip as u64);
        std::thread::sleep(due.saturating_duration_since(Instant::now()));
        last_sent = SystemTime::now();
        if let Some(mailbox) = send_tip(&client, &base, &recipient, tip) {
            chosen_mailboxes.insert(tip, mailbox);
        }
    }
    let windows = started.elapsed().as_secs_f64() / WINDOW_SECS as f64;
    assert!(windows > 3.0, "the tips spanned {windows:.1} windows");
    // Two quiet windows, and a margin for a sweep on a busy machine.
    std::thread::sleep(Duration::from_secs(2 * WINDOW_SECS) + Duration::from_millis(1500));
    drop(server); // SIGKILL: the disk as it is at that moment

    // Police: first every file's metadata (reading would change access
    // times), then the contents.
    let tips_dir = data.path().join("store").join("tips");
    let mut stored: Vec<(PathBuf, fs::Metadata)> = fs::read_dir(&tips_dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let meta = fs::metadata(&path).unwrap();
            (path, meta)
        })
        .filter(|(_, meta)| meta.len() > 0)
        .collect();
    assert_eq!(stored.len(), TIPS, "one non-empty file per tip");
    let mut seen = Vec::new();
    for (path, meta) in stored.drain(..) {
        let mut plaintext = Vec::new();
        Decryptor::new(File::open(&path).unwrap(), std::slice::from_ref(&identity))
            .unwrap()
            .read_to_end(&mut plaintext)
            .unwrap();
        let at = find(&plaintext, MARKER.as_bytes()).expect("every tip names itself");
        let number = &plaintext[at + MARKER.len()..at + MARKER.len() + 2];
        let arrival: usize = std::str::from_utf8(number).unwrap().parse().unwrap();
        let mailbox = match chosen_mailboxes.get(&arrival) {
            Some(mailbox) => *mailbox,
            None => {
                // The no-JS tip's tip.json names the mailbox the server made.
                let key = br#""mailbox": ""#;
                let at = find(&plaintext, key).expect("a reply=on tip names its mailbox");
                let text = &plaintext[at + key.len()..at + key.len() + 64];
                hex::decode(text).unwrap().try_into().unwrap()
            }
        };
        let name = path.file_name().unwrap().to_str().unwrap();
        seen.push(Seen {
            arrival,
            id: hex::decode(name).unwrap().try_into().unwrap(),
            mailbox,
            meta,
        });
    }
    seen.sort_by_key(|tip| tip.arrival);
    let arrivals: Vec<usize> = seen.iter().map(|tip| tip.arrival).collect();
    assert_eq!(arrivals, (0..TIPS).collect::<Vec<_>>(), "every tip once");

    let mut observables: Vec<(String, Vec<(usize, f64)>)> = Vec::new();
    let per_tip = |value: &dyn Fn(&Seen) -> f64| -> Vec<(usize, f64)> {
        seen.iter().map(|tip| (tip.arrival, value(tip))).collect()
    };
    observables.push(("inode number".into(), per_tip(&|t| t.meta.ino() as f64)));
    observables.push((
        "birth time (statx)".into(),
        per_tip(&|t| seconds(t.meta.created().expect("the file system keeps birth times"))),
    ));
    observables.push((
        "modification time".into(),
        per_tip(&|t| seconds(t.meta.modified().unwrap())),
    ));
    observables.push((
        "change time".into(),
        per_tip(&|t| t.meta.ctime() as f64 + t.meta.ctime_nsec() as f64 * 1e-9),
    ));
    observables.push((
        "access time".into(),
        per_tip(&|t| seconds(t.meta.accessed().unwrap())),
    ));

    let mut complete_files = 0;
    for file in files_under(data.path()) {
        let bytes = fs::read(&file).unwrap();
        let relative = file
            .strip_prefix(data.path())
            .unwrap()
            .display()
            .to_string();
        let forms: [(&str, IdBytes); 4] = [
            ("tip id", |t| t.id.to_vec()),
            ("tip id in hex", |t| hex::encode(t.id).into_bytes()),
            ("mailbox id", |t| t.mailbox.to_vec()),
            ("mailbox id in hex", |t| hex::encode(t.mailbox).into_bytes()),
        ];
        for (form, needle) in forms {
            let offsets: Vec<(usize, f64)> = seen
                .iter()
                .filter_map(|tip| Some((tip.arrival, find(&bytes, &needle(tip))? as f64)))
                .collect();
            if offsets.len() == TIPS {
                complete_files += 1;
            }
            // A handful of ids give τ no meaning; none appear anywhere but
            // in sled's records, where all of them do (checked below).
            if offsets.len() >= 10 {
                observables.push((format!("offset of the {form} in {relative}"), offsets));
            }
        }
    }
    assert!(
        complete_files >= 2,
        "sled's records hold every tip id and every mailbox: the offsets were measured"
    );

    let mut failures = Vec::new();
    for (name, values) in &observables {
        let tau = kendall_tau(values);
        println!("τ = {tau:+.3}  {name} (n = {})", values.len());
        if std::env::var_os("SEIZED_SHOW_VALUES").is_some() {
            println!("    {values:?}");
        }
        if tau.abs() >= MAX_TAU {
            failures.push(format!("{name}: τ = {tau:+.3}"));
        }
    }
    assert!(
        failures.is_empty(),
        "arrival order shows through: {failures:?}"
    );

    // Change and modification times were set by the last sweep, not by
    // arrival: the change times after the last tip, within one second of
    // each other; the modification times the start of the day.
    let change_times: Vec<f64> = observables[3].1.iter().map(|&(_, t)| t).collect();
    let (first, last) = change_times
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), &t| (lo.min(t), hi.max(t)));
    assert!(
        last - first <= 1.0,
        "change times spread over {:.3} s",
        last - first
    );
    assert!(
        first >= seconds(last_sent),
        "change times were set after the last tip was sent, by the sweep"
    );
    let today = (seconds(SystemTime::now()) / 86_400.0).floor() * 86_400.0;
    for tip in &seen {
        let modified = seconds(tip.meta.modified().unwrap());
        // The day of arrival (the run may straddle midnight UTC).
        assert!(
            modified == today || modified == today - 86_400.0,
            "tip {} was modified at {modified}, not at the start of its day",
            tip.arrival
        );
    }
}

#[test]
fn kendall_tau_measures_order() {
    let rising: Vec<(usize, f64)> = (0..10).map(|i| (i, i as f64 * 3.0)).collect();
    let falling: Vec<(usize, f64)> = (0..10).map(|i| (i, -(i as f64))).collect();
    let constant: Vec<(usize, f64)> = (0..10).map(|i| (i, 5.0)).collect();
    assert_eq!(kendall_tau(&rising), 1.0);
    assert_eq!(kendall_tau(&falling), -1.0);
    assert_eq!(kendall_tau(&constant), 0.0);
    // One swapped pair out of 45: (44 - 1) / 45.
    let mut nearly = rising.clone();
    nearly.swap(3, 4);
    let nearly: Vec<(usize, f64)> = nearly
        .iter()
        .enumerate()
        .map(|(i, &(_, y))| (i, y))
        .collect();
    assert!((kendall_tau(&nearly) - 43.0 / 45.0).abs() < 1e-12);
}
