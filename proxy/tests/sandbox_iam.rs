//! The sandbox's IAM sign-in and project list (api-reference §1).

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use ferry_proxy::config::{FileConfig, Settings};
use ferry_proxy::sandbox::iam::{ACCOUNT, LOCKED_USER, MFA_CODE, MFA_USER, PASSWORD, USER};
use ferry_proxy::sandbox::world::PROJECT_ID;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

fn sandbox() -> Router {
    let mut settings = Settings::from_file(FileConfig::default()).unwrap();
    settings.sandbox = true;
    ferry_proxy::app(Arc::new(settings)).unwrap()
}

fn sign_in_body(user: &str, password: &str, mfa: Option<&str>) -> String {
    let mut identity = json!({
        "methods": ["password"],
        "password": { "user": { "domain": { "name": ACCOUNT }, "name": user, "password": password } }
    });
    if let Some(code) = mfa {
        identity["methods"] = json!(["password", "totp"]);
        identity["totp"] = json!({ "user": { "id": "x", "passcode": code } });
    }
    json!({ "auth": { "identity": identity, "scope": { "project": { "name": "cn-north-4" } } } }).to_string()
}

async fn call(app: &Router, request: Request<Body>) -> (StatusCode, Option<String>, Value) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let token = response.headers().get("x-subject-token").map(|v| v.to_str().unwrap().to_string());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, token, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

fn sign_in(body: String) -> Request<Body> {
    Request::post("/api/iam/cn-north-4/v3/auth/tokens").header("content-type", "application/json").body(Body::from(body)).unwrap()
}

#[tokio::test]
async fn signing_in_returns_a_token_header_and_the_project() {
    let app = sandbox();
    let (status, token, body) = call(&app, sign_in(sign_in_body(USER, PASSWORD, None))).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(body["token"]["project"]["id"], PROJECT_ID);
    assert!(body["token"]["expires_at"].as_str().is_some_and(|t| t.ends_with('Z')));
    let token = token.expect("X-Subject-Token");
    // The token works on the other services.
    let request = Request::get(format!("/api/swr/cn-north-4/v2/{PROJECT_ID}/instances")).header("x-auth-token", &token).body(Body::empty()).unwrap();
    assert_eq!(call(&app, request).await.0, StatusCode::OK);
    let projects = Request::get("/api/iam/cn-north-4/v3/auth/projects").header("x-auth-token", &token).body(Body::empty()).unwrap();
    let (status, _, body) = call(&app, projects).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body["projects"].as_array().unwrap().iter().any(|p| p["id"] == PROJECT_ID && p["name"] == "cn-north-4"));
}

#[tokio::test]
async fn refusals_use_keystone_bodies() {
    let app = sandbox();
    for (body, message) in [
        (sign_in_body(USER, "wrong", None), "The username or password is wrong."),
        (sign_in_body(LOCKED_USER, PASSWORD, None), "The account is locked."),
        (sign_in_body(MFA_USER, PASSWORD, None), "Login protection is enabled"),
        (sign_in_body(MFA_USER, PASSWORD, Some("000000")), "The verification code is incorrect."),
    ] {
        let (status, token, body) = call(&app, sign_in(body)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(token.is_none());
        let parsed = ferry_api::error::parse_error_body(&body.to_string()).unwrap();
        assert_eq!(parsed.code.as_deref(), Some("401"));
        assert_eq!(parsed.title.as_deref(), Some("Unauthorized"));
        assert!(parsed.message.unwrap().starts_with(message));
    }
    let (status, token, _) = call(&app, sign_in(sign_in_body(MFA_USER, PASSWORD, Some(MFA_CODE)))).await;
    assert_eq!((status, token.is_some()), (StatusCode::CREATED, true));
    let unauthenticated = Request::get("/api/iam/cn-north-4/v3/auth/projects").body(Body::empty()).unwrap();
    assert_eq!(call(&app, unauthenticated).await.0, StatusCode::UNAUTHORIZED);
}
