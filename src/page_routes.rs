//! What each route shows, and which wasm file its code is in. In the release build
//! (feature `lazy-pages`, see `scripts/build-wasm.sh`) the first download holds the
//! shell, the Doors page and sign-in; every other page is in one more file, fetched
//! when one of them first opens or, sooner, once the first page is idle.

use leptos::prelude::*;
use leptos_router::ChooseView;

use crate::{
    components::page::Page,
    pages::{doors::DoorsPage, login::LoginPage},
};

/// The Doors page, where the app opens: always in the first download.
pub fn doors() -> impl ChooseView {
    DoorsPage
}

/// The sign-in page, where a signed-out visit lands: always in the first download.
pub fn login() -> impl ChooseView {
    LoginPage
}

/// `route_fn => RouteType: module::Page`: defines `route_fn()`, the route view for `Page`. With
/// `lazy-pages` the page is drawn by `more_pages::route_fn`, whose code wasm-split moves
/// to the on-demand file; `RouteType` is the router's handle on it.
macro_rules! on_demand_pages {
    ($($route_fn:ident => $route_type:ident: $module:ident::$page:ident),* $(,)?) => {
        #[cfg(feature = "lazy-pages")]
        mod more_pages {
            use leptos::{prelude::{AnyView, IntoAny}, wasm_split::SplitLoaderError};
            $(
                /// Draws the page; its code is in the on-demand wasm file. Fails,
                /// rather than stopping the app, when that file cannot be fetched.
                #[leptos::wasm_split::wasm_split(more_pages, wasm_split_path = ::leptos::wasm_split, fallible)]
                pub fn $route_fn() -> Result<AnyView, SplitLoaderError> {
                    use crate::pages::$module::$page;
                    Ok(leptos::view! { <$page/> }.into_any())
                }
            )*
        }

        $(
            #[cfg(feature = "lazy-pages")]
            #[doc = concat!("Loads `", stringify!($page), "` on demand.")]
            pub struct $route_type;

            #[cfg(feature = "lazy-pages")]
            impl leptos_router::LazyRoute for $route_type {
                fn data() -> Self {
                    $route_type
                }

                async fn view(_this: Self) -> leptos::prelude::AnyView {
                    more_pages::$route_fn()
                        .await
                        .unwrap_or_else(|_| view! { <PageNotLoaded/> }.into_any())
                }
            }

            #[cfg(feature = "lazy-pages")]
            #[doc = concat!("The route view for `", stringify!($page), "`.")]
            pub fn $route_fn() -> impl ChooseView {
                leptos_router::Lazy::<$route_type>::new()
            }

            #[cfg(not(feature = "lazy-pages"))]
            #[doc = concat!("The route view for `", stringify!($page), "`.")]
            pub fn $route_fn() -> impl ChooseView {
                crate::pages::$module::$page
            }
        )*
    };
}

on_demand_pages! {
    door_detail => DoorDetailRoute: door_detail::DoorDetailPage,
    people => PeopleRoute: people::PeoplePage,
    new_person => NewPersonRoute: person_new::NewPersonPage,
    access_grid => AccessGridRoute: access_grid::AccessGridPage,
    person_detail => PersonDetailRoute: person_detail::PersonDetailPage,
    code_edit => CodeEditRoute: code_edit::CodeEditPage,
    schedules => SchedulesRoute: schedules::SchedulesPage,
    activity => ActivityRoute: activity::ActivityPage,
    alerts => AlertsRoute: alerts::AlertsPage,
    settings => SettingsRoute: settings::SettingsPage,
}

/// Fetches the on-demand pages once the first page is idle, so opening one later does
/// not wait for the download. Does nothing when every page is in the first download.
pub fn prefetch_on_demand_pages() {
    #[cfg(feature = "lazy-pages")]
    request_idle_callback(|| {
        // Every on-demand page is in the same file: preloading one fetches them all.
        // If it fails (offline), opening a page tries again.
        leptos::task::spawn_local(async {
            let _ = more_pages::__wasm_split_preload_settings().await;
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
