//! The exact request a form will send, live, and the same as a curl command
//! with the token written as `$TOKEN`.

use ferry_api::ApiCall;
use leptos::prelude::*;

use crate::state::AppState;

fn origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

#[component]
pub fn RequestPreview(
    /// None while the form is not valid yet.
    #[prop(into)]
    call: Signal<Option<ApiCall>>,
) -> impl IntoView {
    let state = AppState::expect();
    let copied = RwSignal::new(None::<&'static str>);
    let url = move |call: &ApiCall| {
        let url = call.url(&state.config.with(|c| c.api_base.clone()));
        if url.starts_with('/') {
            format!("{}{url}", origin())
        } else {
            url
        }
    };
    let curl = move || {
        call.with(|c| c.as_ref().map(|c| c.curl(&origin(), &state.config.with(|cfg| cfg.api_base.clone()))))
    };
    let copy = move |_| {
        let Some(text) = curl() else { return };
        leptos::task::spawn_local(async move {
            copied.set(Some(if crate::dom::copy_text(&text).await {
                "Copied. Set TOKEN in your shell before running it."
            } else {
                "The browser did not allow copying: select the command below and copy it."
            }));
        });
    };
    view! {
        <section class="request-preview" aria-label="Request preview" data-testid="request-preview">
            <h3>"The request Ferry will send"</h3>
            {move || match call.get() {
                None => {
                    view! { <p class="field__hint">"Fill in the fields above to see the request."</p> }
                        .into_any()
                }
                Some(c) => {
                    let headers = c.headers.iter().map(|(n, v)| format!("{n}: {v}\n")).collect::<String>();
                    view! {
                        <pre data-testid="preview-request">
                            {format!("{} {}\n", c.method.as_str(), url(&c))} "X-Auth-Token: (your token)\n"
                            {c.body.is_some().then_some("Content-Type: application/json\n")} {headers}
                            {c.body.clone().map(|b| format!("\n{b}"))}
                        </pre>
                    }
                        .into_any()
                }
            }}
            <div class="actions">
                <button
                    type="button"
                    class="button button--secondary"
                    data-testid="copy-curl"
                    disabled=move || call.with(Option::is_none)
                    on:click=copy
                >
                    "Copy as curl"
                </button>
                <span role="status" aria-live="polite">
                    {move || copied.get()}
                </span>
            </div>
            <details class="raw">
                <summary>"Show the curl command"</summary>
                <pre data-testid="preview-curl">{curl}</pre>
            </details>
        </section>
    }
}
