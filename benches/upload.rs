//! Upload benchmark: large uploads through every upload path of the real
//! `tipbox-server` binary, with the server's throughput and peak memory
//! (`VmHWM` from `/proc/<pid>/status`, read while it still runs), beside a
//! plain reference receiver measured in the same run.
//!
//! The reference is what OnionShare's receive mode does, minus the web
//! framework's extras: it writes the raw body, or each multipart file, to a
//! file as it arrives (no checks, no encryption) and `fsync`s it before
//! answering, as tipbox acknowledges only after sled flushed. It is this same
//! bench binary started again in reference mode (actix-web, the framework
//! tipbox uses), so both are measured as separate processes.
//!
//! Both servers listen on Unix sockets, as in production behind C tor, and
//! each measurement starts a fresh process so that its `VmHWM` is its own.
//! Before each measurement the bench waits for the disk (`sync`), so that
//! one upload's write-back is not charged to the next.
//!
//! The issue names OnionShare's receive mode as the plain receiver to match,
//! so the no-JavaScript form is also measured beside the real thing:
//! `onionshare-cli --receive --local-only` (2.7, from PyPI, installed into a
//! virtual environment under the target folder on first run; TCP on
//! loopback, as it cannot listen on a Unix socket). Its server refuses
//! request bodies over 1 GiB, so its form carries a 1000 MiB file. It writes
//! each file without `fsync`.
//!
//! `cargo bench --bench upload` (`UPLOAD_MIB=N` changes the 1024 MiB size;
//! the no-JavaScript path is also measured at 100 MiB). `TIPBOX_*` variables
//! (e.g. `TIPBOX_STORAGE__CACHE_BYTES`) and `MALLOC_*` ones are passed on to
//! the server, to measure other settings.
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tipbox::envelope::{Encryptor, Identity};
use tipbox::server::config::TokenHash;

const MIB: u64 = 1024 * 1024;
/// The server's peak memory the project promises for any upload size.
const MEMORY_LIMIT_MIB: f64 = 64.0;
const BOUNDARY: &str = "----tipboxBenchBoundary7MA4YWxkTrZu0gW";
const TOKEN: &str = "upload-bench-token";
/// Set in the environment of the copy of this binary that is the reference.
const REFERENCE_ROLE: &str = "TIPBOX_BENCH_REFERENCE_SOCKET";

fn main() {
    if let Ok(socket) = std::env::var(REFERENCE_ROLE) {
        return reference::serve(Path::new(&socket));
    }
    let size = std::env::var("UPLOAD_MIB")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(1024)
        * MIB;
    let work = tempfile::tempdir().expect("temporary folder");
    let identity = Identity::generate();
    let recipient = identity.to_public().to_string();
    let ciphertext = work.path().join("tip.age");
    write_ciphertext(&ciphertext, size, &identity);
    let ciphertext_len = std::fs::metadata(&ciphertext).unwrap().len();

    println!(
        "upload of {} MiB ({ciphertext_len} bytes of age ciphertext for the API paths); \
         servers on Unix sockets; peak = VmHWM of the server process\n",
        size / MIB
    );
    println!(
        "{:<48} {:>8} {:>8} {:>10} {:>10}",
        "", "MiB/s", "seconds", "idle MiB", "peak MiB"
    );
    let mut peaks = Vec::new();

    match OnionShare::start() {
        Ok(server) => {
            let form_size = size.min(ONIONSHARE_MAX_FILE);
            let run = server.measure(|s| s.post_form("/upload", "file[]", form_size, 302));
            report(
                &format!("reference: OnionShare 2.7, {} MiB file", form_size / MIB),
                form_size,
                &run,
            );
        }
        Err(why) => println!("reference: OnionShare not measured: {why}"),
    }
    let run = Reference::start().measure(|s| s.post_file("/raw", None, &ciphertext, 201));
    report("reference: raw body to a file", size, &run);
    let run = Tipbox::start(&recipient).measure(|s| {
        s.post_file("/api/v1/tips", None, &ciphertext, 201);
        s.expect_tip(|stored| stored == ciphertext_len);
    });
    report("tipbox POST /api/v1/tips", size, &run);
    peaks.push(run.peak_mib);
    let run = Tipbox::start(&recipient).measure(|s| {
        s.resumable_upload(&ciphertext);
        s.expect_tip(|stored| stored == ciphertext_len);
    });
    report("tipbox resumable upload (1 MiB parts)", size, &run);
    peaks.push(run.peak_mib);

    for form_size in [size, 100 * MIB] {
        let mib = form_size / MIB;
        let run = Reference::start().measure(|s| s.post_form("/multipart", "file", form_size, 201));
        report(
            &format!("reference: multipart, {mib} MiB file"),
            form_size,
            &run,
        );
        let run = Tipbox::start(&recipient).measure(|s| {
            s.post_form("/submit", "file", form_size, 200);
            // Sealed: the stored ciphertext holds the file, tip.json and padding.
            s.expect_tip(|stored| stored > form_size);
        });
        report(
            &format!("tipbox POST /submit (no JS), {mib} MiB file"),
            form_size,
            &run,
        );
        peaks.push(run.peak_mib);
    }

    let worst = peaks.iter().copied().fold(0.0, f64::max);
    println!(
        "\nhighest tipbox peak: {worst:.1} MiB ({} the {MEMORY_LIMIT_MIB} MiB limit)",
        if worst < MEMORY_LIMIT_MIB {
            "within"
        } else {
            "OVER"
        }
    );
}

