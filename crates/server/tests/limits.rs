//! Requests refused up front, over a real socket (issue 20, item 16): a path
//! segment of 256 bytes or more (400, not 500), a body announced above the
//! limit (413 before it is read), a slow body (408 within seconds) and very
//! large headers (431), each in the contract's error shape.

use std::time::{Duration, Instant};

use latchkey_server::{Config, app, open};
use serde_json::Value;
use tokio::{
    io::{AsyncRead, AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

/// A server on a real port, with the test configuration as `adjust` changes it.
async fn start(adjust: impl FnOnce(&mut Config)) -> (String, tempfile::TempDir) {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>t</title>",
    )
    .unwrap();
    let mut config = Config::for_tests(dist.path().to_path_buf());
    adjust(&mut config);
    let state = open(&config).unwrap();
    let router = app(&config, state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap().to_string();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (address, dist)
}

/// An answer read off the socket: status, headers (lower-cased names), JSON body.
#[derive(Debug)]
struct Raw {
    status: u16,
    headers: Vec<(String, String)>,
    body: Value,
}

impl Raw {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The contract's error shape with the code for the status.
    fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(self.status, status, "{self:?}");
        assert_eq!(self.body["code"], code, "{self:?}");
        assert!(
            self.body["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{self:?}"
        );
        assert!(
            self.header("content-type")
                .is_some_and(|t| t.starts_with("application/json")),
            "{self:?}"
        );
    }
}

/// Sends `head` (the request line and headers, without the blank line) and
/// `body`, then reads the answer, waiting at most `wait` for it.
async fn exchange(address: &str, head: &str, body: &[u8], wait: Duration) -> Raw {
    let mut socket = TcpStream::connect(address).await.unwrap();
    socket
        .write_all(format!("{head}\r\nHost: {address}\r\n\r\n").as_bytes())
        .await
        .unwrap();
    socket.write_all(body).await.unwrap();
    tokio::time::timeout(wait, read_answer(&mut socket))
        .await
        .unwrap_or_else(|_| panic!("no answer within {wait:?} to {head}"))
}

async fn read_answer(socket: &mut (impl AsyncRead + Unpin)) -> Raw {
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(raw) = parse(&bytes) {
            return raw;
        }
        let read = socket.read(&mut chunk).await.unwrap_or(0);
        if read == 0 {
            return parse(&bytes).unwrap_or_else(|| panic!("the connection closed: {bytes:?}"));
        }
        bytes.extend_from_slice(&chunk[..read]);
    }
}

/// A whole answer, once its headers and `Content-Length` bytes of body are in.
fn parse(bytes: &[u8]) -> Option<Raw> {
    let text = String::from_utf8_lossy(bytes);
    let (head, body) = text.split_once("\r\n\r\n")?;
    let mut lines = head.lines();
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    if body.len() < length {
        return None;
    }
    Some(Raw {
        status,
        headers,
        body: serde_json::from_str(&body[..length]).unwrap_or(Value::Null),
    })
}

#[tokio::test]
async fn a_path_segment_of_256_bytes_gets_400_in_the_error_shape_not_500() {
    let (address, _dist) = start(|_| {}).await;
    let long = "a".repeat(256);
    for path in [
        format!("/{long}"),
        format!("/doors/{long}"),
        format!("/api/v1/people/{long}"),
    ] {
        let answer = exchange(
            &address,
            &format!("GET {path} HTTP/1.1"),
            b"",
            Duration::from_secs(5),
        )
        .await;
        answer.assert_error(400, "bad_request");
    }
    // 255 bytes is still an address like any other (the app's deep links).
    let fine = exchange(
        &address,
        &format!("GET /doors/{} HTTP/1.1", "a".repeat(255)),
        b"",
        Duration::from_secs(5),
    )
    .await;
    assert_eq!(fine.status, 200);
}

#[tokio::test]
async fn a_body_announced_above_the_limit_gets_413_at_once() {
    let (address, _dist) = start(|_| {}).await;
    let started = Instant::now();
    // 100 MB announced, nothing sent: refused without waiting for it.
    let answer = exchange(
        &address,
        "POST /api/v1/session HTTP/1.1\r\nContent-Type: application/json\r\nX-Requested-With: latchkey\r\nContent-Length: 104857600",
        b"",
        Duration::from_secs(2),
    )
    .await;
    answer.assert_error(413, "payload_too_large");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn a_body_that_stops_arriving_gets_408_within_seconds() {
    let body_timeout = Duration::from_secs(1);
    let (address, _dist) = start(|config| config.body_timeout = body_timeout).await;
    let started = Instant::now();
    // 100 bytes announced, 10 sent, then nothing.
    let answer = exchange(
        &address,
        "POST /api/v1/session HTTP/1.1\r\nContent-Type: application/json\r\nX-Requested-With: latchkey\r\nContent-Length: 100",
        br#"{"usernam"#,
        body_timeout + Duration::from_secs(3),
    )
    .await;
    answer.assert_error(408, "request_timeout");
    assert!(started.elapsed() >= body_timeout, "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_body_that_trickles_in_gets_408_when_the_request_takes_too_long() {
    let request_timeout = Duration::from_secs(2);
    let (address, _dist) = start(|config| {
        config.body_timeout = Duration::from_secs(1);
        config.request_timeout = request_timeout;
    })
    .await;
    let socket = TcpStream::connect(&address).await.unwrap();
    let (mut reader, mut writer) = socket.into_split();
    writer
        .write_all(
            format!("POST /api/v1/session HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nX-Requested-With: latchkey\r\nContent-Length: 1000\r\n\r\n")
                .as_bytes(),
        )
        .await
        .unwrap();
    // A byte every 300 ms: never far enough apart for the body timeout to end it.
    let trickle = tokio::spawn(async move {
        let mut pace = tokio::time::interval(Duration::from_millis(300));
        for _ in 0..1000 {
            pace.tick().await;
            if writer.write_all(b" ").await.is_err() {
                return;
            }
        }
    });
    let answer = tokio::time::timeout(
        request_timeout + Duration::from_secs(3),
        read_answer(&mut reader),
    )
    .await
    .expect("an answer while the body trickles in");
    trickle.abort();
    answer.assert_error(408, "request_timeout");
}

#[tokio::test]
async fn very_large_headers_get_431_in_the_error_shape() {
    let (address, _dist) = start(|_| {}).await;
    let big = "x".repeat(32 * 1024);
    let answer = exchange(
        &address,
        &format!("GET /api/v1/health HTTP/1.1\r\nX-Padding: {big}"),
        b"",
        Duration::from_secs(5),
    )
    .await;
    answer.assert_error(431, "headers_too_large");
    // Ordinary headers pass.
    let fine = exchange(
        &address,
        "GET /api/v1/health HTTP/1.1",
        b"",
        Duration::from_secs(5),
    )
    .await;
    assert_eq!(fine.status, 200);
}
