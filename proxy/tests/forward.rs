//! The proxy in front of a local test upstream that counts what reaches it.

use std::path::PathBuf;
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
                [
                    ("x-request-id", "up-123"),
                    ("set-cookie", "session=evil"),
                    ("content-type", "application/json"),
                ],
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
    let request =
        axum::http::Request::post("/api/swr/cn-north-4/v2/p/instances/i/replication/executions?x=1")
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
async fn empty_allow_listed_headers_are_not_forwarded() {
    let (port, seen) = upstream().await;
    let app = proxy(port);
    // Sign-in has no token yet: an empty X-Auth-Token is no token.
    let request = axum::http::Request::post("/api/swr/cn-north-4/v2/p/instances/i/replication/executions")
        .header("x-auth-token", "")
        .header("region", " ")
        .header("content-type", "application/json")
        .body(Body::from("{}"))
        .unwrap();
    send(&app, request).await;
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    assert!(seen[0].headers.get("x-auth-token").is_none(), "{:?}", seen[0].headers);
    assert!(seen[0].headers.get("region").is_none());
    assert_eq!(seen[0].headers["content-type"], "application/json");
}

/// The test proxy with a static dir whose parent holds a secret, and a
/// one-second deadline for request bodies.
fn hostile_proxy(upstream_port: u16) -> (Router, PathBuf) {
    let root = std::env::temp_dir().join(format!("ferry-hostile-{}-{upstream_port}", std::process::id()));
    let dist = root.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>Ferry</title>").unwrap();
    std::fs::write(root.join("secret.txt"), SECRET).unwrap();
    let file: FileConfig = toml::from_str(&format!(
        "allow_insecure_upstream = true\nallowed_regions = ['cn-north-4', 'eu-west-101']\nmax_body_bytes = 4096\n\
         request_body_timeout_secs = 1\nstatic_dir = {dist:?}\n\
         [endpoints]\nswr = 'http://127.0.0.1:{upstream_port}/swr/{{region}}'\n\
         ims = 'http://127.0.0.1:{upstream_port}/ims/{{region}}'"
    ))
    .unwrap();
    (ferry_proxy::app(Arc::new(Settings::from_file(file).unwrap())).unwrap(), root)
}

const SECRET: &str = "ferry-secret-outside-dist";

