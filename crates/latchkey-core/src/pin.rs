//! PINs and their rules: the `Pin` type that never prints its digits, validation
//! against a site's policy, the chosen locks and the site's other codes, and a
//! generator whose PINs always pass that validation.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{
    ids::{CodeId, LockId},
    lock::{Lock, PinLengthRange},
    refs::{DoorRef, PersonRef},
    site::CodePolicy,
};

/// No lock accepts PINs longer than this; longer input is refused before anything else.
pub const MAX_PIN_LENGTH: usize = 12;

/// A PIN: 1 to [`MAX_PIN_LENGTH`] ASCII digits.
///
/// `Debug` and `Display` never show the digits; use [`Pin::reveal`] where
/// showing them is intended (a reveal, a keypad simulation, the share message).
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String", into = "String")]
pub struct Pin(String);

impl Pin {
    /// Parses typed input: ASCII digits only. Nothing is trimmed: a PIN with a
    /// space before or after it (" 5927") is refused like any other non-digit,
    /// so what is saved is exactly what the keypad will be typed with. Empty or
    /// blank input is [`PinProblem::Empty`].
    pub fn parse(input: &str) -> Result<Pin, PinProblem> {
        if input.trim().is_empty() {
            return Err(PinProblem::Empty);
        }
        let digits = input;
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PinProblem::NotDigits);
        }
        if digits.len() > MAX_PIN_LENGTH {
            return Err(PinProblem::TooLong {
                max: MAX_PIN_LENGTH as u8,
            });
        }
        Ok(Pin(digits.to_owned()))
    }

    /// The digits, for the few places that must show or send them.
    pub fn reveal(&self) -> &str {
        &self.0
    }

    /// Number of digits.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always false: a parsed PIN has at least one digit.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pin(<hidden>)")
    }
}

impl fmt::Display for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("••••")
    }
}

impl TryFrom<String> for Pin {
    type Error = PinProblem;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Pin::parse(&value)
    }
}

impl From<Pin> for String {
    fn from(pin: Pin) -> String {
        pin.0
    }
}

/// Why a PIN cannot be used. Each variant names what a person needs to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum PinProblem {
    Empty,
    NotDigits,
    TooLong {
        max: u8,
    },
    /// The site allows other lengths.
    LengthNotAllowed {
        allowed: Vec<u8>,
    },
    /// One of the chosen doors does not accept this length.
    LengthNotSupported {
        door: DoorRef,
        min: u8,
        max: u8,
    },
    /// One digit repeated, like 1111.
    AllSameDigits,
    /// Straight up or down, like 1234 or 5432.
    StraightRun,
    /// Someone at this site already has this PIN; a keypad could not tell them apart.
    AlreadyUsed {
        person: PersonRef,
        door: DoorRef,
    },
    /// The site only allows generated PINs.
    CustomPinsNotAllowed,
}

impl fmt::Display for PinProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PinProblem::Empty => write!(f, "Enter a PIN."),
            PinProblem::NotDigits => write!(f, "A PIN can only contain digits 0–9."),
            PinProblem::TooLong { max } => write!(f, "A PIN can have at most {max} digits."),
            PinProblem::LengthNotAllowed { allowed } => {
                write!(f, "This site allows PINs of {} digits.", or_list(allowed))
            }
            PinProblem::LengthNotSupported { door, min, max } if min == max => {
                write!(f, "{} only accepts PINs of {min} digits.", door.name)
            }
            PinProblem::LengthNotSupported { door, min, max } => {
                write!(
                    f,
                    "{} only accepts PINs of {min} to {max} digits.",
                    door.name
                )
            }
            PinProblem::AllSameDigits => {
                write!(
                    f,
                    "A PIN of one repeated digit (like 1111) is too easy to guess."
                )
            }
            PinProblem::StraightRun => {
                write!(
                    f,
                    "A PIN of digits in a row (like 1234 or 5432) is too easy to guess."
                )
            }
            PinProblem::AlreadyUsed { person, door } => write!(
                f,
                "{} already uses this PIN on {}. Each person needs their own PIN.",
                person.name, door.name
            ),
            PinProblem::CustomPinsNotAllowed => {
                write!(
                    f,
                    "This site only uses generated PINs; choose \"Generate\"."
                )
            }
        }
    }
}

