//! Moving through an execution's tasks a page at a time: offsets stay
//! multiples of the page size, as the API demands.

use ferry_api::paging::{page_count, Page, PAGE_SIZES};
use leptos::prelude::*;

#[component]
pub fn Pager(
    page: Page,
    #[prop(into)] total: Signal<Option<u32>>,
    go: Callback<Page>,
    /// `top` or `bottom`: names the landmark (two navs need two names) and
    /// prefixes the controls' IDs, so focus can return to the one used.
    place: &'static str,
) -> impl IntoView {
    let jump = RwSignal::new(String::new());
    let n = move || total.get().unwrap_or(0);
    let pages = move || page_count(n(), page.limit);
    view! {
        <nav
            class="pager"
            id=format!("pager-{place}")
            tabindex="-1"
            aria-label=if place == "top" { "Task pages, above the table" } else { "Task pages, below the table" }
        >
            <span data-testid="range">{move || page.range_text(n())}</span>
            <button
                type="button"
                class="button button--secondary"
                id=format!("{place}-first-page")
                data-testid="first-page"
                disabled=move || !page.has_previous()
                on:click=move |_| go.run(page.first())
            >
                "First"
            </button>
            <button
                type="button"
                class="button button--secondary"
                id=format!("{place}-previous-page")
                data-testid="previous-page"
                disabled=move || !page.has_previous()
                on:click=move |_| go.run(page.previous())
            >
                "Previous"
            </button>
            <span>{move || format!("Page {} of {}", page.number(), pages())}</span>
            <button
                type="button"
                class="button button--secondary"
                id=format!("{place}-next-page")
                data-testid="next-page"
                disabled=move || !page.has_next(n())
                on:click=move |_| go.run(page.next(n()))
            >
                "Next"
            </button>
            <button
                type="button"
                class="button button--secondary"
                id=format!("{place}-last-page")
                data-testid="last-page"
                disabled=move || !page.has_next(n())
                on:click=move |_| go.run(page.last(n()))
            >
                "Last"
            </button>
            <label>
                "Per page "
                <select
                    id=format!("{place}-page-size")
                    data-testid="page-size"
                    prop:value=page.limit.to_string()
                    on:change:target=move |ev| {
                        if let Ok(limit) = ev.target().value().parse::<u32>() {
                            go.run(page.resize(limit));
                        }
                    }
                >
                    {PAGE_SIZES
                        .iter()
                        .map(|s| view! { <option value=s.to_string()>{*s}</option> })
                        .collect_view()}
                </select>
            </label>
            <form
                class="pager__jump"
                on:submit=move |ev| {
                    ev.prevent_default();
                    if let Ok(p) = jump.get_untracked().trim().parse::<u32>() {
                        go.run(page.go_to(p, n()));
                    }
                }
            >
                <label>
                    "Go to page "
                    <input
                        id=format!("{place}-jump-page")
                        type="number"
                        min="1"
                        inputmode="numeric"
                        data-testid="jump-page"
                        prop:value=move || jump.get()
                        on:input:target=move |ev| jump.set(ev.target().value())
                    />
                </label>
                <button type="submit" id=format!("{place}-jump-go") class="button button--secondary">
                    "Go"
                </button>
            </form>
        </nav>
    }
}
