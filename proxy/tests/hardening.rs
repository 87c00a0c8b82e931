//! Issue 14 ("ferry-proxy hardened"): path forms a Java backend would
//! resolve, the JSON 413, upstream encodings and 1xx answers, methods,
//! preflights, hop-by-hop headers, `/api` roots and the parser's own errors.
//! A counting upstream proves refusals never reach the cloud.

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use ferry_proxy::config::{FileConfig, Settings};
use http_body_util::BodyExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

/// What the fake cloud saw: request lines and headers.
type Seen = Arc<Mutex<Vec<(String, HeaderMap)>>>;

/// An upstream on 127.0.0.1:0 answering every request with `answer()`.
async fn upstream(answer: fn() -> Response) -> (u16, Seen) {
    let seen: Seen = Arc::default();
    let log = seen.clone();
    let app = Router::new().fallback(move |request: Request| {
        let log = log.clone();
        async move {
            if let Ok(mut log) = log.lock() {
                log.push((format!("{} {}", request.method(), request.uri()), request.headers().clone()));
            }
            answer()
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (port, seen)
}

fn json_ok() -> Response {
    ([("content-type", "application/json")], r#"{"id":7}"#).into_response()
}

const GZIPPED_JSON: &str = r#"{"regions":["cn-north-4"]}"#;

fn gzip_json() -> Response {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(GZIPPED_JSON.as_bytes()).unwrap();
    let body = encoder.finish().unwrap();
    ([("content-type", "application/json"), ("content-encoding", "gzip")], body).into_response()
}

fn settings(upstream_port: u16, extra: &str, static_dir: Option<&PathBuf>) -> Settings {
    let dir = static_dir.map(|d| format!("static_dir = {:?}\n", d.display().to_string())).unwrap_or_default();
    let file: FileConfig = toml::from_str(&format!(
        "allow_insecure_upstream = true\nallowed_regions = ['cn-north-4']\nmax_body_bytes = 4096\n{dir}{extra}\n\
         [endpoints]\nswr = 'http://127.0.0.1:{upstream_port}/swr/{{region}}'"
    ))
    .unwrap();
    Settings::from_file(file).unwrap()
}

fn proxy(upstream_port: u16) -> Router {
    ferry_proxy::app(Arc::new(settings(upstream_port, "", None))).unwrap()
}

async fn send(app: &Router, request: axum::http::Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
    let response = app.clone().oneshot(request).await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.into_body().collect().await.unwrap().to_bytes().to_vec())
}

/// A JSON error of the proxy's own: `FERRY.…` code, message, request ID.
fn assert_ferry_error(label: &str, headers: &HeaderMap, body: &[u8], code: &str) {
    let text = String::from_utf8_lossy(body);
    let json: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("{label}: not JSON: {text}"));
    assert_eq!(json["error_code"], code, "{label}: {text}");
    assert!(json["error_msg"].as_str().is_some_and(|m| !m.is_empty()), "{label}: {text}");
    assert!(headers.get("x-request-id").is_some(), "{label}: no X-Request-Id");
    assert!(headers["content-type"].to_str().unwrap().starts_with("application/json"), "{label}");
}

fn get(path: &str) -> axum::http::Request<Body> {
    axum::http::Request::get(path).body(Body::empty()).unwrap()
}

/// Defect 3.
#[tokio::test]
async fn semicolon_segments_and_overlong_escapes_never_reach_the_upstream() {
    let (port, seen) = upstream(json_ok).await;
    let app = proxy(port);
    for path in [
        "/api/swr/cn-north-4/v2/..;/..;/manage/regions",
        "/api/swr/cn-north-4/v2/.;/manage/regions",
        "/api/swr/cn-north-4/v2/x/..;a=b/y",
        "/api/swr/cn-north-4/v2;jsessionid=1/manage/regions",
        "/api/swr/cn-north-4/v2/%3b/x",
        "/api/swr/cn-north-4/v2/%c0%ae%c0%ae/manage/regions",
        "/api/swr/cn-north-4/v2/%e0%80%ae%e0%80%ae/manage/regions",
        "/api/swr/cn-north-4/v2/..%c0%afmanage/regions",
        "/api/swr/cn-north-4/v2/%c0%af%c0%afevil",
        "/api/swr/cn-north-4/v2/%ef%bc%8e%ef%bc%8e/x",
    ] {
        let (status, headers, body) = send(&app, get(path)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert_ferry_error(path, &headers, &body, "FERRY.0400");
    }
    assert_eq!(seen.lock().unwrap().len(), 0, "a refused path reached the upstream");
    // Plain paths and real UTF-8 still pass.
    for path in
        ["/api/swr/cn-north-4/v2/manage/regions", "/api/swr/cn-north-4/v2/manage/namespaces/%e4%b8%ad/repos"]
    {
        assert_eq!(send(&app, get(path)).await.0, StatusCode::OK, "{path}");
    }
    assert_eq!(seen.lock().unwrap().len(), 2);
}

/// Defect 4: what `fetch()` sends (a Content-Length) gets the same JSON 413
/// as a chunked body.
#[tokio::test]
async fn a_body_over_the_limit_with_content_length_gets_the_json_413() {
    let (port, seen) = upstream(json_ok).await;
    let app = proxy(port);
    let cases = [
        ("announced and sent", "5000", vec![b'x'; 5000]),
        ("announced, short", "99999999999", vec![b'x'; 10]),
    ];
    for (label, length, body) in cases {
        let request = axum::http::Request::post("/api/swr/cn-north-4/v2/x")
            .header("content-type", "application/json")
            .header("content-length", length)
            .body(Body::from(body))
            .unwrap();
        let (status, headers, body) = send(&app, request).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{label}");
        assert_ferry_error(label, &headers, &body, "FERRY.0413");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{label}");
    }
    // No Content-Length (as with a chunked body): the same answer.
    let request =
        axum::http::Request::post("/api/swr/cn-north-4/v2/x").body(Body::from(vec![b'x'; 6000])).unwrap();
    let (status, headers, body) = send(&app, request).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_ferry_error("no length", &headers, &body, "FERRY.0413");
    assert_eq!(seen.lock().unwrap().len(), 0);

    // The cloud's own 413 passes through as the cloud sent it.
    let (port, _) = upstream(|| (StatusCode::PAYLOAD_TOO_LARGE, "too big upstream").into_response()).await;
    let (status, _, body) = send(&proxy(port), get("/api/swr/cn-north-4/v2/x")).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body, b"too big upstream");
}

/// Defect 5: the encoding is passed on with the body, to a client that
/// accepts it; otherwise 502 rather than bytes the client cannot read.
#[tokio::test]
async fn an_upstream_content_encoding_is_passed_on_or_refused() {
    let (port, _) = upstream(gzip_json).await;
    let app = proxy(port);
    let request = axum::http::Request::get("/api/swr/cn-north-4/v2/manage/regions")
        .header("accept-encoding", "gzip, deflate, br, zstd")
        .body(Body::empty())
        .unwrap();
    let (status, headers, body) = send(&app, request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-encoding"], "gzip");
    assert_eq!(headers["content-type"], "application/json");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&body[..]), &mut text).unwrap();
    assert_eq!(text, GZIPPED_JSON);

    for accept in [None, Some("br"), Some("gzip;q=0, br"), Some("identity")] {
        let mut request = axum::http::Request::get("/api/swr/cn-north-4/v2/manage/regions");
        if let Some(accept) = accept {
            request = request.header("accept-encoding", accept);
        }
        let (status, headers, body) = send(&app, request.body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::BAD_GATEWAY, "{accept:?}");
        assert_ferry_error(&format!("{accept:?}"), &headers, &body, "FERRY.0502");
    }
    let request = axum::http::Request::get("/api/swr/cn-north-4/v2/manage/regions")
        .header("accept-encoding", "*")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, request).await.0, StatusCode::OK);
}

