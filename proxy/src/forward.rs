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

/// Marks an answer that came from the cloud, so layers that turn the
/// proxy's own errors into JSON leave it alone.
#[derive(Debug, Clone, Copy)]
pub struct FromUpstream;

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
    let bytes = match tokio::time::timeout(
        fwd.settings.request_body_timeout,
        axum::body::to_bytes(body, limit),
    )
    .await
    {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(err)) => {
            let error =
                if is_body_limit(&err) { ProxyError::BodyTooLarge } else { ProxyError::BodyUnreadable };
            tracing::warn!(%method, path = %uri.path(), reason = %error, "refused");
            return error.into_response();
        }
        Err(_) => {
            tracing::warn!(%method, path = %uri.path(), "request body timed out");
            return ProxyError::BodyTimeout.into_response();
        }
    };
    let mut outbound =
        fwd.client.request(method.clone(), &target.url).headers(request_headers(&parts.headers));
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
    let mut headers = copy(upstream.headers(), &RESPONSE_HEADERS);
    // A 101 or other 1xx as the final answer cannot be relayed: there is no
    // upgrade to pass on, and the browser would wait for a real answer.
    let refusal = if status.is_informational() {
        Some(ProxyError::BadUpstreamAnswer("an informational (1xx) status as the final answer"))
    } else {
        match upstream.headers().get(header::CONTENT_ENCODING) {
            // The body is passed on as it came, so its encoding must be too,
            // and only if the client said it can decode it.
            Some(encoding) if accepts_encoding(&parts.headers, encoding) => {
                headers.insert(header::CONTENT_ENCODING, encoding.clone());
                None
            }
            Some(_) => Some(ProxyError::BadUpstreamAnswer("a Content-Encoding the client did not accept")),
            None => None,
        }
    };
    if let Some(error) = refusal {
        tracing::warn!(%method, service = %target.service, region = %target.region,
            path = %target.path_and_query, status = status.as_u16(), reason = %error, "upstream answer refused");
        return error.into_response();
    }
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
    response.extensions_mut().insert(FromUpstream);
    response
}

/// The allow-listed request headers, minus any the client's `Connection`
/// header names: those are hop-by-hop and end here.
fn request_headers(from: &HeaderMap) -> HeaderMap {
    let mut headers = copy(from, &REQUEST_HEADERS);
    for listed in from.get_all(header::CONNECTION) {
        let Ok(listed) = listed.to_str() else { continue };
        for name in listed.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            if let Ok(name) = HeaderName::from_bytes(name.as_bytes()) {
                headers.remove(name);
            }
        }
    }
    headers
}

/// Whether the request's `Accept-Encoding` admits `encoding` (every coding
/// of it, when stacked); `identity` always is.
fn accepts_encoding(request: &HeaderMap, encoding: &axum::http::HeaderValue) -> bool {
    let Ok(encoding) = encoding.to_str() else { return false };
    let accepted: Vec<(String, bool)> = request
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|item| {
            let mut parts = item.split(';').map(str::trim);
            let coding = parts.next().filter(|c| !c.is_empty())?.to_ascii_lowercase();
            let refused =
                parts.any(|p| p.strip_prefix("q=").is_some_and(|q| q.parse::<f32>().is_ok_and(|q| q == 0.0)));
            Some((coding, !refused))
        })
        .collect();
    encoding.split(',').map(|c| c.trim().to_ascii_lowercase()).all(|coding| {
        coding == "identity"
            || accepted
                .iter()
                .find(|(c, _)| *c == coding)
                .map(|(_, ok)| *ok)
                .unwrap_or_else(|| accepted.iter().any(|(c, ok)| c == "*" && *ok))
    })
}

/// The allowed headers of `from`. An empty value is dropped: an empty
/// `X-Auth-Token:` is no token, and no cloud API takes an empty header.
fn copy(from: &HeaderMap, allowed: &[HeaderName]) -> HeaderMap {
    let mut to = HeaderMap::new();
    for name in allowed {
        for value in from.get_all(name).iter().filter(|v| !v.as_bytes().iter().all(u8::is_ascii_whitespace)) {
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
