//! Sending the outbox to the class's Learning Record Store: statements in batches, `POST statements`.
//!
//! A statement's id is derived from what it records, so a batch is safe to send again: the LRS answers 204
//! for statements it holds already, or 409 when one of them holds the id. Statements the LRS refuses as
//! invalid are kept aside one by one, so that one bad statement never holds the others back.

use std::time::Duration;

use super::{Client, LrsError, reason};
use crate::Error;
use crate::class::Class;
use crate::store::{Queued, Store};

/// Statements per request: small enough for any LRS's request limit, large enough to be quick.
const BATCH: usize = 50;

/// What a send did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sent {
    pub sent: usize,
    /// Refused as invalid by the LRS in this send, now kept aside.
    pub rejected: usize,
}

/// Sends every waiting statement, oldest first, until the queue is empty or the LRS cannot take more.
pub fn send_all(store: &mut Store, class: &Class) -> Result<Result<Sent, LrsError>, Error> {
    send_all_but(store, class, &|| None)
}

/// [`send_all`], stopping at the statement `held` (the newest, whose answer may still be re-rated).
fn send_all_but(
    store: &mut Store,
    class: &Class,
    held: &dyn Fn() -> Option<String>,
) -> Result<Result<Sent, LrsError>, Error> {
    let client = Client::new(class);
    let mut done = Sent::default();
    loop {
        let queued = store.outbox(BATCH)?;
        // Read after the queue: an answer is held before it is queued, so a statement read here that is
        // held is seen held (read before, it could be queued and sent in between, with its first rating).
        let held = held();
        let batch: Vec<Queued> = queued
            .into_iter()
            .take_while(|q| Some(q.id.as_str()) != held.as_deref())
            .collect();
        if batch.is_empty() {
            return Ok(Ok(done));
        }
        match client.post(&batch) {
            Ok(()) => {
                store.outbox_sent(&batch)?;
                done.sent += batch.len();
            }
            // Something in the batch is refused, or held already (a 409 refuses the whole batch): each
            // statement alone says which.
            Err(Refusal::Statement(_) | Refusal::Conflict) => {
                for q in &batch {
                    match client.post(std::slice::from_ref(q)) {
                        // The LRS holds a statement with this id: ids are derived from what they record,
                        // so it is this one.
                        Ok(()) | Err(Refusal::Conflict) => {
                            store.outbox_sent(std::slice::from_ref(q))?;
                            done.sent += 1;
                        }
                        Err(Refusal::Statement(why)) => {
                            store.outbox_reject(&q.id, &why)?;
                            done.rejected += 1;
                        }
                        Err(Refusal::Send(e)) => return Ok(Err(e)),
                    }
                }
            }
            Err(Refusal::Send(e)) => return Ok(Err(e)),
        }
    }
}

enum Refusal {
    /// 409: the LRS holds a statement with one of these ids.
    Conflict,
    /// The LRS refused what was sent (a 4xx other than 401, 403 and 409): not worth sending again.
    Statement(String),
    /// It could not take it now, or not from this user: everything is kept to send later.
    Send(LrsError),
}

impl Client {
    fn post(&self, batch: &[Queued]) -> Result<(), Refusal> {
        let body = format!(
            "[{}]",
            batch
                .iter()
                .map(|q| q.json.as_str())
                .collect::<Vec<_>>()
                .join(",")
        );
        let response = self
            .agent
            .post(&self.url)
            .header("Authorization", &self.authorization)
            .header("X-Experience-API-Version", crate::xapi::VERSION)
            .header("Content-Type", "application/json")
            .send(&body)
            .map_err(|e| Refusal::Send(self.unreachable(e)))?;
        let status = response.status().as_u16();
        let detail = || {
            reason(
                &response.into_body().read_to_string().unwrap_or_default(),
                status,
            )
        };
        match status {
            200..=299 => Ok(()),
            409 => Err(Refusal::Conflict),
            401 | 403 => Err(Refusal::Send(LrsError::Credentials {
                lrs: self.lrs.clone(),
                status,
            })),
            // Too many requests, or a timeout: the LRS asks to be tried again later.
            408 | 429 => Err(Refusal::Send(LrsError::Failed {
                lrs: self.lrs.clone(),
                status,
                detail: detail(),
            })),
            400..=499 => Err(Refusal::Statement(format!("HTTP {status}: {}", detail()))),
            _ => Err(Refusal::Send(LrsError::Failed {
                lrs: self.lrs.clone(),
                status,
                detail: detail(),
            })),
        }
    }
}

