//! The request body limit, answered as the proxy's JSON error: tower-http's
//! limit layer answers a too-large `Content-Length` with a plain-text 413,
//! which the console cannot parse and which has no request ID.

use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::limit::RequestBodyLimitLayer;

use crate::error::ProxyError;
use crate::forward::FromUpstream;

pub fn apply(router: Router, max_body_bytes: usize) -> Router {
    router.layer(RequestBodyLimitLayer::new(max_body_bytes)).layer(middleware::from_fn(as_json))
}

async fn as_json(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    // The cloud's own 413 passes through untouched.
    if response.status() != StatusCode::PAYLOAD_TOO_LARGE
        || response.extensions().get::<FromUpstream>().is_some()
    {
        return response;
    }
    let json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if json {
        return response;
    }
    ProxyError::BodyTooLarge.into_response()
}
