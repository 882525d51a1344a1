//! `<PinLengthChoice/>`: "4 digits" or "6 digits" for a generated PIN, shown
//! only where the site and every chosen door allow more than one length.

use leptos::prelude::*;

#[component]
pub fn PinLengthChoice(
    /// The lengths allowed here, shortest first.
    #[prop(into)]
    lengths: Signal<Vec<u8>>,
    /// The chosen length (`None`: the shortest allowed).
    value: RwSignal<Option<u8>>,
    /// Unique on the page: names the radio group.
    #[prop(into)]
    name: String,
) -> impl IntoView {
    let chosen = move || {
        let lengths = lengths.get();
        value
            .get()
            .filter(|l| lengths.contains(l))
            .or_else(|| lengths.first().copied())
    };
    move || {
        let lengths = lengths.get();
        (lengths.len() > 1).then(|| {
            view! {
                <div class="pin-lengths" role="radiogroup" aria-label="Length of the PIN">
                    {lengths.into_iter().map(|length| view! {
                        <label class="check">
                            <input type="radio" name=name.clone() prop:checked=move || chosen() == Some(length)
                                on:change=move |_| value.set(Some(length))/>
                            {format!("{length} digits")}
                        </label>
                    }).collect_view()}
                </div>
            }
        })
    }
}
