//! `<SiteSummaryCard/>`: one site's doors at a glance ("All 4 doors locked",
//! "Back door unlocked", "Garage: offline", each fact a link to those doors)
//! with its "Lock all" button.

use latchkey_core::{
    ids::SiteId,
    lock::{DoorProblem, LockState},
    site::{DoorAttention, SiteSummary},
};
use leptos::prelude::*;

use crate::api::http::encode;

/// The element id of a "Lock all" button: one site's, or the one for every
/// site (`None`). The results dialog gives focus back to it by this id.
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

/// "Garage", "Garage and Side gate", or "3 doors": the doors `count` stands
/// for, by name where the summary names them all.
fn doors_named(count: u32, names: &[&str]) -> String {
    match (count, names) {
        (1, [name]) => (*name).to_owned(),
        (2, [a, b]) => format!("{a} and {b}"),
        (1, _) => "1 door".to_owned(),
        (n, _) => format!("{n} doors"),
    }
}

/// The smaller facts (offline, low battery, code changes on their way), each
/// with the door list filtered to those doors: (words, link).
pub fn details(summary: &SiteSummary) -> Vec<(String, String)> {
    let list = |problem: DoorProblem| {
        format!(
            "/doors?site={}&problem={}",
            encode(summary.site_id.as_str()),
            problem.name()
        )
    };
    let named = |wanted: &dyn Fn(&DoorAttention) -> bool| -> Vec<&str> {
        summary
            .attention
            .iter()
            .filter(|d| wanted(d))
            .map(|d| d.door.name.as_str())
            .collect()
    };
    let mut facts = Vec::new();
    if summary.offline > 0 {
        let doors = doors_named(summary.offline, &named(&|d| !d.online));
        facts.push((format!("{doors}: offline"), list(DoorProblem::Offline)));
    }
    if summary.low_battery > 0 {
        let doors = doors_named(summary.low_battery, &named(&|d| d.battery_low));
        facts.push((
            format!("{doors}: low battery"),
            list(DoorProblem::LowBattery),
        ));
    }
    if summary.pending > 0 {
        let doors = doors_named(summary.pending, &[]);
        facts.push((
            format!("{doors}: updating codes"),
            list(DoorProblem::CodesWaiting),
        ));
    }
    facts
}

/// Whether the site is all fine (every door locked and nothing to report).
pub fn all_clear(summary: &SiteSummary) -> bool {
    summary.doors > 0 && summary.locked == summary.doors && details(summary).is_empty()
}

/// The order of the site cards. A new set of sites: those that need attention
/// first. The same sites again: the order they already have, except that a site
/// which has just come to need attention moves to the front (where a long,
/// folded portfolio shows it). A site that is fine again stays put, so the card
/// the user just acted on does not move under a finger or the keyboard focus.
pub fn arrange_sites(shown: &[SiteSummary], mut fresh: Vec<SiteSummary>) -> Vec<SiteSummary> {
    let before = |site: &SiteSummary| shown.iter().position(|s| s.site_id == site.site_id);
    let same_sites = shown.len() == fresh.len() && fresh.iter().all(|s| before(s).is_some());
    // Sorted by (stays back?, place before); stable, so equal keys keep their order.
    fresh.sort_by_key(|site| match same_sites {
        true => {
            let place = before(site);
            let newly_needs_attention =
                !all_clear(site) && place.is_some_and(|i| all_clear(&shown[i]));
            (!newly_needs_attention, place)
        }
        false => (all_clear(site), None),
    });
    fresh
}

/// One site's card, updated in place as the site's doors change.
#[component]
pub fn SiteSummaryCard(
    summary: Memo<SiteSummary>,
    /// Called with the site when its "Lock all" is pressed.
    on_lock_all: Callback<SiteSummary>,
    /// True while a "Lock all" is being sent.
    #[prop(into)]
    busy: Signal<bool>,
) -> impl IntoView {
    let site_id = summary.with_untracked(|s| s.site_id.clone());
    let tone = move || {
        summary.with(|summary| {
            if all_clear(summary) {
                "ok"
            } else if summary.jammed + summary.unlocked > 0 {
                "warn"
            } else {
                "muted"
            }
        })
    };
    let heading_id = format!("site-{site_id}");
    let labelled_by = heading_id.clone();
    let name = move || summary.with(|s| s.name.clone());
    view! {
        <article class=move || format!("site-card site-card-{}", tone()) aria-labelledby=labelled_by>
            <h2 id=heading_id class="site-card-name">{name}</h2>
            <p class="site-card-headline">{move || summary.with(headline)}</p>
            <ul class="site-card-facts">
                {move || summary.with(details).into_iter().map(|(fact, href)| view! {
                    <li><a class="chip chip-link" href=href>{fact}</a></li>
                }).collect_view()}
            </ul>
            // Not `disabled` while busy: a disabled button drops the keyboard focus,
            // which the results dialog gives back to this button when it closes.
            <button
                id=lock_all_button_id(Some(&site_id))
                class="button button-primary"
                on:click=move |_| if !busy.get_untracked() { on_lock_all.run(summary.get_untracked()) }
                aria-disabled=move || busy.get().to_string()
            >
                {move || format!("Lock all at {}", name())}
            </button>
        </article>
    }
}
