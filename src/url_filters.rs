//! Filters kept in the URL's query string, so a filtered list can be bookmarked,
//! shared and restored on reload: read one, or change one (replacing the
//! history entry, so Back leaves the page instead of undoing a keystroke).

use leptos::prelude::*;
use leptos_router::{
    NavigateOptions,
    hooks::{use_navigate, use_query_map},
};

use crate::api::http::encode;

/// The router's navigate function, boxed so `UrlFilters` can be `Copy`.
type Navigate = Box<dyn Fn(&str, NavigateOptions)>;

/// The URL filters of the page at `path`.
#[derive(Clone, Copy)]
pub struct UrlFilters {
    query: Memo<leptos_router::params::ParamsMap>,
    navigate: StoredValue<Navigate, LocalStorage>,
    path: &'static str,
}

impl UrlFilters {
    /// A filter's value; `None` when absent or empty. Reactive.
    pub fn get(&self, name: &str) -> Option<String> {
        self.query.with(|q| q.get(name)).filter(|v| !v.is_empty())
    }

    /// One filter's value as a memo: what reads it re-runs only when this
    /// filter changes, not on every keystroke in another one.
    pub fn memo(&self, name: &'static str) -> Memo<Option<String>> {
        let filters = *self;
        Memo::new(move |_| filters.get(name))
    }

    /// Sets (or, with an empty value, removes) one filter.
    pub fn set(&self, name: &str, value: &str) {
        let mut params: Vec<(String, String)> = self
            .query
            .get_untracked()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .filter(|(k, _)| k != name)
            .collect();
        if !value.is_empty() {
            params.push((name.to_owned(), value.to_owned()));
        }
        let search: Vec<String> = params
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect();
        let url = if search.is_empty() {
            self.path.to_owned()
        } else {
            format!("{}?{}", self.path, search.join("&"))
        };
        self.navigate.with_value(|navigate| {
            navigate(
                &url,
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            )
        });
    }
}

/// The URL filters of the current page, which lives at `path`.
pub fn use_url_filters(path: &'static str) -> UrlFilters {
    let query = use_query_map();
    let navigate = use_navigate();
    UrlFilters {
        query: Memo::new(move |_| query.get()),
        navigate: StoredValue::new_local(Box::new(move |url: &str, options: NavigateOptions| {
            navigate(url, options)
        })),
        path,
    }
}