/// Tighten 7.
#[tokio::test]
async fn only_the_methods_ferry_uses_are_forwarded() {
    let (port, seen) = upstream(json_ok).await;
    let app = proxy(port);
    for method in ["TRACE", "TRACK", "PROPFIND", "PATCH", "HEAD", "MKCOL", "LOCK", "DEBUG"] {
        let request = axum::http::Request::builder()
            .method(method)
            .uri("/api/swr/cn-north-4/v2/manage/regions")
            .body(Body::empty())
            .unwrap();
        let (status, headers, body) = send(&app, request).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
        assert_eq!(headers["allow"], "GET, POST, PUT, DELETE, OPTIONS", "{method}");
        if method != "HEAD" {
            assert_ferry_error(method, &headers, &body, "FERRY.0405");
        }
    }
    assert_eq!(seen.lock().unwrap().len(), 0, "a refused method reached the upstream");
    for method in ["GET", "POST", "PUT", "DELETE"] {
        let request = axum::http::Request::builder()
            .method(method)
            .uri("/api/swr/cn-north-4/v2/x")
            .body(Body::empty())
            .unwrap();
        assert_eq!(send(&app, request).await.0, StatusCode::OK, "{method}");
    }
    let methods: Vec<String> = seen.lock().unwrap().iter().map(|(line, _)| line.clone()).collect();
    assert_eq!(methods.len(), 4, "{methods:?}");
}

