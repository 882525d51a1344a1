//! The lock simulator: a background task that moves code changes and lock
//! commands along at radio speed, and the simulation API that tests and demos
//! drive (keypad entries, faults, the clock).

pub mod engine;
pub mod keypad;
pub mod routes;
pub mod traffic;

use latchkey_core::lock::Radio;

/// Knobs of the simulator, set at start-up.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Multiplies every radio delay (1.0 is lifelike; tests use less).
    pub radio_delay_scale: f64,
    /// A change for an offline (non-Bluetooth) lock fails after this many ms.
    pub offline_timeout_ms: i64,
    /// A lock unlocked at its keypad locks itself again after this many ms (0: never).
    pub auto_lock_ms: i64,
    /// How many of the newest events the store keeps; older ones are pruned.
    pub event_retention: i64,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            radio_delay_scale: 1.0,
            offline_timeout_ms: 60_000,
            auto_lock_ms: 30_000,
            event_retention: 200_000,
        }
    }
}

impl SimConfig {
    /// How long one radio exchange with a lock takes, in ms: Wi-Fi about 1 s,
    /// Z-Wave 0.5–3 s, Bluetooth 1–2 s once a phone is in range.
    pub fn radio_delay_ms(&self, radio: Radio) -> i64 {
        let (low, high) = match radio {
            Radio::Wifi => (800, 1200),
            Radio::Zwave => (500, 3000),
            Radio::Bluetooth => (1000, 2000),
        };
        let mut byte = [0u8; 2];
        let _ = getrandom::fill(&mut byte);
        let spread = i64::from(u16::from_le_bytes(byte)) * (high - low) / i64::from(u16::MAX);
        ((low + spread) as f64 * self.radio_delay_scale).round() as i64
    }
}
