//! A mock server in memory for tests: requests without a socket, a signed-in
//! session, and a hand-cranked reconciler and simulator.
#![allow(dead_code)]

use std::sync::Arc;

use axum::{
    Router,
    body::Body,
    http::{Request, StatusCode, header},
};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use http_body_util::BodyExt;
use latchkey_server::{AppState, Config, app, clock::ClockSetting, open};
use serde_json::Value;
use tower::ServiceExt;

pub struct TestServer {
    pub state: Arc<AppState>,
    pub router: Router,
    pub cookie: Option<String>,
    _dist: tempfile::TempDir,
}

/// An answer: status, headers we care about, JSON body (or `Null`).
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub etag: Option<String>,
    pub set_cookie: Option<String>,
    pub retry_after: Option<String>,
    pub body: Value,
}

impl Answer {
    /// The error body's machine code.
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }
}

impl TestServer {
    /// A fresh in-memory server with the demo data, not signed in.
    pub fn new() -> TestServer {
        let (config, dist) = Self::test_config();
        Self::with_config(config, dist)
    }

    /// The configuration `new` uses, with its dist folder, to change before `with_config`.
    pub fn test_config() -> (Config, tempfile::TempDir) {
        let dist = tempfile::tempdir().unwrap();
        std::fs::write(
            dist.path().join("index.html"),
            "<!doctype html><title>Latchkey test index</title>",
        )
        .unwrap();
        let mut config = Config::for_tests(dist.path().to_path_buf());
        // Radios answer at once: each simulator tick moves a change one step.
        config.sim.radio_delay_scale = 0.0;
        (config, dist)
    }

    pub fn with_config(config: Config, dist: tempfile::TempDir) -> TestServer {
        let state = open(&config).unwrap();
        let router = app(&config, state.clone());
        TestServer {
            state,
            router,
            cookie: None,
            _dist: dist,
        }
    }

    /// Signs in as a demo account; later requests carry the session cookie.
    pub async fn login(mut self, username: &str, password: &str) -> TestServer {
        let answer = self
            .send(
                "POST",
                "/api/v1/session",
                Some(serde_json::json!({"username": username, "password": password})),
                &[],
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
        let cookie = answer.set_cookie.expect("a session cookie");
        self.cookie = Some(cookie.split(';').next().unwrap().to_owned());
        self
    }

    /// A second session on the same server, as another account.
    pub async fn login_as_another(&self, username: &str, password: &str) -> TestServer {
        let other = TestServer {
            state: self.state.clone(),
            router: self.router.clone(),
            cookie: None,
            _dist: tempfile::tempdir().unwrap(),
        };
        other.login(username, password).await
    }

    pub async fn as_homeowner() -> TestServer {
        TestServer::new().login("alex", "maple-street").await
    }

    pub async fn as_manager() -> TestServer {
        TestServer::new().login("morgan", "harbor-view").await
    }

    /// Sends a request with optional JSON body and extra headers.
    pub async fn send(
        &self,
        method: &str,
        uri: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let mut request = Request::builder().method(method).uri(uri);
        // What the app sends with every request; without it a state change is refused.
        request = request.header(
            latchkey_server::security::CLIENT_HEADER,
            latchkey_server::security::CLIENT_HEADER_VALUE,
        );
        if let Some(cookie) = &self.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = match body {
            Some(json) => request
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(json.to_string())),
            None => request.body(Body::empty()),
        }
        .unwrap();
        self.raw(request).await
    }

    pub async fn raw(&self, request: Request<Body>) -> Answer {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let get = |name| {
            response
                .headers()
                .get(name)
                .map(|v: &header::HeaderValue| v.to_str().unwrap().to_owned())
        };
        let etag = get(header::ETAG);
        let set_cookie = get(header::SET_COOKIE);
        let retry_after = get(header::RETRY_AFTER);
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer {
            status,
            etag,
            set_cookie,
            retry_after,
            body,
        }
    }

    pub async fn get(&self, uri: &str) -> Answer {
        self.send("GET", uri, None, &[]).await
    }

    pub async fn post(&self, uri: &str, body: Value) -> Answer {
        self.send("POST", uri, Some(body), &[]).await
    }

    /// A create with a fresh idempotency key.
    pub async fn create(&self, uri: &str, body: Value) -> Answer {
        let key = format!("test-{}", rand_suffix());
        self.send("POST", uri, Some(body), &[("idempotency-key", &key)])
            .await
    }

    /// A PATCH with the resource's current ETag.
    pub async fn patch(&self, uri: &str, body: Value) -> Answer {
        let etag = self.get(uri).await.etag.expect("the resource has an ETag");
        self.send("PATCH", uri, Some(body), &[("if-match", &etag)])
            .await
    }

    /// Lets the reconciler and the simulated locks finish all due work.
    pub async fn settle(&self) {
        self.state.settle().await.unwrap();
    }

    /// Stops the clock at a site-local wall-clock time in the given zone.
    pub fn set_local_time(&self, zone: &str, local: NaiveDateTime) {
        let zone: chrono_tz::Tz = zone.parse().unwrap();
        let at: DateTime<Utc> = zone
            .from_local_datetime(&local)
            .earliest()
            .unwrap()
            .with_timezone(&Utc);
        self.state.clock.set(ClockSetting::Fixed { at });
    }

    /// Number of rows in a table (to prove a refused request wrote nothing).
    pub fn count(&self, table: &str) -> i64 {
        self.state
            .db
            .read(|conn| {
                Ok(conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?)
            })
            .unwrap()
    }

    /// Number of recorded events of one kind (`code_changed`, …).
    pub fn count_events(&self, kind: &str) -> i64 {
        self.state
            .db
            .read(|conn| {
                Ok(
                    conn.query_row("SELECT COUNT(*) FROM events WHERE kind = ?1", [kind], |r| {
                        r.get(0)
                    })?,
                )
            })
            .unwrap()
    }
}

/// Runs tasks spawned on `local` (requests in flight together) and gives their
/// results in spawn order.
pub async fn run_together<T: 'static>(
    local: &tokio::task::LocalSet,
    handles: Vec<tokio::task::JoinHandle<T>>,
) -> Vec<T> {
    local
        .run_until(async {
            let mut results = Vec::new();
            for handle in handles {
                results.push(handle.await.unwrap());
            }
            results
        })
        .await
}

pub fn rand_suffix() -> String {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).unwrap();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}
