//! A loopback HTTP/1.1 proxy between the browser and the server: it sees
//! every byte the browser sends (so a test can show what reached the
//! server), logs each request and the answer the browser got, and can cut
//! a connection in the middle of a chosen request, the way a Tor circuit
//! breaks during a long upload.
//!
//! It forwards bytes as they come and understands just enough HTTP to find
//! where each message ends (`Content-Length` or chunked bodies); browsers do
//! not pipeline, so answers on a connection match its requests in order.
use std::collections::VecDeque;
use std::io::{self, BufRead, BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

/// Where a [`Cut`] breaks the connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CutPoint {
    /// After half of the request body reached the server: the server
    /// stores nothing of that request.
    MidBody,
    /// After the whole request reached the server, before its answer
    /// reaches the browser: the server has done the work, the browser
    /// does not know it.
    BeforeAnswer,
}

/// Break the connection on the next `times` requests whose target ends
/// with `target_suffix`.
#[derive(Clone, Debug)]
pub struct Cut {
    pub target_suffix: String,
    pub at: CutPoint,
    pub times: usize,
}

/// One request that the browser began, as seen at the proxy.
#[derive(Clone, Debug)]
pub struct Exchange {
    pub method: String,
    /// The request target, e.g. `/api/v1/uploads/<id>/parts/3`.
    pub target: String,
    /// The request body as far as it reached the server.
    pub body: Vec<u8>,
    /// Whether the whole body reached the server.
    pub complete: bool,
    /// The answer's status code, if the browser received it.
    pub answer: Option<u16>,
    /// Where the proxy cut this request's connection, if it did.
    pub cut: Option<CutPoint>,
}

#[derive(Default)]
struct Shared {
    exchanges: Mutex<Vec<Exchange>>,
    /// Everything the browser sent, one buffer per connection.
    sent: Mutex<Vec<Vec<u8>>>,
    cuts: Mutex<Vec<Cut>>,
    stopping: AtomicBool,
}

pub struct Proxy {
    /// `http://127.0.0.1:<port>`: what the browser is pointed at.
    pub address: String,
    local: SocketAddr,
    shared: Arc<Shared>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        // Wakes the accept loop so that it sees the flag.
        let _ = TcpStream::connect(self.local);
    }
}

impl Proxy {
    /// Listens on a free loopback port and forwards to `upstream`
    /// (`http://127.0.0.1:<port>`).
    pub fn start(upstream: &str) -> Proxy {
        let upstream: SocketAddr = upstream
            .strip_prefix("http://")
            .expect("an http:// address")
            .parse()
            .expect("host:port");
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let local = listener.local_addr().unwrap();
        let shared = Arc::new(Shared::default());
        let accept_shared = shared.clone();
        thread::spawn(move || {
            for client in listener.incoming() {
                if accept_shared.stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(client) = client else { continue };
                let shared = accept_shared.clone();
                thread::spawn(move || {
                    // A connection that ends badly (the browser went away,
                    // or we cut it) is just the end of that connection.
                    let _ = Connection::serve(client, upstream, shared);
                });
            }
        });
        Proxy {
            address: format!("http://{local}"),
            local,
            shared,
        }
    }

    /// Arms a cut for the requests to come.
    pub fn cut(&self, cut: Cut) {
        self.shared.cuts.lock().unwrap().push(cut);
    }

    /// Every request so far, in the order the browser began them.
    pub fn exchanges(&self) -> Vec<Exchange> {
        self.shared.exchanges.lock().unwrap().clone()
    }

    /// Whether any byte sequence the browser sent contains `needle`.
    pub fn browser_sent(&self, needle: &[u8]) -> bool {
        self.shared
            .sent
            .lock()
            .unwrap()
            .iter()
            .any(|bytes| bytes.windows(needle.len()).any(|w| w == needle))
    }
}

/// One browser connection and its connection to the server.
struct Connection {
    client: TcpStream,
    server: TcpStream,
    shared: Arc<Shared>,
    /// This connection's buffer in `Shared::sent`.
    sent_index: usize,
    /// Indices in `Shared::exchanges` of requests awaiting their answer,
    /// and whether that answer must be cut off.
    pending: Mutex<VecDeque<(usize, bool)>>,
}

