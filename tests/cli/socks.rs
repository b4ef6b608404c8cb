//! A tiny SOCKS5 proxy (RFC 1928, CONNECT without authentication) started
//! by a test in place of Tor: it records the address each client asked for
//! (a name stays a name, as Tor's `socks5h` needs), then forwards to the
//! test server, or answers with a chosen failure status.
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;

/// What a client asked the proxy to connect to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// ATYP 3: a host name, to be resolved by the proxy.
    Name(String, u16),
    /// ATYP 1 or 4: an address the client resolved itself.
    Address(SocketAddr),
}

/// How the proxy answers a CONNECT.
#[derive(Clone, Copy, Debug)]
pub enum Behaviour {
    /// Connect every request to this address, whatever was asked.
    ForwardTo(SocketAddr),
    /// Refuse with this SOCKS5 reply code (4: host unreachable, as Tor says
    /// for an onion it cannot reach; 5: connection refused).
    Fail(u8),
    /// Answer the greeting with bytes that are not SOCKS5.
    NotSocks,
    /// Accept the connection and never answer (a proxy that hangs).
    Silent,
    /// Like `ForwardTo`, but the first connection passes only `after` bytes
    /// from the server, then stalls (`cut: false`: a frozen Tor circuit)
    /// or is closed (`cut: true`: a broken one).
    BreakFirst {
        to: SocketAddr,
        after: u64,
        cut: bool,
    },
    /// Like `ForwardTo`, but the first connection is closed once the
    /// client has sent `after` bytes (an upload broken off).
    CutFirstUpload { to: SocketAddr, after: u64 },
}

pub struct Socks5Proxy {
    pub address: SocketAddr,
    asked: Arc<Mutex<Vec<Target>>>,
    /// Bytes passed from the server to the client, per connection.
    passed: Arc<Mutex<Vec<Arc<Mutex<u64>>>>>,
}

impl Socks5Proxy {
    pub fn start(behaviour: Behaviour) -> Socks5Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let asked = Arc::new(Mutex::new(Vec::new()));
        let passed: Arc<Mutex<Vec<Arc<Mutex<u64>>>>> = Arc::new(Mutex::new(Vec::new()));
        let (recorded, counters) = (asked.clone(), passed.clone());
        thread::spawn(move || {
            for (n, client) in listener.incoming().flatten().enumerate() {
                let recorded = recorded.clone();
                let counter = Arc::new(Mutex::new(0));
                counters.lock().unwrap().push(counter.clone());
                let behaviour = match behaviour {
                    Behaviour::BreakFirst { to, .. } | Behaviour::CutFirstUpload { to, .. }
                        if n > 0 =>
                    {
                        Behaviour::ForwardTo(to)
                    }
                    other => other,
                };
                thread::spawn(move || {
                    let _ = serve(client, behaviour, &recorded, &counter);
                });
            }
        });
        Socks5Proxy {
            address,
            asked,
            passed,
        }
    }

    /// Bytes each connection passed from the server to the client.
    pub fn passed(&self) -> Vec<u64> {
        self.passed
            .lock()
            .unwrap()
            .iter()
            .map(|c| *c.lock().unwrap())
            .collect()
    }

    /// `--socks5` argument for this proxy.
    pub fn arg(&self) -> String {
        self.address.to_string()
    }

    /// Every CONNECT target asked for so far.
    pub fn asked(&self) -> Vec<Target> {
        self.asked.lock().unwrap().clone()
    }
}

