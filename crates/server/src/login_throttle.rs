//! The log-in rate limit: after `MAX_FAILURES` wrong passwords for one user name
//! within `WINDOW`, that name is refused (429 with `Retry-After`) until the oldest of
//! them is older than the window, even with the right password.

use std::{
    collections::{HashMap, VecDeque},
    sync::Mutex,
    time::{Duration, Instant},
};

/// Wrong passwords allowed per user name within [`WINDOW`].
pub const MAX_FAILURES: usize = 5;
/// How far back wrong passwords count.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

/// Recent wrong passwords, by user name (trimmed, lower-cased).
#[derive(Debug, Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl LoginThrottle {
    /// `Err(seconds)` while `username` is refused: how long until it may try again.
    pub fn check(&self, username: &str) -> Result<(), u64> {
        let now = Instant::now();
        let mut failures = self.failures.lock().expect("throttle lock poisoned");
        let Some(times) = failures.get_mut(&key(username)) else {
            return Ok(());
        };
        forget_old(times, now);
        match times.front() {
            Some(oldest) if times.len() >= MAX_FAILURES => {
                let wait = WINDOW.saturating_sub(now.duration_since(*oldest));
                Err(wait.as_secs().max(1))
            }
            _ => Ok(()),
        }
    }

    /// Counts a wrong password for `username`.
    pub fn failed(&self, username: &str) {
        let now = Instant::now();
        let mut failures = self.failures.lock().expect("throttle lock poisoned");
        // Names nobody has tried lately are dropped, so guessing many names cannot
        // grow the table without bound.
        failures.retain(|_, times| {
            forget_old(times, now);
            !times.is_empty()
        });
        failures.entry(key(username)).or_default().push_back(now);
    }

    /// A successful log-in clears the name's count.
    pub fn succeeded(&self, username: &str) {
        let mut failures = self.failures.lock().expect("throttle lock poisoned");
        failures.remove(&key(username));
    }
}

fn key(username: &str) -> String {
    latchkey_core::account::username_key(username)
}

fn forget_old(times: &mut VecDeque<Instant>, now: Instant) {
    while times
        .front()
        .is_some_and(|t| now.duration_since(*t) >= WINDOW)
    {
        times.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sixth_try_after_five_wrong_passwords_is_refused_for_the_window() {
        let throttle = LoginThrottle::default();
        for _ in 0..MAX_FAILURES {
            assert_eq!(throttle.check("alex"), Ok(()));
            throttle.failed("alex");
        }
        let wait = throttle.check(" Alex ").unwrap_err();
        assert!(
            wait > WINDOW.as_secs() - 5 && wait <= WINDOW.as_secs(),
            "{wait}"
        );
        // Another name is not affected.
        assert_eq!(throttle.check("morgan"), Ok(()));
    }

    #[test]
    fn a_success_clears_the_count() {
        let throttle = LoginThrottle::default();
        for _ in 0..MAX_FAILURES - 1 {
            throttle.failed("alex");
        }
        throttle.succeeded("alex");
        throttle.failed("alex");
        assert_eq!(throttle.check("alex"), Ok(()));
    }
}
