//! The site's people × doors grid (`/people/grid`): a row per code with its
//! person, a column per door, and in each cell where that code stands on that
//! lock, with a retry. Rows page on the server; doors show a dozen at a time,
//! so a building with many doors stays readable on a tablet. When the rows are
//! searched, the doors their codes are on come first.

use std::collections::{HashMap, HashSet};

use latchkey_core::{
    code::CodeAccess,
    ids::{LockId, SiteId},
    lock::Lock,
    schedule::summary,
};
use leptos::prelude::*;

use crate::{
    api::{self, ApiError, LockQuery},
    components::{
        error_message::ErrorMessage, page::Page, require_session::RequireSession,
        scroll_region::ScrollRegion, sync_cell::SyncCell,
    },
    schedule_text::browser_today,
    state::live::use_live,
    url_filters::use_url_filters,
};

const ROWS_PER_PAGE: u32 = 25;
const DOORS_AT_ONCE: usize = 12;

#[component]
pub fn AccessGridPage() -> impl IntoView {
    view! {
        <Page title="Who has a code on which door">
            <RequireSession>
                <AccessGrid/>
            </RequireSession>
        </Page>
    }
}

#[component]
fn AccessGrid() -> impl IntoView {
    let filters = use_url_filters("/people/grid");
    let sites = LocalResource::new(api::sites);
    // The site in the URL, else the first one.
    let site_id = Signal::derive(move || {
        filters.get("site").map(SiteId).or_else(|| {
            sites
                .get()
                .and_then(|r| r.ok())
                .and_then(|list| list.first().map(|s| s.id.clone()))
        })
    });
    let search_text = RwSignal::new(filters.get("q").unwrap_or_default());
    let cursor = RwSignal::new(None::<String>);
    let first_door = RwSignal::new(0usize);
    let refresh = RwSignal::new(0u64);
    let error = RwSignal::new(None::<ApiError>);
    let live = use_live();
    Effect::new(move |_| {
        let here = live.last_event.with(|e| {
            e.as_ref().is_some_and(|e| {
                e.code_id.is_some() && Some(&e.site_id) == site_id.get_untracked().as_ref()
            })
        });
        if here {
            refresh.update(|n| *n += 1);
        }
    });
    let doors = LocalResource::new(move || {
        let site = site_id.get();
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
    // Schedules say "today" by the site's own date.
    let today = LocalResource::new(move || {
        let site = site_id.get();
        async move {
            match site {
                Some(site) => api::site_time(&site).await.map(|t| t.local_now.date()),
                None => Ok(browser_today()),
            }
        }
    });
    let rows = LocalResource::new(move || {
        refresh.track();
        live.reload.track();
        let site = site_id.get();
        let q = filters.get("q");
        let cursor = cursor.get();
        async move {
            match site {
                Some(site) => {
                    api::site_access(&site, q.as_deref(), cursor.as_deref(), ROWS_PER_PAGE).await
                }
                None => Ok(latchkey_core::paging::Page {
                    items: Vec::new(),
                    next_cursor: None,
                    total: Some(0),
                }),
            }
        }
    });

    view! {
        <p><a href="/people" class="link-target">"← People"</a></p>
        <form class="filters" role="search" on:submit=move |ev| ev.prevent_default()>
            <Transition fallback=|| ()>
                {move || sites.get().and_then(|r| r.ok()).filter(|l| l.len() > 1).map(|list| view! {
                    <div class="field">
                        <label for="grid-site">"Site"</label>
                        <select id="grid-site" on:change=move |ev| { cursor.set(None); first_door.set(0); filters.set("site", &event_target_value(&ev)); }>
                            {list.into_iter().map(|s| {
                                let selected = site_id.get_untracked().as_ref() == Some(&s.id);
                                view! { <option value=s.id.to_string() selected=selected>{s.name}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                })}
            </Transition>
            <div class="field">
                <label for="grid-search">"Search people or codes"</label>
                <input id="grid-search" type="search" placeholder="Name" prop:value=search_text on:input=move |ev| {
                    let text = event_target_value(&ev);
                    search_text.set(text.clone());
                    cursor.set(None);
                    first_door.set(0);
                    filters.set("q", text.trim());
                }/>
            </div>
        </form>
        <ErrorMessage error=error/>
        <Transition fallback=|| view! { <p role="status">"Loading the grid…"</p> }>
            {move || match (doors.get(), rows.get(), today.get(), first_door.track()) {
                (Some(Err(err)), _, _, _) | (_, Some(Err(err)), _, _) | (_, _, Some(Err(err)), _) => Some(view! { <p class="error-box" role="alert">{err.message()}</p> }.into_any()),
                (Some(Ok(doors)), Some(Ok(page)), Some(Ok(today)), _) => {
                    let searched = filters.get("q").is_some();
                    let doors = if searched { doors_of_rows_first(doors, &page.items) } else { doors };
                    let state = GridState { cursor, first_door, error, refresh };
                    Some(grid(doors, page, searched, today, state).into_any())
                }
                _ => None,
            }}
        </Transition>
    }
}

/// The doors with those the rows' codes are on first, each part in the order given.
fn doors_of_rows_first(doors: Vec<Lock>, rows: &[CodeAccess]) -> Vec<Lock> {
    let used: HashSet<&LockId> = rows
        .iter()
        .flat_map(|row| row.sync.iter().map(|s| &s.lock_id))
        .collect();
    let (mut first, rest): (Vec<Lock>, Vec<Lock>) =
        doors.into_iter().partition(|door| used.contains(&door.id));
    first.extend(rest);
    first
}

/// What the grid reads and changes beyond its rows.
#[derive(Clone, Copy)]
struct GridState {
    cursor: RwSignal<Option<String>>,
    first_door: RwSignal<usize>,
    error: RwSignal<Option<ApiError>>,
    refresh: RwSignal<u64>,
}

fn grid(
    doors: Vec<Lock>,
    page: latchkey_core::paging::Page<CodeAccess>,
    // Whether the rows are searched (the doors of their codes come first).
    searched: bool,
    // The site's own date today.
    today: chrono::NaiveDate,
    state: GridState,
) -> impl IntoView {
    let GridState {
        cursor,
        first_door,
        error,
        refresh,
    } = state;
    let total = page.total.unwrap_or(page.items.len() as u64);
    if page.items.is_empty() {
        return view! { <p class="empty">"No codes match. Clear the search, or add a person with a code."</p> }.into_any();
    }
    let door_count = doors.len();
    let start = first_door.get_untracked().min(door_count.saturating_sub(1));
    let shown: Vec<(LockId, String)> = doors
        .into_iter()
        .skip(start)
        .take(DOORS_AT_ONCE)
        .map(|d| (d.id, d.name))
        .collect();
    let end = start + shown.len();
    let next = page.next_cursor.clone();
    let (no_next, only_page) = (
        next.is_none(),
        next.is_none() && cursor.with_untracked(Option::is_none),
    );
    let heads: Vec<(String, String)> = shown
        .iter()
        .map(|(id, name)| (format!("/doors/{id}"), name.clone()))
        .collect();
    let on_retried = Callback::new(move |()| refresh.update(|n| *n += 1));
    view! {
        <p class="list-count" role="status">
            {format!("{total} {} · doors {}–{end} of {door_count}", if total == 1 { "code" } else { "codes" }, start + 1)}
            {searched.then_some(", the doors of these codes first")}
        </p>
        <nav class="pager" aria-label="Doors shown" hidden={door_count <= DOORS_AT_ONCE}>
            <button class="button" disabled={start == 0} on:click=move |_| first_door.set(start.saturating_sub(DOORS_AT_ONCE))>"← Earlier doors"</button>
            <button class="button" disabled={end >= door_count} on:click=move |_| first_door.set(end)>"More doors →"</button>
        </nav>
        <ScrollRegion label="People and doors">
            <table class="table sync-grid">
                <caption class="visually-hidden">"Where each person's code stands on each door"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Person and code"</th>
                        {heads.into_iter().map(|(href, name)| view! { <th scope="col"><a href=href>{name}</a></th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {page.items.into_iter().map(|row| {
                        let CodeAccess { code, person, sync } = row;
                        let cells: HashMap<LockId, _> = sync.into_iter().map(|s| (s.lock_id.clone(), s)).collect();
                        view! {
                            <tr>
                                <th scope="row">
                                    <a href=format!("/people/{}", person.id) class="code-name">{person.name}</a>
                                    <span>{code.name.clone()}{(code.is_main && !code.name.eq_ignore_ascii_case("main code")).then(|| view! { " " <span class="chip chip-main">"Main code"</span> })}</span>
                                    <span class="code-when">{summary(&code.schedule, today)}</span>
                                </th>
                                {shown.iter().map(|(id, name)| view! {
                                    <SyncCell state=cells.get(id).cloned() door_name=name.clone() error=error on_retried=on_retried/>
                                }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollRegion>
        <nav class="pager" aria-label="Pages of codes" hidden=only_page>
            <button class="button" disabled=move || cursor.with(Option::is_none) on:click=move |_| cursor.set(None)>"First page"</button>
            <button class="button" disabled=no_next on:click=move |_| cursor.set(next.clone())>"Next page"</button>
        </nav>
    }
    .into_any()
}
