//! `<CodeFields/>`: the part of a form that makes or changes one access code —
//! its name, its doors (by checkbox), its PIN (kept, generated, or typed and
//! checked live) and when it works. What is typed lives in a [`CodeDraft`], so
//! the form keeps it through every error, and one check turns it into a request.

use std::collections::HashMap;

use latchkey_core::{
    code::{AccessCode, AccessCodeChange, NewAccessCode, PinChoice},
    ids::{CodeId, LockId, PersonId, SiteId},
    lock::Lock,
    name::check_display_name,
    pin::{Pin, usable_lengths},
    schedule::{Schedule, SchedulePreset},
    site::CodePolicy,
};
use leptos::prelude::*;

use crate::{
    api::ApiError,
    components::{
        door_checklist::DoorChecklist,
        pin_field::PinField,
        pin_length_choice::PinLengthChoice,
        schedule_editor::{ScheduleDraft, ScheduleEditor},
    },
};

/// How the PIN is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinMode {
    /// The code keeps its PIN (only when changing a code).
    Keep,
    Generate,
    Custom,
}

/// A code as the form would save it, once every field is valid.
pub struct CheckedCode {
    pub name: String,
    /// `None`: keep the current PIN.
    pub pin: Option<PinChoice>,
    pub doors: Vec<LockId>,
    pub schedule: Schedule,
    pub preset: SchedulePreset,
}

impl CheckedCode {
    /// The request that creates it for a person.
    pub fn into_new(self, person: PersonId) -> NewAccessCode {
        NewAccessCode {
            person_id: person,
            name: self.name,
            pin: self.pin.unwrap_or(PinChoice::Generate { length: None }),
            doors: self.doors,
            schedule: self.schedule,
            preset: self.preset,
        }
    }

    /// The request that changes `before` into it: only what differs, in one step.
    pub fn into_change(self, before: &AccessCode) -> AccessCodeChange {
        let schedule_changed = self.schedule != before.schedule;
        AccessCodeChange {
            name: (self.name != before.name).then_some(self.name),
            pin: self.pin,
            doors: (!same_doors(&self.doors, &before.doors)).then_some(self.doors),
            schedule: schedule_changed.then_some(self.schedule),
            preset: schedule_changed.then_some(self.preset),
        }
    }
}

/// True when both lists hold the same doors, in any order.
fn same_doors(a: &[LockId], b: &[LockId]) -> bool {
    let (mut a, mut b) = (a.to_vec(), b.to_vec());
    a.sort();
    b.sort();
    a == b
}

/// What is typed into a code's form.
#[derive(Clone, Copy)]
pub struct CodeDraft {
    pub name: RwSignal<String>,
    pub chosen: RwSignal<Vec<LockId>>,
    pub pin_mode: RwSignal<PinMode>,
    pub pin: RwSignal<String>,
    /// The length of a generated PIN (`None`: the shortest the doors allow).
    pub pin_length: RwSignal<Option<u8>>,
    pub pin_problem: RwSignal<Option<String>>,
    pub schedule: ScheduleDraft,
    /// Problems found on save, by field ("name", "doors", "schedule").
    pub errors: RwSignal<HashMap<&'static str, String>>,
    /// A chosen door with no room for the code (found while choosing).
    pub door_problem: RwSignal<Option<String>>,
    /// True while the form is being saved (the PIN field stops checking).
    pub saving: RwSignal<bool>,
    /// The code being changed (which may keep its own PIN).
    pub code_id: StoredValue<Option<CodeId>>,
    /// The doors the code is on now (they need no new slot).
    pub already_on: StoredValue<Vec<LockId>>,
}

impl CodeDraft {
    /// An empty form for a new code (`today`: the site's local date).
    pub fn new(today: chrono::NaiveDate) -> CodeDraft {
        CodeDraft {
            name: RwSignal::new(String::new()),
            chosen: RwSignal::new(Vec::new()),
            pin_mode: RwSignal::new(PinMode::Generate),
            pin: RwSignal::new(String::new()),
            pin_length: RwSignal::new(None),
            pin_problem: RwSignal::new(None),
            schedule: ScheduleDraft::new(today),
            errors: RwSignal::new(HashMap::new()),
            door_problem: RwSignal::new(None),
            saving: RwSignal::new(false),
            code_id: StoredValue::new(None),
            already_on: StoredValue::new(Vec::new()),
        }
    }

