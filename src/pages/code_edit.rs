//! Add another code for a person (`/people/:id/codes/new`) or change one
//! (`/people/:id/codes/:code`): name, doors, PIN and schedule change together on
//! every door in one save — never delete-and-recreate. Also removes a code.

use latchkey_core::{
    code::AccessCode,
    ids::{CodeId, PersonId},
    lock::Lock,
    person::Person,
    site::Site,
};
use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::{
    api::{self, ApiError, LockQuery},
    components::{
        code_fields::{CodeDraft, CodeFields},
        error_message::ErrorMessage,
        page::{Page, set_document_title},
        require_session::RequireSession,
        save_blocked::{SaveBlock, SaveBlocked},
        stale_edit::StaleEdit,
    },
};

#[component]
pub fn CodeEditPage() -> impl IntoView {
    view! {
        <Page title="Code">
            <RequireSession>
                <CodeEdit/>
            </RequireSession>
        </Page>
    }
}

/// Everything the form needs, loaded once (live updates do not reset what is typed).
#[derive(Clone)]
struct Loaded {
    person: Person,
    site: Site,
    doors: Vec<Lock>,
    /// The code being changed, with its ETag.
    code: Option<(AccessCode, String)>,
    /// The site's local date today.
    today: chrono::NaiveDate,
}

async fn load(person: PersonId, code: Option<CodeId>) -> Result<Loaded, ApiError> {
    let person = api::person(&person).await?;
    let site = api::sites()
        .await?
        .into_iter()
        .find(|s| s.id == person.site_id)
        .ok_or_else(|| ApiError::from_response(404, None))?;
    let doors = api::locks(&LockQuery {
        site: Some(person.site_id.to_string()),
        limit: 500,
        ..Default::default()
    })
    .await?
    .items;
    let code = match code {
        Some(id) => Some(api::code(&id).await?),
        None => None,
    };
    let today = api::site_time(&site.id).await?.local_now.date();
    Ok(Loaded {
        person,
        site,
        doors,
        code,
        today,
    })
}

