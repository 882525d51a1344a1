//! Hostile input, generated: malformed and oddly typed JSON, odd Unicode, markup,
//! huge strings, made-up ids and paths, sent to every kind of write and read. The
//! server must never panic, never answer 5xx, and never half-write: a refused write
//! leaves every table as it was.

mod support;

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use proptest::prelude::*;
use serde_json::{Map, Value, json};
use support::TestServer;

/// Strings people (and attackers) type: markup, quotes, control and combining
/// characters, right-to-left marks, emoji, very long runs, SQL and path tricks.
fn nasty_string() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,40}",
        Just("<script>alert(1)</script>".to_owned()),
        Just("<img src=x onerror=alert(1)>".to_owned()),
        Just("'; DROP TABLE people; --".to_owned()),
        Just("../../etc/passwd".to_owned()),
        Just("\u{202e}evil\u{0000}\u{feff}e\u{301}\u{1f600}".to_owned()),
        Just("9".repeat(70_000)),
        Just(String::new()),
        Just("   ".to_owned()),
    ]
}

/// Any JSON value, nested a few levels, with nasty strings and odd numbers.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        nasty_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((field_name(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Mostly the contract's own field names, so bodies get past the first check.
fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "name",
            "kind",
            "phone",
            "email",
            "person_id",
            "pin",
            "choice",
            "length",
            "doors",
            "schedule",
            "preset",
            "starts_at",
            "ends_at",
            "weekly",
            "exceptions",
            "use_limit",
            "site_id",
            "username",
            "password",
            "on",
            "code_lengths",
            "time_zone",
        ])
        .prop_map(str::to_owned),
        nasty_string(),
    ]
}

/// Any body: JSON of any shape, or raw bytes.
fn any_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        any_json().prop_map(|v| v.to_string().into_bytes()),
        prop::collection::vec(any::<u8>(), 0..200),
    ]
}

/// Made-up and real ids: this account's, another account's, and garbage.
fn any_id() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("person-maple-leo".to_owned()),
        Just("person-harbor-manager".to_owned()), // another account's
        Just("site-maple".to_owned()),
        Just("site-harbor".to_owned()), // another account's
        Just("code-maple-sam".to_owned()),
        Just("lock-maple-front".to_owned()),
        Just("lock-harbor-101".to_owned()), // another account's
        "[a-zA-Z0-9%._~-]{0,30}",
        Just("%2e%2e%2f%2e%2e".to_owned()),
        Just("%00".to_owned()),
    ]
}

/// A digit string or anything else where a PIN goes.
fn any_pin() -> impl Strategy<Value = Value> {
    prop_oneof!["[0-9]{0,12}".prop_map(Value::String), any_json(),]
}

fn json_body(value: Value) -> Vec<u8> {
    value.to_string().into_bytes()
}

/// A request: well-shaped bodies with hostile values for each kind of write (so
/// they reach the rules), and anything at all to any endpoint.
fn any_request() -> impl Strategy<Value = (&'static str, String, Vec<u8>)> {
    let kinds = prop::sample::select(vec![
        "family",
        "guest",
        "staff",
        "contractor",
        "delivery",
        "owner",
        "<b>",
    ]);
    prop_oneof![
        (any_id(), nasty_string(), kinds.clone(), nasty_string()).prop_map(|(site, name, kind, phone)| {
            ("POST", format!("/api/v1/sites/{site}/people"),
             json_body(json!({"name": name, "kind": kind, "phone": phone})))
        }),
        (any_id(), nasty_string(), kinds, nasty_string()).prop_map(|(person, name, kind, email)| {
            ("PATCH", format!("/api/v1/people/{person}"),
             json_body(json!({"name": name, "kind": kind, "email": email})))
        }),
        (any_id(), any_pin(), prop::collection::vec(any_id(), 0..4), nasty_string(), any_json())
            .prop_map(|(person, pin, doors, name, schedule)| {
                ("POST", "/api/v1/codes".to_owned(),
                 json_body(json!({"person_id": person, "name": name, "pin": {"choice": "custom", "pin": pin},
                                  "doors": doors, "schedule": schedule, "preset": "permanent"})))
            }),
        (any_id(), any_pin(), prop::collection::vec(any_id(), 0..4)).prop_map(|(site, pin, doors)| {
            ("POST", "/api/v1/codes/check".to_owned(),
             json_body(json!({"site_id": site, "pin": pin, "doors": doors})))
        }),
        (any_id(), any_pin()).prop_map(|(code, pin)| {
            ("PATCH", format!("/api/v1/codes/{code}"),
             json_body(json!({"pin": {"choice": "custom", "pin": pin}})))
        }),
        (any_id(), any_pin()).prop_map(|(lock, pin)| {
            ("POST", format!("/api/v1/sim/locks/{lock}/keypad"), json_body(json!({"pin": pin})))
        }),
        (nasty_string(), nasty_string()).prop_map(|(username, password)| {
            ("POST", "/api/v1/session".to_owned(),
             json_body(json!({"username": username, "password": password})))
        }),
        (any_target(), any_body()).prop_map(|((method, uri), body)| (method, uri, body)),
    ]
}

