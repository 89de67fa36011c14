//! A real Learning Record Store for the tests: Ralph (PyPI `ralph-malph`) with its file-system backend.
//!
//! Ralph is installed once into a virtual environment under `target/tmp/` (a lock file makes parallel tests
//! wait for the one installing it; a finished install is reused), then each [`Ralph`] runs its own server on
//! a free loopback port with its own data folder and users, and is stopped when dropped. A missing Python
//! fails the test with what to install: a test that skips itself would hide that the class is untested.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// The Ralph this code was written against. 5.1.0 imports `requests` without depending on it, so that is
/// pinned beside it.
const PACKAGES: [&str; 2] = ["ralph-malph[cli,lrs]==5.1.0", "requests==2.32.3"];

/// Ralph's LRS on uvicorn, port in argv[1]. Two mends to Ralph 5.1.0's file-system LRS, its development
/// backend (its production ones do both right): it writes each request's statements with "create", which
/// fails (HTTP 500) once its one file exists, so every POST after the first would fail; it appends here. And
/// it compares each statement's verb and activity ids with the query's as wrapped in a pydantic model, never
/// equal to a string, so a query by verb or activity found nothing; the query's stay strings here.
///
/// With `RELATED_IGNORED` set, it also ignores `related_activities`, matching `activity` against statements'
/// objects only, as Ralph's database backends (ClickHouse, MongoDB, Elasticsearch) do.
const SERVER: &str = "import os, sys, uvicorn\n\
from ralph.backends.data.base import BaseOperationType\n\
from ralph.backends.lrs.fs import FSLRSBackend\n\
import ralph.api.routers.statements as statements\n\
FSLRSBackend.default_operation_type = BaseOperationType.APPEND\n\
statements.IRI = str\n\
by_activity = FSLRSBackend._add_filter_by_activity\n\
if os.environ.get('RELATED_IGNORED'): FSLRSBackend._add_filter_by_activity = staticmethod(lambda f, a, r: by_activity(f, a, False))\n\
uvicorn.run('ralph.api:app', host='127.0.0.1', port=int(sys.argv[1]))\n";

/// A fresh install downloads a few dozen wheels; a slow network is not a failing test.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A user of the LRS: its HTTP Basic credentials and the scopes Ralph grants it.
#[derive(Debug, Clone)]
pub struct User {
    pub username: String,
    pub password: String,
    pub scopes: Vec<String>,
}

impl User {
    /// A user allowed everything.
    pub fn all(username: &str, password: &str) -> User {
        User::with(username, password, &["all"])
    }

    /// A student's account as a school sets one up: it sends statements and reads only its own.
    pub fn student(username: &str, password: &str) -> User {
        User::with(
            username,
            password,
            &["statements/write", "statements/read/mine"],
        )
    }

    /// A teacher's account: it reads every statement and sends none.
    pub fn teacher(username: &str, password: &str) -> User {
        User::with(username, password, &["statements/read"])
    }

    pub fn with(username: &str, password: &str, scopes: &[&str]) -> User {
        User {
            username: username.into(),
            password: password.into(),
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
        }
    }
}

/// A running Ralph server, stopped when dropped.
pub struct Ralph {
    child: Child,
    port: u16,
    dir: TempDir,
    options: Options,
}

/// How a [`Ralph`] is set up beyond its users.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The most statements a query answers with, with a `more` link to the rest (Ralph's default, 100).
    pub page: usize,
    /// Ignore `related_activities`, as Ralph's database backends do.
    pub related_ignored: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            page: 100,
            related_ignored: false,
        }
    }
}

/// An HTTP response as the tests look at it.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub body: String,
}

impl Ralph {
    /// Installs Ralph if needed, and starts a server knowing `users`.
    pub fn start(users: &[User]) -> Ralph {
        Ralph::start_with(users, Options::default())
    }

