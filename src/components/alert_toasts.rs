//! `<AlertToasts/>`: alerts that fire while the app is open, as toasts in a
//! live region (read out by screen readers), each dismissable, gone by itself
//! after a few seconds.

use leptos::prelude::*;

use crate::state::alerts::use_alerts;

#[component]
pub fn AlertToasts() -> impl IntoView {
    let alerts = use_alerts();
    view! {
        <div class="toasts" role="status" aria-live="polite" aria-label="Alerts as they happen">
            <For each=move || alerts.toasts.get() key=|t| t.id let(toast)>
                <div class="toast">
                    <strong class="toast-title">{toast.title.clone()}</strong>
                    <span class="toast-text">{toast.message.clone()}</span>
                    <span class="toast-actions">
                        <a href="/alerts">"Alerts"</a>
                        <button class="button" aria-label=format!("Dismiss: {}", toast.title) on:click=move |_| alerts.dismiss(toast.id)>"Dismiss"</button>
                    </span>
                </div>
            </For>
        </div>
    }
}

/// The header's link to the inbox, with the unread count.
#[component]
pub fn AlertsLink() -> impl IntoView {
    let alerts = use_alerts();
    let label = move || match alerts.unread.get() {
        0 => "Alerts, none unread".to_owned(),
        1 => "Alerts, 1 unread".to_owned(),
        n => format!("Alerts, {n} unread"),
    };
    view! {
        <a href="/alerts" class="alerts-link" aria-label=label>
            <svg class="icon" aria-hidden="true"><use href="/icons.svg#bell"></use></svg>
            <Show when=move || { alerts.unread.get() > 0 }>
                <span class="unread-count" aria-hidden="true">{move || alerts.unread.get()}</span>
            </Show>
        </a>
    }
}