/// What one upload took.
struct Measured {
    elapsed: Duration,
    idle_mib: f64,
    peak_mib: f64,
}

fn report(name: &str, size: u64, run: &Measured) {
    println!(
        "{name:<48} {:>8.1} {:>8.2} {:>10.1} {:>10.1}",
        size as f64 / MIB as f64 / run.elapsed.as_secs_f64(),
        run.elapsed.as_secs_f64(),
        run.idle_mib,
        run.peak_mib
    );
}

/// An age file of `size` plaintext bytes for `identity`, written in a stream.
fn write_ciphertext(path: &Path, size: u64, identity: &Identity) {
    let out = io::BufWriter::new(File::create(path).unwrap());
    let mut encryptor = Encryptor::new(out, &[identity.to_public()]).unwrap();
    let block = filler(64 * 1024);
    for _ in 0..size / block.len() as u64 {
        encryptor.write_all(&block).unwrap();
    }
    encryptor.finish().unwrap().flush().unwrap();
}

/// Deterministic bytes that do not compress (xorshift).
fn filler(len: usize) -> Vec<u8> {
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}

/// Where a server listens.
enum Address {
    Unix(PathBuf),
    Tcp(String),
}

/// A server process under measurement: its address, and its folder.
struct Server {
    child: Child,
    address: Address,
    admin: Option<PathBuf>,
    _dir: tempfile::TempDir,
}

