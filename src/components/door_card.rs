//! `<DoorCard/>`: one door in the list: a link to its page, and its state,
//! health and lock / unlock button.

use latchkey_core::lock::Lock;
use leptos::prelude::*;

use crate::components::door_status::DoorStatus;

/// One door, updated in place as it changes, so the keyboard focus stays on
/// its button (see [`DoorStatus`]).
#[component]
pub fn DoorCard(
    lock: Memo<Lock>,
    /// The site's name, shown when the list spans sites.
    site_name: Option<String>,
    /// Called with (door, lock?) when the button is pressed.
    on_command: Callback<(Lock, bool)>,
    /// Why the last command for this door failed, if it did.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let id = lock.with_untracked(|l| l.id.clone());
    let name = move || lock.with(|l| l.name.clone());
    let failed = Signal::derive(move || error.with(Option::is_some));
    let on_press =
        Callback::new(move |wants_lock| on_command.run((lock.get_untracked(), wants_lock)));
    view! {
        <li class="door-card">
            <div class="door-card-main">
                <a href=format!("/doors/{id}") class="door-card-name">{name}</a>
                {site_name.map(|name| view! { <span class="door-card-site">{name}</span> })}
            </div>
            <DoorStatus lock=lock failed=failed on_press=on_press button_class="button door-card-action"/>
            {move || error.get().map(|e| view! { <p class="door-card-error" role="alert">{e}</p> })}
        </li>
    }
}