/// Tighten 8.
#[tokio::test]
async fn without_cors_origins_a_preflight_is_refused_and_never_forwarded() {
    let (port, seen) = upstream(json_ok).await;
    let app = proxy(port);
    for origin in ["https://console.example", "https://evil.example", "null"] {
        let request = axum::http::Request::options("/api/swr/cn-north-4/v2/manage/regions")
            .header("origin", origin)
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "x-auth-token")
            .body(Body::empty())
            .unwrap();
        let (status, headers, body) = send(&app, request).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{origin}");
        assert_ferry_error(origin, &headers, &body, "FERRY.0403");
        assert!(headers.keys().all(|k| !k.as_str().starts_with("access-control-")), "{origin}");
    }
    assert_eq!(seen.lock().unwrap().len(), 0, "a preflight reached the upstream");
}

/// Tighten 9.
#[tokio::test]
async fn connection_listed_headers_stay_behind_and_a_duplicated_token_is_refused() {
    let (port, seen) = upstream(json_ok).await;
    let app = proxy(port);
    let request = axum::http::Request::get("/api/swr/cn-north-4/v2/x")
        .header("x-auth-token", "MIItoken")
        .header("x-language", "en-us")
        .header("region", "cn-north-4")
        .header("connection", "keep-alive, X-Language")
        .header("connection", "region")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, request).await.0, StatusCode::OK);
    {
        let seen = seen.lock().unwrap();
        let (_, headers) = &seen[0];
        assert_eq!(headers["x-auth-token"], "MIItoken");
        assert!(headers.get("x-language").is_none(), "a header named in Connection was forwarded");
        assert!(headers.get("region").is_none(), "a header named in Connection was forwarded");
    }

    for name in ["x-auth-token", "content-type", "region"] {
        let request = axum::http::Request::get("/api/swr/cn-north-4/v2/x")
            .header(name, "one")
            .header(name, "two")
            .body(Body::empty())
            .unwrap();
        let (status, headers, body) = send(&app, request).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{name}");
        assert_ferry_error(name, &headers, &body, "FERRY.0400");
    }
    assert_eq!(seen.lock().unwrap().len(), 1, "a duplicated header reached the upstream");
}

