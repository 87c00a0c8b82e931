//! Previous and Next through a list read one page at a time, with what is
//! shown. The pickers redraw their list when its page arrives, which
//! replaces these buttons: the one that was used gets focus back then (or
//! the other, when it became disabled), so focus never falls to the page.

use leptos::prelude::*;

/// Which button moved the list (`Some(true)`: Next), kept by the picker
/// across the redraw that replaces the buttons.
pub type PageFocus = StoredValue<Option<bool>>;

#[component]
pub fn ListPages(
    /// `policies`, `images`, `repos`: the ids and `data-testid`s are
    /// `{name}-previous`, `{name}-next` and `{name}-range`.
    name: &'static str,
    range: String,
    has_previous: bool,
    has_next: bool,
    on_previous: Callback<()>,
    on_next: Callback<()>,
    focus: PageFocus,
) -> impl IntoView {
    let (previous, next) = (format!("{name}-previous"), format!("{name}-next"));
    if let Some(used_next) = focus.try_update_value(Option::take).flatten() {
        let (used, other) =
            if used_next { (next.clone(), previous.clone()) } else { (previous.clone(), next.clone()) };
        request_animation_frame(move || crate::dom::focus_first_usable(&[&used, &other]));
    }
    view! {
        <div class="actions">
            <span data-testid=format!("{name}-range")>{range}</span>
            <button
                type="button"
                class="button button--secondary"
                id=previous.clone()
                data-testid=previous
                disabled=!has_previous
                on:click=move |_| {
                    focus.set_value(Some(false));
                    on_previous.run(());
                }
            >
                "Previous"
            </button>
            <button
                type="button"
                class="button button--secondary"
                id=next.clone()
                data-testid=next
                disabled=!has_next
                on:click=move |_| {
                    focus.set_value(Some(true));
                    on_next.run(());
                }
            >
                "Next"
            </button>
        </div>
    }
}
