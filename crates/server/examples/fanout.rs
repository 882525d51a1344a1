//! Benchmark: event fan-out to many stream clients. Opens N event streams on a
//! running mock server, makes events through the API, and reports how long each
//! event took to reach every client (p50, p99, max) and how many arrived.
//!
//! `cargo run --release -p latchkey-server --example fanout -- http://127.0.0.1:8090 200 50`

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::json;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let base = args
        .next()
        .unwrap_or_else(|| "http://127.0.0.1:8090".into());
    let clients: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200);
    let events: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(50);

    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(clients + 10)
        // Sent by the app; the server refuses state changes without it.
        .default_headers(
            [(
                reqwest::header::HeaderName::from_static(latchkey_server::security::CLIENT_HEADER),
                reqwest::header::HeaderValue::from_static(
                    latchkey_server::security::CLIENT_HEADER_VALUE,
                ),
            )]
            .into_iter()
            .collect(),
        )
        .build()
        .unwrap();
    let login = http
        .post(format!("{base}/api/v1/session"))
        .json(&json!({"username": "alex", "password": "maple-street"}))
        .send()
        .await
        .unwrap();
    let cookie = login.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();

    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(u64, Instant)>();
    for _ in 0..clients {
        let response = http
            .get(format!("{base}/api/v1/events/stream"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        let tx = tx.clone();
        tokio::spawn(async move {
            let mut body = response.bytes_stream();
            let mut buffer = String::new();
            while let Some(Ok(chunk)) = body.next().await {
                buffer.push_str(&String::from_utf8_lossy(&chunk));
                while let Some(end) = buffer.find("\n\n") {
                    let frame: String = buffer.drain(..end + 2).collect();
                    if let Some(id) = frame
                        .lines()
                        .find_map(|l| l.strip_prefix("id:"))
                        .and_then(|v| v.trim().parse().ok())
                    {
                        let _ = tx.send((id, Instant::now()));
                    }
                }
            }
        });
    }
    drop(tx);
    tokio::time::sleep(Duration::from_millis(500)).await;

    let mut sent_at = std::collections::HashMap::new();
    let started = Instant::now();
    for i in 0..events {
        let action = if i % 2 == 0 { "pause" } else { "resume" };
        let before = Instant::now();
        let answer = http
            .post(format!("{base}/api/v1/people/person-maple-leo/{action}"))
            .header("cookie", &cookie)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert!(answer.status().is_success());
        sent_at.insert(i, before);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut latencies = Vec::new();
    let mut first_id = None;
    let deadline = Instant::now() + Duration::from_secs(10);
    while latencies.len() < clients * events {
        let Ok(Some((id, at))) = tokio::time::timeout_at(deadline.into(), rx.recv()).await else {
            break;
        };
        let first = *first_id.get_or_insert(id);
        let index = (id - first) as usize;
        if let Some(sent) = sent_at.get(&index) {
            latencies.push(at.duration_since(*sent));
        }
    }
    latencies.sort();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    println!(
        "fan-out: {clients} clients × {events} events: delivered {}/{} in {:.1?}; latency p50 {:.1?}, p99 {:.1?}, max {:.1?}",
        latencies.len(),
        clients * events,
        started.elapsed(),
        pct(0.50),
        pct(0.99),
        latencies.last().copied().unwrap_or_default()
    );
}
