//! PINs never leak: a test seeds PINs through every path that handles one (create,
//! change, generate, a wrong guess and a right one at the keypad, a duplicate and a
//! weak PIN refused, share, reveal) and searches every answer and every log line
//! for them. Only the reveal answer may hold its PIN.

mod support;

use std::{
    io::Write,
    sync::{Arc, Mutex},
};

use axum::http::StatusCode;
use serde_json::{Value, json};
use support::{Answer, TestServer};
use tracing_subscriber::fmt::MakeWriter;

/// Everything the server logs during the test, at every level.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Logs {
    type Writer = Logs;
    fn make_writer(&'a self) -> Logs {
        self.clone()
    }
}

fn always() -> Value {
    json!({"starts_at": null, "ends_at": null, "weekly": [], "exceptions": [], "use_limit": null})
}

fn custom(pin: &str) -> Value {
    json!({"choice": "custom", "pin": pin})
}

/// Every answer seen, as text, but the reveals'.
#[derive(Default)]
struct Seen(Vec<String>);

impl Seen {
    fn keep(&mut self, what: &str, answer: Answer) -> Answer {
        self.0
            .push(format!("{what}: {} {}", answer.status, answer.body));
        answer
    }
}

#[tokio::test]
async fn seeded_pins_appear_in_no_answer_and_no_log_line() {
    let logs = Logs::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(logs.clone())
        .finish();
    let _logging = tracing::subscriber::set_default(subscriber);

    let server = TestServer::as_homeowner().await;
    let mut seen = Seen::default();
    let mut pins = vec!["730519", "591736", "402718"];

    // A person with a chosen PIN on two doors.
    let person = seen.keep(
        "new person",
        server
            .create(
                "/api/v1/sites/site-maple/people",
                json!({"name": "Leak tester", "kind": "guest"}),
            )
            .await,
    );
    let person = person.body["id"].as_str().unwrap().to_owned();
    let created = seen.keep(
        "create code",
        server
            .create(
                "/api/v1/codes",
                json!({"person_id": person, "name": "Visit", "pin": custom("730519"),
                       "doors": ["lock-maple-front", "lock-maple-back"], "schedule": always(), "preset": "permanent"}),
            )
            .await,
    );
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let code = created.body["id"].as_str().unwrap().to_owned();
    let code_uri = format!("/api/v1/codes/{code}");
    server.settle().await;
    // Changed to another chosen PIN, then to a generated one.
    let changed = seen.keep(
        "change to custom",
        server
            .patch(&code_uri, json!({"pin": custom("591736")}))
            .await,
    );
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    server.settle().await;
    // At the keypad: a wrong guess, then the right PIN.
    for pin in ["402718", "591736"] {
        seen.keep(
            "keypad",
            server
                .post(
                    "/api/v1/sim/locks/lock-maple-front/keypad",
                    json!({"pin": pin}),
                )
                .await,
        );
    }
    server.settle().await;
    let generated = seen.keep(
        "change to generated",
        server
            .patch(
                &code_uri,
                json!({"pin": {"choice": "generate", "length": 6}}),
            )
            .await,
    );
    assert_eq!(generated.status, StatusCode::OK, "{}", generated.body);
    server.settle().await;
    // Refusals: the dog walker's PIN again, and a weak PIN.
    for (what, pin) in [("duplicate", "4826"), ("weak", "111111")] {
        let refused = seen.keep(
            what,
            server.patch(&code_uri, json!({"pin": custom(pin)})).await,
        );
        assert!(refused.status.is_client_error(), "{what}: {}", refused.body);
    }
    pins.push("4826");
    seen.keep(
        "share",
        server
            .post(&format!("{code_uri}/share"), json!({"channel": "sms"}))
            .await,
    );

    // The reveal is the one answer that holds the PIN.
    let revealed = server.post(&format!("{code_uri}/reveal"), json!({})).await;
    assert_eq!(revealed.status, StatusCode::OK, "{}", revealed.body);
    let generated_pin = revealed.body["pin"].as_str().unwrap().to_owned();
    assert_eq!(generated_pin.len(), 6);

    // Everything one can read afterwards.
    for uri in [
        code_uri.clone(),
        format!("/api/v1/people/{person}"),
        format!("/api/v1/people/{person}/sync"),
        "/api/v1/people".to_owned(),
        "/api/v1/events?limit=500".to_owned(),
        "/api/v1/sites/site-maple/sync".to_owned(),
        "/api/v1/sites/site-maple/access".to_owned(),
        "/api/v1/outbox".to_owned(),
        "/api/v1/locks".to_owned(),
    ] {
        let answer = seen.keep(&uri, server.get(&uri).await);
        assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.body);
    }

    let logged = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        logged.contains("/api/v1/codes") && logged.lines().count() > 20,
        "the logs were captured:\n{logged}"
    );
    let generated_pin = generated_pin.as_str();
    for pin in pins.iter().copied().chain([generated_pin]) {
        for answer in &seen.0 {
            // The dog walker's own PIN is theirs to know nothing about either.
            assert!(
                !has_digit_run(answer, pin),
                "PIN {pin} in an answer: {answer}"
            );
        }
        assert!(
            !has_digit_run(&logged, pin),
            "PIN {pin} in the logs:\n{logged}"
        );
    }
}

/// Whether `text` holds `pin` as a token of its own: the digits inside a longer
/// number or word (a timestamp's fraction of a second, a hex id) are not a leak.
fn has_digit_run(text: &str, pin: &str) -> bool {
    text.match_indices(pin).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + pin.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}
