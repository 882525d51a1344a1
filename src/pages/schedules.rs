//! The Schedules page (`/schedules?door=…&from=…`): one door's whole week at a
//! glance — who can get in right now, and when each code works over seven days.
//! The door and the week live in the URL, so a view can be bookmarked.

use chrono::{Duration, NaiveDate};
use latchkey_core::{
    ids::{LockId, SiteId},
    paging::Page as ListPage,
};
use leptos::prelude::*;

use crate::{
    api::{self, LockQuery},
    components::{page::Page, require_session::RequireSession, week_view::WeekView},
    numbers::{count, grouped},
    state::{live::use_live, names::use_names},
    url_filters::use_url_filters,
};

#[component]
pub fn SchedulesPage() -> impl IntoView {
    view! {
        <Page title="Schedules">
            <RequireSession>
                <DoorWeek/>
            </RequireSession>
        </Page>
    }
}

/// Doors listed in the picker at once; the search finds the rest.
const DOORS_IN_PICKER: u32 = 50;

/// "50 of 124 doors listed; type to find the others." or "3 doors".
fn door_count(shown: usize, total: Option<u64>) -> String {
    let total = total.unwrap_or(shown as u64);
    if total > shown as u64 {
        format!(
            "{} of {} listed; type a name to find the others.",
            grouped(shown as u64),
            count(total, "door", "doors")
        )
    } else {
        count(total, "door", "doors")
    }
}

#[component]
fn DoorWeek() -> impl IntoView {
    let filters = use_url_filters("/schedules");
    let names = use_names();
    let sites = LocalResource::new(api::sites);
    let site_id = Signal::derive(move || {
        filters.get("site").map(SiteId).or_else(|| {
            sites
                .get()
                .and_then(|r| r.ok())
                .and_then(|list| list.first().map(|s| s.id.clone()))
        })
    });
    // The door picker lists at most DOORS_IN_PICKER of the site's doors, found
    // by the server as the user types: a site may have thousands.
    let door_search = RwSignal::new(String::new());
    let doors = LocalResource::new(move || {
        let site = site_id.get();
        let search = door_search.get().trim().to_owned();
        async move {
            match site {
                Some(site) => {
                    api::locks(&LockQuery {
                        site: Some(site.to_string()),
                        search: (!search.is_empty()).then_some(search),
                        limit: DOORS_IN_PICKER,
                        ..Default::default()
                    })
                    .await
                }
                None => Ok(ListPage {
                    items: Vec::new(),
                    next_cursor: None,
                    total: Some(0),
                }),
            }
        }
    });
    // The door in the URL, else the site's first.
    let door_id = Signal::derive(move || {
        filters.get("door").map(LockId).or_else(|| {
            doors
                .get()
                .and_then(|r| r.ok())
                .and_then(|page| page.items.first().map(|d| d.id.clone()))
        })
    });
    let from = Signal::derive(move || {
        filters
            .get("from")
            .and_then(|f| NaiveDate::parse_from_str(&f, "%Y-%m-%d").ok())
    });
    let refresh = RwSignal::new(0u64);
    let live = use_live();
    Effect::new(move |_| {
        let here = live.last_event.with(|e| {
            e.as_ref()
                .is_some_and(|e| e.lock_id.is_some() && e.lock_id == door_id.get_untracked())
        });
        if here {
            refresh.update(|n| *n += 1);
        }
    });
    let week = LocalResource::new(move || {
        refresh.track();
        live.reload.track();
        let door = door_id.get();
        let from = from.get();
        async move {
            match door {
                Some(door) => api::door_week(&door, from).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let shift = move |days: i64| {
        if let Some(Ok(Some(week))) = week.get_untracked() {
            filters.set("from", &(week.from + Duration::days(days)).to_string());
        }
    };

    view! {
        <p class="page-lede">"Who can get in through a door, and when, in the site's local time."</p>
        <form class="filters" on:submit=move |ev| ev.prevent_default()>
            <Transition fallback=|| ()>
                {move || sites.get().and_then(|r| r.ok()).filter(|l| l.len() > 1).map(|list| view! {
                    <div class="field">
                        <label for="week-site">"Site"</label>
                        <select id="week-site" on:change=move |ev| { filters.set("door", ""); door_search.set(String::new()); filters.set("site", &event_target_value(&ev)); }>
                            {list.into_iter().map(|s| {
                                let selected = site_id.get_untracked().as_ref() == Some(&s.id);
                                view! { <option value=s.id.to_string() selected=selected>{s.name}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                })}
            </Transition>
            <div class="field">
                <label for="week-door-search">"Find a door"</label>
                <input id="week-door-search" type="search" placeholder="Door name" aria-describedby="week-door-count"
                    prop:value=door_search on:input=move |ev| door_search.set(event_target_value(&ev))/>
            </div>
            <Transition fallback=|| ()>
                {move || doors.get().map(|r| match r {
                    Ok(page) => {
                        let current = door_id.get_untracked();
                        // The door on show stays in the list even when the search leaves it out.
                        let missing = current.clone().filter(|id| !page.items.iter().any(|d| &d.id == id));
                        view! {
                            <div class="field">
                                <label for="week-door">"Door"</label>
                                <select id="week-door" on:change=move |ev| filters.set("door", &event_target_value(&ev))>
                                    {missing.map(|id| {
                                        let value = id.to_string();
                                        view! { <option value=value selected=true>{move || names.door(&id).unwrap_or_else(|| "This door".to_owned())}</option> }
                                    })}
                                    {page.items.into_iter().map(|d| {
                                        let selected = current.as_ref() == Some(&d.id);
                                        view! { <option value=d.id.to_string() selected=selected>{d.name}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                        }.into_any()
                    }
                    Err(err) => view! { <p class="error-box" role="alert">{err.message()}</p> }.into_any(),
                })}
            </Transition>
        </form>
        <p id="week-door-count" class="hint">{move || doors.get().and_then(Result::ok).map(|page| door_count(page.items.len(), page.total))}</p>
        <nav class="pager week-pager" aria-label="Weeks">
            <button class="button" on:click=move |_| shift(-7)>"← Previous week"</button>
            <button class="button" disabled=move || from.get().is_none() on:click=move |_| filters.set("from", "")>"This week"</button>
            <button class="button" on:click=move |_| shift(7)>"Next week →"</button>
        </nav>
        <Transition fallback=|| view! { <p role="status">"Loading the week…"</p> }>
            {move || week.get().map(|r| match r {
                Ok(Some(week)) => view! { <WeekView week=week/> }.into_any(),
                Ok(None) => view! { <p class="empty">"No doors yet."</p> }.into_any(),
                Err(err) => view! { <p class="error-box" role="alert">{err.message()}</p> }.into_any(),
            })}
        </Transition>
    }
}
