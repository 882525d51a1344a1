//! Which zone a site's times are in, where a list mixes sites in different
//! zones ("22:43 New York time"). The app has no time-zone database: the
//! backend gives each time on its site's clock, this only names the zone.

use std::collections::HashMap;

use latchkey_core::{ids::SiteId, site::Site};
use leptos::prelude::*;

use crate::api;

/// A time zone as people say it: "America/New_York" → "New York",
/// "America/Argentina/Buenos_Aires" → "Buenos Aires", "UTC" → "UTC".
pub fn zone_name(time_zone: &str) -> String {
    time_zone
        .rsplit('/')
        .next()
        .unwrap_or(time_zone)
        .replace('_', " ")
}

/// Where a list mixes sites in different time zones, what to add to each
/// site's times ("New York time"); empty when all share one zone, as then
/// every time is plainly the site's own.
pub fn zone_labels(sites: &[Site]) -> HashMap<SiteId, String> {
    let first = sites.first().map(|s| s.time_zone.as_str());
    if sites.iter().all(|s| Some(s.time_zone.as_str()) == first) {
        return Default::default();
    }
    sites
        .iter()
        .map(|s| (s.id.clone(), format!("{} time", zone_name(&s.time_zone))))
        .collect()
}

/// The account's sites' zone labels (see [`zone_labels`]), loaded once per page.
pub fn use_zone_labels() -> Memo<HashMap<SiteId, String>> {
    let sites = LocalResource::new(api::sites);
    Memo::new(move |_| {
        sites
            .get()
            .and_then(Result::ok)
            .map(|sites| zone_labels(&sites))
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(id: &str, zone: &str) -> Site {
        let mut site: Site =
            serde_json::from_str(include_str!("../crates/latchkey-core/fixtures/site.json"))
                .unwrap();
        site.id = SiteId(id.into());
        site.time_zone = zone.into();
        site
    }

    #[test]
    fn zones_read_as_people_say_them() {
        assert_eq!(zone_name("America/New_York"), "New York");
        assert_eq!(zone_name("America/Argentina/Buenos_Aires"), "Buenos Aires");
        assert_eq!(zone_name("UTC"), "UTC");
    }

    #[test]
    fn only_a_list_that_mixes_zones_names_them() {
        let home = [site("a", "America/New_York"), site("b", "America/New_York")];
        assert!(zone_labels(&home).is_empty());
        let portfolio = [site("a", "America/New_York"), site("c", "America/Chicago")];
        let labels = zone_labels(&portfolio);
        assert_eq!(labels[&SiteId("a".into())], "New York time");
        assert_eq!(labels[&SiteId("c".into())], "Chicago time");
    }
}
