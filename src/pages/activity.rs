//! The Activity page (`/activity`): a live feed of what happened, newest
//! first, each event as one sentence with its time (local and relative).
//! Filters (site, door, person, kind, dates) live in the URL; live updates
//! can be paused while reading back; older events come a page at a time; the
//! filtered events can be saved as CSV.

use std::{collections::HashSet, sync::Arc};

use chrono::{DateTime, NaiveDate, Utc};
use latchkey_core::event_text::{Names, sentence};
use latchkey_core::{
    event::Event,
    ids::{LockId, PersonId, SiteId},
};
use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::{self, ApiError, EventQuery, LockQuery},
    components::{error_message::ErrorMessage, page::Page, require_session::RequireSession},
    event_export::{csv_of, download_csv},
    feed_events::{Chunk, FeedEvents},
    schedule_text::event_time,
    site_zones::use_zone_labels,
    state::{backend::backend_now, live::use_live},
    url_filters::{UrlFilters, use_url_filters},
};

/// Events asked of the backend at a time: one window's worth.
const PAGE_SIZE: u32 = WINDOW as u32;

/// Events kept in the page at most: at 100 events a second the feed keeps the
/// newest, and memory stays flat.
const KEEP_AT_MOST: usize = 1_000;

/// How many events the page draws at once. "Older events" moves the window
/// down rather than growing it, so the page stays small however much is kept.
const WINDOW: usize = 100;

/// The kinds of event the feed can be narrowed to, as the API names them.
pub const KIND_GROUPS: [(&str, &str, &str); 7] = [
    ("entries", "Comings and goings", "unlocked,locked"),
    (
        "refused",
        "Refused at the keypad",
        "access_denied,keypad_lockout",
    ),
    (
        "codes",
        "Code changes",
        "code_created,code_changed,code_deleted,code_revealed",
    ),
    ("sync", "Codes reaching locks", "sync_succeeded,sync_failed"),
    (
        "health",
        "Lock health",
        "lock_offline,lock_online,battery_low,jammed,factory_reset",
    ),
    (
        "people",
        "Paused and resumed",
        "person_paused,person_resumed",
    ),
    ("alerts", "Alerts", "alert_fired"),
];

#[component]
pub fn ActivityPage() -> impl IntoView {
    view! {
        <Page title="Activity">
            <RequireSession>
                <Feed/>
            </RequireSession>
        </Page>
    }
}

/// A `YYYY-MM-DD` date from the address.
fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// The API query for the filters in the URL.
fn query_of(filters: &UrlFilters) -> EventQuery {
    EventQuery {
        site: filters.get("site"),
        lock: filters.get("door"),
        person: filters.get("person"),
        kinds: filters.get("kind").and_then(|k| {
            KIND_GROUPS
                .iter()
                .find(|(key, _, _)| *key == k)
                .map(|(_, _, kinds)| kinds.to_string())
        }),
        // Days on each site's own calendar, as its times are shown.
        from_day: filters.get("from").and_then(|d| day(&d)),
        to_day: filters.get("to").and_then(|d| day(&d)),
        cursor: None,
        limit: PAGE_SIZE,
    }
}

