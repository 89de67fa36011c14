//! The test LRS itself (tests/support/ralph.rs): Ralph installs, starts, stores what it is sent, refuses
//! what is not valid xAPI and whoever has the wrong password. The tests of `kartka class` build on this.

// Each test binary uses a part of the shared support code.
#[allow(dead_code)]
mod support;

use support::ralph::{Ralph, User};

#[test]
fn ralph_stores_a_statement_once_and_refuses_invalid_ones_and_wrong_passwords() {
    let ann = User::all("ann", "ann's secret");
    let ralph = Ralph::start(std::slice::from_ref(&ann));
    let auth = Some((ann.username.as_str(), ann.password.as_str()));
    let statement = r#"[{"id": "4a7f5d3c-9d8e-5b1a-8c2f-0e1d2c3b4a59",
        "actor": {"objectType": "Agent", "account": {"homePage": "https://lrs.kartka.test", "name": "ann"}},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}},
        "object": {"objectType": "Activity", "id": "https://kartka.test/decks/d/cards/c"},
        "timestamp": "2026-11-22T09:00:00+03:00"}]"#;
    let first = ralph
        .request("POST", "/xAPI/statements", auth, Some(statement))
        .unwrap();
    assert_eq!(first.status, 200, "{}\n{}", first.body, ralph.log());
    assert!(first.body.contains("4a7f5d3c-9d8e-5b1a-8c2f-0e1d2c3b4a59"));
    // The same statement again is accepted and stored once: what makes a resend after a lost answer safe.
    let again = ralph
        .request("POST", "/xAPI/statements", auth, Some(statement))
        .unwrap();
    assert_eq!(again.status, 204, "{}", again.body);
    assert_eq!(ralph.statements(&ann).len(), 1);

    let invalid = ralph
        .request("POST", "/xAPI/statements", auth, Some(r#"[{"actor": {}}]"#))
        .unwrap();
    assert_eq!(invalid.status, 422, "{}", invalid.body);

    let wrong = ralph
        .request(
            "GET",
            "/xAPI/statements",
            Some(("ann", "not the password")),
            None,
        )
        .unwrap();
    assert_eq!(wrong.status, 401, "{}", wrong.body);
}
