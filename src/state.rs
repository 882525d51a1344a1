//! App-wide state shared through contexts, as `provide_*` / `use_*` pairs.

pub mod alerts;
pub mod backend;
pub mod live;
pub mod names;
pub mod session;
