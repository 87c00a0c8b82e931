//! Serving the console in production: CSP nonce, cache headers,
//! precompressed assets, config.json, the OTC preset and CORS.

use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use ferry_proxy::config::{FileConfig, Settings};
use http_body_util::BodyExt;
use tower::ServiceExt;

const INDEX: &str = r#"<!doctype html><title>Ferry</title><script nonce="{{__TRUNK NONCE__}}" type=module>import init from '/ferry-0123456789abcdef.js';</script><link nonce="{{__TRUNK NONCE__}}" rel=modulepreload href=/ferry-0123456789abcdef.js>"#;

fn site(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ferry-serving-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), INDEX).unwrap();
    std::fs::write(dir.join("ferry-0123456789abcdef.js"), "export default function init() {}\n".repeat(100))
        .unwrap();
    std::fs::write(dir.join("ferry-0123456789abcdef_bg.wasm"), vec![0u8; 4096]).unwrap();
    std::fs::write(dir.join("config.json"), r#"{"api_base":"https://api.example/api"}"#).unwrap();
    dir
}

fn app(toml_text: &str, dir: Option<&PathBuf>) -> Router {
    let mut settings = Settings::from_file(toml::from_str::<FileConfig>(toml_text).unwrap()).unwrap();
    settings.static_dir = dir.cloned();
    settings.asset_dir = dir.cloned();
    ferry_proxy::app(Arc::new(settings)).unwrap()
}

async fn get(app: &Router, request: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
    let response = app.clone().oneshot(request).await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.into_body().collect().await.unwrap().to_bytes().to_vec())
}

