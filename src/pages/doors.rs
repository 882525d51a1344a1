//! The Doors page (`/doors`): every site at a glance with "Lock all", then the
//! doors themselves — filtered and searched on the server (kept in the URL),
//! a page at a time, updated live.

use std::collections::HashMap;

use latchkey_core::{
    ids::{LockId, SiteId},
    lock::{Lock, LockAllResult},
    site::SiteSummary,
};
use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::{self, ApiError, EventQuery, LockQuery},
    components::{
        door_card::DoorCard,
        door_filters::{DoorFilters, problems_to_ask},
        error_message::ErrorMessage,
        lock_all_results::LockAllResults,
        page::Page,
        recent_activity::RecentActivity,
        require_session::RequireSession,
        site_summary_card::{SiteSummaryCard, arrange_sites, lock_all_button_id},
    },
    lock_all_follow::follow_lock_all,
    rows_in_place::{follow_row, keyed_rows},
    state::live::use_live,
    url_filters::use_url_filters,
};

/// Doors per page: enough to scan, few enough to stay quick with 2,000 doors.
const PAGE_SIZE: u32 = 50;
/// With more sites than this, the site cards beyond it fold away until asked for.
const FOLD_SITES_OVER: usize = 6;

#[component]
pub fn DoorsPage() -> impl IntoView {
    view! {
        <Page title="Doors">
            <RequireSession>
                <DoorsView/>
            </RequireSession>
        </Page>
    }
}

/// Bumps `refresh` shortly after live events about doors, a burst at a time.
fn refresh_on_live_events(refresh: RwSignal<u64>) {
    let live = use_live();
    let scheduled = StoredValue::new(false);
    Effect::new(move |_| {
        let relevant = live.last_event.get().is_some_and(|e| e.lock_id.is_some());
        live.reload.track();
        if relevant && !scheduled.get_value() {
            scheduled.set_value(true);
            set_timeout(
                move || {
                    let _ = scheduled.try_set_value(false); // the page may be gone
                    refresh.try_update(|n| *n += 1);
                },
                std::time::Duration::from_millis(250),
            );
        }
    });
    Effect::new(move |previous: Option<u64>| {
        let epoch = live.reload.get();
        if previous.is_some_and(|p| p != epoch) {
            refresh.update(|n| *n += 1);
        }
        epoch
    });
}

