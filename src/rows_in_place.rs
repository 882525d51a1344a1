//! Lists whose rows are updated in place: a keyed row follows the newest version
//! of its item instead of being drawn afresh, so the row, and the keyboard focus
//! inside it, survive a refresh.

use leptos::prelude::*;

/// The newest version of the row keyed `key` in `rows`. While the row is gone
/// from `rows` (the list is about to drop it) the last version seen stays.
pub fn follow_row<T, K>(
    rows: Signal<Vec<T>>,
    key_of: impl Fn(&T) -> K + Send + Sync + 'static,
    first: T,
) -> Memo<T>
where
    T: Clone + PartialEq + Send + Sync + 'static,
    K: PartialEq + Send + Sync + 'static,
{
    let key = key_of(&first);
    Memo::new(move |previous: Option<&T>| {
        rows.with(|rows| rows.iter().find(|row| key_of(row) == key).cloned())
            .unwrap_or_else(|| previous.cloned().unwrap_or_else(|| first.clone()))
    })
}

/// One row per key, in the order of `keys`: a row whose key stays is kept as it
/// is (it follows its item with [`follow_row`]), a new key gets a new row from
/// `row`, a key gone takes its row away. Every such list goes through this one
/// non-generic function, so the keyed diffing is in the bundle once.
pub fn keyed_rows(keys: Signal<Vec<String>>, row: Callback<String, AnyView>) -> AnyView {
    view! { <For each=move || keys.get() key=|key: &String| key.clone() let(key)>{row.run(key)}</For> }
        .into_any()
}
