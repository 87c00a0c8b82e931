//! The sandbox's HSS image-sync endpoints (api-reference §4), including the
//! 200 answer that still reports a failure, and the gateway's token refusal.

mod common;

use common::{call, Answer, PROJECT_ID, TOKEN};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use serde_json::json;

fn sandbox() -> Router {
    common::sandbox(60, 60)
}

fn post(path: &str, token: Option<&str>, body: &str) -> Request<Body> {
    common::request("POST", path, token, body, &[("region", "cn-north-4")])
}

fn sync_path(project: &str, query: &str) -> String {
    format!("/api/hss/cn-north-4/v5/{project}/image/synchronize{query}")
}

fn task_path(project: &str, query: &str) -> String {
    format!("/api/hss/cn-north-4/v5/{project}/image/image-sync/tasks{query}")
}

/// Status, documented body shape, the console's parser, and the header.
fn assert_error(answer: &Answer, status: StatusCode, code: &str, context: &str) {
    common::assert_error_basics(answer, status, code, context);
    if code.starts_with("APIG.") {
        // The gateway's body carries the same ID as the header.
        assert_eq!(answer.json["request_id"].as_str(), answer.request_id.as_deref(), "{context}");
        assert_eq!(
            answer.json["error_msg"],
            "Incorrect IAM authentication information: the token is missing, invalid or expired"
        );
    } else {
        let keys: Vec<&String> = answer.json.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["error_code", "error_msg"], "{context}");
        assert!(answer.json["error_msg"].as_str().is_some_and(|m| !m.is_empty()));
    }
}