#[component]
fn DoorsView() -> impl IntoView {
    let filters = use_url_filters("/doors");
    let refresh = RwSignal::new(0u64);
    refresh_on_live_events(refresh);

    // One memo per filter: a change to one re-runs only what reads it.
    let (site_filter, state_filter) = (filters.memo("site"), filters.memo("state"));
    let (problem_filter, sort) = (filters.memo("problem"), filters.memo("sort"));
    // The search box starts from the URL; from then on the search follows what
    // is typed at once, and the URL follows it (for reload and bookmarks).
    let search_text = RwSignal::new(untrack(|| filters.get("q")).unwrap_or_default());
    // Cursors of the pages before the current one ("Previous") and the current one.
    let cursors = RwSignal::new(Vec::<Option<String>>::new());
    let cursor = RwSignal::new(None::<String>);

    let summaries = LocalResource::new(move || {
        refresh.track();
        api::site_summaries()
    });
    let lock_query = Memo::new(move |_| LockQuery {
        site: site_filter.get(),
        state: state_filter.get(),
        // What is typed, at once: the URL follows, but the search need not wait for it.
        search: search_text.with(|text| Some(text.trim().to_owned()).filter(|t| !t.is_empty())),
        problem: problem_filter.with(|p| p.as_deref().map(problems_to_ask)),
        sort: sort.get(),
        cursor: cursor.get(),
        limit: PAGE_SIZE,
    });
    let doors = LocalResource::new(move || {
        refresh.track();
        let query = lock_query.get();
        async move { api::locks(&query).await }
    });

    // Changing a filter puts it in the URL (replacing, so Back leaves the page) and starts at page 1.
    // Changing a filter starts again at the first page.
    let set_filter = move |name: &'static str, value: String| {
        cursor.set(None);
        cursors.set(Vec::new());
        filters.set(name, &value);
    };

    // The doors as last heard: whether they loaded (kept while the next answer is
    // on its way), and the page's cards, updated in place (see `rows_in_place`).
    let door_page = Memo::new(move |_| {
        doors.get().map(|r| {
            r.map(|page| !page.items.is_empty())
                .map_err(|e| e.message())
        })
    });
    let door_list = RwSignal::new(Vec::<Lock>::new());
    let door_total = RwSignal::new(None::<u64>);
    let next_cursor = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(Ok(page)) = doors.get() {
            door_total.set(Some(page.total.unwrap_or(page.items.len() as u64)));
            next_cursor.set(page.next_cursor);
            door_list.set(page.items);
        }
    });
    let door_keys = move || door_list.with(|l| l.iter().map(|l| l.id.to_string()).collect());

    let site_names = move || -> HashMap<SiteId, String> {
        summaries
            .get()
            .and_then(|r| r.ok())
            .unwrap_or_default()
            .into_iter()
            .map(|s| (s.site_id, s.name))
            .collect()
    };

    // Lock / unlock one door.
    let door_errors = RwSignal::new(HashMap::<LockId, String>::new());
    let command = Callback::new(move |(lock, wants_lock): (Lock, bool)| {
        door_errors.update(|errors| {
            errors.remove(&lock.id);
        });
        spawn_local(async move {
            match api::send_lock_command(&lock.id, wants_lock).await {
                Ok(_) => refresh.update(|n| *n += 1),
                Err(err) => door_errors.update(|errors| {
                    errors.insert(lock.id.clone(), err.message());
                }),
            }
        });
    });

    // One door's card, made when its key first appears in the list.
    let door_card = Callback::new(move |key: String| {
        let found = door_list.with_untracked(|l| l.iter().find(|l| l.id.as_str() == key).cloned());
        let Some(first) = found else {
            return ().into_any();
        };
        let id = first.id.clone();
        let names = untrack(site_names);
        let site_name = (names.len() > 1)
            .then(|| names.get(&first.site_id).cloned())
            .flatten();
        let error = Signal::derive(move || door_errors.with(|e| e.get(&id).cloned()));
        let lock = follow_row(door_list.into(), |l: &Lock| l.id.clone(), first);
        view! { <DoorCard lock=lock site_name=site_name on_command=command error=error/> }
            .into_any()
    });

    // Lock all, for one site or everywhere, each door followed to its end.
    let follow = follow_lock_all();
    let lock_all_busy = RwSignal::new(false);
    let lock_all_error = RwSignal::new(None::<ApiError>);
    // The dialog's title, the results, and the id of the button that opened it.
    let lock_all_results = RwSignal::new(None::<(String, Vec<LockAllResult>, String)>);
    let run_lock_all = move |site: Option<SiteSummary>| {
        lock_all_busy.set(true);
        lock_all_error.set(None);
        follow.start(site.as_ref().map(|s| &s.site_id));
        spawn_local(async move {
            let title = match &site {
                Some(site) => format!("Lock all at {}", site.name),
                None => "Lock all doors".to_owned(),
            };
            let site_id = site.as_ref().map(|s| &s.site_id);
            let opener = lock_all_button_id(site_id);
            match api::lock_all(site_id).await {
                Ok(results) => lock_all_results.set(Some((title, results, opener))),
                Err(err) => {
                    follow.stop();
                    lock_all_error.set(Some(err));
                }
            }
            lock_all_busy.set(false);
            refresh.update(|n| *n += 1);
        });
    };
    let lock_site = Callback::new(move |site: SiteSummary| run_lock_all(Some(site)));
    let show_all_sites = RwSignal::new(false);

    // The sites as last heard: whether there are any (or why they did not load),
    // and the cards' list, updated in place (see `rows_in_place`).
    let sites = Memo::new(move |_| {
        summaries
            .get()
            .map(|r| r.map(|list| !list.is_empty()).map_err(|e| e.message()))
    });
    let site_list = RwSignal::new(Vec::<SiteSummary>::new());
    Effect::new(move |_| {
        if let Some(Ok(fresh)) = summaries.get() {
            site_list.update(|shown| *shown = arrange_sites(shown, fresh));
        }
    });
    let site_list = Signal::from(site_list);
    let site_count = move || site_list.with(Vec::len);
    let several = move || site_count() > 1;
    let folded = move || site_count() > FOLD_SITES_OVER;
    // A long portfolio shows the first few cards (those that need attention) and folds the rest.
    let shown_sites = move || {
        let shown = if show_all_sites.get() {
            usize::MAX
        } else {
            FOLD_SITES_OVER
        };
        site_list.with(|list| {
            list.iter()
                .take(shown)
                .map(|s| s.site_id.to_string())
                .collect()
        })
    };
    // One site's card, made when its key first appears in the list.
    let site_card = Callback::new(move |key: String| {
        let found =
            site_list.with_untracked(|l| l.iter().find(|s| s.site_id.as_str() == key).cloned());
        let Some(first) = found else {
            return ().into_any();
        };
        let summary = follow_row(site_list, |s: &SiteSummary| s.site_id.clone(), first);
        view! { <SiteSummaryCard summary=summary on_lock_all=lock_site busy=lock_all_busy/> }
            .into_any()
    });

    view! {
        <section class="site-cards" aria-label="Sites">
            {move || match sites.get() {
                None => view! { <p role="status">"Loading your sites…"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="error-box" role="alert">{message}</p> }.into_any(),
                Some(Ok(false)) => view! { <p class="empty">"Your account has no sites yet."</p> }.into_any(),
                Some(Ok(true)) => view! {
                    {keyed_rows(Signal::derive(shown_sites), site_card)}
                    <div class="site-cards-actions">
                        <Show when=folded>
                            <button class="button" aria-expanded=move || show_all_sites.get().to_string() on:click=move |_| show_all_sites.update(|s| *s = !*s)>
                                {move || if show_all_sites.get() {
                                    "Show fewer sites".to_owned()
                                } else {
                                    format!("Show all {} sites ({} more)", site_count(), site_count() - FOLD_SITES_OVER)
                                }}
                            </button>
                        </Show>
                        <Show when=several>
                            <button id=lock_all_button_id(None) class="button" on:click=move |_| if !lock_all_busy.get_untracked() { run_lock_all(None) } aria-disabled=move || lock_all_busy.get().to_string()>
                                "Lock all doors at every site"
                            </button>
                        </Show>
                    </div>
                }.into_any(),
            }}
            <ErrorMessage error=lock_all_error/>
        </section>

        <section class="door-list" aria-labelledby="door-list-title">
            <h2 id="door-list-title">"All doors"</h2>
            <DoorFilters filters=filters search_text=search_text sites=site_list
                on_change=Callback::new(move |(name, value): (&'static str, String)| set_filter(name, value))/>
            {move || match door_page.get() {
                None => view! { <p role="status">"Loading doors…"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="error-box" role="alert">{message}</p> }.into_any(),
                Some(Ok(_)) => view! {
                    <p class="list-count" role="status">{move || door_total.get().map(|total| crate::numbers::count(total, "door", "doors"))}</p>
                    <Show when=move || door_list.with(Vec::is_empty)>
                        <p class="empty">"No doors match. Clear the search or the filters to see every door."</p>
                    </Show>
                    <ul class="door-cards" hidden=move || door_list.with(Vec::is_empty)>
                        {keyed_rows(Signal::derive(door_keys), door_card)}
                    </ul>
                    <nav class="pager" aria-label="Pages of doors" hidden=move || next_cursor.with(Option::is_none) && cursors.with(Vec::is_empty)>
                        <button class="button" disabled=move || cursors.with(Vec::is_empty) on:click=move |_| {
                            let previous = cursors.try_update(|c| c.pop()).flatten().flatten();
                            cursor.set(previous);
                        }>"Previous page"</button>
                        <button class="button" disabled=move || next_cursor.with(Option::is_none) on:click=move |_| {
                            cursors.update(|c| c.push(cursor.get_untracked()));
                            cursor.set(next_cursor.get_untracked());
                        }>"Next page"</button>
                    </nav>
                }.into_any(),
            }}
        </section>

        <section aria-labelledby="doors-recent-title">
            <h2 id="doors-recent-title">"Recent activity"</h2>
            <RecentActivity query=EventQuery { limit: 6, ..Default::default() } feed_link="/activity".to_owned()/>
        </section>

        {move || lock_all_results.get().map(|(title, results, opener)| view! {
            <LockAllResults title=title results=results ends=follow.ends on_close=Callback::new(move |_| {
                follow.stop();
                lock_all_results.set(None);
                focus_by_id(&opener);
            })/>
        })}
    }
}

/// Moves the keyboard focus to the element with this id, if it is on the page.
fn focus_by_id(id: &str) {
    use wasm_bindgen::JsCast;
    let element = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}
