//! A labelled text field with a one-line hint and its validation message.

use leptos::prelude::*;

#[component]
pub fn TextField(
    /// Element id; also the `data-testid`.
    id: &'static str,
    /// Visible label, tied to the input with `for`.
    label: &'static str,
    /// One line saying what to enter.
    hint: &'static str,
    value: RwSignal<String>,
    /// The validation message, shown under the field and announced.
    #[prop(into)]
    error: Signal<Option<String>>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = format!("{hint_id} {error_id}");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                name=id
                type="text"
                autocomplete="off"
                spellcheck="false"
                placeholder=placeholder
                inputmode=inputmode
                data-testid=id
                aria-describedby=described_by
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                prop:value=move || value.get()
                on:input:target=move |ev| value.set(ev.target().value())
            />
            <span class="field__hint" id=hint_id>
                {hint}
            </span>
            <span class="field__error" id=error_id aria-live="polite">
                {move || error.get()}
            </span>
        </div>
    }
}
