//! A failed call, explained: what happened, what to do, and the facts support
//! needs (status, code, request ID, raw body).

use ferry_api::ApiError;
use leptos::prelude::*;

use crate::components::sign_in::SignInAgain;

#[component]
pub fn ErrorPanel(error: ApiError) -> impl IntoView {
    let explanation = error.explain();
    let status = error.status();
    let service = error.service().cloned().unwrap_or_default();
    let request_id = error.request_id().map(str::to_string);
    let raw = error.raw().map(str::to_string).filter(|r| !r.trim().is_empty());
    let detail = match &error {
        ApiError::Network { .. } | ApiError::Timeout { .. } | ApiError::Decode { .. } => {
            Some(error.to_string())
        }
        ApiError::Http { .. } => None,
    };
    // On the sign-in form itself, "sign in again" would point at itself.
    let sign_in_again = (error.is_token_rejected() && error.op() != Some(ferry_api::op::Op::SignIn))
        .then(|| view! { " " <SignInAgain /> });
    view! {
        <div class="outcome outcome--error" role="alert" data-testid="error-panel">
            <p class="outcome__title" data-testid="error-headline">
                {explanation.headline}
            </p>
            <p>{explanation.advice}{sign_in_again}</p>
            <dl class="facts">
                {status
                    .map(|s| {
                        view! {
                            <dt>"HTTP status"</dt>
                            <dd data-testid="error-status">{s}</dd>
                        }
                    })}
                {service
                    .code
                    .map(|c| {
                        view! {
                            <dt>"Error code"</dt>
                            <dd data-testid="error-code">
                                <code>{c}</code>
                            </dd>
                        }
                    })}
                {service
                    .message
                    .map(|m| {
                        view! {
                            <dt>"Message"</dt>
                            <dd data-testid="error-message">{m}</dd>
                        }
                    })}
                {detail
                    .map(|d| {
                        view! {
                            <dt>"Detail"</dt>
                            <dd>{d}</dd>
                        }
                    })} <dt>"Request ID"</dt>
                <dd data-testid="error-request-id">
                    {match request_id {
                        Some(id) => view! { <code>{id}</code> }.into_any(),
                        None => "none: the request did not reach the cloud".into_any(),
                    }}
                </dd>
            </dl>
            {raw
                .map(|raw| {
                    view! {
                        <details class="raw">
                            <summary>"Show the raw response"</summary>
                            <pre tabindex="0" aria-label="Raw response">{raw}</pre>
                        </details>
                    }
                })}
        </div>
    }
}

/// A call that failed or could not be sent: the way out when not ready (sign
/// in, choose a project), else the cloud's answer explained.
#[component]
pub fn CallErrorPanel(error: crate::client::CallError) -> impl IntoView {
    match error {
        crate::client::CallError::NotReady(why) => {
            view! { <crate::components::outcome::Blocked why /> }.into_any()
        }
        crate::client::CallError::Api(error) => view! { <ErrorPanel error /> }.into_any(),
    }
}
