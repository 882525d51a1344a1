//! `<FoundCodes/>`: codes found on a lock that no one here created. Each can be
//! given to a person of the site (it becomes one of their codes, already on the
//! lock) or removed from the lock.

use latchkey_core::{
    code::{AdoptUnknownCode, UnknownCode},
    ids::{PersonId, SiteId},
};
use leptos::{prelude::*, task::spawn_local};

use crate::api::{self, ApiError};

#[component]
pub fn FoundCodes(
    site: SiteId,
    found: Vec<UnknownCode>,
    /// Where a failed adopt or remove is told.
    error: RwSignal<Option<ApiError>>,
    /// Called after a code was adopted or removed, to reload the door.
    on_done: Callback<()>,
) -> impl IntoView {
    if found.is_empty() {
        return view! { <p class="empty">"None: every code on this lock was set up here."</p> }
            .into_any();
    }
    // The site's people, loaded once the first "Give to a person" is opened.
    let wanted = RwSignal::new(false);
    let people = LocalResource::new(move || {
        let site = site.clone();
        let wanted = wanted.get();
        async move {
            if wanted {
                api::people_at_site(&site).await
            } else {
                Ok(Vec::new())
            }
        }
    });
    view! {
        <p>"Someone programmed these at the keypad or with another app. Give each to the person it belongs to, or remove it."</p>
        <ul class="found-codes">
            {found.into_iter().map(|code| view! { <FoundCode code=code people=people wanted=wanted error=error on_done=on_done/> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn FoundCode(
    code: UnknownCode,
    people: LocalResource<Result<Vec<latchkey_core::person::Person>, ApiError>>,
    wanted: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    on_done: Callback<()>,
) -> impl IntoView {
    let slot = code.slot;
    let digits = code
        .pin_length
        .map(|n| format!("{n} digits"))
        .unwrap_or_else(|| "length unknown".into());
    let open = RwSignal::new(false);
    let person = RwSignal::new(String::new());
    let name = RwSignal::new(format!("Found in slot {slot}"));
    let problem = RwSignal::new(None::<String>);
    let remove_id = code.id.to_string();
    let adopt_id = code.id.to_string();
    let remove = move |_| {
        let id = remove_id.clone();
        error.set(None);
        spawn_local(async move {
            match api::remove_unknown_code(&id).await {
                Ok(()) => on_done.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let give = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = person.get_untracked();
        if chosen.is_empty() {
            problem.set(Some("Choose whose code it is.".into()));
            return;
        }
        let adopt = AdoptUnknownCode {
            person_id: PersonId(chosen),
            name: name.get_untracked().trim().to_owned(),
        };
        let id = adopt_id.clone();
        problem.set(None);
        spawn_local(async move {
            match api::adopt_unknown_code(&id, &adopt).await {
                Ok(_) => on_done.run(()),
                Err(err) if err.field().is_some() => problem.set(Some(err.message())),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let person_field = format!("adopt-person-{slot}");
    let name_field = format!("adopt-name-{slot}");
    let problem_id = format!("adopt-problem-{slot}");
    view! {
        <li class="found-code">
            <span>{format!("Slot {slot} · {digits}")}</span>
            <span class="actions">
                <button class="button" aria-expanded=move || open.get().to_string() on:click=move |_| { wanted.set(true); open.update(|o| *o = !*o); }>
                    "Give to a person"
                </button>
                <button class="button" aria-label=format!("Remove the code in slot {slot}") on:click=remove>"Remove"</button>
            </span>
            <Show when=move || open.get()>
                <form class="adopt-form" on:submit=give.clone() novalidate>
                    <div class="field">
                        <label for=person_field.clone()>{format!("Whose code is slot {slot}?")}</label>
                        <select id=person_field.clone() aria-describedby=problem_id.clone() on:change=move |ev| person.set(event_target_value(&ev))>
                            <option value="" selected=move || person.with(String::is_empty)>"Choose a person…"</option>
                            <Transition fallback=|| ()>
                                {move || people.get().and_then(|r| r.ok()).map(|list| list.into_iter().map(|p| {
                                    let id = p.id.to_string();
                                    let selected = person.get_untracked() == id;
                                    view! { <option value=id selected=selected>{p.name}</option> }
                                }).collect_view())}
                            </Transition>
                        </select>
                    </div>
                    <div class="field">
                        <label for=name_field.clone()>"Code name"</label>
                        <input id=name_field.clone() maxlength="100" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                    </div>
                    <p id=problem_id.clone() class="field-error" role="alert">{move || problem.get()}</p>
                    <button class="button button-primary" type="submit">"Give the code"</button>
                </form>
            </Show>
        </li>
    }
}
