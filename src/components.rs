//! Reusable pieces of the interface, one public component per file.

pub mod alert_toasts;
pub mod backend_banner;
pub mod backend_status_badge;
pub mod code_fields;
pub mod date_time_input;
pub mod door_card;
pub mod door_checklist;
pub mod door_filters;
pub mod door_status;
pub mod error_message;
pub mod found_codes;
pub mod icon;
pub mod live_status;
pub mod lock_all_results;
pub mod main_nav;
pub mod page;
pub mod person_fields;
pub mod pin_field;
pub mod recent_activity;
pub mod require_session;
pub mod schedule_editor;
pub mod scroll_region;
pub mod site_summary_card;
pub mod status_badge;
pub mod sync_cell;
pub mod week_view;