    /// The form filled in with an existing code, keeping its PIN.
    pub fn from_code(code: &AccessCode, today: chrono::NaiveDate) -> CodeDraft {
        let draft = CodeDraft::new(today);
        draft.schedule.fill(&code.schedule);
        draft.name.set(code.name.clone());
        draft.chosen.set(code.doors.clone());
        draft.pin_mode.set(PinMode::Keep);
        // A new PIN keeps the code's length unless another is chosen.
        draft.pin_length.set(Some(code.pin_length));
        draft.code_id.set_value(Some(code.id.clone()));
        draft.already_on.set_value(code.doors.clone());
        draft
    }

    /// Someone else changed the code since the form was filled from `original`:
    /// fields not touched here take their values, fields changed here stay.
    pub fn rebase(&self, original: &AccessCode, theirs: &AccessCode) {
        if self.name.get_untracked().trim() == original.name {
            self.name.set(theirs.name.clone());
        }
        if same_doors(&self.chosen.get_untracked(), &original.doors) {
            self.chosen.set(theirs.doors.clone());
        }
        let untouched = self.schedule.build().is_ok_and(|s| s == original.schedule);
        if untouched {
            self.schedule.fill(&theirs.schedule);
        }
    }

    /// Checks every field, shows each problem at its field, and gives the code
    /// to save when there is none. An empty name becomes `default_name`.
    pub fn check(&self, default_name: &str) -> Option<CheckedCode> {
        let mut problems = HashMap::new();
        let name = self.name.get_untracked().trim().to_owned();
        // An empty name takes the default; any other follows the core's name rule.
        if let Some(problem) = (!name.is_empty())
            .then(|| check_display_name(&name).err())
            .flatten()
        {
            problems.insert("name", problem.to_string());
        }
        let doors = self.chosen.get_untracked();
        if doors.is_empty() {
            problems.insert("doors", "Choose at least one door.".to_owned());
        } else if let Some(problem) = self.door_problem.get_untracked() {
            problems.insert("doors", problem);
        }
        let pin = match self.pin_mode.get_untracked() {
            PinMode::Keep => None,
            PinMode::Generate => Some(PinChoice::Generate {
                length: self.pin_length.get_untracked(),
            }),
            PinMode::Custom => match self.pin_problem.get_untracked() {
                Some(problem) => {
                    problems.insert("pin", problem);
                    None
                }
                None => match Pin::parse(&self.pin.get_untracked()) {
                    Ok(pin) => Some(PinChoice::Custom { pin }),
                    Err(_) if self.pin.get_untracked().is_empty() => {
                        let problem = "Enter a PIN, or choose Generate.".to_owned();
                        self.pin_problem.set(Some(problem.clone()));
                        problems.insert("pin", problem);
                        None
                    }
                    Err(problem) => {
                        self.pin_problem.set(Some(problem.to_string()));
                        problems.insert("pin", problem.to_string());
                        None
                    }
                },
            },
        };
        let schedule = match self.schedule.result() {
            Ok(schedule) => Some(schedule),
            Err(problem) => {
                problems.insert("schedule", problem);
                None
            }
        };
        let ok = problems.is_empty();
        self.errors.set(problems);
        let (schedule, preset) = schedule.filter(|_| ok)?;
        Some(CheckedCode {
            name: if name.is_empty() {
                default_name.to_owned()
            } else {
                name
            },
            pin,
            doors,
            schedule,
            preset,
        })
    }

    /// Shows a refused save at its field; gives back errors that belong to no field.
    pub fn show_error(&self, err: ApiError) -> Option<ApiError> {
        let field = err.field().map(str::to_owned);
        match field.as_deref() {
            Some("pin") => self.pin_problem.set(Some(err.message())),
            Some("name") => self.errors.update(|f| {
                f.insert("name", err.message());
            }),
            Some(f) if f.starts_with("doors") => self.errors.update(|e| {
                e.insert("doors", err.message());
            }),
            Some(f) if f.starts_with("schedule") => self.errors.update(|e| {
                e.insert("schedule", err.message());
            }),
            _ => return Some(err),
        }
        None
    }

    fn error_at(&self, field: &'static str) -> Signal<Option<String>> {
        let errors = self.errors;
        Signal::derive(move || errors.with(|e| e.get(field).cloned()))
    }
}

