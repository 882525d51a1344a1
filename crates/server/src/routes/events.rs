//! Events: the filtered, paged history, and the live Server-Sent Events stream
//! that resumes from `Last-Event-ID` with no gaps and no duplicates.

use std::{convert::Infallible, sync::Arc, time::Duration};

use axum::{
    extract::State,
    http::HeaderMap,
    response::sse::{Event as SseEvent, KeepAlive, Sse},
};
use chrono::{DateTime, NaiveDate, Utc};
use futures_util::Stream;
use latchkey_core::{
    event::Event,
    ids::{CodeId, LockId, PersonId, SiteId},
    paging::{Page, PageQuery},
};
use rusqlite::types::Value;
use serde::Deserialize;
use tokio::sync::{broadcast::error::RecvError, mpsc};
use tokio_stream::wrappers::ReceiverStream;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    AppState,
    auth::{Auth, SessionKey, until_session_ends},
    db::{Db, from_json},
    error::{ApiError, ApiJson, ApiQuery, ApiResult},
    routes::sites_json,
    service::paging::{decode_cursor, encode_cursor},
};

/// Filters of `GET /events`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventFilter {
    pub site_id: Option<SiteId>,
    pub lock_id: Option<LockId>,
    pub person_id: Option<PersonId>,
    pub code_id: Option<CodeId>,
    /// Comma-separated kinds, e.g. `unlocked,access_denied`.
    pub kind: Option<String>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    /// First day (`YYYY-MM-DD`) on each event's own site's calendar.
    #[param(value_type = Option<String>, example = "2026-12-03")]
    pub from_date: Option<NaiveDate>,
    /// Last day (`YYYY-MM-DD`, included) on each event's own site's calendar.
    #[param(value_type = Option<String>, example = "2026-12-04")]
    pub to_date: Option<NaiveDate>,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// `GET /events`: newest first, a page at a time.
#[utoipa::path(operation_id = "events_list", get, path = "/events", tag = "events", params(EventFilter), responses((status = 200, body = latchkey_core::paging::Page<latchkey_core::event::Event>), (status = 400, description = "Malformed request", body = latchkey_core::error::ErrorBody), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody)))]
pub async fn list(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    ApiQuery(filter): ApiQuery<EventFilter>,
) -> ApiResult<ApiJson<Page<Event>>> {
    let paging = PageQuery {
        limit: filter.limit,
        cursor: filter.cursor.clone(),
    };
    let mut conditions = vec!["site_id IN (SELECT value FROM json_each(?))".to_owned()];
    let mut values = vec![Value::Text(sites_json(&auth))];
    let mut equal = |column: &str, value: Option<&str>| {
        if let Some(value) = value {
            conditions.push(format!("{column} = ?"));
            values.push(Value::Text(value.to_owned()));
        }
    };
    equal("site_id", filter.site_id.as_ref().map(|v| v.as_str()));
    equal("lock_id", filter.lock_id.as_ref().map(|v| v.as_str()));
    equal("person_id", filter.person_id.as_ref().map(|v| v.as_str()));
    equal("code_id", filter.code_id.as_ref().map(|v| v.as_str()));
    if let Some(kinds) = filter.kind.as_deref().filter(|k| !k.is_empty()) {
        let kinds: Vec<&str> = kinds.split(',').map(str::trim).collect();
        conditions.push("kind IN (SELECT value FROM json_each(?))".into());
        values.push(Value::Text(
            serde_json::to_string(&kinds).unwrap_or_default(),
        ));
    }
    if let Some(since) = filter.since {
        conditions.push("at >= ?".into());
        values.push(Value::Text(since.to_rfc3339()));
    }
    if let Some(until) = filter.until {
        conditions.push("at < ?".into());
        values.push(Value::Text(until.to_rfc3339()));
    }
    // Days are the site's own: compared with the event's wall-clock time there
    // (ISO text, so "2026-12-03T22:43" sorts within "2026-12-03").
    if let Some(from) = filter.from_date {
        conditions.push("json_extract(data, '$.local_at') >= ?".into());
        values.push(Value::Text(from.to_string()));
    }
    if let Some(to) = filter.to_date.and_then(|to| to.succ_opt()) {
        conditions.push("json_extract(data, '$.local_at') < ?".into());
        values.push(Value::Text(to.to_string()));
    }
    if let Some(cursor) = paging.cursor.as_deref() {
        let before: i64 = decode_cursor(cursor)
            .and_then(|c| c.parse().ok())
            .ok_or_else(|| {
                ApiError::bad_request("The cursor is not one this server gave out.").field("cursor")
            })?;
        conditions.push("id < ?".into());
        values.push(Value::Integer(before));
    }
    let limit = paging.limit();
    values.push(Value::Integer(i64::from(limit) + 1));
    let sql = format!(
        "SELECT id, data FROM events WHERE {} ORDER BY id DESC LIMIT ?",
        conditions.join(" AND ")
    );
    state.db.read(|conn| {
        let mut statement = conn.prepare(&sql)?;
        let rows: Vec<(i64, String)> = statement
            .query_map(rusqlite::params_from_iter(values.iter()), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<Result<_, _>>()?;
        let next_cursor = (rows.len() > limit as usize)
            .then(|| encode_cursor(&rows[limit as usize - 1].0.to_string()));
        let mut items: Vec<Event> = rows
            .iter()
            .take(limit as usize)
            .map(|(_, d)| from_json(d))
            .collect::<ApiResult<_>>()?;
        crate::event_names::mark_deleted_people(conn, &mut items)?;
        Ok(ApiJson(Page {
            items,
            next_cursor,
            total: None,
        }))
    })
}

/// Query of `GET /events/stream`: where to resume when no `Last-Event-ID` header is sent.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StreamQuery {
    pub last_event_id: Option<u64>,
}

