//! The lock simulator, a driver like any other: simulated devices with their
//! own slots, bolt, battery and radio (in the simulator's own table), answering
//! the driver calls at radio speed and reporting what happens at the door to
//! the hub. Its extras, which no real lock has, are the simulation API (type at
//! a keypad, cut the power, jam the bolt…) and the faults it can inject.

pub mod clockwork;
pub mod device;
pub mod driver;
pub mod keypad;
pub mod provision;
pub mod routes;
pub mod traffic;

use latchkey_core::lock::Radio;

/// Knobs of the simulator, set at start-up.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Multiplies every radio delay (1.0 is lifelike; tests use less).
    pub radio_delay_scale: f64,
    /// A lock unlocked at its keypad locks itself again after this many ms (0: never).
    pub auto_lock_ms: i64,
    /// How many of the newest events the store keeps; older ones are pruned.
    pub event_retention: i64,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            radio_delay_scale: 1.0,
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
