//! Browser tests (wasm-bindgen-test in headless Chromium): mount the app shell and
//! check its navigation and pages.
#![cfg(target_arch = "wasm32")]

use latchkey::app::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Waits for Leptos to flush effects and the router to render.
async fn settle() {
    leptos::task::tick().await;
    sleep_ms(20).await;
}

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn nav_links() -> Vec<HtmlElement> {
    let list = document()
        .query_selector_all("nav[aria-label='Main'] a")
        .unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().dyn_into::<HtmlElement>().unwrap())
        .collect()
}

fn heading() -> String {
    document()
        .query_selector("h1")
        .unwrap()
        .expect("a page heading")
        .text_content()
        .unwrap()
}

/// Waits (up to 3 s) until the page heading reads `expected`.
async fn heading_becomes(expected: &str) {
    for _ in 0..150 {
        if document()
            .query_selector("h1")
            .unwrap()
            .and_then(|h| h.text_content())
            .as_deref()
            == Some(expected)
        {
            return;
        }
        sleep_ms(20).await;
    }
    assert_eq!(heading(), expected);
}

fn current_links() -> Vec<String> {
    nav_links()
        .iter()
        .filter(|a| a.get_attribute("aria-current").as_deref() == Some("page"))
        .map(|a| a.text_content().unwrap().trim().to_owned())
        .collect()
}

#[wasm_bindgen_test]
async fn shell_navigation_reaches_every_section() {
    leptos::mount::mount_to_body(App);
    settle().await;

    let labels: Vec<String> = nav_links()
        .iter()
        .map(|a| a.text_content().unwrap().trim().to_owned())
        .collect();
    assert_eq!(
        labels,
        ["Doors", "People", "Schedules", "Activity", "Settings"]
    );

    // No backend answers here, so nobody is signed in: `/` goes to Doors, which asks to sign in.
    heading_becomes("Sign in").await;
    let path = web_sys::window().unwrap().location().pathname().unwrap();
    assert_eq!(path, "/login");

    for label in ["Settings"] {
        let link = nav_links()
            .into_iter()
            .find(|a| a.text_content().unwrap().trim() == label)
            .unwrap();
        link.click();
        heading_becomes(label).await;
        assert_eq!(current_links(), [label], "only {label} is marked current");
        assert_eq!(document().title(), format!("{label} · Latchkey"));
    }
    // Pages that show a site's data ask to sign in first, and come back after.
    for (label, path) in [
        ("Doors", "/doors"),
        ("Schedules", "/schedules"),
        ("Activity", "/activity"),
    ] {
        let link = nav_links()
            .into_iter()
            .find(|a| a.text_content().unwrap().trim() == label)
            .unwrap();
        link.click();
        let next = format!("next={}", js_sys::encode_uri_component(path));
        for _ in 0..150 {
            if web_sys::window()
                .unwrap()
                .location()
                .search()
                .unwrap()
                .contains(&next)
            {
                break;
            }
            sleep_ms(20).await;
        }
        let location = web_sys::window().unwrap().location();
        assert_eq!(location.pathname().unwrap(), "/login");
        assert!(
            location.search().unwrap().contains(&next),
            "{label} asks to sign in"
        );
        assert_eq!(heading(), "Sign in");
    }
}