/// How often the stream sends a comment so proxies keep it open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How soon a browser should reconnect after the stream drops (its default is 3 s).
const RECONNECT_AFTER: Duration = Duration::from_secs(1);
/// Events replayed from the store per query while catching up.
const REPLAY_BATCH: i64 = 500;

/// `GET /events/stream`: every event the account may see, live. With
/// `Last-Event-ID` (header, or `last_event_id` in the query) it first replays what
/// was missed; an id the store no longer holds gets a `reset` event: reload.
#[utoipa::path(operation_id = "events_stream", get, path = "/events/stream", tag = "events", params(StreamQuery, ("Last-Event-ID" = Option<String>, Header, description = "Resume after this event id")), responses((status = 200, description = "Server-Sent Events: each `data` is an Event JSON with its id; an `event: reset` asks the client to reload", content_type = "text/event-stream", body = String), (status = 401, description = "Not signed in", body = latchkey_core::error::ErrorBody)))]
pub async fn stream(
    State(state): State<Arc<AppState>>,
    auth: Auth,
    session: SessionKey,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<StreamQuery>,
) -> ApiResult<Sse<impl Stream<Item = Result<SseEvent, Infallible>>>> {
    let resume_from = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .or(query.last_event_id);
    // Subscribed and placed before the answer goes out, so an event committed once
    // the client has the stream's headers is never missed.
    let live = state.db.subscribe();
    let stored = stored_range(&state.db)?;
    let (tx, rx) = mpsc::channel(256);
    let client = tx.clone();
    let session_over = until_session_ends(state.clone(), session.0, auth.0.id.clone());
    let feed = feed(
        Start {
            db: state.db.clone(),
            sites: auth.sites().to_vec(),
            resume_from,
            live,
            stored,
        },
        tx,
    );
    let lifetime = state.faults.get().stream_lifetime();
    tokio::spawn(async move {
        // An injected fault: the stream ends (the client must resume) after this long.
        let dropped = async {
            match lifetime {
                Some(lifetime) => tokio::time::sleep(lifetime).await,
                None => std::future::pending().await,
            }
        };
        // The stream ends with its session (sign-out, expiry), when the client has
        // gone, or at the injected drop, whichever comes first.
        tokio::select! {
            () = feed => {}
            () = session_over => {}
            () = client.closed() => {}
            () = dropped => {}
        }
    });
    Ok(Sse::new(ReceiverStream::new(rx)).keep_alive(KeepAlive::new().interval(KEEP_ALIVE)))
}

