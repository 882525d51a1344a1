//! Under injected faults (10 % of requests refused with 503, 200 ± 100 ms added to
//! each), a batch of 500 code changes made by a client following the contract's
//! retry rule (`latchkey_core::retry`, the app's rule too) converges: every change
//! is there once, nothing is lost and nothing is duplicated.

mod support;

use std::{cell::Cell, rc::Rc, time::Duration};

use axum::http::StatusCode;
use latchkey_core::retry::{Failure, RequestKind, RetryPolicy};
use mock_server::faults::FaultSettings;
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
