//! Under injected faults (10 % of requests refused with 503, 200 ± 100 ms added to
//! each), a batch of 500 code changes made by a client following the contract's
//! retry rule (`latchkey_core::retry`, the app's rule too) converges: every change
//! is there once, nothing is lost and nothing is duplicated. Slow lock operations
//! stay pending until the lock answers; failing ones are reported as the lock
//! would report them (dropped event streams are in `stream.rs`).

mod support;

use std::{cell::Cell, rc::Rc, time::Duration};

use axum::http::StatusCode;
use latchkey_core::retry::{Failure, RequestKind, RetryPolicy};
use latchkey_server::faults::FaultSettings;
use serde_json::{Value, json};
use support::{Answer, TestServer};

const WORKERS: usize = 50;
const CODES_PER_WORKER: usize = 5;

/// Sends a request again and again as the retry rule allows; counts the retries.
struct RetryingClient {
    server: TestServer,
    policy: RetryPolicy,
    retries: Cell<u32>,
    seed: Cell<u64>,
}

impl RetryingClient {
    /// A number in [0, 1) (a small xorshift: the jitter need not be secret).
    fn random_unit(&self) -> f64 {
        let mut x = self.seed.get();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.seed.set(x);
        (x >> 11) as f64 / (1u64 << 53) as f64
    }

    async fn send(
        &self,
        kind: RequestKind,
        method: &str,
        uri: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let mut attempt = 1;
        loop {
            let answer = self.server.send(method, uri, body.clone(), headers).await;
            if !answer.status.is_server_error() && answer.status != StatusCode::TOO_MANY_REQUESTS {
                return answer;
            }
            let failure = Failure::Status {
                status: answer.status.as_u16(),
                retry_after_secs: answer.retry_after.as_deref().and_then(|s| s.parse().ok()),
            };
            let Some(wait) = self
                .policy
                .next_wait_ms(kind, failure, attempt, self.random_unit())
            else {
                return answer;
            };
            self.retries.set(self.retries.get() + 1);
            // The injected 503 asks for Retry-After: 1 s; the test waits a tenth of
            // what it asks (the clock is not under test, the rule is).
            tokio::time::sleep(Duration::from_millis(wait / 10)).await;
            attempt += 1;
        }
    }
}

#[tokio::test]
async fn five_hundred_code_changes_converge_under_errors_and_latency() {
    let server = TestServer::as_homeowner().await;
    let codes_before = server.count("codes");
    let changes_before = server.count_events("code_changed");
    server.state.faults.set(FaultSettings {
        latency_ms: 100,
        jitter_ms: 200,
        error_rate: 0.10,
        ..FaultSettings::default()
    });
    let client = Rc::new(RetryingClient {
        server,
        // Patient enough that ten refusals in a row (1 in 10^10) are not expected.
        policy: RetryPolicy {
            max_attempts: 10,
            ..RetryPolicy::default()
        },
        retries: Cell::new(0),
        seed: Cell::new(0x9e37_79b9_7f4a_7c15),
    });
    let local = tokio::task::LocalSet::new();
    let workers: Vec<_> = (0..WORKERS)
        .map(|worker| {
            let client = client.clone();
            local.spawn_local(async move {
                let mut made = Vec::new();
                // Creates, each with its own key, retried with the same key.
                for n in 0..CODES_PER_WORKER {
                    let key = format!("batch-{worker}-{n}-{}", support::rand_suffix());
                    let body = json!({
                        "person_id": "person-maple-leo", "name": format!("Batch {worker}-{n}"),
                        "pin": {"choice": "generate", "length": 6}, "doors": ["lock-maple-front"],
                        "schedule": {"starts_at": null, "ends_at": null, "weekly": [], "exceptions": [], "use_limit": null},
                        "preset": "permanent"
                    });
                    let answer = client
                        .send(RequestKind::KeyedWrite, "POST", "/api/v1/codes", Some(body), &[("idempotency-key", &key)])
                        .await;
                    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
                    made.push(answer.body["id"].as_str().unwrap().to_owned());
                }
                // Updates, each under the ETag just read.
                for (n, code) in made.iter().enumerate() {
                    let uri = format!("/api/v1/codes/{code}");
                    let current = client.send(RequestKind::Read, "GET", &uri, None, &[]).await;
                    let etag = current.etag.expect("an ETag");
                    let change = json!({"name": format!("Batch {worker}-{n} v2")});
                    let answer = client
                        .send(RequestKind::KeyedWrite, "PATCH", &uri, Some(change), &[("if-match", &etag)])
                        .await;
                    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
                }
                made
            })
        })
        .collect();
    let made: Vec<String> = support::run_together(&local, workers)
        .await
        .into_iter()
        .flatten()
        .collect();

    client.server.state.faults.set(FaultSettings::default());
    let total = WORKERS * CODES_PER_WORKER;
    assert!(client.retries.get() > 0, "the faults were felt");
    // Nothing lost, nothing duplicated: every code once, every change once.
    assert_eq!(client.server.count("codes"), codes_before + total as i64);
    assert_eq!(
        client.server.count_events("code_changed"),
        changes_before + total as i64
    );
    for (i, code) in made.iter().enumerate() {
        let (worker, n) = (i / CODES_PER_WORKER, i % CODES_PER_WORKER);
        let now = client
            .server
            .get(&format!("/api/v1/codes/{code}"))
            .await
            .body;
        assert_eq!(now["name"], format!("Batch {worker}-{n} v2"));
    }
    println!(
        "{} creates and {total} updates under faults, {} retries",
        total,
        client.retries.get()
    );
}

