//! One module per route.

pub mod access_grid;
pub mod activity;
pub mod alerts;
pub mod code_edit;
pub mod door_detail;
pub mod doors;
pub mod login;
pub mod not_found;
pub mod people;
pub mod person_detail;
pub mod person_edit;
pub mod person_new;
pub mod schedules;
pub mod settings;
