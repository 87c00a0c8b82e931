//! The one function that talks to the proxy: `fetch` with `X-Auth-Token`,
//! a timeout, and every failure turned into an [`ApiError`].

use std::cell::Cell;
use std::rc::Rc;

use ferry_api::{ApiCall, ApiError, RawResponse};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestInit, Response};

/// Longest wait for an answer before the request is aborted.
pub const TIMEOUT_SECONDS: u32 = 30;

/// Who is calling and through which proxy.
#[derive(Debug, Clone)]
pub struct Caller {
    pub api_base: String,
    pub token: String,
}

/// Send `call` through the proxy and return the answer whole, whatever its
/// status: callers decide with [`RawResponse::json`] what counts as success.
pub async fn send(caller: &Caller, call: &ApiCall) -> Result<RawResponse, ApiError> {
    let network = |e: JsValue| ApiError::Network { message: js_message(&e) };
    let window = web_sys::window().ok_or_else(|| ApiError::Network { message: "no browser window".into() })?;

    let headers = Headers::new().map_err(network)?;
    // No empty header: sign-in has no token yet, and IAM's token API
    // declares none (docs/api-fidelity.md).
    if !caller.token.is_empty() {
        headers.set("X-Auth-Token", &caller.token).map_err(network)?;
    }
    headers.set("Accept", "application/json").map_err(network)?;
    for (name, value) in call.headers.iter().filter(|(_, v)| !v.is_empty()) {
        headers.set(name, value).map_err(network)?;
    }
    if let Some(content_type) = call.content_type() {
        headers.set("Content-Type", content_type).map_err(network)?;
    }
    let init = RequestInit::new();
    init.set_method(call.method.as_str());
    if let Some(body) = &call.body {
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    // Never send cookies or credentials of the console's origin along.
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);

    let controller = AbortController::new().map_err(network)?;
    init.set_signal(Some(&controller.signal()));
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
        .map_err(network)?;

    let result = fetch(&window, &call.url(&caller.api_base), &init).await;
    window.clear_timeout_with_handle(timer);
    drop(on_timeout);
    match result {
        Err(_) if timed_out.get() => Err(ApiError::Timeout { seconds: TIMEOUT_SECONDS }),
        Err(e) => Err(network(e)),
        Ok(raw) => Ok(RawResponse { context: Some(ferry_api::op::Context::of(call)), ..raw }),
    }
}

async fn fetch(window: &web_sys::Window, url: &str, init: &RequestInit) -> Result<RawResponse, JsValue> {
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, init)).await?.dyn_into()?;
    let status = response.status();
    let request_id = response.headers().get("x-request-id").ok().flatten();
    let subject_token = response.headers().get("x-subject-token").ok().flatten();
    let body = JsFuture::from(response.text()?).await?.as_string().unwrap_or_default();
    Ok(RawResponse { subject_token, ..RawResponse::new(status, request_id, body) })
}

fn js_message(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "the request failed".into())
}
