//! Radio groups and checkboxes with labels and hints.

use leptos::prelude::*;

/// One option of a [`RadioGroup`]: value sent, label shown, hint under it.
pub type Choice = (&'static str, &'static str, &'static str);

#[component]
pub fn RadioGroup(
    /// Group name, also the prefix of each option's id.
    name: &'static str,
    legend: &'static str,
    options: Vec<Choice>,
    selected: RwSignal<String>,
) -> impl IntoView {
    view! {
        <fieldset class="choice">
            <legend>{legend}</legend>
            {options
                .into_iter()
                .map(|(value, label, hint)| {
                    let id = format!("{name}-{value}");
                    let hint_id = format!("{id}-hint");
                    view! {
                        <div class="choice__option">
                            <input
                                type="radio"
                                id=id.clone()
                                name=name
                                value=value
                                data-testid=id.clone()
                                aria-describedby=hint_id.clone()
                                prop:checked=move || selected.with(|s| s == value)
                                on:change=move |_| selected.set(value.to_string())
                            />
                            <label for=id>{label}</label>
                            <span class="field__hint" id=hint_id>
                                {hint}
                            </span>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

#[component]
pub fn Checkbox(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    checked: RwSignal<bool>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    view! {
        <div class="choice__option">
            <input
                type="checkbox"
                id=id
                data-testid=id
                aria-describedby=hint_id.clone()
                prop:checked=move || checked.get()
                on:change:target=move |ev| checked.set(ev.target().checked())
            />
            <label for=id>{label}</label>
            <span class="field__hint" id=hint_id>
                {hint}
            </span>
        </div>
    }
}
