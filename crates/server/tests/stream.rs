//! The event stream over a real socket: live delivery, resume after a dropped
//! connection with no gaps and no duplicates, a reset for pruned ids,
//! per-account filtering, and the stream ending with its session.

mod support;

use std::time::Duration;

use contract_kit::stream::Frames;
use latchkey_server::{
    Config, app,
    faults::FaultSettings,
    housekeeping::prune_events,
    open,
    security::{CLIENT_HEADER, CLIENT_HEADER_VALUE},
};
use serde_json::json;

/// A server on a real port, and a signed-in HTTP client's cookie.
struct Live {
    base: String,
    cookie: String,
    state: std::sync::Arc<latchkey_server::AppState>,
    _dist: tempfile::TempDir,
}

async fn start(retention: i64, user: (&str, &str)) -> Live {
    start_with(user, |config| config.sim.event_retention = retention).await
}

/// A server with the test configuration as `adjust` changes it.
async fn start_with(user: (&str, &str), adjust: impl FnOnce(&mut Config)) -> Live {
    let dist = tempfile::tempdir().unwrap();
    let mut config = Config::for_tests(dist.path().to_path_buf());
    adjust(&mut config);
    let state = open(&config).unwrap();
    let router = app(&config, state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let cookie = sign_in(&base, user).await;
    Live {
        base,
        cookie,
        state,
        _dist: dist,
    }
}

/// Signs in (a new session) and gives its cookie.
async fn sign_in(base: &str, user: (&str, &str)) -> String {
    let login = reqwest::Client::new()
        .post(format!("{base}/api/v1/session"))
        .header(CLIENT_HEADER, CLIENT_HEADER_VALUE)
        .json(&json!({"username": user.0, "password": user.1}))
        .send()
        .await
        .unwrap();
    login.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

impl Live {
    async fn post(&self, path: &str) {
        let response = reqwest::Client::new()
            .post(format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
            .header(CLIENT_HEADER, CLIENT_HEADER_VALUE)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
    }

    /// Opens the stream, resuming after `last` when given.
    async fn open(&self, last: Option<u64>) -> Frames {
        let mut request = reqwest::Client::new()
            .get(format!("{}/api/v1/events/stream", self.base))
            .header("cookie", &self.cookie);
        if let Some(last) = last {
            request = request.header("last-event-id", last.to_string());
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        Frames::new(response)
    }
}

#[tokio::test]
async fn live_events_arrive_and_a_resume_replays_exactly_the_missed_ones() {
    let live = start(200_000, ("alex", "maple-street")).await;
    let mut stream = live.open(None).await;
    live.post("/api/v1/people/person-maple-leo/pause").await;
    live.post("/api/v1/people/person-maple-leo/resume").await;
    let first = take(&mut stream, 2).await;
    assert_eq!(first[0].data["kind"]["type"], "person_paused");
    assert_eq!(first[1].data["kind"]["type"], "person_resumed");
    let last_seen = first[1].id.unwrap();
    drop(stream); // the connection drops

    for _ in 0..3 {
        live.post("/api/v1/people/person-maple-mia/pause").await;
        live.post("/api/v1/people/person-maple-mia/resume").await;
    }
    let mut resumed = live.open(Some(last_seen)).await;
    live.post("/api/v1/people/person-maple-jordan/pause").await;
    let frames = take(&mut resumed, 7).await;
    let ids: Vec<u64> = frames.iter().map(|f| f.id.unwrap()).collect();
    let expected: Vec<u64> = (last_seen + 1..=last_seen + 7).collect();
    assert_eq!(ids, expected, "no gaps, no duplicates, in order");
    assert_eq!(frames[6].data["person_id"], "person-maple-jordan");
    assert!(
        resumed.next(Duration::from_millis(300)).await.is_none(),
        "nothing more, nothing twice"
    );
}

#[tokio::test]
async fn streams_the_server_drops_resume_with_no_gaps_and_no_duplicates() {
    const EVENTS: u64 = 40;
    let live = start(200_000, ("alex", "maple-street")).await;
    live.state.faults.set(FaultSettings {
        stream_drop_ms: 250,
        ..FaultSettings::default()
    });
    let newest = reqwest::Client::new()
        .get(format!("{}/api/v1/events?limit=1", live.base))
        .header("cookie", &live.cookie)
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap()["items"][0]["id"]
        .as_u64()
        .unwrap();
    let writer = async {
        for n in 0..EVENTS {
            let action = if n % 2 == 0 { "pause" } else { "resume" };
            live.post(&format!("/api/v1/people/person-maple-leo/{action}"))
                .await;
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    // A client that reconnects whenever the stream ends, resuming after the last id.
    let reader = async {
        let (mut received, mut connections) = (Vec::new(), 0);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        while (received.len() as u64) < EVENTS && tokio::time::Instant::now() < deadline {
            let mut stream = live
                .open(Some(received.last().copied().unwrap_or(newest)))
                .await;
            connections += 1;
            while let Some(frame) = stream.next(Duration::from_secs(2)).await {
                received.push(frame.id.unwrap());
            }
        }
        (received, connections)
    };
    let ((), (received, connections)) = tokio::join!(writer, reader);
    let expected: Vec<u64> = (newest + 1..=newest + EVENTS).collect();
    assert_eq!(received, expected, "no gaps, no duplicates, in order");
    assert!(
        connections >= 3,
        "the stream was dropped and resumed: {connections} connections"
    );
    println!("{EVENTS} events over {connections} connections");
}

#[tokio::test]
async fn an_id_older_than_the_retention_gets_a_reset() {
    let live = start(3, ("alex", "maple-street")).await;
    for _ in 0..4 {
        live.post("/api/v1/people/person-maple-leo/pause").await;
        live.post("/api/v1/people/person-maple-leo/resume").await;
    }
    prune_events(&live.state).unwrap();
    let mut stream = live.open(Some(1)).await;
    let frame = stream.next(Duration::from_secs(5)).await.unwrap();
    assert_eq!(frame.event.as_deref(), Some("reset"));
}

#[tokio::test]
async fn each_account_only_hears_its_own_sites() {
    let live = start(200_000, ("alex", "maple-street")).await;
    let manager = sign_in(&live.base, ("morgan", "harbor-view")).await;
    let mut alex = live.open(None).await;
    let as_manager = Live {
        base: live.base.clone(),
        cookie: manager,
        state: live.state.clone(),
        _dist: tempfile::tempdir().unwrap(),
    };
    as_manager
        .post("/api/v1/people/person-harbor-maintenance/pause")
        .await;
    as_manager
        .post("/api/v1/people/person-maple-leo/pause")
        .await;
    let frame = alex.next(Duration::from_secs(5)).await.unwrap();
    assert_eq!(
        frame.data["site_id"], "site-maple",
        "the Harbor View event never reached the homeowner"
    );
}

#[tokio::test]
async fn signing_out_ends_the_open_stream_within_a_second() {
    let live = start(200_000, ("alex", "maple-street")).await;
    let mut stream = live.open(None).await;
    // The same person signed in elsewhere: that session's stream is not touched.
    let elsewhere = Live {
        base: live.base.clone(),
        cookie: sign_in(&live.base, ("alex", "maple-street")).await,
        state: live.state.clone(),
        _dist: tempfile::tempdir().unwrap(),
    };
    let mut other_stream = elsewhere.open(None).await;
    let signed_out = reqwest::Client::new()
        .delete(format!("{}/api/v1/session", live.base))
        .header("cookie", &live.cookie)
        .header(CLIENT_HEADER, CLIENT_HEADER_VALUE)
        .send()
        .await
        .unwrap();
    assert_eq!(signed_out.status(), 204);
    assert!(
        stream.ends_within(Duration::from_millis(1500)).await,
        "the stream of the signed-out session is still open"
    );
    elsewhere
        .post("/api/v1/people/person-maple-leo/pause")
        .await;
    let frame = other_stream.next(Duration::from_secs(5)).await;
    assert!(frame.is_some(), "the other session's stream still delivers");
}

#[tokio::test]
async fn the_stream_ends_when_its_session_expires() {
    let idle = Duration::from_secs(1);
    let live = start_with(("alex", "maple-street"), |config| {
        config.sessions.idle = idle;
    })
    .await;
    let mut stream = live.open(None).await;
    // Nothing else uses the session, so it ends `idle` after the stream opened.
    assert!(
        stream.ends_within(idle + Duration::from_secs(1)).await,
        "the stream outlived its session"
    );
    let after = reqwest::Client::new()
        .get(format!("{}/api/v1/session", live.base))
        .header("cookie", &live.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 401, "the session is over");
}

#[tokio::test]
async fn the_stream_needs_a_session() {
    let live = start(200_000, ("alex", "maple-street")).await;
    let response = reqwest::get(format!("{}/api/v1/events/stream", live.base))
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

/// Takes the next `n` frames, failing if they do not come within 5 s each.
async fn take(frames: &mut Frames, n: usize) -> Vec<contract_kit::stream::Frame> {
    let mut taken = Vec::new();
    while taken.len() < n {
        taken.push(
            frames
                .next(Duration::from_secs(5))
                .await
                .expect("an event arrives"),
        );
    }
    taken
}
