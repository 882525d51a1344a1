//! What each route shows, and which wasm file its code is in. In the release build
//! (feature `lazy-pages`, see `scripts/build-wasm.sh`) the first download holds the
//! shell and the Doors page; sign-in is in a small file of its own, the people pages
//! in one more and every other page in another, each fetched when one of its pages
//! first opens or, sooner, once the first page is idle.

use leptos::prelude::*;
use leptos_router::ChooseView;

use crate::{components::page::Page, pages::doors::DoorsPage};

/// The Doors page, where the app opens: always in the first download.
pub fn doors() -> impl ChooseView {
    DoorsPage
}

/// `split { route_fn => Name: module::Page, … }`: defines `route_fn()`, the route view
/// for each `Page`. With `lazy-pages` the pages are drawn by the one function
/// `split::draw` (given `split::Page::Name`), whose code wasm-split moves to the
/// file `split_<split>.wasm`; `Name` is also the router's handle on the page. One
/// split function per file rather than one per page keeps the first file smaller.
macro_rules! on_demand_pages {
    ($split:ident { $($route_fn:ident => $name:ident: $module:ident::$page:ident),* $(,)? }) => {
        #[cfg(feature = "lazy-pages")]
        mod $split {
            use leptos::{prelude::{AnyView, IntoAny}, wasm_split::SplitLoaderError};

            /// The pages whose code is in this file.
            #[repr(u8)]
            #[derive(Clone, Copy)]
            pub enum Page {
                $($name),*
            }

            /// Draws one of the pages; its code is in the on-demand wasm file.
            /// Fails, rather than stopping the app, when that file cannot be fetched.
            #[leptos::wasm_split::wasm_split($split, wasm_split_path = ::leptos::wasm_split, fallible)]
            pub fn draw(page: Page) -> Result<AnyView, SplitLoaderError> {
                Ok(match page {
                    $(Page::$name => leptos::view! { <crate::pages::$module::$page/> }.into_any(),)*
                })
            }
        }

        $(
            #[cfg(feature = "lazy-pages")]
            #[doc = concat!("Loads `", stringify!($page), "` on demand.")]
            pub struct $name;

            #[cfg(feature = "lazy-pages")]
            impl leptos_router::LazyRoute for $name {
                fn data() -> Self {
                    $name
                }

                async fn view(_this: Self) -> leptos::prelude::AnyView {
                    $split::draw($split::Page::$name)
                        .await
                        .unwrap_or_else(|_| view! { <PageNotLoaded/> }.into_any())
                }
            }

            #[cfg(feature = "lazy-pages")]
            #[doc = concat!("The route view for `", stringify!($page), "`.")]
            pub fn $route_fn() -> impl ChooseView {
                leptos_router::Lazy::<$name>::new()
            }

            #[cfg(not(feature = "lazy-pages"))]
            #[doc = concat!("The route view for `", stringify!($page), "`.")]
            pub fn $route_fn() -> impl ChooseView {
                crate::pages::$module::$page
            }
        )*
    };
}

// The people pages: people, their codes, the forms that make and change them.
on_demand_pages!(people_pages {
    people => People: people::PeoplePage,
    new_person => NewPerson: person_new::NewPersonPage,
    access_grid => AccessGrid: access_grid::AccessGridPage,
    person_detail => PersonDetail: person_detail::PersonDetailPage,
    person_edit => PersonEdit: person_edit::PersonEditPage,
    code_edit => CodeEdit: code_edit::CodeEditPage,
});

// Every other page of the signed-in app but Doors.
on_demand_pages!(more_pages {
    door_detail => DoorDetail: door_detail::DoorDetailPage,
    schedules => Schedules: schedules::SchedulesPage,
    activity => Activity: activity::ActivityPage,
    alerts => Alerts: alerts::AlertsPage,
    settings => Settings: settings::SettingsPage,
});

// Sign-in, in a small file of its own: a signed-out visit needs it and the first
// file, not the other pages.
on_demand_pages!(sign_in {
    login => Login: login::LoginPage,
});

/// Fetches the on-demand pages once the first page is idle, so opening one later does
/// not wait for the download. Does nothing when every page is in the first download.
pub fn prefetch_on_demand_pages() {
    #[cfg(feature = "lazy-pages")]
    request_idle_callback(|| {
        // Preloading a file's split function fetches every page in it.
        // If it fails (offline), opening a page tries again.
        leptos::task::spawn_local(async {
            let _ = more_pages::__wasm_split_preload_draw().await;
            let _ = people_pages::__wasm_split_preload_draw().await;
        });
    });
}

/// In place of a page whose code could not be downloaded (the connection dropped).
#[component]
fn PageNotLoaded() -> impl IntoView {
    let reload = |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    };
    view! {
        <Page title="Page not loaded">
            <div class="error-box" role="alert">
                <p>"This page could not be downloaded: the connection to the server was lost."</p>
                <button class="button" on:click=reload>"Try again"</button>
            </div>
        </Page>
    }
}