#[component]
fn CodeEdit() -> impl IntoView {
    let params = use_params_map();
    let person_id = params.with_untracked(|p| PersonId(p.get("id").unwrap_or_default()));
    // `/people/:id/codes/new` adds a code; any other name is the code to change.
    let code_id = params.with_untracked(|p| p.get("code").filter(|c| c != "new").map(CodeId));
    let data = LocalResource::new(move || load(person_id.clone(), code_id.clone()));
    view! {
        <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
            {move || data.get().map(|result| match result {
                Ok(loaded) => view! { <CodeForm loaded=loaded/> }.into_any(),
                Err(err) => view! { <p class="error-box" role="alert">{err.message()}</p> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn CodeForm(loaded: Loaded) -> impl IntoView {
    let navigate = StoredValue::new_local(use_navigate());
    let Loaded {
        person,
        site,
        doors,
        code,
        today,
    } = loaded;
    let draft = match &code {
        Some((code, _)) => CodeDraft::from_code(code, today),
        None => CodeDraft::new(today),
    };
    let back = format!("/people/{}", person.id);
    let title = match &code {
        Some((code, _)) => format!("Change {} ({})", code.name, person.name),
        None => format!("Add a code for {}", person.name),
    };
    set_document_title(&title);
    let default_name = match &code {
        Some((code, _)) => code.name.clone(),
        None => format!("{}'s second code", person.name),
    };
    let is_main = code.as_ref().is_some_and(|(c, _)| c.is_main);
    let before = StoredValue::new(code);
    let person_id = person.id.clone();
    let error = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(None::<&'static str>);
    let saving = draft.saving;
    let confirm_remove = RwSignal::new(false);
    let create_key = StoredValue::new(api::new_idempotency_key());
    let default_for_check = default_name.clone();
    let back_after_save = back.clone();

    let form = NodeRef::<leptos::html::Form>::new();
    let block = SaveBlock::new(form);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        block.clear();
        notice.set(None);
        let Some(checked) = draft.check(&default_for_check) else {
            block.show();
            return;
        };
        let person_id = person_id.clone();
        let back = back_after_save.clone();
        let before = before.get_value();
        saving.set(true);
        error.set(None);
        spawn_local(async move {
            let result = match before {
                None => {
                    let new = checked.into_new(person_id);
                    api::create_code(&new, &create_key.get_value())
                        .await
                        .map(Some)
                }
                Some((before, etag)) => {
                    let change = checked.into_change(&before);
                    if change == Default::default() {
                        Ok(None)
                    } else {
                        api::update_code(&before.id, &change, &etag).await.map(Some)
                    }
                }
            };
            saving.set(false);
            match result {
                Ok(Some(_)) => navigate
                    .try_with_value(|n| n(&back, Default::default()))
                    .unwrap_or_default(),
                Ok(None) => notice.set(Some("Nothing to save: nothing was changed.")),
                Err(err) => {
                    error.set(draft.show_error(err));
                    block.show();
                }
            }
        });
    };
    let back_after_remove = back.clone();
    let remove = move |_| {
        let Some((code, _)) = before.get_value() else {
            return;
        };
        let back = back_after_remove.clone();
        spawn_local(async move {
            match api::delete_code(&code.id).await {
                Ok(()) => navigate
                    .try_with_value(|n| n(&back, Default::default()))
                    .unwrap_or_default(),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    // Someone else saved first: take their version as the base, keep what is typed.
    let stale = Signal::derive(move || error.with(|e| e.as_ref().is_some_and(ApiError::is_stale)));
    let rebase = move |()| {
        let Some((code, _)) = before.get_value() else {
            return;
        };
        spawn_local(async move {
            match api::code(&code.id).await {
                Ok(theirs) => {
                    draft.rebase(&code, &theirs.0);
                    before.set_value(Some(theirs));
                    error.set(None);
                    notice.set(Some(
                        "Their change is loaded. What you typed is still here: save to apply it on top.",
                    ));
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let changing = before.with_value(|c| c.is_some());
    view! {
        <p><a href=back.clone() class="link-target">{format!("← {}", person.name)}</a></p>
        <h2 class="door-title">{title}</h2>
        {is_main.then(|| view! { <p><span class="chip chip-main">"Main code"</span>" The site's first code, for the owner."</p> })}
        {changing.then(|| view! { <p class="hint">"A change reaches every door in one step; each door shows pending until its lock has it."</p> })}
        <form class="form person-form" on:submit=on_submit novalidate node_ref=form>
            <CodeFields draft=draft site=site.id.clone() site_name=site.name.clone() policy=Signal::stored(site.policy.clone()) doors=doors default_name=Signal::stored(default_name) time_zone=site.time_zone.clone()/>
            <ErrorMessage error=Signal::derive(move || error.get().filter(|e| !e.is_stale()))/>
            <StaleEdit stale=stale on_load=Callback::new(rebase)/>
            <SaveBlocked block=block/>
            <p role="status" class="hint">{move || notice.get()}</p>
            <div class="actions">
                <button class="button button-primary" type="submit" disabled=move || saving.get()>
                    {move || match (saving.get(), changing) {
                        (true, _) => "Saving…",
                        (false, true) => "Save changes",
                        (false, false) => "Add code",
                    }}
                </button>
                <a href=back class="button">"Cancel"</a>
                {changing.then(|| view! {
                    <button type="button" class="button" on:click=move |_| confirm_remove.set(true)>"Remove this code"</button>
                })}
            </div>
        </form>
        <Show when=move || confirm_remove.get()>
            <div class="confirm" role="alertdialog" aria-labelledby="confirm-remove-title">
                <p id="confirm-remove-title"><strong>"Remove this code?"</strong>" It comes off every door. Its history stays in the activity."</p>
                <div class="actions">
                    <button class="button button-danger" on:click=remove.clone()>"Remove"</button>
                    <button class="button" on:click=move |_| confirm_remove.set(false)>"Cancel"</button>
                </div>
            </div>
        </Show>
    }
}