impl Connection {
    fn serve(client: TcpStream, upstream: SocketAddr, shared: Arc<Shared>) -> io::Result<()> {
        let server = TcpStream::connect(upstream)?;
        let sent_index = {
            let mut sent = shared.sent.lock().unwrap();
            sent.push(Vec::new());
            sent.len() - 1
        };
        let connection = Arc::new(Connection {
            client,
            server,
            shared,
            sent_index,
            pending: Mutex::new(VecDeque::new()),
        });
        let answers = connection.clone();
        let answer_thread = thread::spawn(move || {
            let _ = answers.forward_answers();
            answers.close();
        });
        let _ = connection.forward_requests();
        // The browser closed its side (or we cut): let the answers finish.
        let _ = connection.server.shutdown(Shutdown::Write);
        let _ = answer_thread.join();
        Ok(())
    }

    fn close(&self) {
        let _ = self.client.shutdown(Shutdown::Both);
        let _ = self.server.shutdown(Shutdown::Both);
    }

    /// Browser → server, one request at a time.
    fn forward_requests(&self) -> io::Result<()> {
        let mut from_browser = BufReader::new(&self.client);
        let mut to_server = &self.server;
        loop {
            let Some(head) = read_head(&mut from_browser)? else {
                return Ok(());
            };
            let message = Head::parse(&head)?;
            let cut = self.take_cut(&message.target);
            let index = {
                let mut exchanges = self.shared.exchanges.lock().unwrap();
                exchanges.push(Exchange {
                    method: message.method.clone(),
                    target: message.target.clone(),
                    body: Vec::new(),
                    complete: false,
                    answer: None,
                    cut: None,
                });
                exchanges.len() - 1
            };
            self.pending
                .lock()
                .unwrap()
                .push_back((index, cut == Some(CutPoint::BeforeAnswer)));
            self.send(&mut to_server, &head)?;

            let mut body = Vec::new();
            let stop_after = match (cut, message.body) {
                (Some(CutPoint::MidBody), BodyLength::Exactly(n)) => Some(n / 2),
                _ => None,
            };
            let complete = copy_body(message.body, &mut from_browser, |bytes| {
                let room = stop_after.map_or(bytes.len(), |limit| {
                    limit.saturating_sub(body.len() as u64) as usize
                });
                let bytes = &bytes[..bytes.len().min(room)];
                body.extend_from_slice(bytes);
                self.send(&mut to_server, bytes)?;
                Ok(bytes.len() == room && stop_after.is_some())
            })?;
            {
                let mut exchanges = self.shared.exchanges.lock().unwrap();
                let exchange = &mut exchanges[index];
                exchange.body = body;
                exchange.complete = complete;
                if !complete {
                    exchange.cut = Some(CutPoint::MidBody);
                }
            }
            if !complete {
                self.close();
                return Ok(());
            }
        }
    }

    /// Server → browser: each answer, unless its request was marked to be
    /// cut before the answer.
    fn forward_answers(&self) -> io::Result<()> {
        let mut from_server = BufReader::new(&self.server);
        let mut to_browser = &self.client;
        loop {
            let Some(head) = read_head(&mut from_server)? else {
                return Ok(());
            };
            let message = Head::parse(&head)?;
            let (index, cut) = self
                .pending
                .lock()
                .unwrap()
                .pop_front()
                .expect("an answer follows a request");
            if cut {
                self.shared.exchanges.lock().unwrap()[index].cut = Some(CutPoint::BeforeAnswer);
                return Ok(()); // the caller closes both sides
            }
            to_browser.write_all(&head)?;
            let body = {
                let exchanges = self.shared.exchanges.lock().unwrap();
                let request = &exchanges[index];
                if request.method == "HEAD" || matches!(message.status, 204 | 304) {
                    BodyLength::Exactly(0)
                } else {
                    message.body
                }
            };
            copy_body(body, &mut from_server, |bytes| {
                to_browser.write_all(bytes)?;
                Ok(false)
            })?;
            self.shared.exchanges.lock().unwrap()[index].answer = Some(message.status);
        }
    }

    /// Forwards browser bytes to the server, keeping a copy.
    fn send(&self, to_server: &mut &TcpStream, bytes: &[u8]) -> io::Result<()> {
        self.shared.sent.lock().unwrap()[self.sent_index].extend_from_slice(bytes);
        to_server.write_all(bytes)
    }

    fn take_cut(&self, target: &str) -> Option<CutPoint> {
        let mut cuts = self.shared.cuts.lock().unwrap();
        let cut = cuts
            .iter_mut()
            .find(|cut| cut.times > 0 && target.ends_with(&cut.target_suffix))?;
        cut.times -= 1;
        Some(cut.at)
    }
}

