//! What a live server's memory holds once it answered a no-JavaScript tip
//! (issue 12, item 6). The real `tipbox-server` binary takes a tip with
//! `reply=on` over a connection the server closes after its answer; then
//! the test stops the process (SIGSTOP, so that nothing moves while it
//! reads), reads every readable mapping through `/proc/<pid>/maps` and
//! `/proc/<pid>/mem`, and counts copies of the message, the original file
//! name, the file's content and the codename the page showed (and the
//! source then typed back on the confirmation step). There must be none:
//! every buffer that held them was wiped before it was freed. A second form,
//! still arriving while the scan runs, is the control: its message is in
//! the server's heap, and the scan must find it there.
//!
//! Linux only; reading another process's memory needs ptrace access to it
//! (the test is its parent, and runs as root in CI).
#![cfg(target_os = "linux")]

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tipbox::envelope::Identity;
use tipbox::server::config::TokenHash;

use crate::helpers::shown_codename;

/// How long the server may take, after it closed the connection, to drop
/// what served it (the connection's buffers, the request's task).
const SETTLE: Duration = Duration::from_secs(1);

/// The server closes the connection after a form with plaintext or a
/// codename; a keep-alive would hold its buffers (30 s by default).
const CLOSED_WITHIN: Duration = Duration::from_secs(20);

#[test]
fn a_no_javascript_tip_leaves_no_plaintext_or_codename_in_the_server_memory() {
    let data = tempfile::tempdir().unwrap();
    let recipient = Identity::generate().to_public().to_string();
    let server = RealServer::start(data.path(), &recipient);

    let unique = hex::encode(rand::random::<[u8; 16]>());
    let message = format!("memory-marker-{unique} what the source wrote");
    let file_name = format!("leak-{unique}.txt");
    let content = format!("file-content-{unique} what the document said");
    let (status, page) = server.post_form(&[
        ("message", None, message.as_bytes()),
        ("reply", None, b"on"),
        ("file", Some(&file_name), content.as_bytes()),
    ]);
    assert_eq!(status, 200, "the tip was not accepted: {page}");
    let codename = shown_codename(&page);
    assert_eq!(codename.split(' ').count(), 7, "{codename:?}");
    // The source's next step: typing the codename back to confirm it.
    let form_encoded = codename.replace(' ', "+");
    let confirmation = server.request(
        "POST /codename/confirm HTTP/1.1",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        format!("codename={form_encoded}&typed={form_encoded}").as_bytes(),
    );
    let confirmation = String::from_utf8(confirmation.unwrap()).unwrap();
    assert!(
        confirmation.contains("id=\"confirmed\""),
        "the confirmation step failed: {confirmation}"
    );

    // The control: a form whose message is still being read is alive in
    // the server's heap, where a leaked copy of the first one would be.
    let arriving = format!("arriving-marker-{unique} a form still being sent");
    let _still_sending = server.start_form(&[("message", None, arriving.as_bytes())]);

    std::thread::sleep(SETTLE);
    let mut found = server.scan_memory(&[
        ("message marker", message.as_bytes()),
        ("original file name", file_name.as_bytes()),
        ("file content", content.as_bytes()),
        ("codename", codename.as_bytes()),
        (
            "codename as the confirmation form sent it",
            form_encoded.as_bytes(),
        ),
        (
            "message of the form still arriving (control)",
            arriving.as_bytes(),
        ),
    ]);
    let control = found.pop().expect("the control is scanned last");
    assert!(
        control
            .regions
            .iter()
            .any(|region| !region.starts_with("[stack")),
        "the scan did not find, outside the stacks, the message of a form the server \
         is still reading: it does not read the heap ({})",
        control.describe()
    );
    let leaks: Vec<String> = found
        .iter()
        .filter(|needle| needle.count > 0)
        .map(Found::describe)
        .collect();
    assert!(
        leaks.is_empty(),
        "copies in the server's memory {SETTLE:?} after it answered and closed the connection:\n{}",
        leaks.join("\n")
    );
}

