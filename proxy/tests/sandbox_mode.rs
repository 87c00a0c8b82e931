//! `ferry-proxy --sandbox`: the emulator answers `/api/…`, but only after the
//! proxy's own path checks, and the console is still served.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use ferry_proxy::config::{FileConfig, Settings};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

fn sandbox(toml_text: &str, static_dir: Option<std::path::PathBuf>) -> Router {
    let mut settings = Settings::from_file(toml::from_str::<FileConfig>(toml_text).unwrap()).unwrap();
    settings.sandbox = true;
    settings.static_dir = static_dir;
    ferry_proxy::app(Arc::new(settings)).unwrap()
}

async fn call(app: &Router, path: &str, token: Option<&str>) -> (StatusCode, Value) {
    let mut builder = Request::get(path).header("content-type", "application/json");
    if let Some(token) = token {
        builder = builder.header("x-auth-token", token);
    }
    let response = app.clone().oneshot(builder.body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

async fn recorded(app: &Router) -> usize {
    call(app, "/__sandbox/requests", None).await.1.as_array().map_or(0, Vec::len)
}

const INSTANCES: &str = "/api/swr/cn-north-4/v2/0b5f2a4c8e6d4f1a9c3b7e2d1f0a6c5b/instances";

#[tokio::test]
async fn the_sandbox_answers_api_calls() {
    let app = sandbox("", None);
    let (status, body) = call(&app, INSTANCES, Some("ferry-sandbox-token")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["instances"].as_array().is_some_and(|list| !list.is_empty()), "{body}");
    assert_eq!(recorded(&app).await, 1);
}

#[tokio::test]
async fn the_proxy_refuses_hostile_paths_before_the_sandbox_sees_them() {
    let app = sandbox("allowed_regions = ['cn-north-4']", None);
    for (path, status, code) in [
        ("/api/swr/cn-north-4/v2/%2e%2e/x", StatusCode::BAD_REQUEST, "FERRY.0400"),
        ("/api/swr/cn-north-4/../x", StatusCode::BAD_REQUEST, "FERRY.0400"),
        ("/api/obs/cn-north-4/x", StatusCode::NOT_FOUND, "FERRY.0404"),
        ("/api/swr/cn-east-3/v2/manage/regions", StatusCode::FORBIDDEN, "FERRY.0403"),
        ("/api/swr/169.254.169.254/latest", StatusCode::FORBIDDEN, "FERRY.0403"),
    ] {
        let (got, body) = call(&app, path, Some("ferry-sandbox-token")).await;
        assert_eq!((got, body["error_code"].as_str()), (status, Some(code)), "{path}: {body}");
    }
    assert_eq!(recorded(&app).await, 0, "nothing reached the sandbox");
    // A path that passes the proxy but that no service publishes is the
    // sandbox's (the gateway's) 404.
    let (status, body) = call(&app, "/api/swr/cn-north-4/v2/nothing", None).await;
    assert_eq!((status, body["error_code"].as_str()), (StatusCode::NOT_FOUND, Some("APIG.0101")));
    assert_eq!(recorded(&app).await, 1);
}

#[tokio::test]
async fn the_console_is_still_served_with_its_fallback() {
    let dir = std::env::temp_dir().join(format!("ferry-sandbox-mode-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!DOCTYPE html><title>Ferry</title>").unwrap();
    let app = sandbox("", Some(dir.clone()));
    for (path, status) in
        [("/", StatusCode::OK), ("/replicate", StatusCode::OK), ("/missing-5678.wasm", StatusCode::NOT_FOUND)]
    {
        let response = app.clone().oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(response.status(), status, "{path}");
        assert_eq!(response.headers()["referrer-policy"], "no-referrer", "{path}");
    }
    let (status, config) = call(&app, "/config.json", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(config["sandbox"]["token"], "ferry-sandbox-token");
    let _ = std::fs::remove_dir_all(dir);
}

/// The sandbox crate depends on no Ferry crate, so this is where its
/// `config.json` and ferry-api's `DeployConfig` are held to one shape.
#[tokio::test]
async fn the_sandbox_config_reads_as_a_deploy_config_with_the_demo_sign_in() {
    let app = sandbox("", None);
    let (status, config) = call(&app, "/config.json", None).await;
    assert_eq!(status, StatusCode::OK);
    let config: ferry_api::deploy::DeployConfig = serde_json::from_value(config).unwrap();
    assert_eq!(config.api_base, "/api");
    assert_eq!(config.services.as_deref(), Some(&["swr", "hss", "ims", "iam"].map(String::from)[..]));
    let demo = config.sandbox.expect("the sandbox's demo values");
    assert_eq!(
        (demo.account.as_str(), demo.user.as_str(), demo.password.as_str()),
        (ferry_sandbox::iam::ACCOUNT, ferry_sandbox::iam::USER, ferry_sandbox::iam::PASSWORD)
    );
    assert_eq!(demo.token, ferry_sandbox::world::TOKEN);
    assert_eq!(demo.project_id, ferry_sandbox::world::PROJECT_ID);
    assert_eq!(demo.instance_id, ferry_sandbox::world::INSTANCE_ID);
    assert_eq!(demo.policy_id, ferry_sandbox::world::POLICY_ID);
    assert_eq!(demo.namespace, ferry_sandbox::world::NAMESPACE);
    assert_eq!(demo.repository, ferry_sandbox::world::REPOSITORY);
    assert_eq!(demo.image_id, ferry_sandbox::world::IMAGE_ID);
    assert_eq!(demo.full_ecs_image_id, ferry_sandbox::world::FULL_ECS_IMAGE_ID);
}