impl Server {
    fn wait_ready(
        child: Child,
        address: Address,
        admin: Option<PathBuf>,
        dir: tempfile::TempDir,
    ) -> Server {
        let mut server = Server {
            child,
            address,
            admin,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while server.address.connect().is_err() {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("the server exited at start-up: {status}");
            }
            assert!(Instant::now() < deadline, "the server did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }

    /// A field of the server's `/proc/<pid>/status`, in MiB.
    fn status_mib(&self, field: &str) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("the server is running");
        let kib: u64 = status
            .lines()
            .find_map(|line| line.strip_prefix(field))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("field in /proc/<pid>/status");
        kib as f64 / 1024.0
    }

    /// Runs `upload` against this fresh server; reads its peak before stopping it.
    fn measure(mut self, upload: impl FnOnce(&mut Server)) -> Measured {
        let synced = Command::new("sync").status();
        assert!(synced.is_ok_and(|s| s.success()), "sync runs");
        let idle_mib = self.status_mib("VmRSS:");
        let started = Instant::now();
        upload(&mut self);
        let elapsed = started.elapsed();
        Measured {
            elapsed,
            idle_mib,
            peak_mib: self.status_mib("VmHWM:"),
        }
    }

    fn connect(&self) -> Connection {
        Connection::new(&self.address)
    }

    /// POSTs a file as the body; panics unless the answer is `status`.
    fn post_file(&self, path: &str, content_type: Option<&str>, file: &Path, status: u16) {
        let mut conn = self.connect();
        let len = std::fs::metadata(file).unwrap().len();
        conn.send_head("POST", path, content_type, len);
        io::copy(&mut File::open(file).unwrap(), &mut conn.stream).unwrap();
        conn.expect(status, path);
    }

    /// POSTs a `multipart/form-data` form with one file of `size` bytes in
    /// the field `file_field`.
    fn post_form(&self, path: &str, file_field: &str, size: u64, status: u16) {
        let head = format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"message\"\r\n\r\n\
             A large file follows.\r\n\
             --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{file_field}\"; filename=\"big.bin\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        );
        let tail = format!("\r\n--{BOUNDARY}--\r\n");
        let block = filler(64 * 1024);
        let mut conn = self.connect();
        conn.send_head(
            "POST",
            path,
            Some(&format!("multipart/form-data; boundary={BOUNDARY}")),
            head.len() as u64 + size + tail.len() as u64,
        );
        conn.stream.write_all(head.as_bytes()).unwrap();
        let mut left = size;
        while left > 0 {
            let n = left.min(block.len() as u64) as usize;
            conn.stream.write_all(&block[..n]).unwrap();
            left -= n as u64;
        }
        conn.stream.write_all(tail.as_bytes()).unwrap();
        conn.expect(status, path);
    }

    /// The resumable upload API, as the browser client uses it: start, every
    /// part in order on one keep-alive connection, finish.
    fn resumable_upload(&self, file: &Path) {
        let len = std::fs::metadata(file).unwrap().len();
        let mut conn = self.connect();
        let start = format!("{{\"size\":{len}}}");
        conn.send_head(
            "POST",
            "/api/v1/uploads",
            Some("application/json"),
            start.len() as u64,
        );
        conn.stream.write_all(start.as_bytes()).unwrap();
        let started: serde_json::Value =
            serde_json::from_slice(&conn.expect(201, "start")).unwrap();
        let id = started["upload"].as_str().unwrap().to_owned();
        let part_size = started["part_size"].as_u64().unwrap();
        let mut input = File::open(file).unwrap();
        let mut part = vec![0; part_size as usize];
        for n in 0..len.div_ceil(part_size) {
            let part_len = part_size.min(len - n * part_size) as usize;
            input.read_exact(&mut part[..part_len]).unwrap();
            let path = format!("/api/v1/uploads/{id}/parts/{n}");
            conn.send_head("POST", &path, None, part_len as u64);
            conn.stream.write_all(&part[..part_len]).unwrap();
            conn.expect(204, "part");
        }
        let finish = format!("/api/v1/uploads/{id}/finish");
        conn.send_head("POST", &finish, None, 0);
        conn.expect(201, "finish");
    }

    /// Exactly one tip is stored, and its size passes `check`.
    fn expect_tip(&self, check: impl Fn(u64) -> bool) {
        let admin = self.admin.as_ref().expect("tipbox has a newsroom listener");
        let mut conn = Connection::new(&Address::Unix(admin.clone()));
        write!(
            conn.stream,
            "GET /v1/tips HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {TOKEN}\r\n\r\n"
        )
        .unwrap();
        let tips: serde_json::Value = serde_json::from_slice(&conn.expect(200, "list")).unwrap();
        let tips = tips.as_array().expect("a JSON list of tips");
        assert_eq!(tips.len(), 1, "one stored tip: {tips:?}");
        let stored = tips[0]["size"].as_u64().unwrap();
        assert!(check(stored), "stored tip of {stored} bytes");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The real `tipbox-server` binary on a fresh data folder.
struct Tipbox;

impl Tipbox {
    fn start(recipient: &str) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("source.sock");
        let admin = dir.path().join("admin.sock");
        // The bench's own TIPBOX_* and MALLOC_* variables reach the server
        // (to measure other settings); nothing else of its environment does.
        let passed = std::env::vars()
            .filter(|(key, _)| key.starts_with("TIPBOX_") || key.starts_with("MALLOC_"));
        let child = Command::new(env!("CARGO_BIN_EXE_tipbox-server"))
            .env_clear()
            .envs(passed)
            .env(
                "TIPBOX_SERVER__LISTEN",
                format!("unix:{}", source.display()),
            )
            .env("TIPBOX_ADMIN__LISTEN", format!("unix:{}", admin.display()))
            .env(
                "TIPBOX_ADMIN__TOKEN_SHA256",
                format!("[\"{}\"]", hex::encode(TokenHash::of(TOKEN).0)),
            )
            .env("TIPBOX_STORAGE__PATH", dir.path().join("data"))
            .env("TIPBOX_NEWSROOM__RECIPIENTS", format!("[\"{recipient}\"]"))
            .env("TIPBOX_NEWSROOM__ALLOW_DEMO_KEY", "false")
            .env("TIPBOX_LIMITS__MAX_TIP_BYTES", (4096 * MIB).to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tipbox-server starts");
        Server::wait_ready(child, Address::Unix(source), Some(admin), dir)
    }
}

/// This binary in reference mode, on a fresh folder.
struct Reference;

impl Reference {
    fn start() -> Server {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("reference.sock");
        let child = Command::new(std::env::current_exe().unwrap())
            .env(REFERENCE_ROLE, &socket)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the reference receiver starts");
        Server::wait_ready(child, Address::Unix(socket), None, dir)
    }
}

/// Largest file OnionShare's server takes in one form (its request cap is
/// 1 GiB, multipart framing included).
const ONIONSHARE_MAX_FILE: u64 = 1000 * MIB;

/// OnionShare's receive mode, from its own virtual environment.
struct OnionShare;

impl OnionShare {
    fn start() -> Result<Server, String> {
        let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("onionshare-2.7");
        let cli = venv.join("bin/onionshare-cli");
        if !cli.exists() {
            Self::install(&venv)?;
        }
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(&cli)
            .args([
                "--receive",
                "--local-only",
                "--public",
                "--max-upload-size",
                "0",
            ])
            .arg("--data-dir")
            .arg(dir.path())
            .env("HOME", dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("{}: {e}", cli.display()))?;
        // It prints the address to give the sender, then serves.
        let mut out = BufReader::new(child.stdout.take().expect("piped stdout"));
        let address = (&mut out)
            .lines()
            .map_while(Result::ok)
            .find_map(|line| line.trim().strip_prefix("http://").map(str::to_owned))
            .ok_or("onionshare-cli printed no address")?;
        // It prints progress while receiving: keep reading, or it would stall.
        std::thread::spawn(move || io::copy(&mut out, &mut io::sink()));
        Ok(Server::wait_ready(child, Address::Tcp(address), None, dir))
    }

    fn install(venv: &Path) -> Result<(), String> {
        let run = |program: &Path, args: &[&str]| {
            let status = Command::new(program)
                .args(args)
                .stdout(Stdio::null())
                .status()
                .map_err(|e| format!("{}: {e}", program.display()))?;
            status
                .success()
                .then_some(())
                .ok_or(format!("{} {args:?} failed", program.display()))
        };
        run(
            Path::new("python3"),
            &["-m", "venv", &venv.display().to_string()],
        )?;
        run(
            &venv.join("bin/pip"),
            &["install", "-q", "onionshare-cli==2.7"],
        )
    }
}

impl Address {
    /// A connection as a writer and a reader of the same stream.
    fn connect(&self) -> io::Result<(Box<dyn Write>, Box<dyn Read>)> {
        Ok(match self {
            Address::Unix(path) => {
                let stream = UnixStream::connect(path)?;
                (Box::new(stream.try_clone()?), Box::new(stream))
            }
            Address::Tcp(address) => {
                let stream = TcpStream::connect(address)?;
                (Box::new(stream.try_clone()?), Box::new(stream))
            }
        })
    }
}

/// A minimal HTTP/1.1 client: it streams request bodies from a reused
/// buffer and reads answers with a `Content-Length`.
struct Connection {
    stream: Box<dyn Write>,
    reader: BufReader<Box<dyn Read>>,
}

impl Connection {
    fn new(address: &Address) -> Connection {
        let (stream, reader) = address.connect().expect("connect to the server");
        Connection {
            stream,
            reader: BufReader::new(reader),
        }
    }

    fn send_head(&mut self, method: &str, path: &str, content_type: Option<&str>, len: u64) {
        let mut head =
            format!("{method} {path} HTTP/1.1\r\nHost: bench\r\nContent-Length: {len}\r\n");
        if let Some(content_type) = content_type {
            head.push_str(&format!("Content-Type: {content_type}\r\n"));
        }
        head.push_str("\r\n");
        self.stream.write_all(head.as_bytes()).unwrap();
    }

    /// Reads one answer; panics unless its status is `status`.
    fn expect(&mut self, status: u16, what: &str) -> Vec<u8> {
        let mut line = String::new();
        self.reader.read_line(&mut line).unwrap();
        let got: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("{what}: no HTTP status line in {line:?}"));
        let mut len = 0usize;
        loop {
            line.clear();
            self.reader.read_line(&mut line).unwrap();
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    len = value.trim().parse().unwrap();
                }
            }
        }
        let mut body = vec![0; len];
        self.reader.read_exact(&mut body).unwrap();
        assert_eq!(
            got,
            status,
            "{what}: {}",
            String::from_utf8_lossy(&body[..body.len().min(500)])
        );
        body
    }
}

/// The reference receiver: bodies and form files straight to files.
mod reference {
    use std::fs::File;
    use std::io::Write;
    use std::path::{Path, PathBuf};