    /// [`Ralph::start`], set up as `options` say.
    pub fn start_with(users: &[User], options: Options) -> Ralph {
        let venv = install();
        let dir = tempfile::tempdir().unwrap();
        let python = venv.join("bin/python");
        write_auth_file(&python, &dir.path().join("auth.json"), users);
        std::fs::create_dir(dir.path().join("data")).unwrap();
        let port = free_port();
        let child = spawn(&python, port, dir.path(), options);
        let mut ralph = Ralph {
            child,
            port,
            dir,
            options,
        };
        ralph.wait_until_up();
        ralph
    }

    /// The xAPI endpoint, as a class file names it.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/xAPI/", self.port)
    }

    /// What the server printed so far, for a failing test's message.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("ralph.log")).unwrap_or_default()
    }

    fn wait_until_up(&mut self) {
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("Ralph stopped as it started ({status}):\n{}", self.log());
            }
            if let Ok(r) = self.request("GET", "/__heartbeat__", None, None)
                && r.status == 200
            {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "Ralph did not answer within {START_TIMEOUT:?}:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// One HTTP/1.1 request to the server, `(username, password)` sent with Basic authentication.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        auth: Option<(&str, &str)>,
        json: Option<&str>,
    ) -> std::io::Result<Response> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port))?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\nX-Experience-API-Version: 1.0.3\r\n",
            self.port
        );
        if let Some((user, password)) = auth {
            head.push_str(&format!(
                "Authorization: Basic {}\r\n",
                base64(format!("{user}:{password}").as_bytes())
            ));
        }
        let body = json.unwrap_or_default();
        if json.is_some() {
            head.push_str("Content-Type: application/json\r\n");
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        stream.write_all(head.as_bytes())?;
        stream.write_all(body.as_bytes())?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw)?;
        let raw = String::from_utf8_lossy(&raw);
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("not an HTTP response: {head:?}")))?;
        let chunked = head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked");
        let body = if chunked {
            dechunk(body)
        } else {
            body.to_string()
        };
        Ok(Response { status, body })
    }

    /// Every statement the LRS holds, as `user` may read them (Ralph pages by 100 at most; the tests send
    /// fewer).
    pub fn statements(&self, user: &User) -> Vec<serde_json::Value> {
        let r = self
            .request(
                "GET",
                "/xAPI/statements?limit=1000",
                Some((&user.username, &user.password)),
                None,
            )
            .unwrap();
        assert_eq!(r.status, 200, "{}", r.body);
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        v["statements"].as_array().cloned().unwrap_or_default()
    }

    /// Kills the server at once (SIGKILL), as a crash or a pulled plug would: whatever it was doing is cut.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Starts the server again after [`Ralph::kill`], on the same port with the same data and users.
    pub fn restart(&mut self) {
        self.child = spawn(
            &install().join("bin/python"),
            self.port,
            self.dir.path(),
            self.options,
        );
        self.wait_until_up();
    }
}

impl Drop for Ralph {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Ralph's server on `port`, its data, users and log in `dir`.
fn spawn(python: &Path, port: u16, dir: &Path, options: Options) -> Child {
    // Appended to: a restarted server's log follows what it printed before.
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("ralph.log"))
        .unwrap();
    // What `ralph runserver --backend fs` starts, without its reloader: that watches the current folder and
    // serves from a child process which outlives a killed `ralph`.
    Command::new(python)
        .arg("-c")
        .arg(SERVER)
        .arg(port.to_string())
        .env("RALPH_RUNSERVER_BACKEND", "fs")
        .env(
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH",
            dir.join("data"),
        )
        .env("RALPH_AUTH_FILE", dir.join("auth.json"))
        // As a school runs it: each account does what its scopes allow, and reads only its own statements
        // unless allowed to read all.
        .env("RALPH_LRS_RESTRICT_BY_SCOPES", "true")
        .env("RALPH_LRS_RESTRICT_BY_AUTHORITY", "true")
        .env(
            "RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT",
            options.page.to_string(),
        )
        .env(
            "RELATED_IGNORED",
            if options.related_ignored { "1" } else { "" },
        )
        // Ralph keeps a history file in its app folder: this server's own, not the user's.
        .env("RALPH_APP_DIR", dir)
        .env("XDG_CONFIG_HOME", dir)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start Ralph ({}): {e}", python.display()))
}

