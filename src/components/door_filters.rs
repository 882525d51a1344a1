//! `<DoorFilters/>`: the Doors list's search, site, state and problem filters
//! and its order, each kept in the URL (`q`, `site`, `state`, `problem`, `sort`).

use latchkey_core::{lock::DoorProblem, site::SiteSummary};
use leptos::prelude::*;

use crate::url_filters::UrlFilters;

/// The `problem` filter's value for a door with any problem at all.
pub const ANY_PROBLEM: &str = "any";

/// The words for a door problem, as the filter lists it.
pub fn problem_label(problem: DoorProblem) -> &'static str {
    match problem {
        DoorProblem::Jammed => "Jammed",
        DoorProblem::Offline => "Offline",
        DoorProblem::KeypadLockedOut => "Keypad locked out",
        DoorProblem::LowBattery => "Low battery",
        DoorProblem::CodesWaiting => "Code changes waiting",
    }
}

/// The API's `problem` for the URL's: one problem's name, or every name for "any".
pub fn problems_to_ask(url_value: &str) -> String {
    if url_value == ANY_PROBLEM {
        DoorProblem::ALL.map(DoorProblem::name).join(",")
    } else {
        url_value.to_owned()
    }
}

/// A `<select>` whose value is the URL filter `name`: its options are (value, label),
/// the first one standing for no filter.
fn url_select(
    filters: UrlFilters,
    id: &'static str,
    name: &'static str,
    label: &'static str,
    options: Vec<(&'static str, &'static str)>,
    on_change: Callback<(&'static str, String)>,
) -> impl IntoView {
    let current = filters.memo(name);
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id on:change=move |ev| on_change.run((name, event_target_value(&ev)))>
                {options.into_iter().map(|(value, text)| {
                    let selected = move || current.with(|c| c.as_deref().unwrap_or_default() == value);
                    view! { <option value=value selected=selected>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
pub fn DoorFilters(
    filters: UrlFilters,
    /// What is typed in the search box (the URL follows it).
    search_text: RwSignal<String>,
    /// The sites to choose from (listed by name).
    sites: Signal<Vec<SiteSummary>>,
    /// Called with a filter's name and new value.
    on_change: Callback<(&'static str, String)>,
) -> impl IntoView {
    let site_filter = filters.memo("site");
    let problems: Vec<(&str, &str)> = [("", "Any door"), (ANY_PROBLEM, "Any problem")]
        .into_iter()
        .chain(DoorProblem::ALL.map(|p| (p.name(), problem_label(p))))
        .collect();
    view! {
        <form class="filters" role="search" on:submit=move |ev| {
            ev.prevent_default();
            on_change.run(("q", search_text.get_untracked().trim().to_owned()));
        }>
            <div class="field">
                <label for="door-search">"Search doors"</label>
                <input
                    id="door-search"
                    type="search"
                    placeholder="Door name"
                    prop:value=search_text
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        search_text.set(text.clone());
                        on_change.run(("q", text.trim().to_owned()));
                    }
                />
            </div>
            <div class="field">
                <label for="door-site">"Site"</label>
                <select id="door-site" on:change=move |ev| on_change.run(("site", event_target_value(&ev)))>
                    <option value="" selected=move || site_filter.with(Option::is_none)>"All sites"</option>
                    {move || {
                        let mut sites = sites.get();
                        sites.sort_by(|a, b| a.name.cmp(&b.name));
                        sites
                    }.into_iter().map(|site| {
                        let (value, name) = (site.site_id.to_string(), site.name);
                        let selected = site_filter.with(|site| site.as_deref() == Some(value.as_str()));
                        view! { <option value=value selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            {url_select(filters, "door-state", "state", "State", vec![("", "Any state"), ("locked", "Locked"), ("unlocked", "Unlocked"), ("jammed", "Jammed"), ("unknown", "Unknown")], on_change)}
            {url_select(filters, "door-problem", "problem", "Problem", problems, on_change)}
            {url_select(filters, "door-sort", "sort", "Order", vec![("", "By name"), ("problems", "Problems first")], on_change)}
        </form>
    }
}
