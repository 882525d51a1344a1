//! The checks, each a small story against the contract. Each returns `Ok` or a
//! message saying what the backend did instead.

use std::time::Duration;

use latchkey_core::{
    account::Account,
    code::{AccessCode, CodeAccess},
    event::Event,
    health::Health,
    lock::{DoorProblem, Lock},
    paging::Page,
    person::Person,
    site::Site,
};
use serde_json::{Value, json};

use crate::{
    client::{Answer, Client, unique},
    expect::{CheckResult, expect_error, expect_status, parse},
    hardening, history, lock_side,
    stream::Frames,
};

/// The result of one check.
#[derive(Debug)]
pub struct Outcome {
    pub name: &'static str,
    pub result: Result<(), String>,
}

/// Everything a check needs: a signed-in client, a site that allows custom PINs, and its doors.
struct Setup {
    client: Client,
    site: Site,
    doors: Vec<Lock>,
}

async fn setup(base: &str, user: &str, password: &str) -> Result<Setup, String> {
    let mut client = Client::new(base);
    client.login(user, password).await?;
    let sites: Vec<Site> = parse(&client.get("/api/v1/sites").await?.body, "the site list")?;
    let site = sites
        .into_iter()
        .find(|s| s.policy.custom_pins && s.policy.pin_lengths.contains(&6))
        .ok_or("the account needs a site that allows custom 6-digit PINs")?;
    let page: Page<Lock> = parse(
        &client
            .get(&format!("/api/v1/locks?site_id={}&limit=2", site.id))
            .await?
            .body,
        "the lock page",
    )?;
    let doors: Vec<Lock> = page
        .items
        .into_iter()
        .filter(|l| l.capabilities.pin_length.contains(6))
        .collect();
    if doors.is_empty() {
        return Err("the site needs a door that accepts 6-digit PINs".into());
    }
    Ok(Setup {
        client,
        site,
        doors,
    })
}

async fn new_person(setup: &Setup, name: &str) -> Result<Person, String> {
    let key = unique("kit-person");
    let answer = setup
        .client
        .send(
            "POST",
            &format!("/api/v1/sites/{}/people", setup.site.id),
            Some(json!({"name": name, "kind": "guest"})),
            &[("idempotency-key", &key)],
        )
        .await?;
    expect_status(&answer, 201, "creating a person")?;
    parse(&answer.body, "the created person")
}

/// A PIN unlikely to be in use and not weak: random-looking digits from the clock.
fn fresh_pin() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let digits = format!("{:06}", (nanos / 7) % 1_000_000);
    if latchkey_core::pin::weakness(&digits).is_some() {
        "615243".into()
    } else {
        digits
    }
}

async fn check_health(base: &str) -> CheckResult {
    let answer = Client::new(base).get("/api/v1/health").await?;
    expect_status(&answer, 200, "GET /health")?;
    let health: Health = parse(&answer.body, "the health answer")?;
    if health.is_ok() {
        Ok(())
    } else {
        Err(format!("health says {}", health.status))
    }
}

async fn check_session(base: &str, user: &str, password: &str) -> CheckResult {
    let anonymous = Client::new(base);
    expect_error(
        &anonymous.get("/api/v1/sites").await?,
        401,
        "a request without a session",
    )?;
    let wrong = anonymous
        .post(
            "/api/v1/session",
            json!({"username": user, "password": "definitely-wrong"}),
        )
        .await?;
    expect_error(&wrong, 401, "a wrong password")?;
    let mut client = Client::new(base);
    let login = client.login(user, password).await?;
    let cookie = login.set_cookie.unwrap_or_default();
    if !cookie.contains("HttpOnly") {
        return Err(format!("the session cookie is not HttpOnly: {cookie}"));
    }
    let me: Account = parse(&client.get("/api/v1/session").await?.body, "who am I")?;
    if me.username != user {
        return Err(format!("who am I says {}", me.username));
    }
    Ok(())
}

async fn check_lists_and_paging(setup: &Setup) -> CheckResult {
    let mut seen = std::collections::HashSet::new();
    let mut cursor: Option<String> = None;
    let mut total = None;
    let mut reached_end = false;
    // Walk at most 50 pages of 2; a bigger backend is checked on its first 100 locks.
    for _ in 0..50 {
        let path = match &cursor {
            Some(c) => format!("/api/v1/locks?limit=2&cursor={c}"),
            None => "/api/v1/locks?limit=2".to_owned(),
        };
        let page: Page<Lock> = parse(&setup.client.get(&path).await?.body, "a lock page")?;
        if page.items.len() > 2 {
            return Err(format!("limit=2 returned {} items", page.items.len()));
        }
        total = total.or(page.total);
        for lock in &page.items {
            if !seen.insert(lock.id.clone()) {
                return Err(format!("{} appears on two pages", lock.id));
            }
        }
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => {
                reached_end = true;
                break;
            }
        }
    }
    if let Some(total) = total.filter(|&total| reached_end && seen.len() as u64 != total) {
        return Err(format!(
            "paging gave {} locks, total says {total}",
            seen.len()
        ));
    }
    let events: Page<Event> = parse(
        &setup.client.get("/api/v1/events?limit=20").await?.body,
        "the event page",
    )?;
    if events.items.windows(2).any(|w| w[0].id <= w[1].id) {
        return Err("events are not newest first".into());
    }
    Ok(())
}

