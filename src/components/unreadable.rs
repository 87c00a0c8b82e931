//! Items of a list that did not have the documented shape: said plainly and
//! shown raw, so one odd item never hides the rest of the list.

use ferry_api::lenient::Unreadable;
use leptos::prelude::*;

#[component]
pub fn UnreadableItems(#[prop(into)] items: Signal<Vec<Unreadable>>, what: &'static str) -> impl IntoView {
    view! {
        <Show when=move || !items.with(Vec::is_empty)>
            <details class="notice notice--warn" data-testid="unreadable-items">
                <summary>
                    {move || {
                        let n = items.with(Vec::len);
                        format!(
                            "{n} {what} could not be read and {} shown raw.",
                            if n == 1 { "is" } else { "are" },
                        )
                    }}
                </summary>
                <ul>
                    {move || {
                        items
                            .get()
                            .into_iter()
                            .map(|item| {
                                view! {
                                    <li>
                                        <code>{item.raw}</code>
                                        " — "
                                        {item.reason}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </details>
        </Show>
    }
}