/// Tighten 10: API-looking paths that name no API are JSON 404s, not the
/// console's index.html.
#[tokio::test]
async fn api_roots_and_upper_case_api_paths_are_json_404s() {
    let (port, seen) = upstream(json_ok).await;
    let dir = std::env::temp_dir().join(format!("ferry-hardening-spa-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>Ferry</title>").unwrap();
    let mut settings = settings(port, "", Some(&dir));
    settings.asset_dir = Some(dir.clone());
    let app = ferry_proxy::app(Arc::new(settings)).unwrap();
    for path in
        ["/api", "/api/", "/API", "/API/", "/API/swr/cn-north-4/v2/x", "/Api/swr/cn-north-4/v2/x", "/aPI/"]
    {
        let (status, headers, body) = send(&app, get(path)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_ferry_error(path, &headers, &body, "FERRY.0404");
        assert_eq!(headers["cache-control"], "no-store", "{path}");
    }
    // The console's own deep links still get index.html.
    let (status, _, body) = send(&app, get("/apidocs")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(String::from_utf8_lossy(&body).contains("<title>Ferry"));
    assert_eq!(seen.lock().unwrap().len(), 0);
    let _ = std::fs::remove_dir_all(dir);
}

/// An upstream that answers every connection with the raw bytes given.
async fn raw_upstream(answer: &'static [u8]) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = stream.read(&mut buf).await;
                let _ = stream.write_all(answer).await;
                tokio::time::sleep(std::time::Duration::from_secs(2)).await;
            });
        }
    });
    port
}

/// Tighten 13.
#[tokio::test]
async fn an_upstream_101_is_not_relayed() {
    let port = raw_upstream(
        b"HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: upgrade\r\n\r\n",
    )
    .await;
    let app = proxy(port);
    let request = axum::http::Request::get("/api/swr/cn-north-4/v2/x")
        .header("connection", "upgrade")
        .header("upgrade", "websocket")
        .body(Body::empty())
        .unwrap();
    let (status, headers, body) =
        tokio::time::timeout(std::time::Duration::from_secs(10), send(&app, request))
            .await
            .expect("answered in time");
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert_ferry_error("101", &headers, &body, "FERRY.0502");
}

async fn start_real(upstream_port: u16) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(ferry_proxy::serve(listener, proxy(upstream_port), std::future::pending()));
    addr
}

async fn raw_exchange(addr: SocketAddr, request: &[u8]) -> String {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let _ = stream.write_all(request).await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
    String::from_utf8_lossy(&answer).into_owned()
}

/// Tighten 14: hyper answers malformed requests itself, before any of the
/// proxy's layers run, so these answers cannot carry the security headers
/// (the README says so). They have no body and close the connection, and
/// nothing reaches the upstream.
#[tokio::test]
async fn the_parsers_own_errors_are_bodiless_and_close_the_connection() {
    let (port, seen) = upstream(json_ok).await;
    let addr = start_real(port).await;
    let many_headers: String = (0..200).map(|i| format!("x-h{i}: v\r\n")).collect();
    let long_uri = format!("/api/swr/cn-north-4/v2/{}", "a".repeat(70_000));
    let cases = [
        ("400", b"GARBAGE\r\n\r\n".to_vec()),
        ("400", b"GET /api/swr/cn-north-4/v2/x HTTP/1.1\r\nhost: x\r\nbad header\r\n\r\n".to_vec()),
        (
            "431",
            format!("GET /api/swr/cn-north-4/v2/x HTTP/1.1\r\nhost: x\r\n{many_headers}\r\n").into_bytes(),
        ),
        ("414", format!("GET {long_uri} HTTP/1.1\r\nhost: x\r\n\r\n").into_bytes()),
    ];
    for (code, request) in cases {
        let answer = raw_exchange(addr, &request).await;
        assert!(answer.starts_with(&format!("HTTP/1.1 {code}")), "{code}: {answer}");
        assert!(answer.to_ascii_lowercase().contains("content-length: 0"), "{code}: {answer}");
        assert!(answer.ends_with("\r\n\r\n"), "{code}: a body: {answer}");
    }
    assert_eq!(seen.lock().unwrap().len(), 0);
}