/// Unlocks the back door by hand, then asks the server to lock it.
async fn send_lock_command(server: &TestServer) {
    server
        .post(
            "/api/v1/sim/locks/lock-maple-back/manual",
            json!({"action": "unlock"}),
        )
        .await;
    let answer = server
        .post("/api/v1/locks/lock-maple-back/lock", json!({}))
        .await;
    assert!(answer.status.is_success(), "{}", answer.body);
}

#[tokio::test]
async fn a_slow_lock_stays_pending_until_it_answers() {
    let server = TestServer::as_homeowner().await;
    server.state.faults.set(FaultSettings {
        lock_delay_ms: 600,
        ..FaultSettings::default()
    });
    send_lock_command(&server).await;
    server.settle().await;
    let door = server.get("/api/v1/locks/lock-maple-back").await.body;
    assert_eq!(door["pending_command"], "lock", "still on its way: {door}");
    assert_eq!(door["state"], "unlocked");
    tokio::time::sleep(Duration::from_millis(700)).await;
    server.settle().await;
    let door = server.get("/api/v1/locks/lock-maple-back").await.body;
    assert_eq!(door["state"], "locked", "{door}");
    assert!(door["pending_command"].is_null());
}

#[tokio::test]
async fn a_failing_lock_command_jams_the_bolt_and_says_so() {
    let server = TestServer::as_homeowner().await;
    server.state.faults.set(FaultSettings {
        lock_failure_rate: 1.0,
        ..FaultSettings::default()
    });
    send_lock_command(&server).await;
    server.settle().await;
    let door = server.get("/api/v1/locks/lock-maple-back").await.body;
    assert_eq!(door["state"], "jammed", "{door}");
    assert!(
        door["pending_command"].is_null(),
        "the command is no longer on its way"
    );
    let jammed = server
        .get("/api/v1/events?kind=jammed&lock_id=lock-maple-back")
        .await
        .body;
    assert_eq!(
        jammed["items"].as_array().unwrap().len(),
        1,
        "reported once: {jammed}"
    );
}

#[tokio::test]
async fn a_failing_code_write_is_reported_and_a_retry_sets_it() {
    let server = TestServer::as_homeowner().await;
    server.state.faults.set(FaultSettings {
        lock_failure_rate: 1.0,
        ..FaultSettings::default()
    });
    let code = json!({"person_id": "person-maple-leo", "name": "Flaky", "pin": {"choice": "generate", "length": 6},
        "doors": ["lock-maple-front"], "schedule": {"starts_at": null, "ends_at": null}, "preset": "permanent"});
    let code = server.create("/api/v1/codes", code).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    server.settle().await;
    let sync = server.get(&format!("/api/v1/codes/{code}")).await.body;
    let state_on_front = || async {
        let all = server.get("/api/v1/locks/lock-maple-front/sync").await.body;
        all.as_array()
            .unwrap()
            .iter()
            .find(|s| s["code_id"] == code.as_str())
            .unwrap()
            .clone()
    };
    let failed = state_on_front().await;
    assert_eq!(failed["status"], "failed", "{sync}");
    assert_eq!(failed["failure"], "rejected_by_lock");
    // The lock behaves again: retrying puts the code on it.
    server.state.faults.set(FaultSettings::default());
    let retry = server
        .post(
            &format!("/api/v1/codes/{code}/locks/lock-maple-front/retry"),
            json!({}),
        )
        .await;
    assert!(retry.status.is_success(), "{}", retry.body);
    server.settle().await;
    assert_eq!(state_on_front().await["status"], "set");
}

#[tokio::test]
async fn lock_fault_rates_outside_zero_to_one_are_refused() {
    let server = TestServer::as_manager().await; // faults are for who sees every site
    let answer = server
        .send(
            "PUT",
            "/api/v1/sim/faults",
            Some(json!({"lock_failure_rate": 1.5})),
            &[],
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.body["field"], "lock_failure_rate");
}
