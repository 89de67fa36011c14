//! The class's Learning Record Store over HTTP: statements sent from the outbox ([`send`]).
//! Credentials travel only in the Authorization header (HTTP Basic), never in a URL,
//! never printed; TLS certificates are verified (rustls with the Mozilla roots).

mod send;

use std::time::Duration;

use base64::Engine;

use crate::class::Class;

pub use send::{Background, Sent, send_all};

/// Why the LRS could not be sent to or read from (a send keeps the queue as it was).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LrsError {
    #[error("the LRS {lrs} cannot be reached: {detail}")]
    Unreachable { lrs: String, detail: String },
    #[error("the LRS {lrs} refused your username and password (HTTP {status})")]
    Credentials { lrs: String, status: u16 },
    #[error("the LRS {lrs} failed (HTTP {status}): {detail}")]
    Failed {
        lrs: String,
        status: u16,
        detail: String,
    },
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
}
