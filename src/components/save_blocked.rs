//! `<SaveBlocked/>`: when a save is stopped by a problem in the form, the
//! focus moves to the first field with a problem (scrolled into view) and a
//! line beside the save button says what stops it, so the press never seems
//! to do nothing.

use leptos::{html::Form, prelude::*};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, ScrollIntoViewOptions, ScrollLogicalPosition};

/// What a blocked save found, for the line beside the button.
#[derive(Clone, Copy)]
pub struct SaveBlock {
    form: NodeRef<Form>,
    said: RwSignal<Option<String>>,
}

impl SaveBlock {
    pub fn new(form: NodeRef<Form>) -> SaveBlock {
        SaveBlock {
            form,
            said: RwSignal::new(None),
        }
    }

    /// After a save that did not go through: once the form shows its
    /// problems, focuses the first and says it beside the button.
    pub fn show(&self) {
        let (form, said) = (self.form, self.said);
        request_animation_frame(move || {
            let found = form.get_untracked().and_then(|form| first_problem(&form));
            said.try_set(found.map(|(field, message)| {
                if let Some(field) = field {
                    let _ = field.focus();
                    let options = ScrollIntoViewOptions::new();
                    options.set_block(ScrollLogicalPosition::Center);
                    field.scroll_into_view_with_scroll_into_view_options(&options);
                }
                format!("Not saved yet: {message}")
            }));
        });
    }

    /// A new attempt clears the line.
    pub fn clear(&self) {
        self.said.set(None);
    }
}

/// The first problem shown in the form (in page order), and the field it is about.
fn first_problem(form: &web_sys::HtmlFormElement) -> Option<(Option<HtmlElement>, String)> {
    let errors = form.query_selector_all(".field-error").ok()?;
    (0..errors.length()).find_map(|i| {
        let error = errors.item(i)?.dyn_into::<web_sys::Element>().ok()?;
        let message = error.text_content()?.trim().to_owned();
        if message.is_empty() || error.closest(".save-blocked").ok().flatten().is_some() {
            return None;
        }
        Some((field_of(form, &error), message))
    })
}

/// The control a problem describes: the one naming it in `aria-describedby`
/// (for a fieldset, its first control), else the first control around it.
fn field_of(form: &web_sys::HtmlFormElement, error: &web_sys::Element) -> Option<HtmlElement> {
    let described = (!error.id().is_empty())
        .then(|| {
            form.query_selector(&format!("[aria-describedby~=\"{}\"]", error.id()))
                .ok()
                .flatten()
        })
        .flatten();
    let control = match described {
        Some(el) if el.tag_name().eq_ignore_ascii_case("fieldset") => el
            .query_selector("input, select, textarea, button")
            .ok()
            .flatten(),
        Some(el) => Some(el),
        None => error
            .parent_element()
            .and_then(|p| p.query_selector("input, select, textarea").ok().flatten()),
    };
    control.and_then(|el| el.dyn_into::<HtmlElement>().ok())
}

/// The line beside the save button.
#[component]
pub fn SaveBlocked(block: SaveBlock) -> impl IntoView {
    view! {
        <p class="field-error save-blocked" role="alert">{move || block.said.get()}</p>
    }
}
