//! The class's Learning Record Store over HTTP: statements sent from the outbox (`send`) and read back
//! for the teacher (`read`). Credentials travel only in the Authorization header (HTTP Basic), never in
//! a URL, never printed; TLS certificates are verified (rustls with the Mozilla roots).

mod read;
mod send;

use std::time::Duration;

use base64::Engine;

use crate::class::Class;

pub use read::{Query, read_statements};
pub use send::{Background, Sent, send_all};

/// Why the LRS could not be sent to or read from (a send keeps the queue as it was).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LrsError {
    #[error("the LRS {lrs} cannot be reached: {detail}")]
    Unreachable { lrs: String, detail: String },
    #[error("the LRS {lrs} refused your username and password (HTTP {status})")]
    Credentials { lrs: String, status: u16 },
    /// Reading: the LRS would not show this account the class's statements.
    #[error(
        "the LRS {lrs} refused to show the class's statements to this account (HTTP {status}: {detail})"
    )]
    Refused {
        lrs: String,
        status: u16,
        detail: String,
    },
    #[error("the LRS {lrs} failed (HTTP {status}): {detail}")]
    Failed {
        lrs: String,
        status: u16,
        detail: String,
    },
    #[error("the LRS {lrs} answered with something kartka cannot read: {detail}")]
    Invalid { lrs: String, detail: String },
}

struct Client {
    agent: ureq::Agent,
    url: String,
    lrs: String,
    authorization: String,
}

impl Client {
    fn new(class: &Class) -> Client {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let credentials = format!("{}:{}", class.username, class.password);
        Client {
            agent,
            url: format!("{}statements", class.lrs),
            lrs: class.lrs.clone(),
            authorization: format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(credentials)
            ),
        }
    }

    fn unreachable(&self, e: impl std::fmt::Display) -> LrsError {
        LrsError::Unreachable {
            lrs: self.lrs.clone(),
            detail: e.to_string(),
        }
    }
}

/// The error of an HTTP status other than success, with the start of the LRS's reply (an error body can be
/// long: Ralph lists every validation error). `reading`: refused credentials or scopes are said as a refusal
/// to show statements, with the LRS's reason (a wrong password, or an account allowed to write only).
fn status_error(client: &Client, status: u16, body: &str, reading: bool) -> LrsError {
    let lrs = client.lrs.clone();
    let detail = reason(body, status);
    match status {
        401 | 403 if reading => LrsError::Refused {
            lrs,
            status,
            detail,
        },
        401 | 403 => LrsError::Credentials { lrs, status },
        _ => LrsError::Failed {
            lrs,
            status,
            detail,
        },
    }
}

/// What an LRS's error reply says, on one line (an error page's HTML would spread over the terminal): the
/// `detail` (Ralph), `message` or `error` of a JSON reply, or the start of any other, as an LRS's error body
/// can be long (Ralph lists every validation error). An empty body leaves the status's name to say it.
fn reason(body: &str, status: u16) -> String {
    let said = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| {
            ["detail", "message", "error"]
                .iter()
                .find_map(|k| v.get(k).and_then(|d| d.as_str()).map(str::to_string))
        })
        .unwrap_or_else(|| body.to_string());
    let said = said.split_whitespace().collect::<Vec<_>>().join(" ");
    if said.is_empty() {
        return ureq::http::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("no reason given")
            .to_string();
    }
    let mut short: String = said.chars().take(300).collect();
    if short.len() < said.len() {
        short.push('…');
    }
    short
}
