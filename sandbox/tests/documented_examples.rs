//! Each documented example body next to the sandbox's answer for the same
//! call: same keys, same JSON types, recursively (`common::assert_same_shape`).
//! Examples are copied from the doc pages (seeds) and `docs/api-reference.md`.

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use common::{assert_same_shape, call, get, send, INSTANCE_ID, PROJECT_ID, TOKEN};
use serde_json::{json, Value};

fn ee(rest: &str) -> String {
    format!("/api/swr/cn-north-4/v2/{PROJECT_ID}/instances/{INSTANCE_ID}{rest}")
}

fn example(text: &str) -> Value {
    serde_json::from_str(text).expect("example JSON")
}

#[tokio::test]
async fn swr_ee_execute_matches_seed_000() {
    let app = common::sandbox(60, 60);
    let answer =
        send(&app, "POST", &ee("/replication/executions"), Some(TOKEN), r#"{ "policy_id" : 12 }"#).await;
    assert_eq!(answer.status, StatusCode::ACCEPTED);
    assert_same_shape(&answer.json, &example(r#"{ "id" : 34 }"#), "execute");
}

#[tokio::test]
async fn swr_ee_list_executions_matches_the_sdk_model() {
    let app = common::sandbox(60, 60);
    // api-reference §2.2 (Go SDK model_execution.go: every field required).
    let documented = json!({ "executions": [{
        "id": 1, "policy_id": 12, "status": "Succeed", "status_text": "", "total": 7, "failed": 0, "succeed": 7,
        "in_progress": 0, "stopped": 0, "trigger": "manual", "created_at": "2026-11-22T02:00:00Z",
        "updated_at": "2026-11-22T02:06:00Z",
    }], "total": 1 });
    let answer = get(&app, &ee("/replication/executions?policy_id=12")).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_same_shape(&answer.json, &documented, "executions");
}

/// Seed 003's example response, with its resource strings shortened.
const TASKS_EXAMPLE: &str = r#"{ "total" : 1, "tasks" : [ { "id" : 1927, "execution_id" : 83, "resource_type" : "artifact",
  "src_resource" : "{\"type\":\"artifact\"}", "dst_resource" : "{\"type\":\"artifact\"}", "operation" : "copy",
  "job_id" : "3541b99f9e562586ffbf3445", "status" : "Succeed", "StatusRevision" : 1612598465,
  "start_time" : "2021-02-06T08:01:06.04266Z", "end_time" : "2021-02-06T08:34:46Z" } ] }"#;

#[tokio::test]
async fn swr_ee_list_tasks_matches_seed_003() {
    let app = common::sandbox(60, 60);
    let answer = get(&app, &ee("/replication/executions/902/tasks?offset=0&limit=100")).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_same_shape(&answer.json, &example(TASKS_EXAMPLE), "tasks");
    // The resource documents follow the seed's JSON-in-a-string shape.
    let seed_resource = example(
        r#"{"type":"artifact","metadata":{"repository":{"name":"root/nats","metadata":{"auto_scan":"true","enable_content_trust":"false","prevent_vul":"false","public":"false","retention_id":"2","reuse_sys_cve_allowlist":"true","severity":"low"}},"artifacts":[{"type":"IMAGE","digest":"sha256:dec8","labels":null,"tags":["1.2.0-linux","1.2.0"]}],"v_tags":null},"registry":null,"extended_info":null,"deleted":false,"is_delete_tag":false,"override":false}"#,
    );
    let first = answer.json["tasks"][0]["src_resource"].as_str().unwrap();
    assert_same_shape(&example(first), &seed_resource, "src_resource");
}

#[tokio::test]
async fn swr_ee_list_subtasks_matches_the_sdk_model() {
    let app = common::sandbox(60, 60);
    // api-reference §2.4 (Go SDK model_subtask_detail.go).
    let documented = json!({ "subtasks": [{
        "id": 1, "job_id": 2, "namespace": "ferry", "repository": "web", "tag": "1.0", "digest": "sha256:00",
        "status": "Failed", "status_text": "failed", "start_time": "2021-02-06T08:01:06.04266Z",
        "end_time": "2021-02-06T08:34:46Z",
    }], "total": 1 });
    let tasks = get(&app, &ee("/replication/executions/902/tasks?limit=100")).await;
    let failed = tasks.json["tasks"].as_array().unwrap().iter().find(|t| t["status"] == "Failed").unwrap()
        ["id"]
        .clone();
    let answer =
        get(&app, &ee(&format!("/replication/executions/902/tasks/{failed}/subtasks?status=Failed"))).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_same_shape(&answer.json, &documented, "subtasks");
}