/// How long a background sender waits between sends when all went well: new answers wake it sooner.
const IDLE: Duration = Duration::from_secs(30);
/// The longest a failing LRS is left alone before the next try.
const MAX_BACKOFF: Duration = Duration::from_secs(300);

/// Sends the outbox on a thread of its own while a study session runs, so that an LRS that is slow,
/// failing or unreachable never holds up an answer: an answer is committed with its statement, and this
/// thread sends it when it can, backing off (1 s, 2 s, 4 s… up to 5 minutes) while the LRS fails. It keeps
/// its own connection to the store.
pub struct Background {
    wake: std::sync::mpsc::Sender<()>,
    held: std::sync::Arc<std::sync::Mutex<Option<String>>>,
    /// Why the last send failed, if it did.
    done: std::sync::mpsc::Receiver<Option<LrsError>>,
}

impl Background {
    pub fn start(store_path: std::path::PathBuf, class: Class) -> Background {
        use std::sync::mpsc::{RecvTimeoutError, channel};
        let (wake, woken) = channel::<()>();
        let (finished, done) = channel();
        let held = std::sync::Arc::new(std::sync::Mutex::new(None::<String>));
        let holding = std::sync::Arc::clone(&held);
        std::thread::spawn(move || {
            let Ok(mut store) = Store::open(&store_path) else {
                return;
            };
            let mut backoff = Duration::from_secs(1);
            let mut next_try = std::time::Instant::now();
            let mut failing = false;
            let mut last = false;
            let mut why = None;
            loop {
                if std::time::Instant::now() >= next_try {
                    let held = || holding.lock().map(|h| h.clone()).unwrap_or_default();
                    let sent = send_all_but(&mut store, &class, &held);
                    failing = !matches!(sent, Ok(Ok(_)));
                    why = match sent {
                        Ok(Err(e)) => Some(e),
                        _ => None,
                    };
                    next_try = std::time::Instant::now()
                        + if failing {
                            let wait = backoff;
                            backoff = (backoff * 2).min(MAX_BACKOFF);
                            wait
                        } else {
                            backoff = Duration::from_secs(1);
                            IDLE
                        };
                }
                if last {
                    let _ = finished.send(why);
                    return;
                }
                let wait = next_try.saturating_duration_since(std::time::Instant::now());
                let woken = match woken.recv_timeout(wait) {
                    Ok(()) => true,
                    Err(RecvTimeoutError::Timeout) => false,
                    // The session ended: one more try (unless backing off), then done.
                    Err(RecvTimeoutError::Disconnected) => {
                        last = true;
                        true
                    }
                };
                // A new answer is sent at once, unless the LRS is being left alone after failing.
                if woken && !failing {
                    next_try = std::time::Instant::now();
                }
            }
        });
        Background { wake, held, done }
    }

    /// Keeps the statement `id` back until [`Background::release`]: an answer whose rating may still
    /// change is not sent with the rating it may lose.
    pub fn hold(&self, id: &str) {
        if let Ok(mut h) = self.held.lock() {
            *h = Some(id.to_string());
        }
    }

    /// Lets the held statement go, and wakes the sender: an answer is final.
    pub fn release(&self) {
        if let Ok(mut h) = self.held.lock() {
            *h = None;
        }
        let _ = self.wake.send(());
    }

    /// Ends the sender, waiting at most `grace` for its last send, and says why that failed, if it did. A
    /// send still under way then is cut short with the process; the statements it carried stay queued and
    /// are sent again, stored once.
    pub fn stop(self, grace: Duration) -> Option<LrsError> {
        if let Ok(mut h) = self.held.lock() {
            *h = None;
        }
        drop(self.wake);
        self.done.recv_timeout(grace).ok().flatten()
    }
}
