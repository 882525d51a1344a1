//! `<Page/>`: the frame of one routed page: its heading and the document title.

use leptos::prelude::*;

/// A page with a visible `<h1>` and a matching browser tab title.
#[component]
pub fn Page(
    /// The page's name, shown as its heading and in the tab title.
    title: &'static str,
    children: Children,
) -> impl IntoView {
    Effect::new(move |_| {
        if let Some(document) = web_sys::window().and_then(|window| window.document()) {
            document.set_title(&format!("{title} · Latchkey"));
        }
    });
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{title}</h1>
            {children()}
        </section>
    }
}