/// Copies of one needle, and the mappings they were in.
struct Found {
    name: &'static str,
    count: usize,
    /// `pathname` column of each mapping holding a copy (or `anonymous`).
    regions: Vec<String>,
}

impl Found {
    fn describe(&self) -> String {
        format!(
            "  {}: {} copies, in {}",
            self.name,
            self.count,
            self.regions.join(", ")
        )
    }
}

/// The real binary on fresh loopback ports, killed on drop.
struct RealServer {
    child: Child,
    port: u16,
}

impl RealServer {
    fn start(data: &Path, recipient: &str) -> RealServer {
        let free_port = || {
            std::net::TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port()
        };
        let (port, admin_port) = (free_port(), free_port());
        let child = Command::new(env!("CARGO_BIN_EXE_tipbox-server"))
            .env("TIPBOX_SERVER__LISTEN", format!("127.0.0.1:{port}"))
            .env("TIPBOX_ADMIN__LISTEN", format!("127.0.0.1:{admin_port}"))
            .env("TIPBOX_STORAGE__PATH", data.join("store-data"))
            .env("TIPBOX_NEWSROOM__RECIPIENTS", format!("[\"{recipient}\"]"))
            .env("TIPBOX_NEWSROOM__ALLOW_DEMO_KEY", "false")
            .env(
                "TIPBOX_ADMIN__TOKEN_SHA256",
                format!("[\"{}\"]", hex::encode(TokenHash::of("memory-test").0)),
            )
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut server = RealServer { child, port };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = server.child.try_wait().unwrap() {
                panic!("tipbox-server exited at start: {status}");
            }
            let probe = &[("Connection", "close")];
            if let Ok(answer) = server.request("GET /api/v1/recipients HTTP/1.1", probe, b"") {
                assert!(answer.starts_with(b"HTTP/1.1 200"), "not ready: {answer:?}");
                return server;
            }
            assert!(Instant::now() < deadline, "tipbox-server did not answer");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Sends one request on a new connection (HTTP/1.1: kept alive unless a
    /// `Connection: close` header says otherwise) and reads the answer to
    /// its end, which comes only when the server closes the connection.
    fn request(
        &self,
        request_line: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> std::io::Result<Vec<u8>> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port))?;
        stream.set_read_timeout(Some(CLOSED_WITHIN))?;
        let mut head = format!(
            "{request_line}\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\n",
            body.len()
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes())?;
        stream.write_all(body)?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).map_err(|err| {
            std::io::Error::other(format!(
                "the server did not close the connection within {CLOSED_WITHIN:?} \
                 ({err}); it answered: {}",
                String::from_utf8_lossy(&answer)
            ))
        })?;
        Ok(answer)
    }

    /// `POST /submit` with multipart parts `(name, file name, value)`;
    /// returns the status and the page.
    fn post_form(&self, parts: &[Part]) -> (u16, String) {
        let mut body = form_parts(parts);
        body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        let answer = self
            .request(
                "POST /submit HTTP/1.1",
                &[("Content-Type", FORM_TYPE)],
                &body,
            )
            .unwrap();
        let text = String::from_utf8_lossy(&answer).into_owned();
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("not an HTTP answer: {text:?}"));
        let page = text
            .split_once("\r\n\r\n")
            .map_or(String::new(), |(_, page)| page.to_owned());
        (status, page)
    }

    /// Sends `POST /submit` with `parts` but not the form's end (its
    /// declared length is longer): the server keeps reading it for as long
    /// as the returned connection is open.
    fn start_form(&self, parts: &[Part]) -> TcpStream {
        let body = form_parts(parts);
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        let head = format!(
            "POST /submit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {FORM_TYPE}\r\n\
             Content-Length: {}\r\n\r\n",
            body.len() + 4096
        );
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(&body).unwrap();
        stream
    }

    /// Stops the process, counts each needle in every readable mapping,
    /// and lets it run again.
    fn scan_memory(&self, needles: &[(&'static str, &[u8])]) -> Vec<Found> {
        let pid = self.child.id();
        let stopped = Stopped::new(pid);
        let maps = BufReader::new(File::open(format!("/proc/{pid}/maps")).unwrap());
        let memory = File::open(format!("/proc/{pid}/mem")).unwrap();
        let mut found: Vec<Found> = needles
            .iter()
            .map(|(name, _)| Found {
                name,
                count: 0,
                regions: Vec::new(),
            })
            .collect();
        for line in maps.lines() {
            let line = line.unwrap();
            let mut columns = line.split_whitespace();
            let range = columns.next().unwrap();
            let permissions = columns.next().unwrap();
            let pathname = columns.nth(3).unwrap_or("anonymous").to_owned();
            // The kernel's own pages (vDSO clock, vsyscall) are not the
            // process's memory, and reading them fails.
            if !permissions.starts_with('r')
                || pathname.starts_with("[vvar")
                || pathname == "[vsyscall]"
            {
                continue;
            }
            let (start, end) = range.split_once('-').unwrap();
            let start = u64::from_str_radix(start, 16).unwrap();
            let end = u64::from_str_radix(end, 16).unwrap();
            let mut bytes = vec![0u8; (end - start) as usize];
            memory
                .read_exact_at(&mut bytes, start)
                .unwrap_or_else(|err| panic!("reading {line} of the stopped server: {err}"));
            for (needle, (_, pattern)) in found.iter_mut().zip(needles) {
                let mut copies = memchr::memmem::find_iter(&bytes, pattern);
                let Some(first) = copies.next() else {
                    continue;
                };
                let here = 1 + copies.count();
                needle.count += here;
                // What precedes the first copy tells whose buffer it is
                // (an HTTP request, a tar header, a page).
                let context = &bytes[first.saturating_sub(160)..first];
                needle.regions.push(format!(
                    "{pathname} {range} ({permissions}) ×{here}, the first after {:?}",
                    String::from_utf8_lossy(context)
                ));
            }
        }
        drop(stopped);
        found
    }
}

/// A multipart part: field name, file name (for a file), value.
type Part<'a> = (&'a str, Option<&'a str>, &'a [u8]);