#[component]
pub fn CodeFields(
    draft: CodeDraft,
    site: SiteId,
    site_name: String,
    #[prop(into)] policy: Signal<CodePolicy>,
    /// Every door of the site, for the checklist.
    doors: Vec<Lock>,
    /// What an empty name becomes, shown as the field's placeholder.
    #[prop(into)]
    default_name: Signal<String>,
    /// The site's time zone (schedules are in its local time).
    time_zone: String,
) -> impl IntoView {
    let CodeDraft {
        name,
        chosen,
        pin_mode,
        pin,
        pin_problem,
        ..
    } = draft;
    let all_doors = doors.clone();
    let chosen_locks = Signal::derive(move || {
        chosen.with(|ids| {
            all_doors
                .iter()
                .filter(|d| ids.contains(&d.id))
                .cloned()
                .collect::<Vec<Lock>>()
        })
    });
    // A full door is named as soon as it is ticked.
    let already_on = draft.already_on.get_value();
    Effect::new(move |_| {
        let problem =
            chosen_locks.with(|locks| locks.iter().find_map(|l| l.room_problem(&already_on)));
        draft.door_problem.set(problem);
        // A new choice replaces what the last save said about the doors.
        draft.errors.update(|e| {
            e.remove("doors");
        });
    });
    let errors = draft.errors;
    let door_error = Signal::derive(move || {
        errors
            .with(|e| e.get("doors").cloned())
            .or_else(|| draft.door_problem.get())
    });
    let changing = draft.code_id.get_value();
    let name_error = draft.error_at("name");
    let lengths =
        Signal::derive(move || chosen_locks.with(|locks| usable_lengths(&policy.get(), locks)));
    // A length the chosen doors no longer take falls back to the shortest they do.
    let pin_length = draft.pin_length;
    Effect::new(move |_| {
        let lengths = lengths.get();
        if pin_length
            .get_untracked()
            .is_some_and(|l| !lengths.contains(&l))
            && !lengths.is_empty()
        {
            pin_length.set(None);
        }
    });
    view! {
        <div class="field">
            <label for="code-name">"Code name (optional)"</label>
            <input id="code-name" autocomplete="off" maxlength="100" aria-describedby="code-name-error"
                placeholder=move || default_name.get()
                prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
            <p id="code-name-error" class="field-error" role="alert">{move || name_error.get()}</p>
        </div>
        <DoorChecklist site_name=site_name doors=doors chosen=chosen error=door_error/>
        <fieldset aria-describedby="pin-mode-error">
            <legend>"PIN"</legend>
            {changing.is_some().then(|| view! {
                <label class="check"><input type="radio" name="pin-choice" prop:checked=move || pin_mode.get() == PinMode::Keep on:change=move |_| { pin_problem.set(None); pin_mode.set(PinMode::Keep); }/>"Keep the current PIN"</label>
            })}
            <label class="check"><input type="radio" name="pin-choice" prop:checked=move || pin_mode.get() == PinMode::Generate on:change=move |_| { pin_problem.set(None); pin_mode.set(PinMode::Generate); }/>
                {if changing.is_some() { "Generate a new PIN" } else { "Generate a PIN (recommended)" }}
            </label>
            <Show when=move || pin_mode.get() == PinMode::Generate>
                <PinLengthChoice lengths=lengths value=pin_length name="generated-pin-length"/>
            </Show>
            <Show when=move || policy.get().custom_pins fallback=|| view! { <p class="hint">"This site only uses generated PINs."</p> }>
                <label class="check"><input type="radio" name="pin-choice" prop:checked=move || pin_mode.get() == PinMode::Custom on:change=move |_| pin_mode.set(PinMode::Custom)/>"Choose a PIN"</label>
            </Show>
            {
                let site = site.clone();
                let changing = changing.clone();
                view! {
                    <Show when=move || pin_mode.get() == PinMode::Custom>
                        <PinField value=pin site=site.clone() policy=policy chosen=chosen_locks problem=pin_problem code=changing.clone() hold=draft.saving/>
                    </Show>
                }
            }
            <p id="pin-mode-error" class="field-error" role="alert">
                {move || (pin_mode.get() != PinMode::Custom).then(|| pin_problem.get()).flatten()}
            </p>
        </fieldset>
        <ScheduleEditor draft=draft.schedule time_zone=time_zone error=draft.error_at("schedule")/>
    }
}
