//! `<NewPin/>`: "New PIN" on one code. It keeps the code's length (or offers
//! the lengths the site and its doors allow), asks first when the PIN works
//! today, and shows the new PIN once where the site allows reveal.

use std::collections::HashMap;

use latchkey_core::ids::CodeId;
use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::{self, ApiError},
    components::pin_length_choice::PinLengthChoice,
};

/// What `<NewPin/>` needs to know about its code.
#[derive(Clone)]
pub struct NewPinFor {
    pub code_id: CodeId,
    pub code_name: String,
    /// The length of its PIN now (kept unless another is chosen).
    pub length: u8,
    /// The lengths the site and every one of its doors allow.
    pub lengths: Vec<u8>,
    /// Whether the PIN opens a door today: replacing it locks that out, so ask.
    pub works_today: bool,
    /// Whether the site lets PINs be shown after they are made.
    pub can_reveal: bool,
}

#[component]
pub fn NewPin(
    code: NewPinFor,
    /// PINs on screen, by code (the new one joins them).
    revealed: RwSignal<HashMap<CodeId, String>>,
    notice: RwSignal<Option<String>>,
    error: RwSignal<Option<ApiError>>,
    /// Called once the new PIN is saved (to reload the grid).
    on_done: Callback<()>,
) -> impl IntoView {
    let asking = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let length = RwSignal::new(Some(code.length));
    let code = StoredValue::new(code);
    let make = move || {
        let code = code.get_value();
        busy.set(true);
        notice.set(None);
        spawn_local(async move {
            let made = api::regenerate_pin(&code.code_id, length.get_untracked()).await;
            busy.try_set(false);
            if let Err(err) = made {
                error.set(Some(err));
                return;
            }
            asking.try_set(false);
            let shown = if code.can_reveal {
                api::reveal_pin(&code.code_id).await.ok()
            } else {
                None
            };
            let message = match shown {
                Some(pin) => {
                    revealed.update(|r| {
                        r.insert(code.code_id.clone(), pin.pin.reveal().to_owned());
                    });
                    format!(
                        "New PIN for {} is on screen until you hide it; it goes to every door now.",
                        code.code_name
                    )
                }
                None => {
                    revealed.update(|r| {
                        r.remove(&code.code_id);
                    });
                    format!(
                        "New PIN made for {}; it goes to every door now. This site does not show PINs: send it by SMS or e-mail.",
                        code.code_name
                    )
                }
            };
            notice.set(Some(message));
            on_done.run(());
        });
    };
    let (name, lengths, must_ask) = code.with_value(|c| {
        (
            c.code_name.clone(),
            c.lengths.clone(),
            c.works_today || c.lengths.len() > 1,
        )
    });
    let ask_id = code.with_value(|c| format!("new-pin-{}", c.code_id));
    let title_id = format!("{ask_id}-title");
    let question = code.with_value(|c| {
        if c.works_today {
            format!(
                "Give {} a new PIN? Its PIN works today: it stops working on each door as soon as that lock has the new one.",
                c.code_name
            )
        } else {
            format!("Give {} a new PIN?", c.code_name)
        }
    });
    view! {
        <button class="button" aria-label=format!("New PIN for {name}") aria-expanded=move || asking.get().to_string()
            disabled=move || busy.get()
            on:click=move |_| if must_ask { asking.set(true) } else { make() }>
            "New PIN"
        </button>
        <Show when=move || asking.get()>
            <div class="confirm" role="alertdialog" aria-labelledby=title_id.clone()>
                <p id=title_id.clone()><strong>{question.clone()}</strong></p>
                <PinLengthChoice lengths=lengths.clone() value=length name=format!("{ask_id}-length")/>
                <div class="actions">
                    <button class="button button-primary" disabled=move || busy.get() on:click=move |_| make()>
                        {move || if busy.get() { "Making the new PIN…" } else { "Make the new PIN" }}
                    </button>
                    <button class="button" on:click=move |_| asking.set(false)>"Cancel"</button>
                </div>
            </div>
        </Show>
    }
}