const BOUNDARY: &str = "memory-test-boundary-7f3a9c";
const FORM_TYPE: &str = "multipart/form-data; boundary=memory-test-boundary-7f3a9c";

/// `parts` as a browser frames them, without the form's closing boundary.
fn form_parts(parts: &[Part]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file_name, value) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match file_name {
            Some(file_name) => body.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
                     Content-Type: text/plain\r\n\r\n"
                )
                .as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        body.extend_from_slice(value);
        body.extend_from_slice(b"\r\n");
    }
    body
}

impl Drop for RealServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A process held with SIGSTOP until dropped (then SIGCONT).
struct Stopped(nix::unistd::Pid);

impl Stopped {
    fn new(pid: u32) -> Stopped {
        let pid = nix::unistd::Pid::from_raw(pid as i32);
        nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGSTOP).unwrap();
        // The signal is delivered asynchronously: wait until every thread
        // is in state `T`.
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let all_stopped = std::fs::read_dir(format!("/proc/{pid}/task"))
                .unwrap()
                .all(|task| {
                    let stat = std::fs::read_to_string(task.unwrap().path().join("stat"));
                    let stat = stat.unwrap_or_default();
                    let state = stat
                        .rsplit_once(") ")
                        .and_then(|(_, rest)| rest.chars().next());
                    state == Some('T')
                });
            if all_stopped {
                return Stopped(pid);
            }
            assert!(Instant::now() < deadline, "the server did not stop");
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for Stopped {
    fn drop(&mut self) {
        let _ = nix::sys::signal::kill(self.0, nix::sys::signal::Signal::SIGCONT);
    }
}
