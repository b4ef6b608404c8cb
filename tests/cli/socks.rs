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
}

pub struct Socks5Proxy {
    pub address: SocketAddr,
    asked: Arc<Mutex<Vec<Target>>>,
}

impl Socks5Proxy {
    pub fn start(behaviour: Behaviour) -> Socks5Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let asked = Arc::new(Mutex::new(Vec::new()));
        let recorded = asked.clone();
        thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let recorded = recorded.clone();
                thread::spawn(move || {
                    let _ = serve(client, behaviour, &recorded);
                });
            }
        });
        Socks5Proxy { address, asked }
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

fn serve(mut client: TcpStream, behaviour: Behaviour, asked: &Mutex<Vec<Target>>) -> io::Result<()> {
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

    let upstream = match behaviour {
        Behaviour::ForwardTo(address) => address,
        Behaviour::Fail(code) => {
            client.write_all(&[5, code, 0, 1, 0, 0, 0, 0, 0, 0])?;
            return Ok(());
        }
        Behaviour::NotSocks => unreachable!(),
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
        let _ = io::copy(&mut from_client, &mut to_server);
        let _ = to_server.shutdown(Shutdown::Write);
    });
    let _ = io::copy(&mut from_server, &mut to_client);
    let _ = to_client.shutdown(Shutdown::Write);
    let _ = upload.join();
    Ok(())
}

fn read_port(stream: &mut TcpStream) -> io::Result<u16> {
    let mut port = [0u8; 2];
    stream.read_exact(&mut port)?;
    Ok(u16::from_be_bytes(port))
}
