//! The sandbox's execute endpoint, faithful to seed 000 and reference §2.1,
//! and the console's static serving.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use ferry_proxy::config::{FileConfig, Settings};
use ferry_proxy::sandbox::world::{INSTANCE_ID, POLICY_ID, PROJECT_ID, TOKEN};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

fn sandbox(static_dir: Option<std::path::PathBuf>) -> Router {
    let mut settings = Settings::from_file(FileConfig::default()).unwrap();
    settings.sandbox = true;
    settings.static_dir = static_dir;
    ferry_proxy::app(Arc::new(settings)).unwrap()
}

const EXECUTIONS: &str = "/api/swr/cn-north-4/v2/{p}/instances/{i}/replication/executions";

fn execute(project: &str, instance: &str, token: Option<&str>, body: &str) -> Request<Body> {
    let mut builder = Request::post(EXECUTIONS.replace("{p}", project).replace("{i}", instance))
        .header("content-type", "application/json");
    if let Some(token) = token {
        builder = builder.header("x-auth-token", token);
    }
    builder.body(Body::from(body.to_string())).unwrap()
}

async fn call(app: &Router, request: Request<Body>) -> (StatusCode, Option<String>, Value) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let request_id = response.headers().get("x-request-id").map(|v| v.to_str().unwrap().to_string());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, request_id, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

fn assert_swr_ee_error(body: &Value, code: &str) {
    assert_eq!(body["error_code"], code, "{body}");
    assert!(body["error_msg"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    assert!(body.get("encoded_authorization_message").is_some(), "{body}");
}

#[tokio::test]
async fn execute_answers_202_with_a_new_id_each_time() {
    let app = sandbox(None);
    let body = format!(r#"{{"policy_id":{POLICY_ID}}}"#);
    let (status, request_id, first) = call(&app, execute(PROJECT_ID, INSTANCE_ID, Some(TOKEN), &body)).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(request_id.map(|id| id.len()), Some(32));
    let (_, _, second) = call(&app, execute(PROJECT_ID, INSTANCE_ID, Some(TOKEN), &body)).await;
    assert!(first["id"].as_i64().is_some());
    assert_eq!(second["id"].as_i64(), first["id"].as_i64().map(|id| id + 1));
}

#[tokio::test]
async fn execute_errors_match_the_documented_statuses_and_body() {
    let app = sandbox(None);
    let ok = format!(r#"{{"policy_id":{POLICY_ID}}}"#);
    let cases = [
        (execute(PROJECT_ID, INSTANCE_ID, None, &ok), StatusCode::UNAUTHORIZED, "SVCSTG.SWR.4010000"),
        (execute(PROJECT_ID, INSTANCE_ID, Some("wrong"), &ok), StatusCode::UNAUTHORIZED, "SVCSTG.SWR.4010000"),
        (execute(PROJECT_ID, INSTANCE_ID, Some(TOKEN), "{}"), StatusCode::BAD_REQUEST, "SVCSTG.SWR.4000001"),
        (execute(PROJECT_ID, INSTANCE_ID, Some(TOKEN), r#"{"policy_id":"12"}"#), StatusCode::BAD_REQUEST, "SVCSTG.SWR.4000001"),
        (execute(PROJECT_ID, INSTANCE_ID, Some(TOKEN), r#"{"policy_id":1.5}"#), StatusCode::BAD_REQUEST, "SVCSTG.SWR.4000001"),
        (execute(PROJECT_ID, INSTANCE_ID, Some(TOKEN), r#"{"policy_id":4294967296}"#), StatusCode::BAD_REQUEST, "SVCSTG.SWR.4000001"),
        (execute(PROJECT_ID, INSTANCE_ID, Some(TOKEN), "policy_id=12"), StatusCode::BAD_REQUEST, "SVCSTG.SWR.4000001"),
        (execute(PROJECT_ID, "no-such-instance", Some(TOKEN), &ok), StatusCode::NOT_FOUND, "SVCSTG.SWR.4040001"),
        (execute("other-project", INSTANCE_ID, Some(TOKEN), &ok), StatusCode::NOT_FOUND, "SVCSTG.SWR.4040001"),
        (execute(PROJECT_ID, INSTANCE_ID, Some(TOKEN), r#"{"policy_id":999}"#), StatusCode::NOT_FOUND, "SVCSTG.SWR.4040017"),
        (execute(PROJECT_ID, INSTANCE_ID, Some(TOKEN), r#"{"policy_id":14}"#), StatusCode::BAD_REQUEST, "SVCSTG.SWR.4000002"),
    ];
    for (request, status, code) in cases {
        let uri = request.uri().clone();
        let (got, request_id, body) = call(&app, request).await;
        assert_eq!(got, status, "{uri} {body}");
        assert_swr_ee_error(&body, code);
        assert!(request_id.is_some(), "{uri}: every answer carries X-Request-Id");
        // And the console's parser reads it.
        let parsed = ferry_api::error::parse_error_body(&body.to_string()).unwrap();
        assert_eq!(parsed.code.as_deref(), Some(code));
    }
}

#[tokio::test]
async fn sandbox_applies_the_same_path_checks_as_the_cloud_proxy() {
    let app = sandbox(None);
    let (status, _, body) =
        call(&app, Request::get("/api/swr/cn-north-4/v2/%2e%2e/x").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error_code"], "FERRY.0400");
    let (status, _, body) = call(&app, Request::get("/api/swr/cn-north-4/v2/nothing").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error_code"], "APIG.0101");
}

#[tokio::test]
async fn the_token_is_never_recorded() {
    let app = sandbox(None);
    call(&app, execute(PROJECT_ID, INSTANCE_ID, Some(TOKEN), r#"{"policy_id":12}"#)).await;
    let response = app.clone().oneshot(Request::get("/__sandbox/requests").body(Body::empty()).unwrap()).await.unwrap();
    let text = String::from_utf8(response.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    assert!(text.contains(r#""token_sent":true"#), "{text}");
    assert!(!text.contains(TOKEN), "{text}");
}

#[tokio::test]
async fn serves_the_console_with_spa_fallback_and_real_404s_for_assets() {
    let dir = std::env::temp_dir().join(format!("ferry-static-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!DOCTYPE html><title>Ferry</title>").unwrap();
    std::fs::write(dir.join("app-1234.js"), "console.log(1)").unwrap();
    let app = sandbox(Some(dir.clone()));
    let get = |path: &str| Request::get(path).body(Body::empty()).unwrap();

    for (path, status) in [
        ("/", StatusCode::OK),
        ("/replicate", StatusCode::OK),
        ("/executions/abc/1/tasks?limit=20", StatusCode::OK),
        ("/app-1234.js", StatusCode::OK),
        ("/missing-5678.wasm", StatusCode::NOT_FOUND),
        // Traversal falls back to the console, never to the file.
        ("/../../etc/passwd", StatusCode::OK),
        ("/%2e%2e/%2e%2e/etc/passwd", StatusCode::OK),
        ("/healthz", StatusCode::OK),
    ] {
        let response = app.clone().oneshot(get(path)).await.unwrap();
        assert_eq!(response.status(), status, "{path}");
        assert_eq!(response.headers()["referrer-policy"], "no-referrer", "{path}");
        if status == StatusCode::OK && !path.ends_with(".js") && path != "/healthz" {
            let body = response.into_body().collect().await.unwrap().to_bytes();
            assert!(String::from_utf8_lossy(&body).contains("<title>Ferry</title>"), "{path}");
        }
    }
    let _ = std::fs::remove_dir_all(dir);
}
