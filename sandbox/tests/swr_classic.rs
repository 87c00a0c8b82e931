//! The sandbox's SWR classic sync endpoints (api-reference §3): the `$` for
//! `/` in repository paths, the empty 200, duplicates, and the error format.

mod common;

use common::{call, Answer, TOKEN};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use ferry_sandbox::world::{
    BASE_REPOSITORY, NAMESPACE, NESTED_REPOSITORY, QA_NAMESPACE, QA_REPOSITORY, REPOSITORY,
    SEEDED_SYNC_NAMESPACE, SEEDED_SYNC_REGION, SYNC_REGIONS,
};
use serde_json::{json, Value};

fn sandbox() -> Router {
    common::sandbox(60, 60)
}

fn request(method: &str, path: &str, token: Option<&str>, body: &str) -> Request<Body> {
    common::request(method, path, token, body, &[])
}

/// `repository` is already `$`-encoded.
fn sync_repo(namespace: &str, repository: &str) -> String {
    format!("/api/swr/cn-north-4/v2/manage/namespaces/{namespace}/repos/{repository}/sync_repo")
}

fn encoded(repository: &str) -> String {
    repository.replace('/', "$")
}

fn body(region: &str, namespace: &str) -> String {
    json!({ "remoteRegionId": region, "remoteNamespace": namespace, "syncAuto": true, "override": false })
        .to_string()
}

/// The current documented SWR classic error object, old and new fields both.
fn assert_error(answer: &Answer, status: StatusCode, code: &str, context: &str) {
    assert_eq!(answer.status, status, "{context}: {}", answer.raw);
    let b = &answer.json;
    let msg = b["error_msg"].as_str().unwrap_or_default();
    assert!(!msg.is_empty(), "{context}: {b}");
    assert_eq!(
        b,
        &json!({
            "errors": [{ "errorCode": code, "errorMessage": msg, "detail": "", "encoded_authorization_message": "" }],
            "error_code": code,
            "error_msg": msg,
            "details": [{ "error_code": code, "error_msg": msg }],
            "encoded_authorization_message": "",
        }),
        "{context}"
    );
    common::assert_error_basics(answer, status, code, context);
}

#[tokio::test]
async fn regions_leave_out_the_source_region() {
    let app = sandbox();
    for source in ["cn-north-4", "ap-southeast-3", "eu-west-101"] {
        let path = format!("/api/swr/{source}/v2/manage/regions");
        let answer = call(&app, request("GET", &path, Some(TOKEN), "")).await;
        assert_eq!(answer.status, StatusCode::OK);
        assert!(answer.request_id.is_some());
        let expected: Vec<Value> =
            SYNC_REGIONS.iter().filter(|r| **r != source).map(|r| json!({ "regionID": r })).collect();
        assert_eq!(answer.json, Value::Array(expected), "{source}");
    }
    assert_eq!(SYNC_REGIONS.len(), 7);
    let answer = call(&app, request("GET", "/api/swr/cn-north-4/v2/manage/regions", None, "")).await;
    assert_error(&answer, StatusCode::UNAUTHORIZED, "SVCSTG.SWR.4010000", "regions without token");
    assert_eq!(answer.json["error_msg"], "Authenticate failed");
}

