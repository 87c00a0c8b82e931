//! What the sandbox integration tests share: the app, requests, answers, and
//! the checks every error answer passes whatever its service's format.
#![allow(dead_code)] // each test file uses its own subset

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use ferry_proxy::config::{FileConfig, Settings};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

/// The proxy in sandbox mode; `job_seconds` sets how long IMS copy jobs take.
pub fn sandbox(job_seconds: Option<u64>) -> Router {
    let mut settings = Settings::from_file(FileConfig::default()).expect("default settings");
    settings.sandbox = true;
    if let Some(seconds) = job_seconds {
        settings.sandbox_job_seconds = seconds;
    }
    ferry_proxy::app(Arc::new(settings)).expect("app")
}

pub struct Answer {
    pub status: StatusCode,
    pub request_id: Option<String>,
    pub content_type: Option<String>,
    pub raw: String,
    pub json: Value,
}

/// A JSON request with the given extra headers and, if any, a token.
pub fn request(method: &str, path: &str, token: Option<&str>, body: &str, headers: &[(&str, &str)]) -> Request<Body> {
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
    let header = |name: &str| response.headers().get(name).map(|v| v.to_str().unwrap_or_default().to_string());
    let (request_id, content_type) = (header("x-request-id"), header("content-type"));
    let bytes = response.into_body().collect().await.expect("body").to_bytes();
    let raw = String::from_utf8(bytes.to_vec()).expect("utf-8 body");
    let json = serde_json::from_str(&raw).unwrap_or(Value::Null);
    Answer { status, request_id, content_type, raw, json }
}

/// Status, the code the console's parser reads, and a 32-hex X-Request-Id.
pub fn assert_error_basics(answer: &Answer, status: StatusCode, code: &str, context: &str) {
    assert_eq!(answer.status, status, "{context}: {}", answer.raw);
    let parsed = ferry_api::error::parse_error_body(&answer.raw).expect("a known error body");
    assert_eq!(parsed.code.as_deref(), Some(code), "{context}");
    assert_eq!(answer.request_id.as_ref().map(String::len), Some(32), "{context}: X-Request-Id");
}