struct Hostile {
    method: &'static str,
    path: String,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

fn hostile(path: impl Into<String>) -> Hostile {
    Hostile { method: "GET", path: path.into(), headers: Vec::new(), body: Vec::new() }
}

impl Hostile {
    fn header(mut self, name: &'static str, value: impl Into<String>) -> Hostile {
        self.headers.push((name, value.into()));
        self
    }
    fn post(mut self, body: Vec<u8>) -> Hostile {
        self.method = "POST";
        self.body = body;
        self
    }
}

#[tokio::test]
async fn hostile_requests_never_reach_the_upstream() {
    let (port, seen) = upstream().await;
    // Another local service an attacker would love to reach through us.
    let (evil, evil_seen) = upstream().await;
    let (app, root) = hostile_proxy(port);
    let ok = "/api/swr/cn-north-4/v2/x";
    let mut table = vec![
        // Services and regions that are not allowed.
        hostile("/api/obs/cn-north-4/v1/x"),
        hostile("/api/SWR/cn-north-4/v2/x"),
        hostile("/api/swr/cn-east-3/v2/x"),
        hostile("/api/swr/169.254.169.254/latest/meta-data"),
        hostile("/api/swr/localhost/v2/x"),
        hostile("/api/swr/127.0.0.1/v2/x"),
        hostile(format!("/api/swr/127.0.0.1:{evil}/v2/x")),
        hostile("/api/swr/%5b::1%5d/v2/x"),
        hostile("/api/swr/cn-north-4.evil.com/v2/x"),
        hostile("/api/swr/cn-north-4@evil.com/v2/x"),
        hostile("/api/swr/cn-north-4%2f..%2f169.254.169.254/v2/x"),
        hostile("/api/swr/cn-north-4%40evil.com/v2/x"),
        hostile("/api/swr/cn-north-4%00/v2/x"),
        hostile("/api/swr/CN-NORTH-4/v2/x"),
        // SSRF through the path.
        hostile("/api/swr/cn-north-4/http://169.254.169.254/"),
        hostile(format!("/api/swr/cn-north-4/v2/@127.0.0.1:{evil}/x")),
        hostile("/api/swr/cn-north-4/v2/%40evil.com"),
        hostile("/api/swr/cn-north-4/v2//evil.com/x"),
        hostile("/api/swr/cn-north-4/v2/%2f%2fevil.com"),
        hostile("/api/swr/cn-north-4/v2/x%23@evil.com"),
        hostile("/api/swr/cn-north-4/v2/x%3f@evil.com"),
        hostile("/api/swr/cn-north-4/v2/x?redirect=%2f%2fevil.com").header("x-auth-token", "t"),
        // Traversal in the API path, plain and encoded once or twice.
        hostile("/api/swr/cn-north-4/../../etc/passwd"),
        hostile("/api/swr/cn-north-4/v2/%2e%2e/%2e%2e/x"),
        hostile("/api/swr/cn-north-4/v2/%2E%2E/x"),
        hostile("/api/swr/cn-north-4/v2/%252e%252e/x"),
        hostile("/api/swr/cn-north-4/v2/.%2e/x"),
        hostile("/api/swr/cn-north-4/v2/%5c..%5cx"),
        hostile("/api/swr/cn-north-4/v2/x%00"),
        // Header injection through the path or query.
        hostile("/api/swr/cn-north-4/v2/x%0d%0aX-Injected:%201"),
        hostile("/api/swr/cn-north-4/v2/x%0aHost:%20evil.com"),
        hostile("/api/swr/cn-north-4/v2/x?a=%0d%0aHost:%20evil.com"),
        hostile("/api/swr/cn-north-4/v2/x?a=%25%30d"),
        hostile("/api/swr/cn-north-4/v2/x?x=1%0dSet-Cookie:%20a"),
        // A hostile Host or forwarding header changes nothing about routing.
        hostile("/api/swr/169.254.169.254/latest").header("host", "cn-north-4"),
        hostile("/api/swr/localhost/v2/x").header("x-forwarded-host", "swr-api.cn-north-4.myhuaweicloud.com"),
        hostile("/latest/meta-data").header("x-original-url", ok).header("host", "169.254.169.254"),
        hostile("/v2/x")
            .header("x-rewrite-url", ok)
            .header("forwarded", "host=swr-api.cn-north-4.myhuaweicloud.com"),
        hostile("http://169.254.169.254/latest/meta-data").header("host", "169.254.169.254"),
        hostile("/api/swr/cn-north-4"),
        hostile("/api/swr/cn-north-4/"),
        // Traversal in static paths: never the file outside dist/.
        hostile("/../secret.txt"),
        hostile("/%2e%2e/secret.txt"),
        hostile("/..%2fsecret.txt"),
        hostile("/%2e%2e%2fsecret.txt"),
        hostile("/.%2e/.%2e/secret.txt"),
        hostile("/..%5csecret.txt"),
        hostile("/%252e%252e/secret.txt"),
        // Oversized bodies, announced or not.
        hostile(ok).post(vec![b'x'; 5000]).header("content-length", "5000"),
        hostile(ok).post(vec![b'x'; 5000]),
        hostile(ok).post(vec![b'x'; 1]).header("content-length", "99999999999"),
    ];
    assert!(table.len() >= 40, "{}", table.len());
    for row in table.drain(..) {
        let label = format!("{} {} {:?}", row.method, row.path, row.headers);
        let mut builder = axum::http::Request::builder().method(row.method).uri(row.path.as_str());
        for (name, value) in &row.headers {
            builder = builder.header(*name, value);
        }
        let request = builder.body(Body::from(row.body)).unwrap();
        let (status, headers, body) = send(&app, request).await;
        assert!(!body.contains(SECRET), "{label}: leaked the file outside dist/");
        if row.path.starts_with("/api/") {
            assert!(status.is_client_error(), "{label}: {status}");
            assert!(
                headers.get("x-request-id").is_some() || status == StatusCode::PAYLOAD_TOO_LARGE,
                "{label}"
            );
            if status != StatusCode::PAYLOAD_TOO_LARGE || body.starts_with('{') {
                let parsed = ferry_api::error::parse_error_body(&body).unwrap_or_default();
                assert!(parsed.code.is_some_and(|c| c.starts_with("FERRY.")), "{label}: {body}");
            }
        }
        assert_eq!(seen.lock().unwrap().len(), 0, "{label} reached the upstream");
        assert_eq!(evil_seen.lock().unwrap().len(), 0, "{label} reached another host");
    }
    let _ = std::fs::remove_dir_all(root);
}

/// A client that sends its body a byte at a time, each byte well within any
/// per-read timeout, is cut off by the whole-body deadline (1 s here) with a
/// 408, and the upstream never hears of it.
#[tokio::test]
async fn a_trickling_body_is_cut_off_before_any_upstream_connection() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (port, seen) = upstream().await;
    let (app, root) = hostile_proxy(port);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(ferry_proxy::serve(listener, app, std::future::pending()));

    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"POST /api/swr/cn-north-4/v2/x HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n")
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let (mut reader, mut writer) = stream.into_split();
    let trickle = tokio::spawn(async move {
        for _ in 0..100 {
            if writer.write_all(b" ").await.is_err() {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
    });
    let mut answer = Vec::new();
    let mut buf = [0u8; 1024];
    let read = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        while !String::from_utf8_lossy(&answer).contains("FERRY.0408") {
            match reader.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    trickle.abort();
    assert!(read.is_ok(), "the proxy kept waiting for the body");
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert_eq!(seen.lock().unwrap().len(), 0);
    let _ = std::fs::remove_dir_all(root);
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