#[tokio::test]
async fn the_seeded_task_is_listed_with_the_documented_keys() {
    let app = sandbox();
    let answer = call(&app, request("GET", &sync_repo(NAMESPACE, REPOSITORY), Some(TOKEN), "")).await;
    assert_eq!(answer.status, StatusCode::OK);
    let list = answer.json.as_array().unwrap();
    assert_eq!(list.len(), 1);
    let keys: Vec<&String> = list[0].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "createdAt",
            "domainID",
            "domainName",
            "id",
            "namespace",
            "override",
            "remoteNamespace",
            "remoteRegionId",
            "repoName",
            "syncAuto",
            "updatedAt"
        ]
    );
    assert_eq!(list[0]["namespace"], NAMESPACE);
    assert_eq!(list[0]["repoName"], REPOSITORY);
    assert_eq!(list[0]["remoteRegionId"], SEEDED_SYNC_REGION);
    assert_eq!(list[0]["remoteNamespace"], SEEDED_SYNC_NAMESPACE);
    assert_eq!(list[0]["syncAuto"], true);
    assert_eq!(list[0]["override"], false);
    assert_eq!(list[0]["domainID"], "d-ferry");
    assert_eq!(list[0]["domainName"], "ferry-sandbox");
    // Every other seeded repository exists and has no task yet.
    for (namespace, repository) in
        [(NAMESPACE, NESTED_REPOSITORY), (NAMESPACE, BASE_REPOSITORY), (QA_NAMESPACE, QA_REPOSITORY)]
    {
        let answer =
            call(&app, request("GET", &sync_repo(namespace, &encoded(repository)), Some(TOKEN), "")).await;
        assert_eq!((answer.status, answer.json), (StatusCode::OK, json!([])), "{namespace}/{repository}");
    }
}

