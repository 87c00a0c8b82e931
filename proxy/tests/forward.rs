//! The proxy in front of a local test upstream that counts what reaches it.

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Router;
use ferry_proxy::config::{FileConfig, Settings};
use http_body_util::BodyExt;
use tower::ServiceExt;

#[derive(Debug, Clone)]
struct Seen {
    method: String,
    uri: String,
    headers: HeaderMap,
    body: String,
}

/// An upstream on 127.0.0.1:0 that records every request and answers 200
/// with a request ID and a cookie the proxy must not pass back.
async fn upstream() -> (u16, Arc<Mutex<Vec<Seen>>>) {
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let log = seen.clone();
    let app = Router::new().fallback(move |request: Request| {
        let log = log.clone();
        async move {
            let (parts, body) = request.into_parts();
            let body = body.collect().await.map(|b| b.to_bytes()).unwrap_or_default();
            log.lock().unwrap().push(Seen {
                method: parts.method.to_string(),
                uri: parts.uri.to_string(),
                headers: parts.headers,
                body: String::from_utf8_lossy(&body).into_owned(),
            });
            (
                StatusCode::ACCEPTED,
                [("x-request-id", "up-123"), ("set-cookie", "session=evil"), ("content-type", "application/json")],
                r#"{"id":7}"#,
            )
                .into_response()
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (port, seen)
}

fn proxy(upstream_port: u16) -> Router {
    let file: FileConfig = toml::from_str(&format!(
        "allow_insecure_upstream = true\nallowed_regions = ['cn-north-4', 'eu-west-101']\nmax_body_bytes = 4096\n\
         [endpoints]\nswr = 'http://127.0.0.1:{upstream_port}/swr/{{region}}'\n\
         ims = 'http://127.0.0.1:{upstream_port}/ims/{{region}}'"
    ))
    .unwrap();
    ferry_proxy::app(Arc::new(Settings::from_file(file).unwrap())).unwrap()
}

async fn send(app: &Router, request: axum::http::Request<Body>) -> (StatusCode, HeaderMap, String) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn forwards_allow_listed_headers_and_body_only() {
    let (port, seen) = upstream().await;
    let app = proxy(port);
    let request = axum::http::Request::post("/api/swr/cn-north-4/v2/p/instances/i/replication/executions?x=1")
        .header("x-auth-token", "MIItoken")
        .header("content-type", "application/json")
        .header("cookie", "console=secret")
        .header("authorization", "Basic abc")
        .header("x-forwarded-for", "1.2.3.4")
        .header("host", "evil.example")
        .header("connection", "keep-alive, x-custom")
        .header("x-custom", "1")
        .header("region", "cn-north-4")
        .header("content-length", "16")
        .body(Body::from(r#"{"policy_id":12}"#))
        .unwrap();
    let (status, headers, body) = send(&app, request).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(body, r#"{"id":7}"#);
    assert_eq!(headers["x-request-id"], "up-123");
    assert!(headers.get("set-cookie").is_none(), "upstream cookies stay behind");
    assert_eq!(headers["x-content-type-options"], "nosniff");

    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    let req = &seen[0];
    assert_eq!(req.method, "POST");
    assert_eq!(req.uri, "/swr/cn-north-4/v2/p/instances/i/replication/executions?x=1");
    assert_eq!(req.body, r#"{"policy_id":12}"#);
    assert_eq!(req.headers["x-auth-token"], "MIItoken");
    assert_eq!(req.headers["region"], "cn-north-4");
    for dropped in ["cookie", "authorization", "x-forwarded-for", "x-custom"] {
        assert!(req.headers.get(dropped).is_none(), "{dropped} must not be forwarded");
    }
    assert_eq!(req.headers["host"], format!("127.0.0.1:{port}"));
}

#[tokio::test]
async fn hostile_requests_never_reach_the_upstream() {
    let (port, seen) = upstream().await;
    let app = proxy(port);
    let hostile = [
        "/api/obs/cn-north-4/v1/x",
        "/api/swr/cn-east-3/v2/x",
        "/api/swr/169.254.169.254/latest/meta-data",
        "/api/swr/localhost/v2/x",
        "/api/swr/127.0.0.1/v2/x",
        "/api/swr/cn-north-4.evil.com/v2/x",
        "/api/swr/cn-north-4@evil.com/v2/x",
        "/api/swr/cn-north-4/../../etc/passwd",
        "/api/swr/cn-north-4/v2/%2e%2e/%2e%2e/x",
        "/api/swr/cn-north-4/v2/%252e%252e/x",
        "/api/swr/cn-north-4/v2//evil.com/x",
        "/api/swr/cn-north-4/v2/@evil.com",
        "/api/swr/cn-north-4/v2/%40evil.com",
        "/api/swr/cn-north-4/v2/%5c..%5cx",
        "/api/swr/cn-north-4/v2/x%00",
        "/api/swr/cn-north-4/v2/x%0d%0aX-Injected:%201",
        "/api/swr/cn-north-4/http://169.254.169.254/",
        "/api/swr/cn-north-4",
        "/api/swr/cn-north-4/",
        "/api/SWR/cn-north-4/v2/x",
    ];
    for path in hostile {
        let request = axum::http::Request::get(path).header("x-auth-token", "t").body(Body::empty()).unwrap();
        let (status, headers, body) = send(&app, request).await;
        assert!(status.is_client_error(), "{path}: {status}");
        let parsed = ferry_api::error::parse_error_body(&body).unwrap_or_default();
        assert!(parsed.code.is_some_and(|c| c.starts_with("FERRY.")), "{path}: {body}");
        assert!(headers.get("x-request-id").is_some(), "{path}");
    }
    assert_eq!(seen.lock().unwrap().len(), 0, "no hostile request may reach the upstream");
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let (port, seen) = upstream().await;
    let app = proxy(port);
    let big = "x".repeat(5000);
    let request = axum::http::Request::post("/api/swr/cn-north-4/v2/x")
        .header("content-length", big.len().to_string())
        .body(Body::from(big))
        .unwrap();
    let (status, _, _) = send(&app, request).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(seen.lock().unwrap().len(), 0);
}

#[tokio::test]
async fn unreachable_upstream_is_a_502_the_console_can_parse() {
    // Bind then drop: nothing listens on this port any more.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let app = proxy(port);
    let request = axum::http::Request::get("/api/ims/cn-north-4/v1/cloudimages").body(Body::empty()).unwrap();
    let (status, headers, body) = send(&app, request).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    let parsed = ferry_api::error::parse_error_body(&body).unwrap();
    assert_eq!(parsed.code.as_deref(), Some("FERRY.0502"));
    assert!(headers.get("x-request-id").is_some());
}
