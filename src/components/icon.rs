//! `<Icon/>`: one symbol from the SVG sprite in `public/icons.svg`.

use leptos::prelude::*;

/// A decorative icon from the sprite; the text next to it carries the meaning.
#[component]
pub fn Icon(
    /// Symbol id in `public/icons.svg`, e.g. `"door"`.
    name: &'static str,
) -> impl IntoView {
    view! {
        <svg class="icon" aria-hidden="true" focusable="false">
            <use href=format!("/icons.svg#{name}")></use>
        </svg>
    }
}
