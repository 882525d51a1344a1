//! `<SiteSummaryCard/>`: one site's doors at a glance ("All 4 doors locked",
//! "Back door unlocked", "1 offline") with its "Lock all" button.

use latchkey_core::{ids::SiteId, lock::LockState, site::SiteSummary};
use leptos::prelude::*;

/// The element id of a "Lock all" button: one site's, or the one for every
/// site (`None`). The results dialog gives focus back to it by this id, since
/// the cards are drawn afresh while the dialog is open.
pub fn lock_all_button_id(site: Option<&SiteId>) -> String {
    match site {
        Some(site) => format!("lock-all-{site}"),
        None => "lock-all-everywhere".to_owned(),
    }
}

/// The one line that says whether everything is locked, naming doors where it can.
pub fn headline(summary: &SiteSummary) -> String {
    let named = |state: LockState| -> Vec<&str> {
        summary
            .attention
            .iter()
            .filter(|d| d.state == state)
            .map(|d| d.door.name.as_str())
            .collect()
    };
    let one_or_count = |count: u32, names: Vec<&str>, what: &str| match (count, names.as_slice()) {
        (1, [name]) => format!("{name} {what}"),
        (2, [a, b]) => format!("{a} and {b} {what}"),
        (n, _) => format!("{n} doors {what}"),
    };
    if summary.doors == 0 {
        "No doors yet".to_owned()
    } else if summary.jammed > 0 {
        one_or_count(summary.jammed, named(LockState::Jammed), "jammed")
    } else if summary.unlocked > 0 {
        one_or_count(summary.unlocked, named(LockState::Unlocked), "unlocked")
    } else if summary.locked == summary.doors {
        if summary.doors == 1 {
            "The door is locked".to_owned()
        } else {
            format!("All {} doors locked", summary.doors)
        }
    } else {
        let unknown = summary.doors - summary.locked;
        format!(
            "{} of {} doors locked, {unknown} not reporting",
            summary.locked, summary.doors
        )
    }
}

/// The smaller facts: offline, low battery, changes on their way.
pub fn details(summary: &SiteSummary) -> Vec<String> {
    let mut facts = Vec::new();
    if summary.offline > 0 {
        facts.push(format!("{} offline", summary.offline));
    }
    if summary.low_battery > 0 {
        facts.push(format!("{} low battery", summary.low_battery));
    }
    if summary.pending > 0 {
        let doors = if summary.pending == 1 {
            "door"
        } else {
            "doors"
        };
        facts.push(format!("{} {doors} updating codes", summary.pending));
    }
    facts
}

/// Whether the site is all fine (every door locked and nothing to report).
pub fn all_clear(summary: &SiteSummary) -> bool {
    summary.doors > 0 && summary.locked == summary.doors && details(summary).is_empty()
}

/// One site's card.
#[component]
pub fn SiteSummaryCard(
    summary: SiteSummary,
    /// Called with the site when its "Lock all" is pressed.
    on_lock_all: Callback<SiteSummary>,
    /// True while a "Lock all" is being sent.
    #[prop(into)]
    busy: Signal<bool>,
) -> impl IntoView {
    let line = headline(&summary);
    let facts = details(&summary);
    let tone = if all_clear(&summary) {
        "ok"
    } else if summary.jammed + summary.unlocked > 0 {
        "warn"
    } else {
        "muted"
    };
    let heading_id = format!("site-{}", summary.site_id);
    let labelled_by = heading_id.clone();
    let name = summary.name.clone();
    let button_id = lock_all_button_id(Some(&summary.site_id));
    let for_button = summary.clone();
    view! {
        <article class=format!("site-card site-card-{tone}") aria-labelledby=labelled_by>
            <h2 id=heading_id class="site-card-name">{summary.name.clone()}</h2>
            <p class="site-card-headline">{line}</p>
            <ul class="site-card-facts">
                {facts.into_iter().map(|fact| view! { <li class="chip">{fact}</li> }).collect_view()}
            </ul>
            // Not `disabled` while busy: a disabled button drops the keyboard focus,
            // which the results dialog gives back to this button when it closes.
            <button
                id=button_id
                class="button button-primary"
                on:click=move |_| if !busy.get_untracked() { on_lock_all.run(for_button.clone()) }
                aria-disabled=move || busy.get().to_string()
            >
                {format!("Lock all at {name}")}
            </button>
        </article>
    }
}