impl std::error::Error for PinProblem {}

/// "4", "4 or 6", "4, 6 or 8".
fn or_list(values: &[u8]) -> String {
    match values {
        [] => "no".to_owned(),
        [only] => only.to_string(),
        [rest @ .., last] => {
            let rest: Vec<String> = rest.iter().map(u8::to_string).collect();
            format!("{} or {last}", rest.join(", "))
        }
    }
}

/// Why a PIN is too easy to guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weakness {
    /// Every digit is the same, like `1111`.
    AllSameDigits,
    /// The digits go straight up or down, like `1234` or `5432`.
    StraightRun,
}

/// Returns why `digits` is a weak PIN, or `None` when it is not.
pub fn weakness(digits: &str) -> Option<Weakness> {
    let bytes = digits.as_bytes();
    if bytes.len() < 2 {
        return None;
    }
    let steps: Vec<i16> = bytes
        .windows(2)
        .map(|w| i16::from(w[1]) - i16::from(w[0]))
        .collect();
    if steps.iter().all(|&s| s == 0) {
        Some(Weakness::AllSameDigits)
    } else if steps.iter().all(|&s| s == 1) || steps.iter().all(|&s| s == -1) {
        Some(Weakness::StraightRun)
    } else {
        None
    }
}

/// A code already at the site, as PIN uniqueness needs to see it.
#[derive(Debug, Clone)]
pub struct ExistingPin {
    pub code_id: CodeId,
    pub person: PersonRef,
    pub pin: Pin,
    /// The doors the code is on (at least one where possible, to name in messages).
    pub doors: Vec<DoorRef>,
}

/// Checks what can be checked without the site's other codes: the site's allowed
/// lengths, the length range of every chosen lock, and weak PINs (in that order).
/// The app runs this on every keystroke.
pub fn check_pin_shape(
    pin: &Pin,
    policy: &CodePolicy,
    chosen_locks: &[Lock],
) -> Result<(), PinProblem> {
    let len = pin.len();
    if !policy
        .pin_lengths
        .iter()
        .any(|&allowed| usize::from(allowed) == len)
    {
        let mut allowed = policy.pin_lengths.clone();
        allowed.sort_unstable();
        allowed.dedup();
        return Err(PinProblem::LengthNotAllowed { allowed });
    }
    if let Some(lock) = chosen_locks
        .iter()
        .find(|lock| !lock.capabilities.pin_length.contains(len))
    {
        let PinLengthRange { min, max } = lock.capabilities.pin_length;
        return Err(PinProblem::LengthNotSupported {
            door: door_ref(lock),
            min,
            max,
        });
    }
    match weakness(pin.reveal()) {
        Some(Weakness::AllSameDigits) => Err(PinProblem::AllSameDigits),
        Some(Weakness::StraightRun) => Err(PinProblem::StraightRun),
        None => Ok(()),
    }
}

/// Checks that no other code at the site has this PIN. `editing` is the code being
/// changed, which may keep its own PIN. The collision names the other person and,
/// preferably, a door among `chosen_doors`.
pub fn check_pin_unique(
    pin: &Pin,
    existing: &[ExistingPin],
    chosen_doors: &[LockId],
    editing: Option<&CodeId>,
) -> Result<(), PinProblem> {
    let Some(other) = existing
        .iter()
        .find(|code| Some(&code.code_id) != editing && code.pin == *pin)
    else {
        return Ok(());
    };
    let door = other
        .doors
        .iter()
        .find(|door| chosen_doors.contains(&door.id))
        .or_else(|| other.doors.first())
        .cloned()
        .unwrap_or_else(|| DoorRef {
            id: LockId::from(""),
            name: "another door".to_owned(),
        });
    Err(PinProblem::AlreadyUsed {
        person: other.person.clone(),
        door,
    })
}

