//! Says so when the deploy's cloud lacks the service a page needs.

use leptos::prelude::*;

use crate::state::AppState;

#[component]
pub fn ServiceNotice(service: &'static str, name: &'static str) -> impl IntoView {
    let state = AppState::expect();
    move || {
        (!state.config.with(|c| c.offers(service))).then(|| view! {
            <p class="notice notice--warn" role="status" data-testid="service-missing">
                {format!("{name} is not available in the cloud this Ferry is set up for, so this operation cannot run here.")}
            </p>
        })
    }
}
