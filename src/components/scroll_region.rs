//! `<ScrollRegion/>`: a box that scrolls sideways when the table in it is wider
//! than the screen, so the page itself never does; named for screen readers and
//! reachable by keyboard (Tab to it, then the arrow keys scroll it).

use leptos::prelude::*;

#[component]
pub fn ScrollRegion(
    /// What the region holds, read out when it takes the focus.
    label: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="grid-scroll" role="region" aria-label=label tabindex="0">
            {children()}
        </div>
    }
}
