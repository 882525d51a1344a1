//! `<LockAllResults/>`: what "Lock all" did, door by door: which are locking,
//! which were already locked, and which could not be reached and why.

use latchkey_core::lock::{LockAllOutcome, LockAllResult};
use leptos::{html, prelude::*};

/// Up to this many doors, every door's outcome is listed.
const LIST_ALL_UP_TO: usize = 20;

/// The words for one door's outcome.
pub fn outcome_text(outcome: LockAllOutcome) -> &'static str {
    match outcome {
        LockAllOutcome::Locking => "Locking now",
        LockAllOutcome::AlreadyLocked => "Already locked",
        LockAllOutcome::Offline => "Not locked: offline, the command cannot reach it",
        LockAllOutcome::Jammed => "Not locked: jammed, the bolt needs a hand",
    }
}

/// A summary line: "3 locking, 1 already locked, 1 could not be locked".
pub fn results_line(results: &[LockAllResult]) -> String {
    let count =
        |f: &dyn Fn(LockAllOutcome) -> bool| results.iter().filter(|r| f(r.outcome)).count();
    let locking = count(&|o| o == LockAllOutcome::Locking);
    let already = count(&|o| o == LockAllOutcome::AlreadyLocked);
    let failed = count(&|o| matches!(o, LockAllOutcome::Offline | LockAllOutcome::Jammed));
    let mut parts = Vec::new();
    if locking > 0 {
        parts.push(format!("{locking} locking"));
    }
    if already > 0 {
        parts.push(format!("{already} already locked"));
    }
    if failed > 0 {
        parts.push(format!("{failed} could not be locked"));
    }
    if parts.is_empty() {
        "No doors to lock.".to_owned()
    } else {
        parts.join(", ") + "."
    }
}

/// The results as a modal dialog (the browser's own `<dialog>`: the page behind
/// is out of reach, Tab stays inside, Escape closes it, and focus goes back to
/// the button that opened it); `on_close` runs once it has closed.
#[component]
pub fn LockAllResults(
    title: String,
    results: Vec<LockAllResult>,
    on_close: Callback<()>,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    let heading = NodeRef::<html::H2>::new();
    Effect::new(move |_| {
        if let (Some(dialog), Some(heading)) = (dialog.get(), heading.get()) {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
            let _ = heading.focus();
        }
    });
    let line = results_line(&results);
    // Doors that could not be locked come first: they need a person. With many
    // doors, only those are listed; the rest are counted in the line above.
    let mut ordered = results;
    ordered.sort_by_key(|r| {
        matches!(
            r.outcome,
            LockAllOutcome::Locking | LockAllOutcome::AlreadyLocked
        )
    });
    if ordered.len() > LIST_ALL_UP_TO {
        ordered.retain(|r| matches!(r.outcome, LockAllOutcome::Offline | LockAllOutcome::Jammed));
    }
    let close = move |_| {
        if let Some(dialog) = dialog.get_untracked() {
            dialog.close();
        }
    };
    view! {
        <dialog class="dialog" node_ref=dialog aria-labelledby="lock-all-title" on:close=move |_| on_close.run(())>
            <h2 id="lock-all-title" tabindex="-1" node_ref=heading>{title}</h2>
            <p role="status">{line}</p>
            <ul class="lock-all-results">
                {ordered
                    .into_iter()
                    .map(|result| {
                        let failed = matches!(result.outcome, LockAllOutcome::Offline | LockAllOutcome::Jammed);
                        view! {
                            <li class:failed=failed>
                                <a href=format!("/doors/{}", result.lock_id)>{result.name.clone()}</a>
                                <span>{outcome_text(result.outcome)}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <button class="button button-primary" on:click=close>"Close"</button>
        </dialog>
    }
}
