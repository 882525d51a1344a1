//! Change who a person is (`/people/:id/edit`): name, kind, phone and e-mail. The
//! save carries the version the form was filled from; if someone else saved in
//! between, the page says so, keeps what was typed, and can load their change
//! under it so the save applies on top.

use latchkey_core::{ids::PersonId, person::Person};
use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::{
    api::{self, ApiError},
    components::{
        error_message::ErrorMessage,
        page::Page,
        person_fields::{PersonDraft, PersonFields},
        require_session::RequireSession,
        save_blocked::{SaveBlock, SaveBlocked},
        stale_edit::StaleEdit,
    },
};

#[component]
pub fn PersonEditPage() -> impl IntoView {
    view! {
        <Page title="Change details">
            <RequireSession>
                <PersonEdit/>
            </RequireSession>
        </Page>
    }
}

#[component]
fn PersonEdit() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| PersonId(p.get("id").unwrap_or_default()));
    // Loaded once: live updates do not reset what is typed.
    let data = LocalResource::new(move || {
        let id = id.clone();
        async move { api::person_for_change(&id).await }
    });
    view! {
        <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
            {move || data.get().map(|result| match result {
                Ok(loaded) => view! { <PersonForm loaded=loaded/> }.into_any(),
                Err(err) => view! { <p class="error-box" role="alert">{err.message()}</p> }.into_any(),
            })}
        </Transition>
    }
}

/// What someone else changed, in words ("the name and the phone").
fn their_changes(original: &Person, theirs: &Person) -> String {
    let changed: Vec<&str> = [
        (original.name != theirs.name, "the name"),
        (original.kind != theirs.kind, "who they are"),
        (original.phone != theirs.phone, "the phone"),
        (original.email != theirs.email, "the e-mail"),
    ]
    .into_iter()
    .filter_map(|(differs, what)| differs.then_some(what))
    .collect();
    match changed.as_slice() {
        [] => "nothing you can see here".to_owned(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[component]
fn PersonForm(loaded: (Person, String)) -> impl IntoView {
    let navigate = StoredValue::new_local(use_navigate());
    let draft = PersonDraft::of(&loaded.0);
    let back = format!("/people/{}", loaded.0.id);
    let title = loaded.0.name.clone();
    // The version the form is based on, with its ETag.
    let base = StoredValue::new(loaded);
    let error = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);

    let back_after_save = back.clone();
    let form = NodeRef::<leptos::html::Form>::new();
    let block = SaveBlock::new(form);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        block.clear();
        notice.set(None);
        error.set(None);
        let (person, etag) = base.get_value();
        let Some(change) = draft.change_from(&person) else {
            block.show();
            return;
        };
        if change == Default::default() {
            notice.set(Some("Nothing to save: nothing was changed.".to_owned()));
            return;
        }
        saving.set(true);
        let back = back_after_save.clone();
        spawn_local(async move {
            let result = api::update_person(&person.id, &change, &etag).await;
            saving.set(false);
            match result {
                Ok(_) => navigate
                    .try_with_value(|n| n(&back, Default::default()))
                    .unwrap_or_default(),
                Err(err) => {
                    error.set(draft.show_error(err));
                    block.show();
                }
            }
        });
    };
    // Someone else saved first: take their version as the base, keep what is typed.
    let stale = Signal::derive(move || error.with(|e| e.as_ref().is_some_and(ApiError::is_stale)));
    let rebase = move |()| {
        let (original, _) = base.get_value();
        spawn_local(async move {
            match api::person_for_change(&original.id).await {
                Ok(theirs) => {
                    draft.rebase(&original, &theirs.0);
                    notice.set(Some(format!(
                        "Their change is loaded ({}). What you typed is still here: save to apply it on top.",
                        their_changes(&original, &theirs.0)
                    )));
                    base.set_value(theirs);
                    error.set(None);
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    view! {
        <p><a href=back.clone() class="link-target">{format!("← {title}")}</a></p>
        <h2 class="door-title">{format!("Change details of {title}")}</h2>
        <form class="form person-form" on:submit=on_submit novalidate node_ref=form>
            <PersonFields draft=draft/>
            <ErrorMessage error=Signal::derive(move || error.get().filter(|e| !e.is_stale()))/>
            <StaleEdit stale=stale on_load=Callback::new(rebase)/>
            <SaveBlocked block=block/>
            <p role="status" class="hint">{move || notice.get()}</p>
            <div class="actions">
                <button class="button button-primary" type="submit" disabled=move || saving.get()>
                    {move || if saving.get() { "Saving…" } else { "Save changes" }}
                </button>
                <a href=back class="button">"Cancel"</a>
            </div>
        </form>
    }
}
