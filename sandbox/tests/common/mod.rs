//! What the sandbox tests share: the app, requests, answers, the checks
//! every error answer passes, and a "same shape as the documented example"
//! comparison.
#![allow(dead_code)] // each test file uses its own subset

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use ferry_sandbox::{Faults, Options};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

pub const TOKEN: &str = ferry_sandbox::world::TOKEN;
pub const PROJECT_ID: &str = ferry_sandbox::world::PROJECT_ID;
pub const INSTANCE_ID: &str = ferry_sandbox::world::INSTANCE_ID;

/// The sandbox with these durations (seconds) and no faults.
pub fn sandbox(job_seconds: u64, execution_seconds: u64) -> Router {
    ferry_sandbox::router(Options { job_seconds, execution_seconds, faults: Faults::default() })
}

pub fn with_faults(faults: Faults) -> Router {
    ferry_sandbox::router(Options { faults, ..Options::default() })
}

pub struct Answer {
    pub status: StatusCode,
    pub request_id: Option<String>,
    pub content_type: Option<String>,
    pub subject_token: Option<String>,
    pub content_range: Option<String>,
    pub raw: String,
    pub json: Value,
}

/// A request with a JSON Content-Type (unless `headers` sets one), the
/// given extra headers and, if any, a token.
pub fn request(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &str,
    headers: &[(&str, &str)],
) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(path);
    if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("content-type")) {
        builder = builder.header("content-type", "application/json");
    }
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    if let Some(token) = token {
        builder = builder.header("x-auth-token", token);
    }
    builder.body(Body::from(body.to_string())).expect("request")
}

pub async fn call(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.expect("answer");
    let status = response.status();
    let header =
        |name: &str| response.headers().get(name).map(|v| v.to_str().unwrap_or_default().to_string());
    let (request_id, content_type, subject_token, content_range) =
        (header("x-request-id"), header("content-type"), header("x-subject-token"), header("content-range"));
    let bytes = response.into_body().collect().await.expect("body").to_bytes();
    let raw = String::from_utf8(bytes.to_vec()).expect("utf-8 body");
    let json = serde_json::from_str(&raw).unwrap_or(Value::Null);
    Answer { status, request_id, content_type, subject_token, content_range, raw, json }
}

pub async fn send(app: &Router, method: &str, path: &str, token: Option<&str>, body: &str) -> Answer {
    call(app, request(method, path, token, body, &[])).await
}

pub async fn get(app: &Router, path: &str) -> Answer {
    send(app, "GET", path, Some(TOKEN), "").await
}

/// The error code wherever this service puts it.
pub fn code_of(body: &Value) -> Option<String> {
    body["error_code"]
        .as_str()
        .map(str::to_string)
        .or_else(|| body["error"]["code"].as_str().map(str::to_string))
        .or_else(|| body["error"]["code"].as_u64().map(|n| n.to_string()))
}

/// Status, code and a 32-hex X-Request-Id.
pub fn assert_error_basics(answer: &Answer, status: StatusCode, code: &str, context: &str) {
    assert_eq!(answer.status, status, "{context}: {}", answer.raw);
    assert_eq!(code_of(&answer.json).as_deref(), Some(code), "{context}: {}", answer.raw);
    assert_eq!(answer.request_id.as_ref().map(String::len), Some(32), "{context}: X-Request-Id");
}

/// The SWR EE error body (seed 000): exactly these three keys.
pub fn assert_swr_ee_error(answer: &Answer, status: StatusCode, code: &str, context: &str) {
    assert_error_basics(answer, status, code, context);
    let keys: Vec<&String> = answer.json.as_object().map(|o| o.keys().collect()).unwrap_or_default();
    assert_eq!(keys.len(), 3, "{context}: {}", answer.raw);
    assert!(answer.json["error_msg"].as_str().is_some_and(|m| !m.is_empty()), "{context}");
    assert_eq!(answer.json["encoded_authorization_message"], "", "{context}");
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// `actual` has the documented example's keys with the same JSON types,
/// recursively; every element of an array is compared with the example's
/// first element. `null` in the example (a documented null) matches null
/// or a string.
pub fn assert_same_shape(actual: &Value, example: &Value, at: &str) {
    match (actual, example) {
        (Value::Object(a), Value::Object(e)) => {
            let mut got: Vec<&String> = a.keys().collect();
            let mut want: Vec<&String> = e.keys().collect();
            got.sort();
            want.sort();
            assert_eq!(got, want, "keys at {at}");
            for (key, value) in e {
                assert_same_shape(&a[key], value, &format!("{at}.{key}"));
            }
        }
        (Value::Array(a), Value::Array(e)) => {
            if let Some(first) = e.first() {
                assert!(!a.is_empty(), "{at}: the sandbox's array is empty");
                for (i, item) in a.iter().enumerate() {
                    assert_same_shape(item, first, &format!("{at}[{i}]"));
                }
            }
        }
        (Value::Null | Value::String(_), Value::Null) => {}
        (a, e) => assert_eq!(kind(a), kind(e), "type at {at}: {a} vs {e}"),
    }
}
