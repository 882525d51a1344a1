//! `<ErrorMessage/>`: a failed request, said in words, with what to do.

use leptos::prelude::*;

use crate::api::ApiError;

/// An alert box for a request that failed; nothing when there is no error.
#[component]
pub fn ErrorMessage(#[prop(into)] error: Signal<Option<ApiError>>) -> impl IntoView {
    view! {
        {move || error.get().map(|error| view! { <p class="error-box" role="alert">{error.message()}</p> })}
    }
}
