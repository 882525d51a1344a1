//! Reusable pieces of the interface, one public component per file.

pub mod backend_status_badge;
pub mod icon;
pub mod main_nav;
pub mod page;
