//! `<DateTimeInput/>`: a date or time field kept in a text signal, that never
//! writes back what was just typed into it.
//!
//! Why: while a date or time is half typed ("0_:__"), the field's value is
//! empty. Setting that empty value back into the field (as `prop:value` does
//! on every change) clears what was typed so far, so keyboard entry lost digits.
//! Here the signal goes into the field only when it differs from what the field
//! holds: a preset, or a loaded code.

use leptos::{html, prelude::*};

#[component]
pub fn DateTimeInput(
    /// The element id (its `<label for>` names it).
    #[prop(into)]
    id: String,
    /// `"date"` or `"time"`.
    kind: &'static str,
    /// The value, `YYYY-MM-DD` or `HH:MM`; empty for none.
    value: RwSignal<String>,
    /// The id of the element that explains a problem with the field.
    #[prop(optional)]
    described_by: Option<&'static str>,
) -> impl IntoView {
    let input = NodeRef::<html::Input>::new();
    Effect::new(move |_| {
        let wanted = value.get();
        if let Some(input) = input.get()
            && input.value() != wanted
        {
            input.set_value(&wanted);
        }
    });
    view! {
        <input
            node_ref=input
            id=id
            type=kind
            aria-describedby=described_by
            on:input=move |ev| value.set(event_target_value(&ev))
        />
    }
}
