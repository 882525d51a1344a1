//! Latchkey, the web app: a Leptos single-page app for the PIN codes on smart locks.

pub mod api;
pub mod app;
pub mod components;
pub mod event_export;
pub mod feed_events;
pub mod lock_all_follow;
pub mod numbers;
pub mod page_routes;
pub mod pages;
pub mod rows_in_place;
pub mod schedule_text;
pub mod share_link;
pub mod site_zones;
pub mod state;
pub mod url_filters;
