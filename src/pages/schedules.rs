//! The Schedules page (`/schedules?door=…&from=…`): one door's whole week at a
//! glance — who can get in right now, and when each code works over seven days.
//! The door and the week live in the URL, so a view can be bookmarked.

use chrono::{Duration, NaiveDate};
use latchkey_core::ids::{LockId, SiteId};
use leptos::prelude::*;

use crate::{
    api::{self, LockQuery},
    components::{page::Page, require_session::RequireSession, week_view::WeekView},
    state::live::use_live,
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

#[component]
fn DoorWeek() -> impl IntoView {
    let filters = use_url_filters("/schedules");
    let sites = LocalResource::new(api::sites);
    let site_id = Signal::derive(move || {
        filters.get("site").map(SiteId).or_else(|| {
            sites
                .get()
                .and_then(|r| r.ok())
                .and_then(|list| list.first().map(|s| s.id.clone()))
        })
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
    // The door in the URL, else the site's first.
    let door_id = Signal::derive(move || {
        filters.get("door").map(LockId).or_else(|| {
            doors
                .get()
                .and_then(|r| r.ok())
                .and_then(|list| list.first().map(|d| d.id.clone()))
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
                        <select id="week-site" on:change=move |ev| { filters.set("door", ""); filters.set("site", &event_target_value(&ev)); }>
                            {list.into_iter().map(|s| {
                                let selected = site_id.get_untracked().as_ref() == Some(&s.id);
                                view! { <option value=s.id.to_string() selected=selected>{s.name}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                })}
            </Transition>
            <Transition fallback=|| ()>
                {move || doors.get().map(|r| match r {
                    Ok(list) => view! {
                        <div class="field">
                            <label for="week-door">"Door"</label>
                            <select id="week-door" on:change=move |ev| filters.set("door", &event_target_value(&ev))>
                                {list.into_iter().map(|d| {
                                    let selected = door_id.get_untracked().as_ref() == Some(&d.id);
                                    view! { <option value=d.id.to_string() selected=selected>{d.name}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                    }.into_any(),
                    Err(err) => view! { <p class="error-box" role="alert">{err.message()}</p> }.into_any(),
                })}
            </Transition>
        </form>
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
