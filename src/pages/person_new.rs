//! Add a person and their first code in one flow (`/people/new`): who they are,
//! their PIN (generated, or chosen where the site allows and checked while
//! typing), their doors by checkbox, and when the code works (a preset).

use latchkey_core::{ids::SiteId, site::Site};
use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use leptos_router::hooks::use_navigate;

use crate::{
    api::{self, ApiError, LockQuery},
    components::{
        code_fields::{CodeDraft, CodeFields},
        error_message::ErrorMessage,
        page::Page,
        person_fields::{PersonDraft, PersonFields},
        require_session::RequireSession,
        save_blocked::{SaveBlock, SaveBlocked},
    },
    schedule_text::browser_today,
};

#[component]
pub fn NewPersonPage() -> impl IntoView {
    view! {
        <Page title="Add a person">
            <RequireSession>
                <NewPersonForm/>
            </RequireSession>
        </Page>
    }
}

/// What a new person's first code is called unless a name is typed for it.
fn default_code_name(person: &str) -> String {
    match person.trim() {
        "" => "Their code".to_owned(),
        name => format!("{name}'s code"),
    }
}

#[component]
fn NewPersonForm() -> impl IntoView {
    let navigate = StoredValue::new_local(use_navigate());
    let sites = LocalResource::new(api::sites);
    let site_id = RwSignal::new(None::<SiteId>);
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
    let site = Signal::derive(move || {
        let id = site_id.get()?;
        sites
            .get()
            .and_then(|r| r.ok())
            .and_then(|list| list.into_iter().find(|s| s.id == id))
    });
    Effect::new(move |_| {
        if site_id.get_untracked().is_none()
            && let Some(Ok(list)) = sites.get()
        {
            site_id.set(list.first().map(|s| s.id.clone()));
        }
    });
    let policy = Signal::derive(move || site.get().map(|s| s.policy).unwrap_or_default());

    // What is typed: kept through every error.
    let who = PersonDraft::default();
    let name = who.name;
    let code = CodeDraft::new(browser_today());
    // Schedules work in the site's local date, which the backend knows.
    let site_time = LocalResource::new(move || {
        let site = site_id.get();
        async move {
            match site {
                Some(site) => api::site_time(&site).await.ok(),
                None => None,
            }
        }
    });
    Effect::new(move |_| {
        if let Some(Some(time)) = site_time.get() {
            code.schedule.today.set(time.local_now.date());
        }
    });
    let code_name = Signal::derive(move || default_code_name(&name.get()));

    let error = RwSignal::new(None::<ApiError>);
    let saving = code.saving;
    // One key per create, reused if the same save is retried after a failure.
    let person_key = StoredValue::new(api::new_idempotency_key());
    let code_key = StoredValue::new(api::new_idempotency_key());

    let form = NodeRef::<leptos::html::Form>::new();
    let block = SaveBlock::new(form);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        block.clear();
        let person = who.new_person();
        let checked = code.check(&default_code_name(&name.get_untracked()));
        let (Some(person), Some(checked), Some(site)) = (person, checked, site_id.get_untracked())
        else {
            block.show();
            return;
        };
        saving.set(true);
        error.set(None);
        let (person_key, code_key) = (person_key.get_value(), code_key.get_value());
        spawn_local(async move {
            // Each refusal is shown at the field it is about: the person's, then the code's.
            let result = match api::create_person(&site, &person, &person_key).await {
                Err(err) => Err(who.show_error(err)),
                Ok(created) => api::create_code(&checked.into_new(created.id.clone()), &code_key)
                    .await
                    .map(|_| created)
                    .map_err(|err| code.show_error(err)),
            };
            saving.set(false);
            match result {
                // (Unless the person left the form while it was saving.)
                Ok(person) => navigate
                    .try_with_value(|n| n(&format!("/people/{}", person.id), Default::default()))
                    .unwrap_or_default(),
                Err(unplaced) => {
                    error.set(unplaced);
                    block.show();
                }
            }
        });
    };

    view! {
        <form class="form person-form" on:submit=on_submit novalidate node_ref=form>
            <Transition fallback=|| view! { <p role="status">"Loading your sites…"</p> }>
                {move || sites.get().map(|r| match r {
                    Ok(list) if list.len() > 1 => view! {
                        <div class="field">
                            <label for="site">"Site"</label>
                            <select id="site" on:change=move |ev| { code.chosen.set(Vec::new()); site_id.set(Some(SiteId(event_target_value(&ev)))); }>
                                {list.into_iter().map(|s: Site| {
                                    let selected = site_id.get_untracked().as_ref() == Some(&s.id);
                                    view! { <option value=s.id.to_string() selected=selected>{s.name}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                    }.into_any(),
                    Ok(_) => ().into_any(),
                    Err(err) => view! { <p class="error-box" role="alert">{err.message()}</p> }.into_any(),
                })}
            </Transition>
            <PersonFields draft=who/>

            <h2 class="form-section">"Their code"</h2>
            <Transition fallback=|| view! { <p role="status">"Loading doors…"</p> }>
                {move || doors.get().map(|r| match (r, site.get()) {
                    (Ok(list), Some(site)) => view! {
                        <CodeFields draft=code site=site.id site_name=site.name policy=policy doors=list default_name=code_name time_zone=site.time_zone/>
                    }.into_any(),
                    (Ok(_), None) => ().into_any(),
                    (Err(err), _) => view! { <p class="error-box" role="alert">{err.message()}</p> }.into_any(),
                })}
            </Transition>

            <ErrorMessage error=error/>
            <SaveBlocked block=block/>
            <button class="button button-primary" type="submit" disabled=move || saving.get()>
                {move || if saving.get() { "Saving…" } else { "Add person and code" }}
            </button>
        </form>
    }
}
