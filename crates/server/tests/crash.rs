//! `kill -9` of the real server binary in the middle of a burst of writes: every
//! write it acknowledged is there after the restart, and event-stream clients
//! (one listening through the crash, others that dropped off before it) resume
//! after more writes with no gap and no duplicate.

use std::{
    collections::HashMap,
    path::Path,
    process::{Child, Command, Stdio},
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use contract_kit::{client::Client, stream::Frames};
use serde_json::{Value, json};

/// Clients writing at the same time.
const WRITERS: usize = 8;
/// Stream clients listening through the crash.
const LISTENERS: usize = 3;
/// Acknowledged writes before the kill (the burst is still going when it comes).
const KILL_AFTER: usize = 150;
/// Acknowledged writes after the restart, before the listeners come back.
const WRITES_AFTER_RESTART: usize = 60;

/// Starts the server binary on `port` with its data in `dir`. Radios are made so
/// slow that the simulator adds no events of its own: the stream carries only
/// what the writers cause, so it can be compared with the store exactly.
fn spawn_server(dir: &Path, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_latchkey-server"))
        .args(["--port", &port.to_string()])
        .arg("--dist")
        .arg(dir)
        .arg("--data")
        .arg(dir.join("data.sqlite"))
        .args(["--radio-delay-scale", "10000", "--auto-lock-secs", "0"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the latchkey-server binary starts")
}

async fn wait_until_up(base: &str) {
    for _ in 0..300 {
        if let Ok(r) = reqwest::get(format!("{base}/api/v1/health")).await
            && r.status().is_success()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server at {base} did not start");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// What one writer was told was saved, and what it sent without hearing back.
#[derive(Default)]
struct Acknowledged {
    /// Person id → the name the server last acknowledged, and a newer name sent
    /// without an answer (it may or may not have been saved).
    people: HashMap<String, (String, Option<String>)>,
    codes: Vec<String>,
}

/// Creates a person, a code for them and renames them, again and again, until the
/// server stops answering or `count` reaches `stop_at`.
async fn write(
    client: Client,
    writer: String,
    count: Arc<AtomicUsize>,
    stop_at: usize,
) -> Acknowledged {
    let mut acked = Acknowledged::default();
    for n in 0.. {
        if count.load(Ordering::SeqCst) >= stop_at {
            return acked;
        }
        let name = format!("Crash {writer}-{n}");
        let key = contract_kit::client::unique("crash-person");
        let Ok(created) = client
            .send(
                "POST",
                "/api/v1/sites/site-maple/people",
                Some(json!({"name": name, "kind": "guest"})),
                &[("idempotency-key", &key)],
            )
            .await
        else {
            return acked;
        };
        assert_eq!(created.status, 201, "{}", created.body);
        let person = created.body["id"].as_str().unwrap().to_owned();
        acked.people.insert(person.clone(), (name.clone(), None));
        count.fetch_add(1, Ordering::SeqCst);

        let key = contract_kit::client::unique("crash-code");
        let code = json!({"person_id": person, "name": format!("{name} code"),
            "pin": {"choice": "generate", "length": 6}, "doors": ["lock-maple-front"],
            "schedule": {"starts_at": null, "ends_at": null}, "preset": "permanent"});
        let Ok(made) = client
            .send(
                "POST",
                "/api/v1/codes",
                Some(code),
                &[("idempotency-key", &key)],
            )
            .await
        else {
            return acked;
        };
        assert_eq!(made.status, 201, "{}", made.body);
        acked
            .codes
            .push(made.body["id"].as_str().unwrap().to_owned());
        count.fetch_add(1, Ordering::SeqCst);

        let renamed = format!("{name} v2");
        let Ok(current) = client.get(&format!("/api/v1/people/{person}")).await else {
            return acked;
        };
        let etag = current.etag.expect("a person has an ETag");
        acked
            .people
            .insert(person.clone(), (name.clone(), Some(renamed.clone())));
        let Ok(changed) = client
            .send(
                "PATCH",
                &format!("/api/v1/people/{person}"),
                Some(json!({"name": renamed})),
                &[("if-match", &etag)],
            )
            .await
        else {
            return acked;
        };
        assert_eq!(changed.status, 200, "{}", changed.body);
        acked.people.insert(person, (renamed, None));
        count.fetch_add(1, Ordering::SeqCst);
    }
    unreachable!()
}

/// Reads event ids until the stream ends, is quiet for `quiet`, or `into` holds `most`.
async fn read_ids(
    client: &Client,
    after: u64,
    quiet: Duration,
    into: &Mutex<Vec<u64>>,
    most: usize,
) {
    let Ok(response) = client
        .raw(reqwest::Method::GET, "/api/v1/events/stream")
        .header("last-event-id", after.to_string())
        .send()
        .await
    else {
        return;
    };
    let mut frames = Frames::new(response);
    while into.lock().unwrap().len() < most
        && let Some(frame) = frames.next(quiet).await
    {
        into.lock()
            .unwrap()
            .push(frame.id.expect("every event has an id"));
    }
}

/// Every event id the account can see after `after`, oldest first.
async fn stored_ids_after(client: &Client, after: u64) -> Vec<u64> {
    let mut ids = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/events?limit=200&cursor={c}"),
            None => "/api/v1/events?limit=200".to_owned(),
        };
        let page = client.get(&path).await.unwrap().body;
        for item in page["items"].as_array().unwrap() {
            let id = item["id"].as_u64().unwrap();
            if id <= after {
                ids.reverse();
                return ids;
            }
            ids.push(id);
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => {
                ids.reverse();
                return ids;
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_kill_9_mid_burst_loses_no_acknowledged_write_and_streams_resume_exactly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "<!doctype html>").unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = spawn_server(dir.path(), port);
    wait_until_up(&base).await;
    let mut client = Client::new(&base);
    client.login("alex", "maple-street").await.unwrap();
    let newest = client.get("/api/v1/events?limit=1").await.unwrap().body["items"][0]["id"]
        .as_u64()
        .unwrap();

    // Listeners connect before the burst: one hears it until the crash, the others
    // drop off early (after 10 and 30 events) and miss the rest.
    let heard: Vec<Arc<Mutex<Vec<u64>>>> = (0..LISTENERS).map(|_| Arc::default()).collect();
    let drop_off = [usize::MAX, 10, 30];
    let listeners: Vec<_> = heard
        .iter()
        .zip(drop_off)
        .map(|(ids, most)| {
            let (client, ids) = (client.clone(), ids.clone());
            tokio::spawn(async move {
                read_ids(&client, newest, Duration::from_secs(30), &ids, most).await
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(200)).await;

    let count = Arc::new(AtomicUsize::new(0));
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            tokio::spawn(write(
                client.clone(),
                format!("{w}"),
                count.clone(),
                usize::MAX,
            ))
        })
        .collect();
    while count.load(Ordering::SeqCst) < KILL_AFTER {
        // (A writer that failed an assertion ends early: do not wait for it forever.)
        assert!(
            !writers.iter().all(|w| w.is_finished()),
            "every writer stopped before the kill"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill().expect("SIGKILL"); // Child::kill is SIGKILL on Unix: no clean shutdown
    server.wait().unwrap();
    let mut acked = Acknowledged::default();
    for writer in writers {
        let done = writer.await.unwrap();
        acked.people.extend(done.people);
        acked.codes.extend(done.codes);
    }
    for listener in listeners {
        listener.await.unwrap();
    }
    let heard_before: Vec<usize> = heard.iter().map(|ids| ids.lock().unwrap().len()).collect();

    let killed_after = count.load(Ordering::SeqCst);

    let mut server = spawn_server(dir.path(), port);
    wait_until_up(&base).await;
    // More writes while the listeners are away (the session survived the crash).
    let stop_at = killed_after + WRITES_AFTER_RESTART;
    let after: Vec<_> = (0..2)
        .map(|w| {
            tokio::spawn(write(
                client.clone(),
                format!("after-{w}"),
                count.clone(),
                stop_at,
            ))
        })
        .collect();
    for writer in after {
        let done = writer.await.unwrap();
        acked.people.extend(done.people);
        acked.codes.extend(done.codes);
    }
    // Every acknowledged write is there.
    for (person, (name, in_flight)) in &acked.people {
        let now = client
            .get(&format!("/api/v1/people/{person}"))
            .await
            .unwrap();
        assert_eq!(now.status, 200, "person {person} lost");
        let saved = now.body["name"].as_str().unwrap();
        assert!(
            saved == name || Some(saved) == in_flight.as_deref(),
            "person {person}: acknowledged {name:?}, found {saved:?}"
        );
    }
    for code in &acked.codes {
        let now = client.get(&format!("/api/v1/codes/{code}")).await.unwrap();
        assert_eq!(now.status, 200, "code {code} lost");
    }

    // The listeners reconnect, resuming after the last id each heard.
    for ids in &heard {
        let last = ids.lock().unwrap().last().copied().unwrap_or(newest);
        read_ids(&client, last, Duration::from_secs(1), ids, usize::MAX).await;
    }
    let stored = stored_ids_after(&client, newest).await;
    let code_events = client
        .get("/api/v1/events?kind=code_created&limit=500")
        .await
        .unwrap()
        .body;
    let created_codes: Vec<Value> = code_events["items"].as_array().unwrap().clone();
    for code in &acked.codes {
        assert!(
            created_codes.iter().any(|e| e["code_id"] == code.as_str()),
            "the event of acknowledged code {code} is in the store"
        );
    }
    for (n, ids) in heard.iter().enumerate() {
        let ids = ids.lock().unwrap();
        assert_eq!(*ids, stored, "listener {n}: no gap, no duplicate, in order");
    }
    println!(
        "killed after {killed_after} acknowledged writes, {} in all ({} people, {} codes); \
         {} events stored; listeners heard {heard_before:?} before the crash and all {} after resuming",
        count.load(Ordering::SeqCst),
        acked.people.len(),
        acked.codes.len(),
        stored.len(),
        stored.len(),
    );
    server.kill().unwrap();
    server.wait().unwrap();
}
