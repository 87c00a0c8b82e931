//! Pieces every operation's result uses.

use ferry_api::RawResponse;
use leptos::prelude::*;

use crate::client::NotReady;
use crate::routes::Route;

/// The answer as it arrived, behind a toggle.
#[component]
pub fn RawDetails(raw: RawResponse) -> impl IntoView {
    let request_id = raw.request_id.clone().unwrap_or_else(|| "none".into());
    let body = if raw.body.trim().is_empty() { "(empty body)".to_string() } else { raw.body.clone() };
    view! {
        <details class="raw">
            <summary>"Show the raw response"</summary>
            <dl class="facts">
                <dt>"HTTP status"</dt>
                <dd data-testid="raw-status">{raw.status}</dd>
                <dt>"Request ID"</dt>
                <dd>
                    <code data-testid="raw-request-id">{request_id}</code>
                </dd>
            </dl>
            <pre tabindex="0" aria-label="Raw response">
                {body}
            </pre>
        </details>
    }
}

/// Why a form could not be sent yet (no token, no project), with the way out.
#[component]
pub fn Blocked(why: NotReady) -> impl IntoView {
    let way_out = match why {
        NotReady::NoToken => view! {
            <p>
                <a href=Route::SignIn.href()>"Sign in"</a>
                ", or paste a token in "
                <a href=Route::Settings.href()>"Settings"</a>
                "."
            </p>
        }
        .into_any(),
        NotReady::NoProject => view! {
            <p>
                <a href=Route::Settings.href()>"Open Settings"</a>
            </p>
        }
        .into_any(),
    };
    view! {
        <div class="outcome outcome--error" role="alert" data-testid="blocked">
            <p class="outcome__title">{why.to_string()}</p>
            {way_out}
        </div>
    }
}

/// Submit button that shows progress and is disabled while a request runs.
#[component]
pub fn SubmitButton(
    testid: &'static str,
    label: &'static str,
    busy_label: &'static str,
    #[prop(into)] pending: Signal<bool>,
) -> impl IntoView {
    view! {
        <div class="actions">
            <button type="submit" class="button" data-testid=testid disabled=move || pending.get()>
                {move || pending.get().then(|| view! { <span class="spinner" aria-hidden="true"></span> })}
                {move || if pending.get() { busy_label } else { label }}
            </button>
        </div>
    }
}
