//! Forwarding `/api/…` to the cloud: only allow-listed headers go up and come
//! back, the request body is read whole (it is small) before any connection,
//! the answer streams back, and the token is never logged.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName};
use axum::response::{IntoResponse, Response};

use crate::config::Settings;
use crate::error::ProxyError;
use crate::target;

/// Request headers the APIs need; everything else (cookies, hop-by-hop,
/// forwarding headers, Host) stays behind.
const REQUEST_HEADERS: [HeaderName; 5] = [
    HeaderName::from_static("x-auth-token"),
    header::CONTENT_TYPE,
    header::ACCEPT,
    HeaderName::from_static("region"),
    HeaderName::from_static("x-language"),
];

/// Response headers the console reads.
const RESPONSE_HEADERS: [HeaderName; 6] = [
    header::CONTENT_TYPE,
    HeaderName::from_static("x-request-id"),
    HeaderName::from_static("x-subject-token"),
    HeaderName::from_static("x-iam-trace-id"),
    header::CONTENT_RANGE,
    header::RETRY_AFTER,
];

#[derive(Clone)]
pub struct Forwarder {
    settings: Arc<Settings>,
    client: reqwest::Client,
}

impl Forwarder {
    pub fn new(settings: Arc<Settings>) -> Result<Forwarder, reqwest::Error> {
        let client = reqwest::Client::builder()
            // A redirect could lead anywhere; the console never needs one.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(settings.connect_timeout)
            .read_timeout(settings.upstream_timeout)
            .no_proxy()
            .build()?;
        Ok(Forwarder { settings, client })
    }
}

pub async fn handle(State(fwd): State<Forwarder>, request: Request) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let uri = request.uri().clone();
    let path = uri.path().strip_prefix("/api").unwrap_or(uri.path());
    let target = match target::resolve(&fwd.settings, path, uri.query()) {
        Ok(target) => target,
        Err(err) => {
            tracing::warn!(%method, path = %uri.path(), reason = %err, "refused");
            return err.into_response();
        }
    };

    let (parts, body) = request.into_parts();
    // Read it all first, under one deadline: a client that trickles bytes is
    // cut off, and a refused body never opens an upstream connection.
    let limit = fwd.settings.max_body_bytes;
    let bytes = match tokio::time::timeout(fwd.settings.request_body_timeout, axum::body::to_bytes(body, limit)).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(err)) => {
            let error = if is_body_limit(&err) { ProxyError::BodyTooLarge } else { ProxyError::BodyUnreadable };
            tracing::warn!(%method, path = %uri.path(), reason = %error, "refused");
            return error.into_response();
        }
        Err(_) => {
            tracing::warn!(%method, path = %uri.path(), "request body timed out");
            return ProxyError::BodyTimeout.into_response();
        }
    };
    let mut outbound = fwd.client.request(method.clone(), &target.url).headers(copy(&parts.headers, &REQUEST_HEADERS));
    if !bytes.is_empty() {
        outbound = outbound.body(bytes);
    }

    let result = outbound.send().await;
    let upstream = match result {
        Ok(upstream) => upstream,
        Err(err) => {
            let error = if err.is_timeout() { ProxyError::Timeout } else { ProxyError::Unreachable };
            tracing::warn!(%method, service = %target.service, region = %target.region,
                path = %target.path_and_query, error = %err, "upstream failed");
            return error.into_response();
        }
    };

    let status = upstream.status();
    let headers = copy(upstream.headers(), &RESPONSE_HEADERS);
    tracing::info!(
        %method,
        service = %target.service,
        region = %target.region,
        path = %target.path_and_query,
        status = status.as_u16(),
        latency_ms = started.elapsed().as_millis() as u64,
        upstream_request_id = headers.get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-"),
        "forwarded"
    );
    let mut response = Response::new(Body::from_stream(upstream.bytes_stream()));
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}

fn copy(from: &HeaderMap, allowed: &[HeaderName]) -> HeaderMap {
    let mut to = HeaderMap::new();
    for name in allowed {
        for value in from.get_all(name) {
            to.append(name.clone(), value.clone());
        }
    }
    to
}

/// Whether reading failed on the size limit (ours, or the outer layer's).
fn is_body_limit(err: &axum::Error) -> bool {
    let mut source: Option<&dyn std::error::Error> = Some(err);
    while let Some(e) = source {
        if e.to_string().contains("length limit exceeded") {
            return true;
        }
        source = e.source();
    }
    false
}
