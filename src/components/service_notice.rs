//! Says so when the deploy's cloud, or the chosen region, lacks the service
//! a page needs (regions per service follow the SDK: `ferry_api::endpoints`).

use ferry_api::endpoints::{self, SDK_REGIONS};
use ferry_api::Service;
use leptos::prelude::*;

use crate::config::DeployChoices;
use crate::state::AppState;

/// Why `service` cannot run here, if it cannot (tracked): the deploy's
/// cloud lacks it, or the chosen region has no endpoint for it.
pub fn unavailable(state: AppState, service: &'static str, name: &'static str) -> Option<String> {
    if !state.config.with(|c| c.offers(service)) {
        return Some(format!(
            "{name} is not available in the cloud this Ferry is set up for, so this operation cannot run here."
        ));
    }
    let region = state.settings.with(|s| s.region.clone());
    // Only regions the SDK table knows: other clouds' regions (OTC) are
    // the proxy's business, told through `services`.
    let known = SDK_REGIONS.contains(&region.as_str());
    Service::parse(service).filter(|s| known && !endpoints::offers(*s, &region)).map(|_| {
        format!("{name} has no endpoint in {region}, so this operation cannot run there. Choose another region in Settings.")
    })
}

#[component]
pub fn ServiceNotice(service: &'static str, name: &'static str) -> impl IntoView {
    let state = AppState::expect();
    move || {
        unavailable(state, service, name).map(|why| {
            view! {
                <p class="notice notice--warn" role="status" data-testid="service-missing">
                    {why}
                </p>
            }
        })
    }
}
