//! The rule for the names people give things (a person, a code, a door, a site,
//! an alert rule), written once so the app and the server refuse the same names.
//!
//! Besides empty, overlong and control-character names, it refuses the
//! invisible characters that make one name look like another: bidirectional
//! controls (a right-to-left override shows the letters after it backwards)
//! and zero-width characters.

use std::fmt;

/// Longest name accepted, in characters (after trimming).
pub const MAX_NAME_CHARS: usize = 100;

/// Why a name cannot be used; `Display` is the message shown next to the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameProblem {
    /// Nothing but spaces.
    Empty,
    /// More than [`MAX_NAME_CHARS`] characters.
    TooLong { max: usize },
    /// A control character (a tab, a newline, a NUL, …).
    ControlCharacter,
    /// A character that changes the direction of the text around it.
    DirectionControl,
    /// A character with no width, which cannot be seen.
    InvisibleCharacter,
}

impl fmt::Display for NameProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameProblem::Empty => write!(f, "Enter a name."),
            NameProblem::TooLong { max } => write!(f, "A name can have at most {max} characters."),
            NameProblem::ControlCharacter => {
                write!(f, "A name cannot contain control characters.")
            }
            NameProblem::DirectionControl => write!(
                f,
                "A name cannot contain characters that change the direction of the text (such as a right-to-left override)."
            ),
            NameProblem::InvisibleCharacter => write!(
                f,
                "A name cannot contain invisible characters (such as a zero-width space)."
            ),
        }
    }
}

impl std::error::Error for NameProblem {}

/// Checks a name as typed. Surrounding spaces do not count (callers store the
/// name trimmed); every character in it must be one that shows.
pub fn check_display_name(name: &str) -> Result<(), NameProblem> {
    let name = name.trim();
    if name.is_empty() {
        return Err(NameProblem::Empty);
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(NameProblem::TooLong {
            max: MAX_NAME_CHARS,
        });
    }
    for c in name.chars() {
        if is_direction_control(c) {
            return Err(NameProblem::DirectionControl);
        }
        if is_zero_width(c) {
            return Err(NameProblem::InvisibleCharacter);
        }
        if c.is_control() {
            return Err(NameProblem::ControlCharacter);
        }
    }
    Ok(())
}

/// Bidirectional controls: embeddings and overrides (U+202A–U+202E), isolates
/// (U+2066–U+2069), and the marks U+200E, U+200F and U+061C.
pub fn is_direction_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// Zero-width characters: space, non-joiner, joiner (U+200B–U+200D), word
/// joiner (U+2060) and the byte-order mark (U+FEFF).
pub fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_names_pass_trimmed() {
        for name in [
            "Alex Rivera",
            "  Zoë O'Brien  ",
            "Pat's Plumbing 🔧",
            "<b>markup</b>",
            "محمد",
            "אבי",
        ] {
            assert_eq!(check_display_name(name), Ok(()), "{name}");
        }
        assert_eq!(check_display_name(&"n".repeat(MAX_NAME_CHARS)), Ok(()));
    }

    #[test]
    fn empty_long_and_control_names_are_refused() {
        assert_eq!(check_display_name("   "), Err(NameProblem::Empty));
        assert_eq!(
            check_display_name(&"n".repeat(MAX_NAME_CHARS + 1)),
            Err(NameProblem::TooLong {
                max: MAX_NAME_CHARS
            })
        );
        assert_eq!(
            check_display_name("a\u{0}b"),
            Err(NameProblem::ControlCharacter)
        );
        assert_eq!(
            check_display_name("a\tb"),
            Err(NameProblem::ControlCharacter)
        );
    }

    #[test]
    fn every_direction_control_is_refused() {
        let controls = ('\u{202A}'..='\u{202E}')
            .chain('\u{2066}'..='\u{2069}')
            .chain(['\u{200E}', '\u{200F}', '\u{061C}']);
        for c in controls {
            assert_eq!(
                check_display_name(&format!("Alex{c}xela")),
                Err(NameProblem::DirectionControl),
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn every_zero_width_character_is_refused_even_at_the_edges() {
        for c in ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}'] {
            for name in [format!("al{c}ex"), format!("{c}alex"), format!("alex{c}")] {
                assert_eq!(
                    check_display_name(&name),
                    Err(NameProblem::InvisibleCharacter),
                    "U+{:04X}",
                    c as u32
                );
            }
        }
    }

    #[test]
    fn messages_say_what_to_fix() {
        assert_eq!(NameProblem::Empty.to_string(), "Enter a name.");
        assert!(
            NameProblem::DirectionControl
                .to_string()
                .contains("direction")
        );
        assert!(
            NameProblem::InvisibleCharacter
                .to_string()
                .contains("invisible")
        );
    }
}
