//! `<PersonFields/>`: who a person is (name, kind, phone, e-mail), as typed, with
//! each problem shown at its field. Used to add a person and to change one.

use std::collections::HashMap;

use latchkey_core::{
    name::check_display_name,
    person::{NewPerson, Person, PersonChange, PersonKind},
};
use leptos::prelude::*;

use crate::{api::ApiError, pages::people::kind_text};

/// The kinds offered, most common first.
const KINDS: [PersonKind; 7] = [
    PersonKind::Family,
    PersonKind::Guest,
    PersonKind::Staff,
    PersonKind::Contractor,
    PersonKind::Delivery,
    PersonKind::Resident,
    PersonKind::Owner,
];

/// What is typed about a person: kept through every error.
#[derive(Clone, Copy)]
pub struct PersonDraft {
    pub name: RwSignal<String>,
    pub kind: RwSignal<PersonKind>,
    pub phone: RwSignal<String>,
    pub email: RwSignal<String>,
    /// A problem per field ("name", "phone", "email").
    errors: RwSignal<HashMap<&'static str, String>>,
}

impl Default for PersonDraft {
    /// An empty form for someone new.
    fn default() -> PersonDraft {
        PersonDraft {
            name: RwSignal::new(String::new()),
            kind: RwSignal::new(PersonKind::Guest),
            phone: RwSignal::new(String::new()),
            email: RwSignal::new(String::new()),
            errors: RwSignal::new(HashMap::new()),
        }
    }
}

impl PersonDraft {
    /// The form filled from a saved person.
    pub fn of(person: &Person) -> PersonDraft {
        let draft = PersonDraft::default();
        draft.fill(person);
        draft
    }

    fn fill(&self, person: &Person) {
        self.name.set(person.name.clone());
        self.kind.set(person.kind);
        self.phone.set(person.phone.clone().unwrap_or_default());
        self.email.set(person.email.clone().unwrap_or_default());
    }

    /// Someone else saved `theirs` over `original`: fields left as they were take
    /// their value; fields typed here keep what was typed.
    pub fn rebase(&self, original: &Person, theirs: &Person) {
        let untouched = |typed: RwSignal<String>, was: Option<&str>| {
            typed.get_untracked().trim() == was.unwrap_or_default()
        };
        if untouched(self.name, Some(&original.name)) {
            self.name.set(theirs.name.clone());
        }
        if self.kind.get_untracked() == original.kind {
            self.kind.set(theirs.kind);
        }
        if untouched(self.phone, original.phone.as_deref()) {
            self.phone.set(theirs.phone.clone().unwrap_or_default());
        }
        if untouched(self.email, original.email.as_deref()) {
            self.email.set(theirs.email.clone().unwrap_or_default());
        }
    }

    /// The name typed, or `None` (the problem shown at the field) when it
    /// breaks latchkey-core's name rule (the server's own).
    fn checked_name(&self) -> Option<String> {
        let name = self.name.get_untracked().trim().to_owned();
        let problem = check_display_name(&name).err();
        self.errors.update(|e| {
            e.clear();
            if let Some(problem) = problem {
                e.insert("name", problem.to_string());
            }
        });
        problem.is_none().then_some(name)
    }

    /// The new person to save, or `None` when a field needs fixing first.
    pub fn new_person(&self) -> Option<NewPerson> {
        let optional = |typed: RwSignal<String>| {
            Some(typed.get_untracked().trim().to_owned()).filter(|t| !t.is_empty())
        };
        Some(NewPerson {
            name: self.checked_name()?,
            kind: self.kind.get_untracked(),
            phone: optional(self.phone),
            email: optional(self.email),
        })
    }

    /// What differs from `saved` (empty when nothing does), or `None` when a
    /// field needs fixing first. A cleared phone or e-mail is sent as `""`.
    pub fn change_from(&self, saved: &Person) -> Option<PersonChange> {
        let name = self.checked_name()?;
        let differs = |typed: RwSignal<String>, was: &Option<String>| {
            let typed = typed.get_untracked().trim().to_owned();
            (typed != was.clone().unwrap_or_default()).then_some(typed)
        };
        Some(PersonChange {
            name: (name != saved.name).then_some(name),
            kind: (self.kind.get_untracked() != saved.kind).then(|| self.kind.get_untracked()),
            phone: differs(self.phone, &saved.phone),
            email: differs(self.email, &saved.email),
        })
    }

    /// Shows a refused save at its field; gives back errors that belong to no field.
    pub fn show_error(&self, err: ApiError) -> Option<ApiError> {
        let field: &'static str = match err.field() {
            Some("name") => "name",
            Some("phone") => "phone",
            Some("email") => "email",
            _ => return Some(err),
        };
        self.errors.update(|e| {
            e.insert(field, err.message());
        });
        None
    }

    fn error_at(&self, field: &'static str) -> Signal<Option<String>> {
        let errors = self.errors;
        Signal::derive(move || errors.with(|e| e.get(field).cloned()))
    }
}

/// One text field with its label and its problem, announced when it appears.
#[component]
fn TextField(
    id: &'static str,
    label: &'static str,
    #[prop(optional)] input_type: Option<&'static str>,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                type=input_type.unwrap_or("text")
                autocomplete="off"
                aria-describedby=error_id.clone()
                aria-invalid=move || error.with(Option::is_some).to_string()
                prop:value=value
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <p id=error_id class="field-error" role="alert">{move || error.get()}</p>
        </div>
    }
}

/// The person's fields.
#[component]
pub fn PersonFields(draft: PersonDraft) -> impl IntoView {
    let kind = draft.kind;
    view! {
        <TextField id="name" label="Name" value=draft.name error=draft.error_at("name")/>
        <div class="field">
            <label for="kind">"Who they are"</label>
            <select id="kind" on:change=move |ev| {
                let value = event_target_value(&ev);
                if let Ok(k) = serde_json::from_str::<PersonKind>(&format!("\"{value}\"")) { kind.set(k); }
            }>
                {KINDS.into_iter().map(|k| {
                    let value = serde_json::to_string(&k).unwrap_or_default().trim_matches('"').to_owned();
                    view! { <option value=value selected=move || kind.get() == k>{kind_text(k)}</option> }
                }).collect_view()}
            </select>
        </div>
        <div class="field-row">
            <TextField id="phone" label="Phone (optional)" input_type="tel" value=draft.phone error=draft.error_at("phone")/>
            <TextField id="email" label="E-mail (optional)" input_type="email" value=draft.email error=draft.error_at("email")/>
        </div>
    }
}
