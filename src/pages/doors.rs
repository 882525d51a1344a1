//! The Doors page (`/doors`): every site at a glance with "Lock all", then the
//! doors themselves — filtered and searched on the server (kept in the URL),
//! a page at a time, updated live.

use std::collections::HashMap;

use latchkey_core::{
    ids::{LockId, SiteId},
    lock::{Lock, LockAllResult},
    paging::Page as ListPage,
    site::SiteSummary,
};
use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::{self, ApiError, EventQuery, LockQuery},
    components::{
        door_card::DoorCard,
        error_message::ErrorMessage,
        lock_all_results::LockAllResults,
        page::Page,
        recent_activity::RecentActivity,
        require_session::RequireSession,
        site_summary_card::{SiteSummaryCard, all_clear, lock_all_button_id},
    },
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

    // Lock all, for one site or everywhere.
    let lock_all_busy = RwSignal::new(false);
    let lock_all_error = RwSignal::new(None::<ApiError>);
    // The dialog's title, the results, and the id of the button that opened it.
    let lock_all_results = RwSignal::new(None::<(String, Vec<LockAllResult>, String)>);
    let run_lock_all = move |site: Option<SiteSummary>| {
        lock_all_busy.set(true);
        lock_all_error.set(None);
        spawn_local(async move {
            let title = match &site {
                Some(site) => format!("Lock all at {}", site.name),
                None => "Lock all doors".to_owned(),
            };
            let site_id = site.as_ref().map(|s| &s.site_id);
            let opener = lock_all_button_id(site_id);
            match api::lock_all(site_id).await {
                Ok(results) => lock_all_results.set(Some((title, results, opener))),
                Err(err) => lock_all_error.set(Some(err)),
            }
            lock_all_busy.set(false);
            refresh.update(|n| *n += 1);
        });
    };
    let lock_site = Callback::new(move |site: SiteSummary| run_lock_all(Some(site)));
    let show_all_sites = RwSignal::new(false);

    view! {
        <section class="site-cards" aria-label="Sites">
            <Transition fallback=|| view! { <p role="status">"Loading your sites…"</p> }>
                {move || summaries.get().map(|result| match result {
                    Ok(list) if list.is_empty() => view! { <p class="empty">"Your account has no sites yet."</p> }.into_any(),
                    Ok(mut list) => {
                        let several = list.len() > 1;
                        // Sites that need attention first; a long portfolio shows those and folds the rest.
                        list.sort_by_key(all_clear);
                        let total = list.len();
                        let folded = total > FOLD_SITES_OVER;
                        let shown = move || if folded && !show_all_sites.get() { FOLD_SITES_OVER } else { total };
                        let list = StoredValue::new(list);
                        view! {
                            {move || list.with_value(|l| l.iter().take(shown()).cloned().collect::<Vec<_>>()).into_iter().map(|summary| view! {
                                <SiteSummaryCard summary=summary on_lock_all=lock_site busy=lock_all_busy/>
                            }).collect_view()}
                            <div class="site-cards-actions">
                                <Show when=move || folded>
                                    <button class="button" aria-expanded=move || show_all_sites.get().to_string() on:click=move |_| show_all_sites.update(|s| *s = !*s)>
                                        {move || if show_all_sites.get() {
                                            "Show fewer sites".to_owned()
                                        } else {
                                            format!("Show all {total} sites ({} more)", total - FOLD_SITES_OVER)
                                        }}
                                    </button>
                                </Show>
                                <Show when=move || several>
                                    <button id=lock_all_button_id(None) class="button" on:click=move |_| if !lock_all_busy.get_untracked() { run_lock_all(None) } aria-disabled=move || lock_all_busy.get().to_string()>
                                        "Lock all doors at every site"
                                    </button>
                                </Show>
                            </div>
                        }.into_any()
                    }
                    Err(err) => view! { <p class="error-box" role="alert">{err.message()}</p> }.into_any(),
                })}
            </Transition>
            <ErrorMessage error=lock_all_error/>
        </section>

        <section class="door-list" aria-labelledby="door-list-title">
            <h2 id="door-list-title">"All doors"</h2>
            <form class="filters" role="search" on:submit=move |ev| {
                ev.prevent_default();
                set_filter("q", search_text.get_untracked().trim().to_owned());
            }>
                <div class="field">
                    <label for="door-search">"Search doors"</label>
                    <input
                        id="door-search"
                        type="search"
                        placeholder="Door name"
                        prop:value=search_text
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            search_text.set(text.clone());
                            set_filter("q", text.trim().to_owned());
                        }
                    />
                </div>
                <div class="field">
                    <label for="door-site">"Site"</label>
                    <select id="door-site" on:change=move |ev| set_filter("site", event_target_value(&ev))>
                        <option value="" selected=move || site_filter.with(Option::is_none)>"All sites"</option>
                        {move || {
                            let mut names: Vec<(SiteId, String)> = site_names().into_iter().collect();
                            names.sort_by(|a, b| a.1.cmp(&b.1));
                            names.into_iter().map(|(id, name)| {
                                let value = id.to_string();
                                let selected = site_filter.with(|site| site.as_deref() == Some(value.as_str()));
                                view! { <option value=value selected=selected>{name}</option> }
                            }).collect_view()
                        }}
                    </select>
                </div>
                <div class="field">
                    <label for="door-state">"State"</label>
                    <select id="door-state" on:change=move |ev| set_filter("state", event_target_value(&ev))>
                        {[("", "Any state"), ("locked", "Locked"), ("unlocked", "Unlocked"), ("jammed", "Jammed"), ("unknown", "Unknown")]
                            .into_iter()
                            .map(|(value, label)| {
                                let selected = move || state_filter.with(|state| state.as_deref().unwrap_or_default() == value);
                                view! { <option value=value selected=selected>{label}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
            </form>
            <Transition fallback=|| view! { <p role="status">"Loading doors…"</p> }>
                {move || doors.get().map(|result: Result<ListPage<Lock>, ApiError>| match result {
                    Ok(page) => {
                        let names = site_names();
                        let several_sites = names.len() > 1;
                        let total = page.total.unwrap_or(page.items.len() as u64);
                        let next = page.next_cursor.clone();
                        let only_page = next.is_none() && cursors.with_untracked(Vec::is_empty);
                        view! {
                            <p class="list-count" role="status">{crate::numbers::count(total, "door", "doors")}</p>
                            {if page.items.is_empty() {
                                view! { <p class="empty">"No doors match. Clear the search or the filters to see every door."</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="door-cards">
                                        {page.items.into_iter().map(|lock| {
                                            let id = lock.id.clone();
                                            let site_name = several_sites.then(|| names.get(&lock.site_id).cloned()).flatten();
                                            let error = Signal::derive(move || door_errors.with(|e| e.get(&id).cloned()));
                                            view! { <DoorCard lock=lock site_name=site_name on_command=command error=error/> }
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                            <nav class="pager" aria-label="Pages of doors" hidden=only_page>
                                <button class="button" disabled=move || cursors.with(Vec::is_empty) on:click=move |_| {
                                    let previous = cursors.try_update(|c| c.pop()).flatten().flatten();
                                    cursor.set(previous);
                                }>"Previous page"</button>
                                <button class="button" disabled=next.is_none() on:click=move |_| {
                                    cursors.update(|c| c.push(cursor.get_untracked()));
                                    cursor.set(next.clone());
                                }>"Next page"</button>
                            </nav>
                        }.into_any()
                    }
                    Err(err) => view! { <p class="error-box" role="alert">{err.message()}</p> }.into_any(),
                })}
            </Transition>
        </section>

        <section aria-labelledby="doors-recent-title">
            <h2 id="doors-recent-title">"Recent activity"</h2>
            <RecentActivity query=EventQuery { limit: 6, ..Default::default() } feed_link="/activity".to_owned()/>
        </section>

        {move || lock_all_results.get().map(|(title, results, opener)| view! {
            <LockAllResults title=title results=results on_close=Callback::new(move |_| {
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