fn req(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

#[tokio::test]
async fn index_and_spa_fallbacks_get_a_fresh_nonce_in_html_and_csp() {
    let dir = site("nonce");
    let app = app("csp_connect_src = ['https://api.example']", Some(&dir));
    let mut seen = Vec::new();
    for path in ["/", "/index.html", "/replicate", "/executions/1/tasks?limit=5", "/snippets/"] {
        let (status, headers, body) = get(&app, req(path)).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let csp = headers["content-security-policy"].to_str().unwrap().to_string();
        let nonce = csp.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).unwrap().to_string();
        assert_eq!(nonce.len(), 32, "{csp}");
        assert_eq!(
            csp,
            format!(
                "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'nonce-{nonce}'; style-src 'self'; \
                 img-src 'self' data:; connect-src 'self' https://api.example; frame-ancestors 'none'; \
                 base-uri 'none'; object-src 'none'"
            )
        );
        let html = String::from_utf8(body).unwrap();
        assert_eq!(html.matches(&format!("nonce=\"{nonce}\"")).count(), 2, "{path}");
        assert!(!html.contains("TRUNK NONCE"), "{path}");
        assert_eq!(headers["cache-control"], "no-cache", "{path}");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["referrer-policy"], "no-referrer");
        assert!(!seen.contains(&nonce), "nonces are never reused");
        seen.push(nonce);
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn hashed_assets_are_immutable_precompressed_and_missing_ones_404() {
    let dir = site("assets");
    ferry_proxy::precompress::compress_tree(&dir).unwrap();
    let app = app("", Some(&dir));
    let js = "/ferry-0123456789abcdef.js";
    let (status, headers, _) = get(&app, req(js)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["cache-control"], "public, max-age=31536000, immutable");
    assert!(headers.get("content-encoding").is_none());

    for (accept, encoding) in [("br, gzip", "br"), ("gzip", "gzip")] {
        let request = Request::get(js).header("accept-encoding", accept).body(Body::empty()).unwrap();
        let (status, headers, body) = get(&app, request).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["content-encoding"], encoding);
        assert!(headers["content-type"].to_str().unwrap().contains("javascript"));
        assert!(body.len() < 3300, "{encoding}: {}", body.len());
        assert_eq!(headers["cache-control"], "public, max-age=31536000, immutable");
    }
    let (status, headers, _) = get(&app, req("/ferry-fedcba9876543210_bg.wasm")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(headers["cache-control"], "no-cache", "a 404 is never cached for a year");
    let (_, headers, _) = get(&app, req("/healthz")).await;
    assert_eq!(headers["cache-control"], "no-cache");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn config_json_merges_the_file_with_the_services_of_the_preset() {
    let dir = site("config");
    for (toml_text, services) in [
        ("", serde_json::json!(["swr", "hss", "ims", "iam"])),
        ("preset = 'opentelekomcloud'", serde_json::json!(["ims", "iam"])),
    ] {
        let (status, headers, body) = get(&app(toml_text, Some(&dir)), req("/config.json")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["cache-control"], "no-cache");
        let config: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(config["api_base"], "https://api.example/api", "the deploy's value wins");
        assert_eq!(config["services"], services);
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn config_json_keeps_the_deploys_own_keys_and_refuses_wrong_ferry_fields() {
    let dir = site("config-keys");
    std::fs::write(
        dir.join("config.json"),
        r#"{"theme":"dark","services":["obs"],"regions":["eu-de"],"sandbox":{"token":"t","note":"kept"}}"#,
    )
    .unwrap();
    let (status, _, body) =
        get(&app("allowed_regions = ['cn-north-4']", Some(&dir)), req("/config.json")).await;
    assert_eq!(status, StatusCode::OK);
    let config: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(config["api_base"], "/api", "the default when the deploy has none");
    assert_eq!(config["theme"], "dark", "unknown keys pass through");
    assert_eq!(config["services"], serde_json::json!(["swr", "hss", "ims", "iam"]), "the proxy's list wins");
    assert_eq!(config["regions"], serde_json::json!(["cn-north-4"]), "the allow-list wins");
    assert_eq!(config["sandbox"]["token"], "t");
    assert_eq!(config["sandbox"]["note"], "kept", "unknown keys pass through at any depth");
    let typed: ferry_api::deploy::DeployConfig = serde_json::from_slice(&body).unwrap();
    assert_eq!(typed.sandbox.map(|s| s.token).as_deref(), Some("t"));

    // Without an allow-list the deploy's own regions stay.
    let (_, _, body) = get(&app("", Some(&dir)), req("/config.json")).await;
    let config: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(config["regions"], serde_json::json!(["eu-de"]));

    for bad in [r#"["not", "an", "object"]"#, r#"{"api_base": 5}"#, r#"{"regions": "eu-de"}"#] {
        std::fs::write(dir.join("config.json"), bad).unwrap();
        let (status, _, _) = get(&app("", Some(&dir)), req("/config.json")).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{bad}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn sandbox_config_lists_all_four_services() {
    let mut settings = Settings::from_file(FileConfig::default()).unwrap();
    settings.sandbox = true;
    let app = ferry_proxy::app(Arc::new(settings)).unwrap();
    let (status, headers, body) = get(&app, req("/config.json")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["cache-control"], "no-cache");
    let config: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(config["services"], serde_json::json!(["swr", "hss", "ims", "iam"]));
    assert!(config["sandbox"]["token"].is_string());
}

#[tokio::test]
async fn otc_has_no_swr_or_hss() {
    let app = app("preset = 'opentelekomcloud'", None);
    for path in ["/api/swr/eu-de/v2/manage/regions", "/api/hss/eu-de/v5/p/image/synchronize"] {
        let (status, headers, body) = get(&app, req(path)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        let parsed = ferry_api::error::parse_error_body(&String::from_utf8_lossy(&body)).unwrap();
        assert_eq!(parsed.code.as_deref(), Some("FERRY.0404"));
        assert!(String::from_utf8_lossy(&body).contains("not available in this cloud"));
        assert_eq!(headers["cache-control"], "no-store");
    }
    // cn-north-4 is not an OTC region.
    let (status, _, _) = get(&app, req("/api/ims/cn-north-4/v1/cloudimages")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

fn preflight(origin: &str) -> Request<Body> {
    Request::options("/api/swr/cn-north-4/v2/p/instances")
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "x-auth-token, content-type")
        .body(Body::empty())
        .unwrap()
}

fn cors_headers(headers: &HeaderMap) -> Vec<String> {
    headers.keys().map(|k| k.as_str().to_string()).filter(|k| k.starts_with("access-control-")).collect()
}

#[tokio::test]
async fn cors_preflight_only_for_configured_origins() {
    let app = app("cors_origins = ['https://console.example']", None);
    let (status, headers, _) = get(&app, preflight("https://console.example")).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(headers["access-control-allow-origin"], "https://console.example");
    assert_eq!(
        headers["access-control-allow-headers"],
        "X-Auth-Token, Content-Type, Accept, region, X-Language"
    );
    assert!(headers["access-control-allow-methods"].to_str().unwrap().contains("POST"));
    assert!(headers.get_all("vary").iter().any(|v| v == "origin"));

    for other in [
        "https://evil.example",
        "https://console.example.evil",
        "http://console.example",
        "https://console.example:444",
        "null",
    ] {
        let (status, headers, _) = get(&app, preflight(other)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{other}");
        assert_eq!(cors_headers(&headers), Vec::<String>::new(), "{other}");
    }
}

#[tokio::test]
async fn cors_actual_requests_expose_the_ids_to_configured_origins_only() {
    let app = app("cors_origins = ['https://console.example']", None);
    let request = |origin: &str| {
        Request::get("/api/obs/cn-north-4/x").header("origin", origin).body(Body::empty()).unwrap()
    };
    let (status, headers, _) = get(&app, request("https://console.example")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(headers["access-control-allow-origin"], "https://console.example");
    assert_eq!(headers["access-control-expose-headers"], "X-Request-Id, X-Subject-Token, Content-Range");
    let (_, headers, _) = get(&app, request("https://evil.example")).await;
    assert_eq!(cors_headers(&headers), Vec::<String>::new());

    // Without configured origins nothing changes: no CORS at all.
    let (_, headers, _) = get(&self::app("", None), preflight("https://console.example")).await;
    assert_eq!(cors_headers(&headers), Vec::<String>::new());
}