/// The lowest and highest event ids in the store (0, 0 when there are none).
fn stored_range(db: &Db) -> ApiResult<(u64, u64)> {
    db.read(|conn| {
        Ok(conn.query_row(
            "SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM events",
            [],
            |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
        )?)
    })
}

/// Where one client's stream starts: subscribed to the bus, with the store's range
/// at that moment.
struct Start {
    db: Db,
    sites: Vec<SiteId>,
    resume_from: Option<u64>,
    live: tokio::sync::broadcast::Receiver<Event>,
    stored: (u64, u64),
}

/// Feeds one client: replay from the store, then go live, skipping anything
/// already sent, so nothing falls between replay and live.
async fn feed(start: Start, tx: mpsc::Sender<Result<SseEvent, Infallible>>) {
    let Start {
        db,
        sites,
        resume_from,
        mut live,
        stored: (min_id, max_id),
    } = start;
    if tx
        .send(Ok(SseEvent::default().retry(RECONNECT_AFTER)))
        .await
        .is_err()
    {
        return;
    }
    let sites_json = serde_json::to_string(&sites).unwrap_or_default();
    let mut sent = match resume_from {
        None => max_id,
        Some(last) if last > max_id || (min_id > 0 && last + 1 < min_id) => {
            let reset = SseEvent::default().event("reset").data(
                r#"{"reason":"The events since your last visit are no longer kept. Reload."}"#,
            );
            if tx.send(Ok(reset)).await.is_err() {
                return;
            }
            max_id
        }
        Some(last) => last,
    };
    if !replay(&db, &sites_json, &mut sent, &tx).await {
        return;
    }
    loop {
        match live.recv().await {
            Ok(event) => {
                if event.id <= sent {
                    continue;
                }
                sent = event.id;
                if sites.contains(&event.site_id) && tx.send(Ok(to_sse(&event))).await.is_err() {
                    return;
                }
            }
            // This client fell behind the bus: catch up from the store.
            Err(RecvError::Lagged(_)) => {
                if !replay(&db, &sites_json, &mut sent, &tx).await {
                    return;
                }
            }
            Err(RecvError::Closed) => return,
        }
    }
}

/// Sends stored events after `sent`; false when the client has gone.
async fn replay(
    db: &Db,
    sites_json: &str,
    sent: &mut u64,
    tx: &mpsc::Sender<Result<SseEvent, Infallible>>,
) -> bool {
    loop {
        let after = *sent as i64;
        let Ok(batch) = db.read(|conn| {
            let mut statement = conn.prepare(
                "SELECT id, data FROM events WHERE id > ?1 AND site_id IN (SELECT value FROM json_each(?2)) ORDER BY id LIMIT ?3",
            )?;
            let rows: Vec<String> = statement
                .query_map(rusqlite::params![after, sites_json, REPLAY_BATCH], |r| r.get(1))?
                .collect::<Result<_, _>>()?;
            let mut events: Vec<Event> = rows.iter().map(|d| from_json(d)).collect::<ApiResult<_>>()?;
            crate::event_names::mark_deleted_people(conn, &mut events)?;
            Ok(events)
        }) else {
            return false;
        };
        if batch.is_empty() {
            return true;
        }
        for event in &batch {
            if tx.send(Ok(to_sse(event))).await.is_err() {
                return false;
            }
            *sent = event.id;
        }
    }
}

fn to_sse(event: &Event) -> SseEvent {
    SseEvent::default()
        .id(event.id.to_string())
        .data(serde_json::to_string(event).unwrap_or_default())
}

/// Routes of the activity endpoints: history and the live stream, declared once: the server's router and
/// the OpenAPI document are both built from them.
pub fn router() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(stream))
}
