//! Sending one [`ApiCall`] through the proxy with gloo-net: `X-Auth-Token`,
//! a timeout, and every failure turned into a typed error.

use std::cell::Cell;
use std::rc::Rc;

use ferry_api::op::Context;
use ferry_api::{ApiCall, ApiError, RawResponse};
use gloo_net::http::{Headers, Request};
use leptos::prelude::Callable;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, RequestCredentials, RequestInit};

/// Longest wait for an answer before the request is aborted.
pub const TIMEOUT_SECONDS: u32 = 30;

/// Who is calling and through which proxy.
#[derive(Debug, Clone)]
pub struct Caller {
    pub api_base: String,
    pub token: String,
    /// Raised when the cloud rejects the token: the one place where a
    /// rejected token leads back to sign-in (the dialog over the page).
    pub on_rejected: Option<leptos::prelude::Callback<()>>,
}

/// Why a call cannot be sent yet: the user has something to do first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NotReady {
    #[error("Sign in first: the cloud needs to know who you are.")]
    NoToken,
    #[error("Choose your project in Settings first: this call names the project.")]
    NoProject,
}

/// A call that could not be sent, or that the cloud refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CallError {
    #[error(transparent)]
    NotReady(#[from] NotReady),
    #[error(transparent)]
    Api(#[from] ApiError),
}

impl CallError {
    /// What happened, in one sentence.
    pub fn headline(&self) -> String {
        match self {
            CallError::NotReady(why) => why.to_string(),
            CallError::Api(error) => error.explain().headline,
        }
    }

    /// A new token is the fix: none yet, or the cloud rejected it.
    pub fn needs_sign_in(&self) -> bool {
        match self {
            CallError::NotReady(NotReady::NoToken) => true,
            CallError::NotReady(NotReady::NoProject) => false,
            CallError::Api(error) => error.is_token_rejected(),
        }
    }
}

/// Send `call` through the proxy and return the answer whole, whatever its
/// status: [`json`] and [`no_content`] decide what counts as success.
pub async fn send(caller: &Caller, call: &ApiCall) -> Result<RawResponse, ApiError> {
    let network = |message: String| ApiError::Network { message };
    let window = web_sys::window().ok_or_else(|| network("no browser window".into()))?;

    let controller = AbortController::new().map_err(|e| network(js_message(&e)))?;
    let headers = Headers::new();
    headers.set("Accept", "application/json");
    // No empty header: sign-in has no token yet, and IAM's token API
    // declares none (docs/api-fidelity.md).
    if !caller.token.is_empty() {
        headers.set("X-Auth-Token", &caller.token);
    }
    for (name, value) in call.headers.iter().filter(|(_, v)| !v.is_empty()) {
        headers.set(name, value);
    }
    if let Some(content_type) = call.content_type() {
        headers.set("Content-Type", content_type);
    }
    let init = RequestInit::new();
    init.set_method(call.method.as_str());
    init.set_headers(&headers.into_raw());
    // Never send cookies or credentials of the console's origin along.
    init.set_credentials(RequestCredentials::SameOrigin);
    init.set_signal(Some(&controller.signal()));
    if let Some(body) = &call.body {
        init.set_body(&JsValue::from_str(body));
    }
    // Built here rather than with gloo's RequestBuilder, which re-serialises
    // the URL and appends "&" to a query it did not build: the URL sent must
    // be exactly the one the request preview shows.
    let request: Request = web_sys::Request::new_with_str_and_init(&call.url(&caller.api_base), &init)
        .map_err(|e| network(js_message(&e)))?
        .into();

    let timed_out = Rc::new(Cell::new(false));
    let on_timeout = {
        let (controller, timed_out) = (controller.clone(), timed_out.clone());
        Closure::once(move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            on_timeout.as_ref().unchecked_ref(),
            (TIMEOUT_SECONDS * 1000) as i32,
        )
        .map_err(|e| network(js_message(&e)))?;

    let result = async {
        let response = request.send().await?;
        let body = response.text().await?;
        Ok::<_, gloo_net::Error>((response, body))
    }
    .await;
    window.clear_timeout_with_handle(timer);
    drop(on_timeout);
    match result {
        Err(_) if timed_out.get() => Err(ApiError::Timeout { seconds: TIMEOUT_SECONDS }),
        Err(e) => Err(network(e.to_string())),
        Ok((response, body)) => {
            let headers = response.headers();
            let raw = RawResponse {
                subject_token: headers.get("x-subject-token"),
                content_range: headers.get("content-range"),
                context: Some(Context::of(call)),
                ..RawResponse::new(response.status(), headers.get("x-request-id"), body)
            };
            if !raw.is_success() {
                remember_failed(raw.request_id.as_deref());
            }
            if !raw.is_success() && raw.error().is_token_rejected() {
                if let Some(rejected) = &caller.on_rejected {
                    rejected.run(());
                }
            }
            Ok(raw)
        }
    }
}

thread_local! {
    static FAILED: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The request IDs of the last failed answers, for support summaries.
const FAILED_KEPT: usize = 10;

fn remember_failed(request_id: Option<&str>) {
    if let Some(id) = request_id.filter(|id| !id.is_empty()) {
        FAILED.with(|f| {
            let mut f = f.borrow_mut();
            if f.len() == FAILED_KEPT {
                f.remove(0);
            }
            f.push(id.to_string());
        });
    }
}

/// `X-Request-Id`s of the failed answers this tab saw, oldest first.
pub fn failed_request_ids() -> Vec<String> {
    FAILED.with(|f| f.borrow().clone())
}

/// Send `call` and read its 2xx answer as `T`.
pub async fn json<T: DeserializeOwned>(caller: &Caller, call: &ApiCall) -> Result<T, ApiError> {
    send(caller, call).await?.json()
}

/// Send `call`; any 2xx answer is success, whatever its body.
pub async fn no_content(caller: &Caller, call: &ApiCall) -> Result<RawResponse, ApiError> {
    let raw = send(caller, call).await?;
    raw.no_content()?;
    Ok(raw)
}

fn js_message(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "the request failed".into())
}
