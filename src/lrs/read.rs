//! Reading a class's statements back from its LRS, for the teacher: `GET statements` narrowed to the class
//! (and to a verb), page after page by the LRS's `more` links.
//!
//! Statements come back as JSON values, not as kartka's own types: an LRS may add what it likes (`stored`,
//! `authority`) and others' tools may write to the same store, so each reader takes only what it needs and
//! passes over what it cannot use.

use std::collections::HashSet;

use serde_json::value::RawValue;

use super::{Client, LrsError, status_error};
use crate::class::Class;

/// The most statements one page may ask for; an LRS answers with fewer when its own limit is lower.
const PAGE: usize = 1000;
/// A page larger than this is not an answer kartka can use (a page of 1000 quiz attempts, each with its
/// results, is a few megabytes).
const MAX_PAGE_BYTES: u64 = 256 * 1024 * 1024;
/// More statements than this in one class is taken for an LRS that pages without end.
const MAX_STATEMENTS: usize = 20_000_000;

/// Which of the class's statements to read.
#[derive(Debug, Clone, Copy)]
pub struct Query<'a> {
    /// The activity every statement of the class names (see [`crate::xapi::class_iri`]).
    pub class: &'a str,
    /// Only statements with this verb, when given.
    pub verb: Option<&'a str>,
}

/// Reads every statement of `query`, page after page, handing each to `each` as the JSON the LRS sent (the
/// reader parses what it needs of it: a class's month of study is hundreds of thousands of statements);
/// says how many it read. The
/// `more` link of each page is followed only to the LRS's own address, as the credentials go with it.
///
/// The class is asked for as an activity its statements are related to (their grouping). An LRS that does
/// not implement `related_activities` (Ralph's database backends) matches it against statements' objects
/// only and finds nothing: then the statements are read by verb alone, and the caller keeps the class's.
pub fn read_statements(
    class: &Class,
    query: &Query<'_>,
    each: &mut dyn FnMut(&RawValue),
) -> Result<usize, LrsError> {
    match read_pages(class, query, true, each)? {
        0 => read_pages(class, query, false, each),
        n => Ok(n),
    }
}

fn read_pages(
    class: &Class,
    query: &Query<'_>,
    by_class: bool,
    each: &mut dyn FnMut(&RawValue),
) -> Result<usize, LrsError> {
    let client = Client::new(class);
    let origin = origin(&class.lrs);
    let mut request = client
        .agent
        .get(&client.url)
        .query("limit", PAGE.to_string());
    if by_class {
        request = request
            .query("activity", query.class)
            .query("related_activities", "true");
    }
    if let Some(verb) = query.verb {
        request = request.query("verb", verb);
    }
    let mut seen_links = HashSet::new();
    let mut read = 0;
    loop {
        let response = request
            .header("Authorization", &client.authorization)
            .header("X-Experience-API-Version", crate::xapi::VERSION)
            .call()
            .map_err(|e| client.unreachable(e))?;
        let status = response.status().as_u16();
        let mut body = response.into_body();
        let text = body
            .with_config()
            .limit(MAX_PAGE_BYTES)
            .read_to_string()
            .map_err(|e| client.unreachable(e))?;
        if !(200..=299).contains(&status) {
            return Err(status_error(&client, status, &text, true));
        }
        let page: Page = serde_json::from_str(&text).map_err(|e| LrsError::Invalid {
            lrs: client.lrs.clone(),
            detail: format!("its reply is not a list of statements ({e})"),
        })?;
        let empty = page.statements.is_empty();
        for statement in &page.statements {
            read += 1;
            each(statement);
        }
        if read > MAX_STATEMENTS {
            return Err(LrsError::Invalid {
                lrs: client.lrs.clone(),
                detail: format!("it sent more than {MAX_STATEMENTS} statements for one class"),
            });
        }
        let Some(more) = page.more.filter(|m| !m.is_empty()) else {
            return Ok(read);
        };
        // A link seen before, or more promised after an empty page, would go round for ever.
        if empty || !seen_links.insert(more.clone()) {
            return Ok(read);
        }
        let url = if more.starts_with('/') {
            format!("{origin}{more}")
        } else if more.starts_with(&format!("{origin}/")) {
            more
        } else {
            return Err(LrsError::Invalid {
                lrs: client.lrs.clone(),
                detail:
                    "its `more` link leads to another server, where your credentials are not sent"
                        .into(),
            });
        };
        request = client.agent.get(&url);
    }
}

#[derive(serde::Deserialize)]
struct Page {
    #[serde(default)]
    statements: Vec<Box<RawValue>>,
    #[serde(default)]
    more: Option<String>,
}

/// `https://lrs.example:8443` of `https://lrs.example:8443/xAPI/`: what a `more` link is relative to.
fn origin(endpoint: &str) -> &str {
    let after_scheme = endpoint.find("://").map_or(0, |i| i + 3);
    match endpoint[after_scheme..].find('/') {
        Some(slash) => &endpoint[..after_scheme + slash],
        None => endpoint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_links_are_relative_to_the_lrs_origin() {
        assert_eq!(
            origin("https://lrs.example:8443/xAPI/"),
            "https://lrs.example:8443"
        );
        assert_eq!(origin("http://127.0.0.1:9/"), "http://127.0.0.1:9");
        assert_eq!(origin("https://lrs.example"), "https://lrs.example");
    }
}