#[component]
fn Feed() -> impl IntoView {
    let filters = use_url_filters("/activity");
    let live = use_live();
    let query = Memo::new(move |_| query_of(&filters));
    // Where the account's sites are in different zones, each time says which.
    let zones = use_zone_labels();

    // The feed: newest first, each event once.
    let items = RwSignal::new(FeedEvents::default());
    let seen = StoredValue::new(HashSet::<u64>::new());
    let older = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let paused = RwSignal::new(false);
    let trimmed = RwSignal::new(false);
    let held = RwSignal::new(Vec::<Event>::new());
    // Reading older events: the newest event of the window drawn (None: the
    // newest window, live). Following a page being loaded moves the window to it.
    let anchor = RwSignal::new(None::<u64>);
    let follow_older = StoredValue::new(false);
    let feed_top = NodeRef::<leptos::html::Div>::new();
    let generation = StoredValue::new(0u64);

    // A page of events: the first replaces the feed, later ones go below it.
    let load = move |cursor: Option<String>| {
        let mut q = query.get_untracked();
        let first = cursor.is_none();
        q.cursor = cursor;
        generation.update_value(|g| *g += if first { 1 } else { 0 });
        let mine = generation.get_value();
        loading.set(true);
        spawn_local(async move {
            let result = api::events(&q).await;
            if generation.try_get_value() != Some(mine) {
                return; // the filters changed meanwhile
            }
            loading.try_set(false);
            match result {
                Ok(page) => {
                    if first {
                        anchor.set(None);
                        trimmed.set(false);
                        seen.set_value(HashSet::new());
                        items.set(FeedEvents::default());
                        held.set(Vec::new());
                    }
                    let fresh: Vec<Event> = page
                        .items
                        .into_iter()
                        .filter(|e| seen.try_update_value(|s| s.insert(e.id)).unwrap_or(false))
                        .collect();
                    if std::mem::take(&mut *follow_older.write_value())
                        && let Some(newest) = fresh.first()
                    {
                        anchor.set(Some(newest.id));
                        focus_feed(feed_top);
                    }
                    items.update(|feed| feed.put_below(fresh));
                    older.set(page.next_cursor);
                    error.set(None);
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    // Filters changed, or the stream asks for a reload: start again.
    Effect::new(move |_| {
        query.track();
        live.reload.track();
        load(None);
    });
    // Live events, a frame's worth at a time.
    Effect::new(move |_| {
        let batch: Arc<Vec<Event>> = live.batch.get();
        let q = query.get_untracked();
        let mut fresh: Vec<Event> = batch
            .iter()
            .filter(|e| q.matches(e))
            .filter(|e| seen.try_update_value(|s| s.insert(e.id)).unwrap_or(false))
            .cloned()
            .collect();
        if fresh.is_empty() {
            return;
        }
        fresh.reverse(); // newest first
        if paused.get_untracked() {
            held.update(|list| prepend(list, fresh));
        } else {
            items.update(|feed| feed.put_on_top(fresh));
            trim(items, seen, older, trimmed);
        }
    });
    // Moves the window (None: back to the newest) and brings its top into view.
    let show_from = move |id: Option<u64>| {
        anchor.set(id);
        focus_feed(feed_top);
    };
    let show_older = move || {
        let below = items.with_untracked(|feed| feed.older_anchor(anchor.get_untracked(), WINDOW));
        match below {
            Some(id) => {
                show_from(Some(id));
                // Fill the window from the backend when fewer than a window's worth are held below.
                let held_from =
                    items.with_untracked(|feed| feed.len() - feed.position(id).unwrap_or(0));
                if held_from < WINDOW && older.with_untracked(Option::is_some) {
                    load(older.get_untracked());
                }
            }
            None => {
                if older.with_untracked(Option::is_some) {
                    follow_older.set_value(true);
                    load(older.get_untracked());
                }
            }
        }
    };
    let has_older = move || {
        older.with(Option::is_some)
            || items.with(|feed| feed.older_anchor(anchor.get(), WINDOW).is_some())
    };
    let window_text = move || {
        let id = anchor.get()?;
        items.with(|feed| {
            let from = feed.position(id)?;
            let to = (from + WINDOW).min(feed.len());
            Some(format!("Older events: {}–{} from the newest", from + 1, to))
        })
    };

    let resume = move || {
        paused.set(false);
        let waiting = held.get_untracked();
        held.set(Vec::new());
        items.update(|feed| feed.put_on_top(waiting));
        trim(items, seen, older, trimmed);
    };
    // "3 min ago" moves on by itself.
    let tick_count = RwSignal::new(0u32);
    let now = Memo::new(move |_| {
        tick_count.track();
        backend_now()
    });
    let tick = set_interval_with_handle(
        move || tick_count.update(|n| *n += 1),
        std::time::Duration::from_secs(20),
    );
    on_cleanup(move || {
        if let Ok(handle) = tick {
            handle.clear();
        }
    });

    let exporting = RwSignal::new(false);
    let export = move |_| {
        let q = query.get_untracked();
        exporting.set(true);
        spawn_local(async move {
            let result = api::all_events(&q).await;
            exporting.try_set(false);
            match result {
                Ok(events) => {
                    let csv = csv_of(&events);
                    if let Err(err) = download_csv("latchkey-activity.csv", &csv) {
                        error.try_set(Some(ApiError::BadResponse(err)));
                    }
                }
                Err(err) => {
                    error.try_set(Some(err));
                }
            }
        });
    };

    view! {
        <FeedFilters filters=filters/>
        <div class="feed-bar">
            {move || if paused.get() {
                let waiting = held.with(Vec::len);
                view! {
                    <button class="button button-primary" on:click=move |_| resume()>
                        {format!("Resume live updates ({waiting} new)")}
                    </button>
                }.into_any()
            } else {
                view! { <button class="button" on:click=move |_| paused.set(true)>"Pause live updates"</button> }.into_any()
            }}
            <button class="button" disabled=move || exporting.get() on:click=export>
                {move || if exporting.get() { "Preparing CSV…" } else { "Save as CSV" }}
            </button>
        </div>
        <ErrorMessage error=error/>
        <Show when=move || anchor.with(Option::is_some)>
            <nav class="pager feed-pager" aria-label="Newer events">
                <span role="status">{window_text}</span>
                <button class="button" on:click=move |_| show_from(items.with_untracked(|feed| feed.newer_anchor(anchor.get_untracked(), WINDOW)))>"Newer events"</button>
                <button class="button" on:click=move |_| show_from(None)>"Back to the newest"</button>
            </nav>
        </Show>
        // The log (a live region: new events are read out) holds the list; a role on
        // the list itself would hide that its items are a list.
        <div class="feed" role="log" aria-label="Activity, newest first" node_ref=feed_top tabindex="-1">
            <ol class="feed-list">
                <For each=move || items.with(|feed| feed.window(anchor.get(), WINDOW)) key=Chunk::key let(chunk)>
                    {chunk.events().iter().map(|event| {
                        let site = event.site_id.clone();
                        let zone = Signal::derive(move || zones.with(|z| z.get(&site).cloned()));
                        view! { <FeedItem event=event.clone() zone=zone now=now/> }
                    }).collect_view()}
                </For>
            </ol>
        </div>
        <Show when=move || !loading.get() && items.with(FeedEvents::is_empty)>
            <p class="empty">"Nothing matches. Clear the filters, or wait for something to happen."</p>
        </Show>
        <Show when=move || trimmed.get()>
            <p class="hint">{format!("Showing the newest {KEEP_AT_MOST} events. To read older ones, choose dates above (or pause live updates first).")}</p>
        </Show>
        <Show when=has_older>
            <button class="button" disabled=move || loading.get() on:click=move |_| show_older()>
                {move || if loading.get() { "Loading…" } else { "Older events" }}
            </button>
        </Show>
    }
}

/// Once the new window is drawn, puts the keyboard (and the view) at its top.
fn focus_feed(list: NodeRef<leptos::html::Div>) {
    request_animation_frame(move || {
        if let Some(list) = list.get_untracked() {
            let _ = list.focus();
            // A tall list already partly in view is not scrolled by focusing it.
            list.scroll_into_view();
        }
    });
}

/// Keeps the newest [`KEEP_AT_MOST`] events. Once older ones are dropped, paging
/// on from the last page would leave a gap, so it stops (the page says how to
/// reach older events).
fn trim(
    items: RwSignal<FeedEvents>,
    seen: StoredValue<HashSet<u64>>,
    older: RwSignal<Option<String>>,
    trimmed: RwSignal<bool>,
) {
    if items.with_untracked(|feed| feed.len() > KEEP_AT_MOST) {
        let kept = items
            .try_update(|feed| feed.trim(KEEP_AT_MOST))
            .flatten()
            .unwrap_or_default();
        // The live stream never repeats an id, so only the kept ones need remembering.
        seen.set_value(kept);
        older.set(None);
        trimmed.set(true);
    }
}

/// Puts `newer` (newest first) above `list`.
fn prepend(list: &mut Vec<Event>, mut newer: Vec<Event>) {
    newer.append(list);
    *list = newer;
}

/// "just now", "4 min ago", "3 h ago", "2 days ago".
fn relative(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let seconds = (now - at).num_seconds().max(0);
    match seconds {
        0..=44 => "just now".to_owned(),
        45..=3_599 => format!("{} min ago", (seconds + 30) / 60),
        3_600..=86_399 => format!("{} h ago", seconds / 3_600),
        _ => {
            let days = seconds / 86_400;
            format!("{days} day{} ago", if days == 1 { "" } else { "s" })
        }
    }
}

#[component]
fn FeedItem(
    event: Event,
    /// The zone its time is in, where the feed mixes zones ("New York time").
    zone: Signal<Option<String>>,
    now: Memo<DateTime<Utc>>,
) -> impl IntoView {
    let at = event.at;
    let site_time = event_time(&event);
    let local = move || match zone.get() {
        Some(zone) => format!("{site_time} {zone}"),
        None => site_time.clone(),
    };
    let text = sentence(&event, Names::default());
    let door = event.lock_id.clone().map(|id| {
        let name = event
            .names
            .door
            .clone()
            .unwrap_or_else(|| "The door".to_owned());
        (id, name)
    });
    // A deleted person has no page: the sentence names them "(deleted)".
    let person = event
        .person_id
        .clone()
        .filter(|_| !event.names.person_deleted)
        .map(|id| {
            let name = event
                .names
                .person
                .clone()
                .unwrap_or_else(|| "The person".to_owned());
            (id, name)
        });
    view! {
        <li class="feed-item">
            <span class="feed-text">{text}</span>
            <span class="feed-when">
                <time datetime=at.to_rfc3339()>{local}</time>
                " · "
                {move || relative(at, now.get())}
            </span>
            // Each link is named after its door or person, so a list of links read
            // out on its own (as screen readers offer) still says where each goes.
            {door.map(|(id, name)| view! { <a href=format!("/doors/{id}") class="feed-link">{name}</a> })}
            {person.map(|(id, name)| view! { <a href=format!("/people/{id}") class="feed-link">{name}</a> })}
        </li>
    }
}

/// The filter controls, all kept in the URL. Door and person lists are a
/// site's: the one chosen, or the account's only site; with several sites and
/// none chosen, a hint says to choose one first.
#[component]
fn FeedFilters(filters: UrlFilters) -> impl IntoView {
    let sites = LocalResource::new(api::sites);
    let site_list = move || sites.get().and_then(|r| r.ok()).unwrap_or_default();
    let only_site = move || {
        let list = site_list();
        (list.len() == 1).then(|| list[0].id.clone())
    };
    let site = Memo::new(move |_| filters.get("site").map(SiteId).or_else(only_site));
    let no_site = move || site.with(Option::is_none);
    // The hint is for an account with several sites (until they load, nothing is said).
    let hint = move || no_site() && site_list().len() > 1;
    let described = move || hint().then_some("feed-site-hint");
    let doors = LocalResource::new(move || {
        let site = site.get();
        async move {
            match site {
                Some(site) => api::locks(&LockQuery {
                    site: Some(site.to_string()),
                    limit: 500,
                    ..Default::default()
                })
                .await
                .map(|p| p.items),
                None => Ok(Vec::new()),
            }
        }
    });
    let people = LocalResource::new(move || {
        let site = site.get();
        async move {
            match site {
                Some(site) => api::people_at_site(&site).await,
                None => Ok(Vec::new()),
            }
        }
    });
    let set = move |name: &'static str| {
        move |ev: leptos::ev::Event| filters.set(name, &event_target_value(&ev))
    };
    let selected = move |name: &'static str, value: String| {
        move || filters.get(name).as_deref() == Some(value.as_str())
    };
    view! {
        <form class="filters" role="search" aria-label="Filter the activity" on:submit=move |ev| ev.prevent_default()>
            <div class="field">
                <label for="feed-site">"Site"</label>
                <select id="feed-site" on:change=move |ev| { filters.set("door", ""); filters.set("person", ""); filters.set("site", &event_target_value(&ev)); }>
                    <option value="" selected=no_site>"All sites"</option>
                    <Transition fallback=|| ()>
                        {move || sites.get().and_then(|r| r.ok()).map(|list| list.into_iter().map(|s| {
                            let id = s.id.clone();
                            view! { <option value=s.id.to_string() selected=move || site.with(|site| site.as_ref() == Some(&id))>{s.name}</option> }
                        }).collect_view())}
                    </Transition>
                </select>
            </div>
            <div class="field">
                <label for="feed-door">"Door"</label>
                <select id="feed-door" disabled=no_site aria-describedby=described on:change=set("door")>
                    <option value="" selected=move || filters.get("door").is_none()>"All doors"</option>
                    <Transition fallback=|| ()>
                        {move || doors.get().and_then(|r| r.ok()).map(|list| list.into_iter().map(|d| {
                            let value = LockId::to_string(&d.id);
                            view! { <option value=value.clone() selected=selected("door", value)>{d.name}</option> }
                        }).collect_view())}
                    </Transition>
                </select>
            </div>
            <div class="field">
                <label for="feed-person">"Person"</label>
                <select id="feed-person" disabled=no_site aria-describedby=described on:change=set("person")>
                    <option value="" selected=move || filters.get("person").is_none()>"Anyone"</option>
                    <Transition fallback=|| ()>
                        {move || people.get().and_then(|r| r.ok()).map(|list| list.into_iter().map(|p| {
                            let value = PersonId::to_string(&p.id);
                            view! { <option value=value.clone() selected=selected("person", value)>{p.name}</option> }
                        }).collect_view())}
                    </Transition>
                </select>
            </div>
            <div class="field">
                <label for="feed-kind">"What"</label>
                <select id="feed-kind" on:change=set("kind")>
                    <option value="" selected=move || filters.get("kind").is_none()>"Everything"</option>
                    {KIND_GROUPS.into_iter().map(|(key, label, _)| view! {
                        <option value=key selected=selected("kind", key.to_owned())>{label}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="feed-from">"From"</label>
                <input id="feed-from" type="date" prop:value=move || filters.get("from").unwrap_or_default() on:change=set("from")/>
            </div>
            <div class="field">
                <label for="feed-to">"Until"</label>
                <input id="feed-to" type="date" prop:value=move || filters.get("to").unwrap_or_default() on:change=set("to")/>
            </div>
            <p id="feed-site-hint" class="hint filters-hint" hidden=move || !hint()>
                "Door and Person are for one site: choose the site first."
            </p>
        </form>
    }
}
