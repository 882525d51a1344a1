//! `<DoorChecklist/>`: choose a code's doors by checkbox, grouped by site, with
//! "All doors of this site" and what each lock accepts; a big site's doors are
//! found by name, and a search that finds none says so.

use latchkey_core::{ids::LockId, lock::Lock, lock::Radio};
use leptos::prelude::*;

/// The doors of one site, as a group of checkboxes.
#[component]
pub fn DoorChecklist(
    /// The site's name, the group's legend.
    site_name: String,
    /// The site's doors, in the order to show them.
    doors: Vec<Lock>,
    /// The chosen doors.
    chosen: RwSignal<Vec<LockId>>,
    /// Why the choice is not valid, shown under the group.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let all_ids: Vec<LockId> = doors.iter().map(|d| d.id.clone()).collect();
    let ids_for_all = all_ids.clone();
    let every =
        move || !all_ids.is_empty() && all_ids.iter().all(|id| chosen.with(|c| c.contains(id)));
    let legend = format!("Doors at {site_name}");
    // A big site lists DOORS_LISTED doors at a time, found by name; the chosen
    // ones not listed are named in one line. The page stays small whatever the
    // number of doors.
    let many = doors.len() > DOORS_LISTED;
    let total = doors.len();
    let search = RwSignal::new(String::new());
    let doors = StoredValue::new(doors);
    let listed = move || {
        let words = search.get().trim().to_lowercase();
        doors.with_value(|doors| {
            doors
                .iter()
                .filter(|door| door.name.to_lowercase().contains(&words))
                .take(DOORS_LISTED)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let no_match = move || {
        let words = search.get();
        let words = words.trim();
        (!words.is_empty() && listed().is_empty())
            .then(|| format!("No door matches “{words}”. Check the spelling, or clear the search."))
    };
    let chosen_not_listed = move || {
        let shown: Vec<LockId> = listed().into_iter().map(|d| d.id).collect();
        let names: Vec<String> = chosen.with(|chosen| {
            doors.with_value(|doors| {
                doors
                    .iter()
                    .filter(|d| chosen.contains(&d.id) && !shown.contains(&d.id))
                    .map(|d| d.name.clone())
                    .collect()
            })
        });
        let more = names.len().saturating_sub(10);
        let named = names
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        (!names.is_empty()).then(|| match more {
            0 => format!("Also chosen: {named}"),
            more => format!("Also chosen: {named} and {more} more"),
        })
    };
    view! {
        <fieldset class="door-checklist" aria-describedby="doors-error">
            <legend>{legend}</legend>
            <label class="check check-all">
                <input type="checkbox" prop:checked=every on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    chosen.set(if on { ids_for_all.clone() } else { Vec::new() });
                }/>
                {format!("All doors of {site_name}")}
            </label>
            {many.then(|| view! {
                <div class="field">
                    <label for="door-checklist-search">"Find a door"</label>
                    <input id="door-checklist-search" type="search" placeholder="Door name" aria-describedby="door-checklist-count"
                        prop:value=search on:input=move |ev| search.set(event_target_value(&ev))/>
                    <p id="door-checklist-count" class="hint">
                        {format!("{}; {DOORS_LISTED} are listed at a time. Type a name to find the others.", crate::numbers::count(total as u64, "door", "doors"))}
                    </p>
                </div>
            })}
            <For each=listed key=|door| door.id.clone() let(door)>{door_choice(door, chosen)}</For>
            // Read out as the search leaves nothing listed.
            {many.then(|| view! { <p class="empty" role="status">{no_match}</p> })}
            {move || chosen_not_listed().map(|text| view! { <p class="hint">{text}</p> })}
            <p id="doors-error" class="field-error" role="alert">{move || error.get()}</p>
        </fieldset>
    }
}

/// Doors listed at once in a big site's checklist.
const DOORS_LISTED: usize = 60;

/// One door's checkbox, with what its lock accepts.
fn door_choice(door: Lock, chosen: RwSignal<Vec<LockId>>) -> impl IntoView {
    let id = door.id.clone();
    let toggle_id = id.clone();
    let room = match door.free_slots() {
        0 => "full".to_owned(),
        1 => "1 free slot".to_owned(),
        n => format!("{n} free slots"),
    };
    let hint = format!(
        "{}–{} digits · {room}{}",
        door.capabilities.pin_length.min,
        door.capabilities.pin_length.max,
        if door.capabilities.radio == Radio::Bluetooth {
            " · Bluetooth"
        } else {
            ""
        }
    );
    view! {
        <label class="check">
            <input type="checkbox" prop:checked=move || chosen.with(|c| c.contains(&id)) on:change=move |ev| {
                let on = event_target_checked(&ev);
                chosen.update(|c| {
                    c.retain(|x| x != &toggle_id);
                    if on { c.push(toggle_id.clone()); }
                });
            }/>
            <span>{door.name.clone()}</span>
            <span class="hint">{hint}</span>
        </label>
    }
}
