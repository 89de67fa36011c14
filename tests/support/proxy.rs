//! A fault-injecting HTTP proxy in front of the test LRS: it forwards requests to Ralph, or loses, delays,
//! cuts or replaces what comes back, as the test sets at any moment ([`Proxy::set`]).
//!
//! It speaks just the HTTP that kartka and Ralph exchange: a request with a `Content-Length` body, one request
//! per connection (each reply it relays says `Connection: close`, so the client never reuses a connection the
//! proxy is done with), and a reply read until Ralph closes.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the proxy does with the next requests.
#[derive(Debug, Clone)]
pub enum Mode {
    /// Relays each request to the LRS and its reply back.
    Forward,
    /// Relays, holding each reply this long first.
    Delay(Duration),
    /// Relays each POST to the LRS, which stores it, then closes the client's connection without its reply.
    LoseReply,
    /// Sends the n-th POST from now (1 for the next) only half through, says so
    /// ([`Proxy::wait_until_stalled`]), and waits for the LRS to close; then closes the client's connection.
    /// What the others get is relayed.
    StallPost(usize),
    /// Answers every request with these bytes instead of the LRS, then closes.
    Reply(Vec<u8>),
}

pub struct Proxy {
    port: u16,
    mode: Arc<Mutex<Mode>>,
    stalled: Mutex<Receiver<()>>,
}

impl Proxy {
    /// A proxy on a free loopback port in front of the LRS at `endpoint` (`http://127.0.0.1:<port>/…`),
    /// forwarding.
    pub fn in_front_of(endpoint: &str) -> Proxy {
        let upstream: u16 = endpoint
            .strip_prefix("http://127.0.0.1:")
            .and_then(|rest| rest.split('/').next())
            .and_then(|port| port.parse().ok())
            .unwrap_or_else(|| panic!("not a loopback endpoint: {endpoint}"));
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let mode = Arc::new(Mutex::new(Mode::Forward));
        let (stall, stalled) = channel();
        let shared = Arc::clone(&mode);
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let mode = Arc::clone(&shared);
                let stall = stall.clone();
                std::thread::spawn(move || serve(client, upstream, &mode, &stall));
            }
        });
        Proxy {
            port,
            mode,
            stalled: Mutex::new(stalled),
        }
    }

    /// The xAPI endpoint through the proxy, as a class file names it.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/xAPI/", self.port)
    }

    pub fn set(&self, mode: Mode) {
        *self.mode.lock().unwrap() = mode;
    }

    /// Waits until a POST is stalled half through ([`Mode::StallPost`]); panics after `timeout`.
    pub fn wait_until_stalled(&self, timeout: Duration) {
        self.stalled
            .lock()
            .unwrap()
            .recv_timeout(timeout)
            .unwrap_or_else(|_| panic!("no request was stalled within {timeout:?}"));
    }
}

fn serve(mut client: TcpStream, upstream: u16, mode: &Mutex<Mode>, stall: &Sender<()>) {
    // Neither side of a broken exchange may hang a test.
    let _ = client.set_read_timeout(Some(Duration::from_secs(30)));
    let Some((head, body)) = read_request(&mut client) else {
        return;
    };
    let post = head.starts_with("POST ");
    // The mode when the request came, advancing a StallPost's count.
    let mode = {
        let mut mode = mode.lock().unwrap();
        let now = mode.clone();
        if let (Mode::StallPost(n), true) = (&mut *mode, post) {
            if *n == 1 {
                *mode = Mode::Forward;
            } else {
                *n -= 1;
            }
        }
        now
    };
    if let Mode::Reply(bytes) = &mode {
        let _ = client.write_all(bytes);
        let _ = client.shutdown(Shutdown::Both);
        return;
    }
    let Ok(mut lrs) = TcpStream::connect(("127.0.0.1", upstream)) else {
        return;
    };
    let _ = lrs.set_read_timeout(Some(Duration::from_secs(30)));
    let request = [with_close(&head).as_bytes(), &body].concat();
    if matches!(mode, Mode::StallPost(1)) && post {
        let half = request.len() - body.len() / 2;
        let _ = lrs.write_all(&request[..half]);
        let _ = stall.send(());
        // Until the LRS goes away: it cannot answer half a request.
        let _ = lrs.read_to_end(&mut Vec::new());
        return;
    }
    if lrs.write_all(&request).is_err() {
        return;
    }
    let mut reply = Vec::new();
    if lrs.read_to_end(&mut reply).is_err() {
        return;
    }
    match mode {
        Mode::LoseReply if post => return,
        Mode::Delay(delay) => std::thread::sleep(delay),
        _ => {}
    }
    let Some(split) = find(&reply, b"\r\n\r\n") else {
        return;
    };
    let head = String::from_utf8_lossy(&reply[..split + 2]);
    let _ = client.write_all(with_close(&head).as_bytes());
    let _ = client.write_all(&reply[split + 4..]);
}

/// A request's head (through its blank line) and its `Content-Length` body; `None` if the client went away.
fn read_request(client: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut raw = Vec::new();
    let mut chunk = [0; 8192];
    let end = loop {
        if let Some(i) = find(&raw, b"\r\n\r\n") {
            break i + 2;
        }
        match client.read(&mut chunk) {
            Ok(0) | Err(_) => return None,
            Ok(n) => raw.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0);
    let mut body = raw[end + 2..].to_vec();
    while body.len() < length {
        match client.read(&mut chunk) {
            Ok(0) | Err(_) => return None,
            Ok(n) => body.extend_from_slice(&chunk[..n]),
        }
    }
    Some((head, body))
}

/// A head (each line ending in CRLF, without the blank line) saying `Connection: close` instead of what it
/// said, blank line added.
fn with_close(head: &str) -> String {
    let mut out: String = head
        .split_inclusive("\r\n")
        .filter(|l| {
            !l.to_ascii_lowercase()
                .trim_start()
                .starts_with("connection:")
        })
        .collect();
    out.push_str("Connection: close\r\n\r\n");
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
