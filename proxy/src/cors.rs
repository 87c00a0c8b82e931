//! CORS for a console hosted on another origin. Hand-written rather than
//! tower-http's `CorsLayer`, which also answers preflights from unlisted
//! origins with allow-methods/allow-headers; here another origin gets no
//! CORS header at all.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;

use crate::error::ProxyError;

const ALLOW_METHODS: &str = "GET, POST, PUT, DELETE";
/// Exactly the request headers the forwarder passes on.
const ALLOW_HEADERS: &str = "X-Auth-Token, Content-Type, Accept, region, X-Language";
const EXPOSE_HEADERS: &str = "X-Request-Id, X-Subject-Token, Content-Range";

#[derive(Clone)]
struct Origins(Arc<Vec<String>>);

/// Adds CORS to `router` when origins are configured. Without them browsers
/// apply the same-origin policy, and a preflight (which only a cross-origin
/// page sends) is refused here, never forwarded.
pub fn apply(router: Router, origins: &[String]) -> Router {
    if origins.is_empty() {
        return router.layer(middleware::from_fn(refuse_preflight));
    }
    router.layer(middleware::from_fn_with_state(Origins(Arc::new(origins.to_vec())), cors))
}

async fn refuse_preflight(request: Request, next: Next) -> Response {
    if is_preflight(&request) {
        tracing::warn!(path = %request.uri().path(), "refused a CORS preflight: no cors_origins configured");
        return ProxyError::OriginNotAllowed.into_response();
    }
    next.run(request).await
}

fn is_preflight(request: &Request) -> bool {
    request.method() == Method::OPTIONS
        && request.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
}

async fn cors(State(origins): State<Origins>, request: Request, next: Next) -> Response {
    let origin = request.headers().get(header::ORIGIN).cloned();
    let allowed = origin
        .as_ref()
        .and_then(|o| o.to_str().ok())
        .is_some_and(|o| origins.0.iter().any(|allowed| allowed == o));
    let preflight = is_preflight(&request);

    let mut response = match (preflight, allowed) {
        (true, true) => {
            let mut response = StatusCode::NO_CONTENT.into_response();
            let h = response.headers_mut();
            h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static(ALLOW_METHODS));
            h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static(ALLOW_HEADERS));
            h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
            response
        }
        // Never forward a preflight upstream, and tell the browser nothing.
        (true, false) => ProxyError::OriginNotAllowed.into_response(),
        (false, _) => next.run(request).await,
    };
    let h = response.headers_mut();
    if let (true, Some(origin)) = (allowed, origin) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        if !preflight {
            h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(EXPOSE_HEADERS));
        }
    }
    add_vary_origin(h);
    response
}

/// The answer differs by `Origin`, so shared caches must key on it.
fn add_vary_origin(headers: &mut HeaderMap) {
    headers.append(header::VARY, HeaderValue::from_static("origin"));
}
