//! The simulator's controllable clock: real time, shifted, frozen or sped up.
//! Every timestamp and every schedule judgement on the server reads it.

use std::sync::{Arc, RwLock};

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// How the clock runs, as set through `PUT /api/v1/sim/clock`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum ClockSetting {
    /// The machine's clock.
    Real,
    /// The machine's clock shifted by `seconds`.
    Offset { seconds: i64 },
    /// Stopped at `at`.
    Fixed { at: DateTime<Utc> },
    /// Starts at `from` now and runs `factor` times faster than real time.
    Speed { from: DateTime<Utc>, factor: f64 },
}

#[derive(Debug, Clone, Copy)]
struct State {
    setting: ClockSetting,
    /// Real time when the setting was made (the base for `Speed`).
    set_at: DateTime<Utc>,
    /// How many times the clock was set: what was planned by it may be stale.
    changes: u64,
}

/// Shared handle to the clock.
#[derive(Debug, Clone)]
pub struct Clock(Arc<RwLock<State>>);

impl Default for Clock {
    fn default() -> Self {
        Clock(Arc::new(RwLock::new(State {
            setting: ClockSetting::Real,
            set_at: Utc::now(),
            changes: 0,
        })))
    }
}

impl Clock {
    /// The simulated "now".
    pub fn now(&self) -> DateTime<Utc> {
        let state = *self.0.read().expect("clock lock poisoned");
        let real = Utc::now();
        match state.setting {
            ClockSetting::Real => real,
            ClockSetting::Offset { seconds } => real + Duration::seconds(seconds),
            ClockSetting::Fixed { at } => at,
            ClockSetting::Speed { from, factor } => {
                let elapsed_ms = (real - state.set_at).num_milliseconds() as f64 * factor;
                from + Duration::milliseconds(elapsed_ms as i64)
            }
        }
    }

    pub fn setting(&self) -> ClockSetting {
        self.0.read().expect("clock lock poisoned").setting
    }

    pub fn set(&self, setting: ClockSetting) {
        let mut state = self.0.write().expect("clock lock poisoned");
        *state = State {
            setting,
            set_at: Utc::now(),
            changes: state.changes + 1,
        };
    }

    /// Counts the settings made so far: a change means times planned ahead
    /// (schedule edges) must be worked out again.
    pub fn changes(&self) -> u64 {
        self.0.read().expect("clock lock poisoned").changes
    }
}