#[tokio::test]
async fn swr_classic_lists_match_the_sdk_models() {
    let app = common::sandbox(60, 60);
    // §3.7: a bare array of RegionInfo.
    let regions = get(&app, "/api/swr/cn-north-4/v2/manage/regions").await;
    assert_same_shape(&regions.json, &json!([{ "regionID": "cn-north-4" }]), "regions");
    // §3.3: a bare array of SyncRepo.
    let documented = json!([{
        "createdAt": "2026-11-02T08:30:00Z", "domainID": "d", "domainName": "n", "id": 1, "namespace": "ns",
        "override": false, "remoteNamespace": "m", "remoteRegionId": "ap-southeast-3", "repoName": "nginx",
        "syncAuto": true, "updatedAt": "2026-11-02T08:30:00Z",
    }]);
    let list = get(&app, "/api/swr/cn-north-4/v2/manage/namespaces/ferry-demo/repos/nginx/sync_repo").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_same_shape(&list.json, &documented, "sync_repo");
}

#[tokio::test]
async fn hss_synchronize_matches_seed_001() {
    let app = common::sandbox(60, 60);
    let path = format!("/api/hss/cn-north-4/v5/{PROJECT_ID}/image/synchronize");
    let request = common::request(
        "POST",
        &path,
        Some(TOKEN),
        r#"{ "image_type" : "private_image" }"#,
        &[("region", "cn-north-4")],
    );
    let answer = call(&app, request).await;
    assert_eq!(answer.status, StatusCode::OK);
    let documented = example(r#"{ "error_code" : 0, "error_description" : "success" }"#);
    assert_same_shape(&answer.json, &documented, "synchronize");
    assert_eq!(answer.json, documented);
}

#[tokio::test]
async fn ims_copy_and_show_job_match_the_documented_examples() {
    let app = common::sandbox(0, 60);
    let copy = "/api/ims/cn-north-4/v1/cloudimages/30e55148-deb9-4923-adb9-91618de16ba0/copy";
    let answer =
        send(&app, "POST", copy, Some(TOKEN), r#"{"name":"ims_encrypted_copy3","description":"test copy"}"#)
            .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);
    // Seed 004 (replicating an image within a region).
    assert_same_shape(&answer.json, &example(r#"{ "job_id": "edc89b490d7d4392898e19b2deb34797" }"#), "copy");
    let job_id = answer.json["job_id"].as_str().unwrap();
    tokio::time::sleep(Duration::from_millis(10)).await;
    let job = get(&app, &format!("/api/ims/cn-north-4/v1/{PROJECT_ID}/jobs/{job_id}")).await;
    // docs/api-reference.md §5.2, the documented successful copy.
    let documented = example(
        r#"{"job_id":"9a175ac892fa13420193001c2e62205a","job_type":"imsCopyImageInRegionJob","begin_time":"2024-11-06T06:14:27.168Z","end_time":"2024-11-06T06:16:38.446Z","status":"SUCCESS","error_code":null,"fail_reason":null,"entities":{"image_name":"test","image_id":"30e55148-deb9-4923-adb9-91618de16ba0"}}"#,
    );
    assert_same_shape(&job.json, &documented, "job");
    assert_eq!(
        (job.json["error_code"].clone(), job.json["fail_reason"].clone()),
        (Value::Null, Value::Null),
        "null on success"
    );
}

#[tokio::test]
async fn iam_token_matches_the_sdk_token_result() {
    let app = common::sandbox(60, 60);
    let body = json!({ "auth": {
        "identity": { "methods": ["password"], "password": { "user": {
            "domain": { "name": ferry_sandbox::iam::ACCOUNT }, "name": "release-manager", "password": "Ferry-Sandbox-1" } } },
        "scope": { "project": { "name": "cn-north-4" } } } });
    let answer = send(&app, "POST", "/api/iam/cn-north-4/v3/auth/tokens", None, &body.to_string()).await;
    assert_eq!(answer.status, StatusCode::CREATED);
    // api-reference §1.1 (Go SDK model_token_result.go), times as in the OTC example.
    let domain = json!({ "id": "d", "name": "n" });
    let documented = json!({ "token": {
        "methods": ["password"], "expires_at": "2020-01-04T09:05:22.701000Z", "issued_at": "2020-01-03T09:05:22.701000Z",
        "catalog": [], "domain": domain, "project": { "id": "p", "name": "cn-north-4", "domain": domain },
        "roles": [{ "id": "0", "name": "te_admin" }],
        "user": { "id": "u", "name": "n", "password_expires_at": "", "domain": domain },
    }});
    assert_same_shape(&answer.json, &documented, "token");
    let expires = answer.json["token"]["expires_at"].as_str().unwrap();
    assert_eq!((expires.len(), expires.as_bytes()[19]), (27, b'.'), "{expires}");
}