/// How the body of a message is delimited.
#[derive(Clone, Copy, Debug)]
enum BodyLength {
    Exactly(u64),
    Chunked,
    /// An answer without length: the body runs to the end of the connection.
    UntilClose,
}

struct Head {
    method: String,
    target: String,
    status: u16,
    body: BodyLength,
}

impl Head {
    /// Parses a request or answer head (`head` ends with the blank line).
    fn parse(head: &[u8]) -> io::Result<Head> {
        let text = std::str::from_utf8(head)
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "head is not UTF-8"))?;
        let mut lines = text.split("\r\n");
        let start: Vec<&str> = lines.next().unwrap_or_default().splitn(3, ' ').collect();
        let is_answer = start[0].starts_with("HTTP/");
        let mut body = if is_answer {
            BodyLength::UntilClose
        } else {
            BodyLength::Exactly(0)
        };
        for line in lines {
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                body = BodyLength::Exactly(value.parse().map_err(|_| {
                    io::Error::new(io::ErrorKind::InvalidData, "bad Content-Length")
                })?);
            } else if name.eq_ignore_ascii_case("transfer-encoding")
                && value.to_ascii_lowercase().contains("chunked")
            {
                body = BodyLength::Chunked;
            }
        }
        let field = |i: usize| start.get(i).copied().unwrap_or_default().to_owned();
        Ok(Head {
            method: if is_answer { String::new() } else { field(0) },
            target: if is_answer { String::new() } else { field(1) },
            status: if is_answer {
                field(1).parse().unwrap_or(0)
            } else {
                0
            },
            body,
        })
    }
}

/// Reads up to and including the blank line; `None` at a clean end of the
/// connection before any byte of a new message.
fn read_head(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut head = Vec::new();
    loop {
        let before = head.len();
        if input.read_until(b'\n', &mut head)? == 0 {
            return if head.is_empty() {
                Ok(None)
            } else {
                Err(io::ErrorKind::UnexpectedEof.into())
            };
        }
        if head[before..] == *b"\r\n" || head[before..] == *b"\n" {
            return Ok(Some(head));
        }
    }
}

/// Copies one message body from `input` to `forward` as it arrives.
/// `forward` returns true to stop early; the result is whether the whole
/// body was copied.
fn copy_body(
    length: BodyLength,
    input: &mut impl BufRead,
    mut forward: impl FnMut(&[u8]) -> io::Result<bool>,
) -> io::Result<bool> {
    let mut copy_exactly = |input: &mut dyn BufRead, mut left: u64| -> io::Result<bool> {
        while left > 0 {
            let available = input.fill_buf()?;
            if available.is_empty() {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            let n = available.len().min(left as usize);
            let stop = forward(&available[..n])?;
            input.consume(n);
            left -= n as u64;
            if stop {
                return Ok(left == 0);
            }
        }
        Ok(true)
    };
    match length {
        BodyLength::Exactly(n) => copy_exactly(input, n),
        BodyLength::UntilClose => copy_exactly(input, u64::MAX).or(Ok(true)),
        BodyLength::Chunked => loop {
            // Size line, data, CRLF; a zero size ends the body (then
            // trailers up to a blank line). Framing bytes pass through.
            let mut line = Vec::new();
            input.read_until(b'\n', &mut line)?;
            if !forward_framing(&mut copy_exactly, &line)? {
                return Ok(false);
            }
            let size_text = String::from_utf8_lossy(&line);
            let size_text = size_text.trim().split(';').next().unwrap_or_default();
            let size = u64::from_str_radix(size_text, 16)
                .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "bad chunk size"))?;
            if size == 0 {
                let Some(trailers) = read_head(input)? else {
                    return Err(io::ErrorKind::UnexpectedEof.into());
                };
                return forward_framing(&mut copy_exactly, &trailers);
            }
            if !copy_exactly(input, size + 2)? {
                return Ok(false);
            }
        },
    }
}

/// Passes framing bytes already read through the same `forward` path.
fn forward_framing(
    copy_exactly: &mut impl FnMut(&mut dyn BufRead, u64) -> io::Result<bool>,
    bytes: &[u8],
) -> io::Result<bool> {
    let mut reader: &[u8] = bytes;
    copy_exactly(&mut reader, bytes.len() as u64)
}