#[tokio::test]
async fn synchronize_succeeds_with_error_code_0() {
    let app = sandbox();
    for (query, image_type) in [
        ("", "private_image"),
        ("?enterprise_project_id=0", "shared_image"),
        ("?enterprise_project_id=all_granted_eps", "private_image"),
        ("?enterprise_project_id=5b8d2a47-6f1e-4c3a-9d0b-7e2f1a3c4b5d", "shared_image"),
    ] {
        let body = format!(r#"{{"image_type":"{image_type}"}}"#);
        let answer = call(&app, post(&sync_path(PROJECT_ID, query), Some(TOKEN), &body)).await;
        assert_eq!(answer.status, StatusCode::OK, "{query}");
        assert_eq!(answer.json, json!({ "error_code": 0, "error_description": "success" }));
        assert_eq!(answer.request_id.map(|id| id.len()), Some(32));
    }
}

#[tokio::test]
async fn an_unsupported_image_type_is_a_failure_inside_http_200() {
    let app = sandbox();
    let answer =
        call(&app, post(&sync_path(PROJECT_ID, ""), Some(TOKEN), r#"{"image_type":"public_image"}"#)).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.json,
        json!({
            "error_code": 10,
            "error_description": "Unsupported image type: public_image. Use private_image or shared_image.",
        })
    );
    assert!(answer.request_id.is_some());
}

#[tokio::test]
async fn synchronize_errors() {
    let app = sandbox();
    let ok = r#"{"image_type":"private_image"}"#;
    let long_ep = format!("?enterprise_project_id={}", "a".repeat(257));
    let cases = [
        (post(&sync_path(PROJECT_ID, ""), None, ok), StatusCode::UNAUTHORIZED, "APIG.0301"),
        (post(&sync_path(PROJECT_ID, ""), Some("expired"), ok), StatusCode::UNAUTHORIZED, "APIG.0301"),
        (post(&sync_path("another-project", ""), Some(TOKEN), ok), StatusCode::FORBIDDEN, "HSS.0013"),
        (
            post(&sync_path(PROJECT_ID, "?enterprise_project_id="), Some(TOKEN), ok),
            StatusCode::BAD_REQUEST,
            "HSS.0001",
        ),
        (
            post(&sync_path(PROJECT_ID, "?enterprise_project_id=a_b"), Some(TOKEN), ok),
            StatusCode::BAD_REQUEST,
            "HSS.0001",
        ),
        (post(&sync_path(PROJECT_ID, &long_ep), Some(TOKEN), ok), StatusCode::BAD_REQUEST, "HSS.0001"),
        (
            post(&sync_path(PROJECT_ID, ""), Some(TOKEN), "image_type=private_image"),
            StatusCode::BAD_REQUEST,
            "HSS.0001",
        ),
        (post(&sync_path(PROJECT_ID, ""), Some(TOKEN), "{}"), StatusCode::BAD_REQUEST, "HSS.0001"),
        (
            post(&sync_path(PROJECT_ID, ""), Some(TOKEN), r#"{"image_type":1}"#),
            StatusCode::BAD_REQUEST,
            "HSS.0001",
        ),
        (
            post(&sync_path(PROJECT_ID, ""), Some(TOKEN), r#"{"image_type":null}"#),
            StatusCode::BAD_REQUEST,
            "HSS.0001",
        ),
    ];
    for (request, status, code) in cases {
        let context = request.uri().to_string();
        let answer = call(&app, request).await;
        assert_error(&answer, status, code, &context);
    }
    let answer = call(&app, post(&sync_path(PROJECT_ID, ""), Some(TOKEN), "{}")).await;
    assert_eq!(answer.json["error_msg"], "Invalid parameter: image_type");
}

#[tokio::test]
async fn sync_task_succeeds_with_an_empty_object() {
    let app = sandbox();
    let all_types = ["SwrPrivate", "SwrShared", "SwrEnterprise", "Harbor", "Jfrog", "Other"]
        .iter()
        .enumerate()
        .map(|(i, t)| json!({ "registry_id": format!("reg-{i}"), "registry_type": t }))
        .collect::<Vec<_>>();
    for (query, body) in [
        ("", json!({ "sync_all_registries": true })),
        ("?enterprise_project_id=0", json!({ "sync_all_registries": true, "registry_info": [] })),
        (
            "?enterprise_project_id=all_granted_eps",
            json!({ "sync_all_registries": false, "registry_info": all_types }),
        ),
    ] {
        let answer = call(&app, post(&task_path(PROJECT_ID, query), Some(TOKEN), &body.to_string())).await;
        assert_eq!(answer.status, StatusCode::OK, "{body}: {}", answer.raw);
        assert_eq!(answer.raw, "{}");
        assert!(answer.request_id.is_some());
    }
}

#[tokio::test]
async fn sync_task_errors_name_the_field() {
    let app = sandbox();
    let ok = r#"{"sync_all_registries":true}"#;
    for (project, query, token, body, status, code) in [
        (PROJECT_ID, "", None, ok, StatusCode::UNAUTHORIZED, "APIG.0301"),
        (PROJECT_ID, "", Some("nope"), ok, StatusCode::UNAUTHORIZED, "APIG.0301"),
        ("another-project", "", Some(TOKEN), ok, StatusCode::FORBIDDEN, "HSS.0013"),
        (PROJECT_ID, "?enterprise_project_id=a.b", Some(TOKEN), ok, StatusCode::BAD_REQUEST, "HSS.0001"),
    ] {
        let answer = call(&app, post(&task_path(project, query), token, body)).await;
        assert_error(&answer, status, code, &format!("{project} {query} {token:?}"));
    }
    for (body, field) in [
        ("sync", "request body"),
        ("{}", "sync_all_registries"),
        (r#"{"sync_all_registries":"yes"}"#, "sync_all_registries"),
        (r#"{"sync_all_registries":false}"#, "registry_info"),
        (r#"{"sync_all_registries":false,"registry_info":[]}"#, "registry_info"),
        (r#"{"sync_all_registries":true,"registry_info":"SwrPrivate"}"#, "registry_info"),
        (
            r#"{"sync_all_registries":true,"registry_info":[{"registry_type":"Harbor"}]}"#,
            "registry_info[0].registry_id",
        ),
        (
            r#"{"sync_all_registries":true,"registry_info":[{"registry_id":"","registry_type":"Harbor"}]}"#,
            "registry_info[0].registry_id",
        ),
        (
            r#"{"sync_all_registries":false,"registry_info":[{"registry_id":"a","registry_type":"Harbor"},{"registry_id":"b","registry_type":"Quay"}]}"#,
            "registry_info[1].registry_type",
        ),
    ] {
        let answer = call(&app, post(&task_path(PROJECT_ID, ""), Some(TOKEN), body)).await;
        assert_error(&answer, StatusCode::BAD_REQUEST, "HSS.0001", body);
        assert_eq!(answer.json["error_msg"], format!("Invalid parameter: {field}"), "{body}");
    }
}

#[tokio::test]
async fn the_region_header_must_name_the_endpoints_region() {
    let app = sandbox();
    let ok = r#"{"image_type":"private_image"}"#;
    for headers in [vec![("region", "ap-southeast-3")], vec![("region", "")], vec![]] {
        let request = common::request("POST", &sync_path(PROJECT_ID, ""), Some(TOKEN), ok, &headers);
        let answer = call(&app, request).await;
        assert_error(&answer, StatusCode::BAD_REQUEST, "HSS.0001", &format!("{headers:?}"));
        assert_eq!(answer.json["error_msg"], "Invalid parameter: region");
    }
}