/// The virtual environment holding Ralph, installed if it is not there yet.
fn install() -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ralph-5.1.0");
    std::fs::create_dir_all(&root).unwrap();
    let lock = std::fs::File::create(root.join("install.lock")).unwrap();
    // Held until returning: other tests (threads or processes) wait here while one installs.
    lock.lock().unwrap();
    let venv = root.join("venv");
    let done = root.join("installed");
    if done.exists() {
        return venv;
    }
    let python = find_python();
    // What a killed install left is started again, not trusted.
    let _ = std::fs::remove_dir_all(&venv);
    run(
        Command::new(&python).arg("-m").arg("venv").arg(&venv),
        || {
            format!(
                "`{python} -m venv` failed: install Python's venv module (on Debian and Ubuntu: `apt install python3-venv`)"
            )
        },
    );
    run(
        Command::new(venv.join("bin/python"))
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .args(PACKAGES),
        || format!("pip could not install {} from PyPI", PACKAGES.join(" ")),
    );
    std::fs::write(&done, PACKAGES.join("\n")).unwrap();
    drop(lock);
    venv
}

/// Python 3.9 or newer (what Ralph needs): `KARTKA_TEST_PYTHON`, or `python3`.
fn find_python() -> String {
    let python = std::env::var("KARTKA_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let version = Command::new(&python)
        .args([
            "-c",
            "import sys; print(sys.version_info[0] * 100 + sys.version_info[1])",
        ])
        .output();
    match version {
        Ok(out) if out.status.success() => {
            let v: u32 = String::from_utf8_lossy(&out.stdout)
                .trim()
                .parse()
                .unwrap_or(0);
            assert!(
                v >= 309,
                "the tests of `kartka class` run a real LRS, Ralph, which needs Python 3.9 or newer; `{python}` is \
                 older: install Python 3.11 with pip and venv (or set KARTKA_TEST_PYTHON to one)"
            );
            python
        }
        _ => panic!(
            "the tests of `kartka class` run a real LRS, Ralph, from PyPI, and need Python 3.9 or newer with pip \
             and venv: `{python}` cannot be run. Install Python 3.11 (on Debian and Ubuntu: `apt install python3 \
             python3-venv python3-pip`), or set KARTKA_TEST_PYTHON to a Python"
        ),
    }
}

fn run(command: &mut Command, what: impl Fn() -> String) {
    let out = command
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", what()));
    assert!(
        out.status.success(),
        "{}:\n{}{}",
        what(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Ralph's auth file: each user's bcrypt hash (made by Ralph's own bcrypt, at the lowest cost: these are
/// test passwords), scopes, and the agent it stands for.
fn write_auth_file(python: &Path, path: &Path, users: &[User]) {
    let users: Vec<serde_json::Value> = users
        .iter()
        .map(|u| {
            serde_json::json!({
                "username": u.username,
                "password": u.password,
                "scopes": u.scopes,
                "agent": {"mbox": format!("mailto:{}@example.org", u.username)},
            })
        })
        .collect();
    let script = "import bcrypt, json, sys\n\
                  users = json.load(sys.stdin)\n\
                  for u in users:\n    \
                      u['hash'] = bcrypt.hashpw(u.pop('password').encode(), bcrypt.gensalt(4)).decode()\n\
                  json.dump(users, open(sys.argv[1], 'w'))\n";
    let mut child = Command::new(python)
        .arg("-c")
        .arg(script)
        .arg(path)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::Value::from(users).to_string().as_bytes())
        .unwrap();
    assert!(
        child.wait().unwrap().success(),
        "cannot write Ralph's auth file"
    );
}

/// A port nobody listens on now. Another process could take it before Ralph does; on a test machine's
/// loopback that is rare enough, and Ralph then fails to start with a clear log.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