fn serve(
    mut client: TcpStream,
    behaviour: Behaviour,
    asked: &Mutex<Vec<Target>>,
    passed: &Mutex<u64>,
) -> io::Result<()> {
    if let Behaviour::Silent = behaviour {
        thread::sleep(std::time::Duration::from_secs(60));
        return Ok(());
    }
    let mut greeting = [0u8; 2];
    client.read_exact(&mut greeting)?;
    let mut methods = vec![0u8; greeting[1] as usize];
    client.read_exact(&mut methods)?;
    if let Behaviour::NotSocks = behaviour {
        client.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\n")?;
        return Ok(());
    }
    assert_eq!(greeting[0], 5, "a SOCKS5 greeting");
    assert!(methods.contains(&0), "no-authentication offered");
    client.write_all(&[5, 0])?;

    let mut request = [0u8; 4];
    client.read_exact(&mut request)?;
    assert_eq!(&request[..3], &[5, 1, 0], "a CONNECT request");
    let target = match request[3] {
        1 => {
            let mut ip = [0u8; 4];
            client.read_exact(&mut ip)?;
            Target::Address(SocketAddr::from((ip, read_port(&mut client)?)))
        }
        3 => {
            let mut len = [0u8; 1];
            client.read_exact(&mut len)?;
            let mut name = vec![0u8; len[0] as usize];
            client.read_exact(&mut name)?;
            Target::Name(String::from_utf8(name).unwrap(), read_port(&mut client)?)
        }
        4 => {
            let mut ip = [0u8; 16];
            client.read_exact(&mut ip)?;
            Target::Address(SocketAddr::from((ip, read_port(&mut client)?)))
        }
        other => panic!("unknown address type {other}"),
    };
    asked.lock().unwrap().push(target);

    let (upstream, limit, upload_limit) = match behaviour {
        Behaviour::ForwardTo(address) => (address, None, u64::MAX),
        Behaviour::BreakFirst { to, after, cut } => (to, Some((after, cut)), u64::MAX),
        Behaviour::CutFirstUpload { to, after } => (to, None, after),
        Behaviour::Fail(code) => {
            client.write_all(&[5, code, 0, 1, 0, 0, 0, 0, 0, 0])?;
            return Ok(());
        }
        Behaviour::NotSocks | Behaviour::Silent => unreachable!(),
    };
    let server = match TcpStream::connect(upstream) {
        Ok(server) => server,
        Err(_) => {
            client.write_all(&[5, 5, 0, 1, 0, 0, 0, 0, 0, 0])?;
            return Ok(());
        }
    };
    client.write_all(&[5, 0, 0, 1, 127, 0, 0, 1, 0, 0])?;
    let (mut to_server, mut from_server) = (server.try_clone()?, server);
    let (mut from_client, mut to_client) = (client.try_clone()?, client);
    let upload = thread::spawn(move || {
        let _ = io::copy(&mut (&mut from_client).take(upload_limit), &mut to_server);
        if upload_limit == u64::MAX {
            let _ = to_server.shutdown(Shutdown::Write);
        } else {
            let _ = to_server.shutdown(Shutdown::Both);
            let _ = from_client.shutdown(Shutdown::Both);
        }
    });
    let mut buffer = [0u8; 16 * 1024];
    loop {
        let room = match limit {
            Some((after, _)) => after.saturating_sub(*passed.lock().unwrap()) as usize,
            None => buffer.len(),
        };
        if room == 0 {
            break;
        }
        let want = room.min(buffer.len());
        let n = match from_server.read(&mut buffer[..want]) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        if to_client.write_all(&buffer[..n]).is_err() {
            break;
        }
        *passed.lock().unwrap() += n as u64;
    }
    match limit {
        Some((_, true)) => {
            let _ = to_client.shutdown(Shutdown::Both);
            let _ = from_server.shutdown(Shutdown::Both);
        }
        // Stalled: hold the connection open, pass nothing more.
        Some((_, false)) => thread::sleep(std::time::Duration::from_secs(60)),
        None => {
            let _ = to_client.shutdown(Shutdown::Write);
        }
    }
    let _ = upload.join();
    Ok(())
}

fn read_port(stream: &mut TcpStream) -> io::Result<u16> {
    let mut port = [0u8; 2];
    stream.read_exact(&mut port)?;
    Ok(u16::from_be_bytes(port))
}
