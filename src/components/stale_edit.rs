//! `<StaleEdit/>`: someone else saved first. Says so, and its one action
//! loads their version under what was typed here, so nothing typed is lost
//! (a page reload would lose it).

use leptos::prelude::*;

#[component]
pub fn StaleEdit(
    /// True when the last save lost the race.
    #[prop(into)]
    stale: Signal<bool>,
    /// Loads their version as the base, keeping the form's fields.
    on_load: Callback<()>,
) -> impl IntoView {
    view! {
        <Show when=move || stale.get()>
            <div class="error-box" role="alert">
                <p>"Someone changed this meanwhile, so it was not saved. Load their change: what you typed here stays, then save again."</p>
                <button type="button" class="button" on:click=move |_| on_load.run(())>"Load their change, keep mine"</button>
            </div>
        </Show>
    }
}
