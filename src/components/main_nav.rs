//! `<MainNav/>`: the main navigation, a side bar on wide screens and a tab bar on tablets and phones.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::icon::Icon;

/// The main sections, in the order they appear in the navigation.
const SECTIONS: [(&str, &str, &str); 5] = [
    ("/doors", "Doors", "door"),
    ("/people", "People", "people"),
    ("/schedules", "Schedules", "calendar"),
    ("/activity", "Activity", "pulse"),
    ("/settings", "Settings", "gear"),
];

/// Links to every main section; the current one carries `aria-current="page"`.
#[component]
pub fn MainNav() -> impl IntoView {
    view! {
        <nav class="main-nav" aria-label="Main">
            <ul>
                {SECTIONS
                    .into_iter()
                    .map(|(href, label, icon)| {
                        view! {
                            <li>
                                <A href=href attr:class="main-nav-link">
                                    <Icon name=icon/>
                                    <span class="main-nav-label">{label}</span>
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
