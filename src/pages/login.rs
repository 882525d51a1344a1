//! The sign-in page (`/login`): user name and password, then back to where the
//! visitor was going.

use leptos::{ev::SubmitEvent, prelude::*};
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::{
    api::{self, ApiError},
    components::page::Page,
    state::session::{Session, safe_next, use_session},
};

/// The sign-in form.
#[component]
pub fn LoginPage() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let sign_in = Action::new_local(move |(user, pass): &(String, String)| {
        let (user, pass) = (user.clone(), pass.clone());
        async move { api::log_in(&user, &pass).await }
    });
    Effect::new(move |_| match sign_in.value().get() {
        Some(Ok(account)) => {
            error.set(None);
            session.0.set(Session::SignedIn(account));
            navigate(
                &safe_next(query.get_untracked().get("next")),
                Default::default(),
            );
        }
        Some(Err(err)) => error.set(Some(err)),
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if username.get_untracked().trim().is_empty() {
            error.set(Some(ApiError::Backend {
                status: 400,
                code: latchkey_core::error::ErrorCode::BadRequest,
                message: "Enter your user name.".into(),
                field: Some("username".into()),
            }));
            return;
        }
        sign_in.dispatch((username.get_untracked(), password.get_untracked()));
    };
    let error_for = move |field: &'static str| {
        move || {
            error
                .get()
                .filter(|e| e.field().map_or(field == "password", |f| f == field))
                .map(|e| e.message())
        }
    };
    view! {
        <Page title="Sign in">
            <Show when=move || matches!(session.0.get(), Session::SignedIn(_))>
                <p class="page-lede" role="status">
                    {move || session.account().map(|a| format!("You are signed in as {}.", a.display_name))}
                </p>
            </Show>
            <Show when=move || session.0.get() == Session::Ended>
                <p class="page-lede" role="status">"Your session has ended. Sign in again to carry on where you were."</p>
            </Show>
            <form class="form login-form" on:submit=on_submit novalidate>
                <div class="field">
                    <label for="username">"User name"</label>
                    <input
                        id="username"
                        name="username"
                        autocomplete="username"
                        required
                        aria-describedby="username-error"
                        aria-invalid=move || error_for("username")().is_some().to_string()
                        prop:value=username
                        on:input=move |ev| username.set(event_target_value(&ev))
                    />
                    <p id="username-error" class="field-error">{error_for("username")}</p>
                </div>
                <div class="field">
                    <label for="password">"Password"</label>
                    <input
                        id="password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        aria-describedby="password-error"
                        aria-invalid=move || error_for("password")().is_some().to_string()
                        prop:value=password
                        on:input=move |ev| password.set(event_target_value(&ev))
                    />
                    <p id="password-error" class="field-error" role="alert">{error_for("password")}</p>
                </div>
                <button class="button button-primary" type="submit" disabled=move || sign_in.pending().get()>
                    {move || if sign_in.pending().get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
            <p class="hint">"Trying the mock server? The README lists its demo accounts."</p>
        </Page>
    }
}
