//! PIN rules: which PINs are too easy to guess.

/// Why a PIN is too easy to guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weakness {
    /// Every digit is the same, like `1111`.
    AllSameDigits,
    /// The digits go straight up or down, like `1234` or `5432`.
    StraightRun,
}

/// Returns why `digits` is a weak PIN, or `None` when it is not.
///
/// `digits` is expected to hold ASCII digits only; other characters are
/// compared by their byte value, which never makes a PIN look weak by accident.
pub fn weakness(digits: &str) -> Option<Weakness> {
    let bytes = digits.as_bytes();
    if bytes.len() < 2 {
        return None;
    }
    let steps: Vec<i16> = bytes.windows(2).map(|w| i16::from(w[1]) - i16::from(w[0])).collect();
    if steps.iter().all(|&s| s == 0) {
        Some(Weakness::AllSameDigits)
    } else if steps.iter().all(|&s| s == 1) || steps.iter().all(|&s| s == -1) {
        Some(Weakness::StraightRun)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_repeated_and_straight_runs() {
        assert_eq!(weakness("1111"), Some(Weakness::AllSameDigits));
        assert_eq!(weakness("000000"), Some(Weakness::AllSameDigits));
        assert_eq!(weakness("1234"), Some(Weakness::StraightRun));
        assert_eq!(weakness("5432"), Some(Weakness::StraightRun));
        assert_eq!(weakness("456789"), Some(Weakness::StraightRun));
    }

    #[test]
    fn accepts_ordinary_pins() {
        for pin in ["1357", "2580", "9012", "1123", "839201"] {
            assert_eq!(weakness(pin), None, "{pin} should not be weak");
        }
    }
}
