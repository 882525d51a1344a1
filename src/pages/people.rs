//! The People page (`/people`): everyone who may enter, searched and filtered on
//! the server (kept in the URL), with status, codes, doors and sync trouble.

use latchkey_core::person::{PersonKind, PersonOverview, PersonStatus};
use leptos::prelude::*;

use crate::{
    api::{self, PeopleQuery},
    components::{page::Page, require_session::RequireSession},
    state::live::use_live,
    url_filters::use_url_filters,
};

const PAGE_SIZE: u32 = 50;

#[component]
pub fn PeoplePage() -> impl IntoView {
    view! {
        <Page title="People">
            <RequireSession>
                <PeopleView/>
            </RequireSession>
        </Page>
    }
}

/// The words for a person's status.
pub fn status_text(status: PersonStatus) -> &'static str {
    match status {
        PersonStatus::Active => "Active",
        PersonStatus::Paused => "Paused",
        PersonStatus::Upcoming => "Upcoming",
        PersonStatus::Expired => "Expired",
    }
}

/// The words for a kind of person.
pub fn kind_text(kind: PersonKind) -> &'static str {
    match kind {
        PersonKind::Owner => "Owner",
        PersonKind::Family => "Family",
        PersonKind::Resident => "Resident",
        PersonKind::Staff => "Staff",
        PersonKind::Guest => "Guest",
        PersonKind::Contractor => "Contractor",
        PersonKind::Delivery => "Delivery",
    }
}

#[component]
fn PeopleView() -> impl IntoView {
    let filters = use_url_filters("/people");
    let refresh = RwSignal::new(0u64);
    let live = use_live();
    Effect::new(move |_| {
        if live.last_event.get().is_some_and(|e| e.person_id.is_some()) {
            refresh.update(|n| *n += 1);
        }
    });
    let filter = move |name: &str| filters.get(name);
    let search_text = RwSignal::new(filter("q").unwrap_or_default());
    let cursor = RwSignal::new(None::<String>);
    let people = LocalResource::new(move || {
        refresh.track();
        live.reload.track();
        let q = PeopleQuery {
            search: filter("q"),
            kind: filter("kind"),
            status: filter("status"),
            cursor: cursor.get(),
            limit: PAGE_SIZE,
        };
        async move { api::people_overview(&q).await }
    });
    // Changing a filter starts again at the first page.
    let set_filter = move |name: &'static str, value: String| {
        cursor.set(None);
        filters.set(name, &value);
    };
    let kinds = [
        PersonKind::Owner,
        PersonKind::Family,
        PersonKind::Resident,
        PersonKind::Staff,
        PersonKind::Guest,
        PersonKind::Contractor,
        PersonKind::Delivery,
    ];
    let statuses = [
        PersonStatus::Active,
        PersonStatus::Paused,
        PersonStatus::Upcoming,
        PersonStatus::Expired,
    ];
    view! {
        <p class="actions">
            <a href="/people/new" class="button button-primary">"Add a person"</a>
            <a href="/people/grid" class="button">"Who has which door"</a>
        </p>
        <form class="filters" role="search" on:submit=move |ev| ev.prevent_default()>
            <div class="field">
                <label for="people-search">"Search people"</label>
                <input id="people-search" type="search" placeholder="Name" prop:value=search_text on:input=move |ev| {
                    let text = event_target_value(&ev);
                    search_text.set(text.clone());
                    set_filter("q", text.trim().to_owned());
                }/>
            </div>
            <div class="field">
                <label for="people-kind">"Kind"</label>
                <select id="people-kind" on:change=move |ev| set_filter("kind", event_target_value(&ev))>
                    <option value="" selected=move || filter("kind").is_none()>"Anyone"</option>
                    {kinds.into_iter().map(|kind| {
                        let value = api_name(&kind);
                        let selected = { let v = value.clone(); move || filter("kind").as_deref() == Some(v.as_str()) };
                        view! { <option value=value selected=selected>{kind_text(kind)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="people-status">"Status"</label>
                <select id="people-status" on:change=move |ev| set_filter("status", event_target_value(&ev))>
                    <option value="" selected=move || filter("status").is_none()>"Any status"</option>
                    {statuses.into_iter().map(|status| {
                        let value = api_name(&status);
                        let selected = { let v = value.clone(); move || filter("status").as_deref() == Some(v.as_str()) };
                        view! { <option value=value selected=selected>{status_text(status)}</option> }
                    }).collect_view()}
                </select>
            </div>
        </form>
        <Transition fallback=|| view! { <p role="status">"Loading people…"</p> }>
            {move || people.get().map(|result| match result {
                Err(err) => view! { <p class="error-box" role="alert">{err.message()}</p> }.into_any(),
                Ok(page) => {
                    let total = page.total.unwrap_or(page.items.len() as u64);
                    let next = page.next_cursor.clone();
                    let only_page = next.is_none() && cursor.with_untracked(Option::is_none);
                    view! {
                        <p class="list-count" role="status">{crate::numbers::count(total, "person", "people")}</p>
                        {if page.items.is_empty() {
                            view! { <p class="empty">"No one matches. Clear the search or the filters to see everyone."</p> }.into_any()
                        } else {
                            view! { <ul class="person-cards">{page.items.into_iter().map(person_card).collect_view()}</ul> }.into_any()
                        }}
                        <nav class="pager" aria-label="Pages of people" hidden=only_page>
                            <button class="button" disabled=move || cursor.with(Option::is_none) on:click=move |_| cursor.set(None)>"First page"</button>
                            <button class="button" disabled=next.is_none() on:click=move |_| cursor.set(next.clone())>"Next page"</button>
                        </nav>
                    }.into_any()
                }
            })}
        </Transition>
    }
}

/// The wire name of an enum value, as the filters use it.
fn api_name(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .trim_matches('"')
        .to_owned()
}

fn person_card(item: PersonOverview) -> impl IntoView {
    let PersonOverview {
        person,
        codes,
        doors,
        failed,
        pending,
    } = item;
    let status = status_text(person.status);
    let status_class = format!("chip chip-status-{}", api_name(&person.status));
    let codes_text = format!(
        "{codes} {} · {doors} {}",
        if codes == 1 { "code" } else { "codes" },
        if doors == 1 { "door" } else { "doors" }
    );
    view! {
        <li class="person-card">
            <a href=format!("/people/{}", person.id) class="person-card-name">{person.name.clone()}</a>
            <span class="person-card-kind">{kind_text(person.kind)}</span>
            <span class=status_class>{status}</span>
            <span class="person-card-codes">{codes_text}</span>
            {(failed > 0).then(|| view! { <span class="chip chip-danger">{format!("{failed} failed to sync")}</span> })}
            {(failed == 0 && pending > 0).then(|| view! { <span class="chip chip-pending">{format!("{pending} pending")}</span> })}
        </li>
    }
}
