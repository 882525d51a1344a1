//! `<DoorChecklist/>`: choose a code's doors by checkbox, grouped by site, with
//! "All doors of this site" and what each lock accepts.

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
            {doors.into_iter().map(|door| {
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
                    if door.capabilities.radio == Radio::Bluetooth { " · Bluetooth" } else { "" }
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
            }).collect_view()}
            <p id="doors-error" class="field-error" role="alert">{move || error.get()}</p>
        </fieldset>
    }
}