/// Everything a PIN must pass before it is saved: shape, policy, locks, uniqueness.
/// `custom` says whether a person typed it (rather than the generator making it).
pub fn validate_pin(
    pin: &Pin,
    custom: bool,
    policy: &CodePolicy,
    chosen_locks: &[Lock],
    existing: &[ExistingPin],
    editing: Option<&CodeId>,
) -> Result<(), PinProblem> {
    if custom && !policy.custom_pins {
        return Err(PinProblem::CustomPinsNotAllowed);
    }
    check_pin_shape(pin, policy, chosen_locks)?;
    let chosen: Vec<LockId> = chosen_locks.iter().map(|lock| lock.id.clone()).collect();
    check_pin_unique(pin, existing, &chosen, editing)
}

/// The PIN lengths that the site allows and every chosen lock accepts, shortest first.
pub fn usable_lengths(policy: &CodePolicy, chosen_locks: &[Lock]) -> Vec<u8> {
    let mut lengths: Vec<u8> = policy
        .pin_lengths
        .iter()
        .copied()
        .filter(|&len| {
            usize::from(len) <= MAX_PIN_LENGTH
                && len >= 2
                && chosen_locks
                    .iter()
                    .all(|lock| lock.capabilities.pin_length.contains(usize::from(len)))
        })
        .collect();
    lengths.sort_unstable();
    lengths.dedup();
    lengths
}

/// Why no PIN could be generated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum GenerateProblem {
    /// No length is both allowed by the site and accepted by every chosen lock.
    NoUsableLength,
    /// The system's random source failed.
    RandomSourceFailed,
    /// Every attempt collided with existing codes (the site is nearly full at this length).
    NoFreePin,
}

impl fmt::Display for GenerateProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenerateProblem::NoUsableLength => write!(
                f,
                "No PIN length is allowed by this site and accepted by every chosen door. Choose fewer doors or change the site's PIN lengths."
            ),
            GenerateProblem::RandomSourceFailed => {
                write!(f, "This device could not make a random PIN. Try again.")
            }
            GenerateProblem::NoFreePin => write!(
                f,
                "No unused PIN of this length is left. Choose a longer PIN."
            ),
        }
    }
}

impl std::error::Error for GenerateProblem {}

/// Makes a random PIN of `length` digits from the system CSPRNG (Web Crypto in
/// the browser) that passes [`check_pin_shape`] for the given policy and locks and
/// that no `existing` code uses. `length: None` takes the shortest usable length.
pub fn generate_pin(
    length: Option<u8>,
    policy: &CodePolicy,
    chosen_locks: &[Lock],
    existing: &[ExistingPin],
) -> Result<Pin, GenerateProblem> {
    generate_pin_with(length, policy, chosen_locks, existing, |buf| {
        getrandom::fill(buf).map_err(|_| GenerateProblem::RandomSourceFailed)
    })
}

/// [`generate_pin`] with the random source given, so tests can drive it.
pub fn generate_pin_with(
    length: Option<u8>,
    policy: &CodePolicy,
    chosen_locks: &[Lock],
    existing: &[ExistingPin],
    mut fill_random: impl FnMut(&mut [u8]) -> Result<(), GenerateProblem>,
) -> Result<Pin, GenerateProblem> {
    let usable = usable_lengths(policy, chosen_locks);
    let length = match length {
        Some(wanted) if usable.contains(&wanted) => wanted,
        Some(_) => return Err(GenerateProblem::NoUsableLength),
        None => *usable.first().ok_or(GenerateProblem::NoUsableLength)?,
    };
    const ATTEMPTS: usize = 200;
    let mut bytes = [0u8; 64];
    for _ in 0..ATTEMPTS {
        fill_random(&mut bytes)?;
        // Rejection sampling keeps every digit uniform: bytes 250..=255 are skipped.
        let digits: String = bytes
            .iter()
            .filter(|&&b| b < 250)
            .take(usize::from(length))
            .map(|&b| char::from(b'0' + b % 10))
            .collect();
        if digits.len() < usize::from(length) {
            continue;
        }
        let pin = Pin(digits);
        if check_pin_shape(&pin, policy, chosen_locks).is_ok()
            && check_pin_unique(&pin, existing, &[], None).is_ok()
        {
            return Ok(pin);
        }
    }
    Err(GenerateProblem::NoFreePin)
}

fn door_ref(lock: &Lock) -> DoorRef {
    DoorRef {
        id: lock.id.clone(),
        name: lock.name.clone(),
    }
}
