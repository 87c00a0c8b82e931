//! A status word with a colour that never carries the meaning alone.

use ferry_api::swr_ee::RunStatus;
use leptos::prelude::*;

#[component]
pub fn StatusBadge(
    /// The raw status from the API, for the colour.
    status: String,
    /// The words shown (e.g. "Failing…").
    text: String,
) -> impl IntoView {
    let class = match RunStatus::parse(&status) {
        RunStatus::Succeeded => "badge badge--ok",
        RunStatus::Failed => "badge badge--failed",
        RunStatus::InProgress => "badge badge--running",
        RunStatus::Stopped => "badge badge--stopped",
        RunStatus::Pending | RunStatus::Other(_) => "badge",
    };
    view! {
        <span class=class data-testid="status-badge">
            {text}
        </span>
    }
}
