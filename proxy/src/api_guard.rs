//! Checks on every `/api` request before routing reaches the forwarder or
//! the sandbox: API-looking paths that name no API answer JSON rather than
//! the console's `index.html`, only the methods Ferry uses get through, and
//! headers that must be single are.

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;

use crate::error::ProxyError;

/// What the console sends; `OPTIONS` is for CORS preflights, which the
/// proxy answers itself.
const METHODS: [Method; 5] = [Method::GET, Method::POST, Method::PUT, Method::DELETE, Method::OPTIONS];
const ALLOW: &str = "GET, POST, PUT, DELETE, OPTIONS";

/// Two of these would let the proxy and the cloud disagree on which counts.
const SINGLE_HEADERS: [HeaderName; 3] =
    [HeaderName::from_static("x-auth-token"), header::CONTENT_TYPE, HeaderName::from_static("region")];

pub fn apply(router: Router) -> Router {
    router.layer(middleware::from_fn(guard))
}

async fn guard(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let is_api = path.starts_with("/api/");
    // `/API/…`, `/Api`: no route, so without this the SPA fallback would
    // answer them with index.html.
    let bytes = path.as_bytes();
    let looks_like_api = bytes.get(..4).is_some_and(|p| p.eq_ignore_ascii_case(b"/api"))
        && matches!(bytes.get(4), None | Some(b'/'));
    if path == "/api/" || (looks_like_api && !is_api) {
        return refuse(&request, ProxyError::NoSuchApi);
    }
    if !is_api {
        return next.run(request).await;
    }
    if !METHODS.contains(request.method()) {
        let mut response = refuse(&request, ProxyError::MethodNotAllowed);
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static(ALLOW));
        return response;
    }
    if let Some(name) =
        SINGLE_HEADERS.iter().find(|name| request.headers().get_all(*name).iter().nth(1).is_some())
    {
        tracing::debug!(header = %name, "duplicated header");
        return refuse(&request, ProxyError::refused("a header that must appear once appears twice"));
    }
    next.run(request).await
}

fn refuse(request: &Request, error: ProxyError) -> Response {
    tracing::warn!(method = %request.method(), path = %request.uri().path(), reason = %error, "refused");
    let mut response = error.into_response();
    // `/API/…` is not `/api/` to the cache layer; an API answer all the same.
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
