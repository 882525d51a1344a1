//! `<SyncCell/>`: one cell of a code × door grid — where the code stands on
//! that lock (none, pending, setting, set, removing, failed with the reason),
//! with a retry on a failure, and on a lock that cannot keep schedules until
//! when the code is on it. A failure on one door never blocks the others.

use latchkey_core::{
    ids::{CodeId, LockId},
    sync::{SyncState, SyncStatus},
};
use leptos::{prelude::*, task::spawn_local};

use crate::api::{self, ApiError};

/// The words for a cell.
pub fn cell_text(status: SyncStatus) -> &'static str {
    match status {
        SyncStatus::Pending => "Pending",
        SyncStatus::Setting => "Setting…",
        SyncStatus::Set => "Set",
        SyncStatus::Removing => "Removing…",
        SyncStatus::Removed => "Removed",
        SyncStatus::Failed => "Failed",
    }
}

#[component]
pub fn SyncCell(
    /// `None`: the code is not meant for this door.
    state: Option<SyncState>,
    door_name: String,
    /// What a pending change waits for ("Waits for a phone near Side gate").
    #[prop(optional)]
    waits_for: Option<String>,
    /// Where a failed retry is told.
    error: RwSignal<Option<ApiError>>,
    /// Called once a retry was accepted.
    on_retried: Callback<()>,
) -> impl IntoView {
    let Some(state) = state else {
        return view! { <td class="cell cell-none"><span aria-label="Not on this door">"—"</span></td> }
            .into_any();
    };
    let failed = state.status == SyncStatus::Failed;
    let reason = match state.status {
        SyncStatus::Pending => waits_for,
        _ => state.failure.map(|f| f.to_string()),
    };
    // A lock that cannot keep schedules: on it now and until when, or stuck on it.
    let on_lock = state.on_lock_words(&door_name);
    let overdue = state.overdue_since.is_some();
    let (code, lock): (CodeId, LockId) = (state.code_id, state.lock_id);
    let retry = move |_| {
        let (code, lock) = (code.clone(), lock.clone());
        spawn_local(async move {
            match api::retry_sync(&code, &lock).await {
                Ok(()) => on_retried.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let class = format!(
        "cell cell-{}",
        cell_text(state.status).trim_end_matches('…').to_lowercase()
    );
    view! {
        <td class=class>
            {cell_text(state.status)}
            {reason.map(|r| view! { <span class="sync-reason">{r}</span> })}
            {on_lock.map(|words| {
                let class = if overdue { "sync-reason" } else { "sync-note" };
                view! { <span class=class>{words}</span> }
            })}
            {failed.then(|| view! { <button class="button" aria-label=format!("Retry on {door_name}") on:click=retry>"Retry"</button> })}
        </td>
    }
    .into_any()
}
