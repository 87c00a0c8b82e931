//! The region to work in: the regions this deploy offers (`config.json`),
//! each with its name.

use leptos::prelude::*;

use crate::config::DeployChoices;
use crate::state::AppState;

#[component]
pub fn RegionSelect(
    /// Element id; also the `data-testid`.
    id: &'static str,
    value: RwSignal<String>,
    /// Id of the hint that describes it, if any.
    #[prop(optional)]
    described_by: Option<&'static str>,
) -> impl IntoView {
    let state = AppState::expect();
    view! {
        <select
            id=id
            data-testid=id
            aria-describedby=described_by
            prop:value=move || value.get()
            on:change:target=move |ev| value.set(ev.target().value())
        >
            {move || {
                state
                    .config
                    .with(|c| c.region_choices())
                    .into_iter()
                    .map(|(region, label)| {
                        view! {
                            <option value=region.clone() selected=value.get_untracked() == region>
                                {label}
                            </option>
                        }
                    })
                    .collect_view()
            }}
        </select>
    }
}