/// Every kind of endpoint, with any id.
fn any_target() -> impl Strategy<Value = (&'static str, String)> {
    (
        prop::sample::select(vec![
            ("POST", "/api/v1/sites/{}/people"),
            ("PATCH", "/api/v1/people/{}"),
            ("PATCH", "/api/v1/sites/{}"),
            ("POST", "/api/v1/codes"),
            ("POST", "/api/v1/codes/check"),
            ("PATCH", "/api/v1/codes/{}"),
            ("POST", "/api/v1/codes/{}/share"),
            ("POST", "/api/v1/codes/{}/reveal"),
            ("POST", "/api/v1/session"),
            ("POST", "/api/v1/locks/{}/lock"),
            ("POST", "/api/v1/sim/locks/{}/keypad"),
            ("DELETE", "/api/v1/people/{}"),
            ("GET", "/api/v1/people/{}"),
            ("GET", "/api/v1/events?kind={}"),
            ("GET", "/api/v1/people?q={}"),
            ("GET", "/api/v1/locks?cursor={}"),
        ]),
        any_id(),
    )
        .prop_map(|((method, path), id)| (method, path.replace("{}", &id)))
}

/// The row counts of every table a write could touch.
fn counts(server: &TestServer) -> Vec<i64> {
    [
        "people",
        "codes",
        "code_locks",
        "events",
        "sessions",
        "sites",
        "outbox",
    ]
    .iter()
    .map(|table| server.count(table))
    .collect()
}

#[test]
fn hostile_requests_never_crash_the_server_nor_half_write() {
    // The generators' nested types are deep in a debug build: more stack than a
    // test thread's default.
    let big_stack = std::thread::Builder::new().stack_size(256 << 20);
    let run = big_stack.spawn(send_hostile_requests).unwrap();
    if let Err(panic) = run.join() {
        std::panic::resume_unwind(panic);
    }
}

fn send_hostile_requests() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // One server takes every request in turn, so what earlier ones did stays there.
    let server = runtime.block_on(TestServer::as_homeowner());
    let config = ProptestConfig {
        cases: 2_000,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let content_types = vec![
        "application/json",
        "application/json",
        "application/json",
        "text/plain",
        "application/json; charset=latin1",
        "",
    ];
    let requests = (
        any_request(),
        prop::sample::select(content_types),
        any::<bool>(),
    );
    let statuses = std::cell::RefCell::new(std::collections::BTreeMap::<u16, usize>::new());
    let mut runner = proptest::test_runner::TestRunner::new(config);
    let outcome = runner.run(
        &requests,
        |((method, uri, body), content_type, with_if_match)| {
            runtime.block_on(async {
                let before = counts(&server);
                let mut request = Request::builder()
                    .method(method)
                    .uri(&uri)
                    .header(header::COOKIE, server.cookie.clone().unwrap())
                    .header(
                        latchkey_server::security::CLIENT_HEADER,
                        latchkey_server::security::CLIENT_HEADER_VALUE,
                    )
                    .header("idempotency-key", support::rand_suffix());
                if !content_type.is_empty() {
                    request = request.header(header::CONTENT_TYPE, content_type);
                }
                if with_if_match {
                    request = request.header(header::IF_MATCH, "\"1\"");
                }
                let answer = server.raw(request.body(Body::from(body)).unwrap()).await;
                *statuses
                    .borrow_mut()
                    .entry(answer.status.as_u16())
                    .or_default() += 1;
                prop_assert!(
                    !answer.status.is_server_error(),
                    "{method} {uri} answered {}: {}",
                    answer.status,
                    answer.body
                );
                if answer.status.is_client_error() {
                    // Refused: nothing written, and the error has the one shape.
                    prop_assert_eq!(counts(&server), before, "{} {} half-wrote", method, uri);
                    prop_assert!(
                        answer.body["code"].is_string()
                            || answer.status == StatusCode::METHOD_NOT_ALLOWED,
                        "{method} {uri}: {} {}",
                        answer.status,
                        answer.body
                    );
                }
                Ok(())
            })
        },
    );
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
    // The requests got past the parser, into the rules and the writes: not all
    // bounced off the first check.
    let statuses = statuses.into_inner();
    println!("answers by status: {statuses:?}");
    let seen = |status: u16| statuses.get(&status).copied().unwrap_or(0);
    for status in [200, 400, 404, 422] {
        assert!(seen(status) >= 20, "too few {status} answers: {statuses:?}");
    }
}
