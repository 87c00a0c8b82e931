//! The frame every operation page shares: title, the service's notice, a
//! lead, the form, the request preview and the outcome, in that order.

use ferry_api::ApiCall;
use leptos::prelude::*;

use crate::components::request_preview::RequestPreview;
use crate::components::service_notice::{self, ServiceNotice};
use crate::components::sign_in::SandboxSignIn;
use crate::dom::set_page_title;
use crate::routes::Route;
use crate::state::AppState;

#[component]
pub fn OperationPage(
    /// The `<h1>`.
    title: &'static str,
    /// The tab title, when shorter than the heading.
    #[prop(optional)]
    tab_title: Option<&'static str>,
    /// The service the operation needs (`swr`, `hss`, `ims`) and its name.
    service: &'static str,
    service_name: &'static str,
    /// One or two sentences: what this does and why.
    lead: &'static str,
    /// The form panel's heading and its element id.
    heading: &'static str,
    heading_id: &'static str,
    /// The request the form will send, when it is valid.
    #[prop(into)]
    preview: Signal<Option<ApiCall>>,
    /// `data-testid` of the outcome region.
    outcome_testid: &'static str,
    /// What the operation answered (announced politely).
    #[prop(into)]
    outcome: ViewFn,
    /// The form, and anything that goes with it (pickers stay outside it).
    children: Children,
) -> impl IntoView {
    set_page_title(tab_title.unwrap_or(title));
    let state = AppState::expect();
    // Where the service cannot run, the operation is not offered at all.
    let unavailable = Memo::new(move |_| service_notice::unavailable(state, service, service_name).is_some());
    view! {
        <h1>{title}</h1>
        <ServiceNotice service name=service_name />
        <p class="lead">{lead}</p>
        <section class="panel" aria-labelledby=heading_id>
            <h2 id=heading_id>{heading}</h2>
            <Show when=move || !state.has_token() && !unavailable.get()>
                <SignInFirst />
            </Show>
            <div class="operation" hidden=move || unavailable.get() || !state.has_token()>
                {children()}
                <RequestPreview call=preview />
            </div>
            // Focused after a submit (`dom::reveal`), so focus never falls to the page.
            <div
                aria-live="polite"
                class="outcome-region"
                id=outcome_testid
                tabindex="-1"
                data-testid=outcome_testid
            >
                {move || outcome.run()}
            </div>
        </section>
    }
}

/// A first visit: nothing can be sent before signing in, so say that first
/// (with the sandbox's demo sign-in when there is one), not a form that
/// would only refuse.
#[component]
fn SignInFirst() -> impl IntoView {
    view! {
        <div class="notice" role="status" data-testid="sign-in-first">
            <p class="outcome__title">"Sign in to continue."</p>
            <p>
                <a href=Route::SignIn.href() class="button" data-testid="sign-in-to-continue">
                    "Sign in"
                </a>
                " Signing in with SSO? Paste a token in "
                <a href=Route::Settings.href()>"Settings"</a>
                "."
            </p>
            <SandboxSignIn />
        </div>
    }
}