/// `GET /locks?problem=…` lists only doors with one of those problems, and
/// `?sort=problems` puts the most pressing first, by latchkey-core's rule.
async fn check_door_problems(setup: &Setup) -> CheckResult {
    let now = chrono::Utc::now();
    for problem in [
        DoorProblem::Offline,
        DoorProblem::LowBattery,
        DoorProblem::Jammed,
    ] {
        let path = format!("/api/v1/locks?problem={}&limit=500", problem.name());
        let page: Page<Lock> = parse(&setup.client.get(&path).await?.body, "a filtered lock page")?;
        if let Some(lock) = page.items.iter().find(|l| !l.has_problem(problem, now)) {
            return Err(format!(
                "?problem={} listed {}, which has no such problem",
                problem.name(),
                lock.id
            ));
        }
    }
    let mut ranks = Vec::new();
    let mut cursor: Option<String> = None;
    // The first 100 doors in "problems first" order, 20 a page.
    for _ in 0..5 {
        let path = match &cursor {
            Some(c) => format!("/api/v1/locks?sort=problems&limit=20&cursor={c}"),
            None => "/api/v1/locks?sort=problems&limit=20".to_owned(),
        };
        let page: Page<Lock> = parse(
            &setup.client.get(&path).await?.body,
            "a lock page in problems order",
        )?;
        ranks.extend(
            page.items
                .iter()
                .map(|l| (l.problem_rank(now), l.id.clone())),
        );
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    if let Some(pair) = ranks.windows(2).find(|w| w[0].0 > w[1].0) {
        return Err(format!(
            "?sort=problems put {} before {}, which has a more pressing problem",
            pair[0].1, pair[1].1
        ));
    }
    let unknown = setup.client.get("/api/v1/locks?problem=asleep").await?;
    let body = expect_error(&unknown, 400, "an unknown door problem")?;
    if body.field.as_deref() != Some("problem") {
        return Err(format!(
            "an unknown door problem names the field {:?}, not \"problem\"",
            body.field
        ));
    }
    Ok(())
}

async fn check_errors(setup: &Setup) -> CheckResult {
    expect_error(
        &setup.client.get("/api/v1/people/no-such-person").await?,
        404,
        "an unknown person",
    )?;
    expect_error(
        &setup.client.get("/api/v1/locks/no-such-lock").await?,
        404,
        "an unknown lock",
    )?;
    let malformed = setup
        .client
        .raw(reqwest::Method::POST, "/api/v1/codes")
        .header("content-type", "application/json")
        .header("idempotency-key", unique("kit-bad"))
        .body("{not json")
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = malformed.status().as_u16();
    let body: Value = malformed.json().await.unwrap_or(Value::Null);
    let answer = Answer {
        status,
        etag: None,
        set_cookie: None,
        content_type: String::new(),
        body,
    };
    expect_error(&answer, 400, "malformed JSON")?;
    Ok(())
}

async fn check_idempotent_creates(setup: &Setup) -> CheckResult {
    let path = format!("/api/v1/sites/{}/people", setup.site.id);
    let key = unique("kit-idem");
    let body = json!({"name": unique("Kit guest"), "kind": "guest"});
    let first = setup
        .client
        .send(
            "POST",
            &path,
            Some(body.clone()),
            &[("idempotency-key", &key)],
        )
        .await?;
    expect_status(&first, 201, "a create")?;
    let again = setup
        .client
        .send("POST", &path, Some(body), &[("idempotency-key", &key)])
        .await?;
    expect_status(&again, 201, "the same create retried")?;
    if first.body != again.body {
        return Err(
            "a retried create with the same key gave a different answer (a duplicate?)".into(),
        );
    }
    let other = setup
        .client
        .send(
            "POST",
            &path,
            Some(json!({"name": "Someone else", "kind": "guest"})),
            &[("idempotency-key", &key)],
        )
        .await?;
    expect_error(&other, 422, "the same key with another body")?;
    let missing = setup
        .client
        .send(
            "POST",
            &path,
            Some(json!({"name": "No key", "kind": "guest"})),
            &[],
        )
        .await?;
    expect_error(&missing, 428, "a create without Idempotency-Key")?;
    Ok(())
}

async fn check_conditional_updates(setup: &Setup) -> CheckResult {
    let person = new_person(setup, &unique("Kit etag")).await?;
    let path = format!("/api/v1/people/{}", person.id);
    let read = setup.client.get(&path).await?;
    let etag = read.etag.ok_or("GET of a person has no ETag")?;
    let change = json!({"name": "Renamed by the kit"});
    expect_error(
        &setup
            .client
            .send("PATCH", &path, Some(change.clone()), &[])
            .await?,
        428,
        "an update without If-Match",
    )?;
    let updated = setup
        .client
        .send("PATCH", &path, Some(change.clone()), &[("if-match", &etag)])
        .await?;
    expect_status(&updated, 200, "an update with the current ETag")?;
    let renamed: Person = parse(&updated.body, "the updated person")?;
    if renamed.name != "Renamed by the kit" {
        return Err(format!("the name saved is {:?}", renamed.name));
    }
    if updated.etag.as_deref() == Some(etag.as_str()) {
        return Err("the ETag did not change with the update".into());
    }
    let stale = setup
        .client
        .send(
            "PATCH",
            &path,
            Some(json!({"name": "Lost update"})),
            &[("if-match", &etag)],
        )
        .await?;
    expect_error(&stale, 412, "an update with a stale ETag")?;
    setup.client.send("DELETE", &path, None, &[]).await?;
    Ok(())
}

async fn check_codes_and_pin_rules(setup: &Setup) -> CheckResult {
    let first = new_person(setup, &unique("Kit code A")).await?;
    let second = new_person(setup, &unique("Kit code B")).await?;
    let door = setup.doors[0].id.clone();
    let code = |person: &Person, pin: Value| json!({"person_id": person.id, "name": "Kit", "pin": pin, "doors": [door], "schedule": {"starts_at": null, "ends_at": null}, "preset": "permanent"});
    let create = |body: Value| {
        let client = setup.client.clone();
        async move {
            client
                .send(
                    "POST",
                    "/api/v1/codes",
                    Some(body),
                    &[("idempotency-key", &unique("kit-code"))],
                )
                .await
        }
    };
    let generated = create(code(&first, json!({"choice": "generate", "length": 6}))).await?;
    expect_status(&generated, 201, "a code with a generated PIN")?;
    let created: AccessCode = parse(&generated.body, "the created code")?;
    if generated.body.get("pin").is_some() {
        return Err("a created code carries its PIN".into());
    }
    if created.doors != [door.clone()] {
        return Err(format!("the code's doors are {:?}", created.doors));
    }
    let weak = create(code(&second, json!({"choice": "custom", "pin": "123456"}))).await?;
    let error = expect_error(&weak, 422, "a weak PIN")?;
    if error.field.as_deref() != Some("pin") {
        return Err(format!("a weak PIN's error names field {:?}", error.field));
    }
    let pin = fresh_pin();
    let mine = create(code(&first, json!({"choice": "custom", "pin": pin}))).await?;
    expect_status(&mine, 201, "a code with a chosen PIN")?;
    // The site grid has the code, with its person and a sync state on its door.
    let grid = setup
        .client
        .send(
            "GET",
            &format!(
                "/api/v1/sites/{}/access?q={}",
                setup.site.id,
                first.name.replace(' ', "%20")
            ),
            None,
            &[],
        )
        .await?;
    expect_status(&grid, 200, "the site's people × doors grid")?;
    let grid: Page<CodeAccess> = parse(&grid.body, "the site grid")?;
    let row = grid
        .items
        .iter()
        .find(|row| row.code.id == created.id)
        .ok_or("the site grid lacks a new code")?;
    if row.person.id != first.id || !row.sync.iter().any(|s| s.lock_id == door) {
        return Err(format!("the site grid's row is wrong: {row:?}"));
    }
    let duplicate = create(code(&second, json!({"choice": "custom", "pin": pin}))).await?;
    let error = expect_error(&duplicate, 409, "a PIN another person has")?;
    if !error.message.contains(&first.name) {
        return Err(format!(
            "the duplicate's message does not name the other person: {}",
            error.message
        ));
    }
    for person in [first, second] {
        setup
            .client
            .send(
                "DELETE",
                &format!("/api/v1/people/{}", person.id),
                None,
                &[],
            )
            .await?;
    }
    Ok(())
}

async fn check_event_stream_resume(setup: &Setup) -> CheckResult {
    let person = new_person(setup, &unique("Kit stream")).await?;
    let open = |last: Option<u64>| {
        let mut request = setup
            .client
            .raw(reqwest::Method::GET, "/api/v1/events/stream");
        if let Some(last) = last {
            request = request.header("last-event-id", last.to_string());
        }
        async move { request.send().await.map_err(|e| e.to_string()) }
    };
    let response = open(None).await?;
    if !response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .starts_with("text/event-stream")
    {
        return Err("the stream is not text/event-stream".into());
    }
    let mut frames = Frames::new(response);
    let pause = format!("/api/v1/people/{}/pause", person.id);
    let resume = format!("/api/v1/people/{}/resume", person.id);
    setup.client.post(&pause, json!({})).await?;
    let first = frames
        .next(Duration::from_secs(5))
        .await
        .ok_or("no live event within 5 s")?;
    let last = first.id.ok_or("a live event has no id")?;
    let _: Event = parse(&first.data, "a streamed event")?;
    drop(frames);
    setup.client.post(&resume, json!({})).await?;
    setup.client.post(&pause, json!({})).await?;
    let mut resumed = Frames::new(open(Some(last)).await?);
    let mut ids = Vec::new();
    while let Some(frame) = resumed.next(Duration::from_millis(1500)).await {
        let event: Event = parse(&frame.data, "a replayed event")?;
        if event.person_id.as_ref() == Some(&person.id) {
            ids.push(frame.id.ok_or("a replayed event has no id")?);
        }
        if ids.len() == 2 {
            break;
        }
    }
    if ids.len() != 2 || ids[0] <= last || ids[1] <= ids[0] {
        return Err(format!(
            "after resuming from {last}, the missed events came as {ids:?}"
        ));
    }
    if let Some(extra) = resumed.next(Duration::from_millis(500)).await
        && extra.id.is_some_and(|id| ids.contains(&id) || id <= last)
    {
        return Err(format!("event {:?} came twice", extra.id));
    }
    setup
        .client
        .send(
            "DELETE",
            &format!("/api/v1/people/{}", person.id),
            None,
            &[],
        )
        .await?;
    Ok(())
}

/// Runs every check against the backend at `base`, signed in as `user`.
pub async fn run_all(base: &str, user: &str, password: &str) -> Vec<Outcome> {
    let mut outcomes = vec![
        Outcome {
            name: "health",
            result: check_health(base).await,
        },
        Outcome {
            name: "session",
            result: check_session(base, user, password).await,
        },
    ];
    let setup = match setup(base, user, password).await {
        Ok(setup) => setup,
        Err(err) => {
            outcomes.push(Outcome {
                name: "setup",
                result: Err(err),
            });
            return outcomes;
        }
    };
    outcomes.push(Outcome {
        name: "lists and paging",
        result: check_lists_and_paging(&setup).await,
    });
    outcomes.push(Outcome {
        name: "door problems: filter and order",
        result: check_door_problems(&setup).await,
    });
    outcomes.push(Outcome {
        name: "error shape",
        result: check_errors(&setup).await,
    });
    outcomes.push(Outcome {
        name: "idempotent creates",
        result: check_idempotent_creates(&setup).await,
    });
    outcomes.push(Outcome {
        name: "conditional updates (ETag)",
        result: check_conditional_updates(&setup).await,
    });
    outcomes.push(Outcome {
        name: "codes and PIN rules",
        result: check_codes_and_pin_rules(&setup).await,
    });
    outcomes.push(Outcome {
        name: "event stream resume",
        result: check_event_stream_resume(&setup).await,
    });
    let door_id = setup.doors[0].id.to_string();
    let cx = hardening::Context {
        client: &setup.client,
        site_id: setup.site.id.as_str(),
        door_id: &door_id,
        user,
        password,
    };
    outcomes.push(Outcome {
        name: "errors repeat nothing sent",
        result: hardening::check_errors_repeat_nothing(&cx).await,
    });
    outcomes.push(Outcome {
        name: "event stream ends at sign-out",
        result: hardening::check_stream_ends_at_sign_out(base, &cx).await,
    });
    outcomes.push(Outcome {
        name: "oversized requests refused",
        result: hardening::check_oversized_requests(&cx).await,
    });
    outcomes.push(Outcome {
        name: "answers not stored",
        result: hardening::check_answers_are_not_stored(&cx).await,
    });
    outcomes.push(Outcome {
        name: "PINs, names and user names",
        result: hardening::check_pins_names_and_user_names(base, &cx).await,
    });
    outcomes.push(Outcome {
        name: "cross-site guard compares the whole origin",
        result: hardening::check_origin_scheme(base, &cx).await,
    });
    outcomes.push(Outcome {
        name: "history keeps names; days by the site's calendar",
        result: history::check_history_keeps_names(&cx).await,
    });
    outcomes.push(Outcome {
        name: "slots and on-lock agree",
        result: lock_side::check_slots_and_on_lock(&cx).await,
    });
    outcomes
}