    use actix_multipart::Multipart;
    use actix_web::error::ErrorInternalServerError;
    use actix_web::{web, App, HttpResponse, HttpServer};
    use futures_util::StreamExt;

    pub fn serve(socket: &Path) {
        let dir = socket.parent().expect("socket in a folder").to_owned();
        let socket = socket.to_owned();
        actix_web::rt::System::new()
            .block_on(async move {
                HttpServer::new(move || {
                    App::new()
                        .app_data(web::Data::new(dir.clone()))
                        .route("/raw", web::post().to(raw))
                        .route("/multipart", web::post().to(multipart))
                })
                .bind_uds(socket)?
                .run()
                .await
            })
            .expect("the reference receiver runs");
    }

    fn new_file(dir: &Path) -> actix_web::Result<(File, PathBuf)> {
        let path = dir.join(format!("upload-{}", rand::random::<u64>()));
        let file = File::create(&path).map_err(ErrorInternalServerError)?;
        Ok((file, path))
    }

    async fn raw(
        dir: web::Data<PathBuf>,
        mut body: web::Payload,
    ) -> actix_web::Result<HttpResponse> {
        let (mut file, _) = new_file(&dir)?;
        while let Some(chunk) = body.next().await {
            file.write_all(&chunk?).map_err(ErrorInternalServerError)?;
        }
        file.sync_all().map_err(ErrorInternalServerError)?;
        Ok(HttpResponse::Created().finish())
    }

    async fn multipart(
        dir: web::Data<PathBuf>,
        mut form: Multipart,
    ) -> actix_web::Result<HttpResponse> {
        while let Some(field) = form.next().await {
            let mut field = field?;
            let (mut file, _) = new_file(&dir)?;
            while let Some(chunk) = field.next().await {
                file.write_all(&chunk?).map_err(ErrorInternalServerError)?;
            }
            file.sync_all().map_err(ErrorInternalServerError)?;
        }
        Ok(HttpResponse::Created().finish())
    }
}
