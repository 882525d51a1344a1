//! The page for any URL that matches no route.

use leptos::prelude::*;

use crate::components::page::Page;

/// Says the address leads nowhere and offers the way back.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <Page title="Page not found">
            <p class="page-lede">"There is no page at this address. It may have moved, or the link may be mistyped."</p>
            <p><a href="/doors" class="link-target">"Go to your doors"</a></p>
        </Page>
    }
}