fn is_utc_seconds(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

#[tokio::test]
async fn create_decodes_dollar_answers_an_empty_200_and_lists_the_task() {
    let app = sandbox();
    let path = sync_repo(NAMESPACE, "team$app");
    assert_eq!(path, sync_repo(NAMESPACE, &encoded(NESTED_REPOSITORY)));
    let answer = call(&app, request("POST", &path, Some(TOKEN), &body("cn-east-3", "mirror"))).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);
    assert_eq!(answer.raw, "", "documented: no body");
    assert_eq!(answer.content_type, None);
    assert!(answer.request_id.is_some());

    let list = call(&app, request("GET", &path, Some(TOKEN), "")).await;
    assert_eq!(list.status, StatusCode::OK);
    let tasks = list.json.as_array().unwrap();
    assert_eq!(tasks.len(), 1, "{}", list.raw);
    let task = &tasks[0];
    assert_eq!(task["repoName"], "team/app");
    assert_eq!(task["namespace"], NAMESPACE);
    assert_eq!(task["remoteRegionId"], "cn-east-3");
    assert_eq!(task["remoteNamespace"], "mirror");
    assert_eq!((task["syncAuto"].clone(), task["override"].clone()), (json!(true), json!(false)));
    assert_eq!(task["id"], 2, "after the seeded task 1");
    assert!(is_utc_seconds(task["createdAt"].as_str().unwrap()), "{task}");
    assert_eq!(task["createdAt"], task["updatedAt"]);

    // The same target again is a duplicate; another organization is not.
    let again = call(&app, request("POST", &path, Some(TOKEN), &body("cn-east-3", "mirror"))).await;
    assert_error(&again, StatusCode::BAD_REQUEST, "SVCSTG.SWR.4000017", "duplicate");
    assert_eq!(again.json["error_msg"], "The synchronization task already exists.");
    let other = call(
        &app,
        request("POST", &path, Some(TOKEN), r#"{"remoteRegionId":"cn-east-3","remoteNamespace":"backup"}"#),
    )
    .await;
    assert_eq!(other.status, StatusCode::OK, "{}", other.raw);
    let list = call(&app, request("GET", &path, Some(TOKEN), "")).await;
    let tasks = list.json.as_array().unwrap();
    assert_eq!(tasks.len(), 2);
    assert_eq!(tasks[1]["id"], 3);
    // syncAuto and override default to false.
    assert_eq!((tasks[1]["syncAuto"].clone(), tasks[1]["override"].clone()), (json!(false), json!(false)));
    // Other repositories keep their own lists.
    let nginx = call(&app, request("GET", &sync_repo(NAMESPACE, REPOSITORY), Some(TOKEN), "")).await;
    assert_eq!(nginx.json.as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn the_seeded_task_is_a_duplicate() {
    let app = sandbox();
    let path = sync_repo(NAMESPACE, REPOSITORY);
    let answer =
        call(&app, request("POST", &path, Some(TOKEN), &body(SEEDED_SYNC_REGION, SEEDED_SYNC_NAMESPACE)))
            .await;
    assert_error(&answer, StatusCode::BAD_REQUEST, "SVCSTG.SWR.4000017", "seeded duplicate");
}

#[tokio::test]
async fn create_and_list_errors() {
    let app = sandbox();
    let ok = body("ap-southeast-1", "mirror");
    let nested = sync_repo(NAMESPACE, "team$app");
    for method in ["POST", "GET"] {
        let cases = [
            (sync_repo(NAMESPACE, REPOSITORY), None, StatusCode::UNAUTHORIZED, "SVCSTG.SWR.4010000"),
            (sync_repo(NAMESPACE, REPOSITORY), Some("stale"), StatusCode::UNAUTHORIZED, "SVCSTG.SWR.4010000"),
            (sync_repo(NAMESPACE, REPOSITORY), Some(""), StatusCode::UNAUTHORIZED, "SVCSTG.SWR.4010000"),
            (sync_repo("no-such-org", REPOSITORY), Some(TOKEN), StatusCode::NOT_FOUND, "SVCSTG.SWR.4040058"),
            (sync_repo(NAMESPACE, "redis"), Some(TOKEN), StatusCode::NOT_FOUND, "SVCSTG.SWR.4040010"),
            (sync_repo(NAMESPACE, "team$other"), Some(TOKEN), StatusCode::NOT_FOUND, "SVCSTG.SWR.4040010"),
            // A repository of another organization.
            (sync_repo(QA_NAMESPACE, REPOSITORY), Some(TOKEN), StatusCode::NOT_FOUND, "SVCSTG.SWR.4040010"),
            // Names that break the documented rules, before any lookup.
            (sync_repo("Ferry-Demo", REPOSITORY), Some(TOKEN), StatusCode::BAD_REQUEST, "SVCSTG.SWR.4001028"),
            (sync_repo(NAMESPACE, "team$$app"), Some(TOKEN), StatusCode::BAD_REQUEST, "SVCSTG.SWR.4001029"),
        ];
        for (path, token, status, code) in cases {
            let answer = call(&app, request(method, &path, token, &ok)).await;
            assert_error(&answer, status, code, &format!("{method} {path}"));
        }
    }
    let missing = call(&app, request("GET", &sync_repo("no-such-org", REPOSITORY), Some(TOKEN), "")).await;
    assert_eq!(missing.json["error_msg"], "Namespace no-such-org not found");

    for (body, field, code) in [
        ("remoteRegionId=cn-east-3", "JSON", "SVCSTG.SWR.4000014"),
        ("[]", "JSON object", "SVCSTG.SWR.4000014"),
        (r#"{"remoteNamespace":"mirror"}"#, "remoteRegionId", "SVCSTG.SWR.4001014"),
        (r#"{"remoteRegionId":4,"remoteNamespace":"mirror"}"#, "remoteRegionId", "SVCSTG.SWR.4000014"),
        // The source region itself, and a region SWR cannot sync to.
        (
            r#"{"remoteRegionId":"cn-north-4","remoteNamespace":"mirror"}"#,
            "remoteRegionId",
            "SVCSTG.SWR.4000014",
        ),
        (
            r#"{"remoteRegionId":"eu-west-101","remoteNamespace":"mirror"}"#,
            "remoteRegionId",
            "SVCSTG.SWR.4000014",
        ),
        (r#"{"remoteRegionId":"cn-east-3"}"#, "remoteNamespace", "SVCSTG.SWR.4001014"),
        (r#"{"remoteRegionId":"cn-east-3","remoteNamespace":null}"#, "remoteNamespace", "SVCSTG.SWR.4001014"),
        (
            r#"{"remoteRegionId":"cn-east-3","remoteNamespace":"Mirror"}"#,
            "remoteNamespace",
            "SVCSTG.SWR.4001028",
        ),
        (
            r#"{"remoteRegionId":"cn-east-3","remoteNamespace":"a--b"}"#,
            "remoteNamespace",
            "SVCSTG.SWR.4001028",
        ),
        (
            r#"{"remoteRegionId":"cn-east-3","remoteNamespace":"mirror","syncAuto":"true"}"#,
            "syncAuto",
            "SVCSTG.SWR.4000014",
        ),
        (
            r#"{"remoteRegionId":"cn-east-3","remoteNamespace":"mirror","override":0}"#,
            "override",
            "SVCSTG.SWR.4000014",
        ),
    ] {
        let answer = call(&app, request("POST", &nested, Some(TOKEN), body)).await;
        assert_error(&answer, StatusCode::BAD_REQUEST, code, body);
        let msg = answer.json["error_msg"].as_str().unwrap();
        assert!(msg.contains(field), "{body}: {msg}");
    }
    // Nothing invalid was stored.
    let list = call(&app, request("GET", &nested, Some(TOKEN), "")).await;
    assert_eq!(list.json, json!([]));
    // An unencoded `/` is a different path that no API publishes.
    let raw_slash = call(&app, request("GET", &sync_repo(NAMESPACE, "team/app"), Some(TOKEN), "")).await;
    assert_eq!(raw_slash.status, StatusCode::NOT_FOUND);
    assert_eq!(raw_slash.json["error_code"], "APIG.0101");
}

#[tokio::test]
async fn every_call_needs_a_json_content_type_gets_included() {
    let app = sandbox();
    let regions = "/api/swr/cn-north-4/v2/manage/regions";
    let list = sync_repo(NAMESPACE, REPOSITORY);
    for good in ["application/json", "application/json;charset=utf-8", "application/json; charset=UTF-8"] {
        let answer =
            call(&app, common::request("GET", regions, Some(TOKEN), "", &[("content-type", good)])).await;
        assert_eq!(answer.status, StatusCode::OK, "{good}");
    }
    for (method, path) in [("GET", regions), ("GET", list.as_str()), ("POST", list.as_str())] {
        for bad in ["text/plain", "application/xml", "application/json;charset=latin1"] {
            let answer = call(
                &app,
                common::request(method, path, Some(TOKEN), &body("cn-east-3", "x"), &[("content-type", bad)]),
            )
            .await;
            assert_error(
                &answer,
                StatusCode::BAD_REQUEST,
                "SVCSTG.SWR.4001018",
                &format!("{method} {path} {bad}"),
            );
        }
        // No Content-Type at all.
        let bare = Request::builder()
            .method(method)
            .uri(path)
            .header("x-auth-token", TOKEN)
            .body(Body::empty())
            .unwrap();
        assert_error(
            &call(&app, bare).await,
            StatusCode::BAD_REQUEST,
            "SVCSTG.SWR.4001018",
            &format!("{method} {path} none"),
        );
    }
}

#[tokio::test]
async fn organizations_and_their_repositories_are_listed_with_the_total_in_content_range() {
    let app = sandbox();
    let orgs = call(&app, request("GET", "/api/swr/cn-north-4/v2/manage/namespaces", Some(TOKEN), "")).await;
    assert_eq!(orgs.status, StatusCode::OK, "{}", orgs.raw);
    let names: Vec<&str> =
        orgs.json["namespaces"].as_array().into_iter().flatten().filter_map(|n| n["name"].as_str()).collect();
    assert!(names.contains(&"ferry-services"), "{names:?}");
    let page = |offset: u32| {
        request(
            "GET",
            &format!("/api/swr/cn-north-4/v2/manage/repos?namespace=ferry-services&offset={offset}&limit=10"),
            Some(TOKEN),
            "",
        )
    };
    let first = call(&app, page(0)).await;
    assert_eq!(first.json.as_array().map(Vec::len), Some(10));
    assert_eq!(first.content_range.as_deref(), Some("0-10/13"));
    let second = call(&app, page(10)).await;
    assert_eq!(second.json.as_array().map(Vec::len), Some(3));
    assert_eq!(second.content_range.as_deref(), Some("10-3/13"));
    assert!(first.json.as_array().into_iter().flatten().any(|r| r["name"] == "platform/base"));
}
