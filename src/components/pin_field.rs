//! `<PinField/>`: a PIN typed by hand, masked by default, checked while typing —
//! at once against the site's lengths, every chosen door and the weak-PIN rules
//! (latchkey-core, in the browser), then against the site's other codes (the
//! backend, which names the person and door it collides with).

use std::time::Duration;

use latchkey_core::{
    code::PinCheck,
    ids::{CodeId, LockId, SiteId},
    lock::Lock,
    pin::{Pin, check_pin_shape},
    site::CodePolicy,
};
use leptos::{prelude::*, task::spawn_local};

use crate::api;

/// The problem with a typed PIN that can be told without the backend, if any.
pub fn local_problem(typed: &str, policy: &CodePolicy, chosen: &[Lock]) -> Option<String> {
    match Pin::parse(typed) {
        Err(problem) => Some(problem.to_string()),
        Ok(pin) => check_pin_shape(&pin, policy, chosen)
            .err()
            .map(|p| p.to_string()),
    }
}

/// How long typing must pause before the backend is asked about duplicates.
const CHECK_AFTER: Duration = Duration::from_millis(300);

#[component]
pub fn PinField(
    /// What is typed.
    value: RwSignal<String>,
    site: SiteId,
    #[prop(into)] policy: Signal<CodePolicy>,
    /// The chosen doors, with their capabilities.
    #[prop(into)]
    chosen: Signal<Vec<Lock>>,
    /// The problem shown under the field (set here, and by the form on save).
    problem: RwSignal<Option<String>>,
    /// The code being changed, which may keep its own PIN.
    #[prop(default = None)]
    code: Option<CodeId>,
    /// While true (the form is saving), the backend is not asked: the save checks.
    #[prop(into, default = Signal::stored(false))]
    hold: Signal<bool>,
) -> impl IntoView {
    let shown = RwSignal::new(false);
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let typed = value.get();
        let doors = chosen.get();
        let policy = policy.get();
        generation.update_value(|g| *g += 1);
        if typed.is_empty() {
            problem.set(None);
            return;
        }
        if let Some(local) = local_problem(&typed, &policy, &doors) {
            problem.set(Some(local));
            return;
        }
        problem.set(None);
        let mine = generation.get_value();
        let check = PinCheck {
            site_id: site.clone(),
            pin: typed,
            doors: doors.iter().map(|d| d.id.clone()).collect::<Vec<LockId>>(),
            code_id: code.clone(),
        };
        set_timeout(
            move || {
                // Typing went on, the form is saving, or it is gone (saved, or left).
                if generation.try_get_value() != Some(mine)
                    || hold.try_get_untracked() != Some(false)
                {
                    return;
                }
                spawn_local(async move {
                    let result = api::check_pin(&check).await;
                    if generation.try_get_value() == Some(mine) {
                        problem.try_set(result.err().map(|e| e.message()));
                    }
                });
            },
            CHECK_AFTER,
        );
    });
    view! {
        <div class="field">
            <label for="pin">"PIN"</label>
            <div class="pin-input">
                <input
                    id="pin"
                    name="pin"
                    inputmode="numeric"
                    autocomplete="off"
                    type=move || if shown.get() { "text" } else { "password" }
                    aria-describedby="pin-error"
                    aria-invalid=move || problem.get().is_some().to_string()
                    prop:value=value
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
                <button type="button" class="button" aria-pressed=move || shown.get().to_string() on:click=move |_| shown.update(|s| *s = !*s)>
                    {move || if shown.get() { "Hide" } else { "Show" }}
                </button>
            </div>
            <p id="pin-error" class="field-error" role="alert">{move || problem.get()}</p>
        </div>
    }
}
