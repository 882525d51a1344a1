//! `<Page/>`: the frame of one routed page: its heading and the document title,
//! and the keyboard focus moved to the heading when the app moves to the page.

use std::cell::Cell;

use leptos::{html, prelude::*};

/// Names the browser tab after what the page shows: "Back door · Latchkey".
pub fn set_document_title(name: &str) {
    if let Some(document) = web_sys::window().and_then(|window| window.document()) {
        document.set_title(&format!("{name} · Latchkey"));
    }
}

thread_local! {
    /// Whether a page has been shown since the app started: the first one keeps
    /// the browser's own start (Tab reaches "Skip to content" first).
    static SHOWN_BEFORE: Cell<bool> = const { Cell::new(false) };
}

/// A page with a visible `<h1>` and a matching browser tab title. When the app
/// moves here from another page, the heading takes the focus, so a screen reader
/// reads the new page's name and Tab goes on from the top of its content.
#[component]
pub fn Page(
    /// The page's name, shown as its heading and in the tab title.
    title: &'static str,
    children: Children,
) -> impl IntoView {
    let heading = NodeRef::<html::H1>::new();
    Effect::new(move |_| {
        set_document_title(title);
        if let Some(heading) = heading.get()
            && SHOWN_BEFORE.replace(true)
        {
            let _ = heading.focus();
        }
    });
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title" tabindex="-1" node_ref=heading>{title}</h1>
            {children()}
        </section>
    }
}
