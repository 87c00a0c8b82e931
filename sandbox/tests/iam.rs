//! IAM sign-in (password and virtual MFA), scopes, the projects list, and
//! that every service holds an issued token to the project it was scoped to.

mod common;

use axum::http::StatusCode;
use axum::Router;
use common::{assert_error_basics, call, send, Answer, PROJECT_ID, TOKEN};
use ferry_sandbox::iam::{ACCOUNT, LOCKED_USER, MFA_CODE, MFA_USER, MFA_USER_ID, PASSWORD, USER, USER_ID};
use serde_json::{json, Value};

fn sandbox() -> Router {
    common::sandbox(60, 60)
}

const QA_PROJECT_ID: &str = "1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f";
const APSE3_PROJECT_ID: &str = "5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a";

fn body(user: &str, password: &str, scope: Value, totp: Option<Value>) -> String {
    let mut identity = json!({
        "methods": ["password"],
        "password": { "user": { "domain": { "name": ACCOUNT }, "name": user, "password": password } }
    });
    if let Some(totp) = totp {
        identity["methods"] = json!(["password", "totp"]);
        identity["totp"] = totp;
    }
    json!({ "auth": { "identity": identity, "scope": scope } }).to_string()
}

fn by_name(name: &str) -> Value {
    json!({ "project": { "name": name } })
}

async fn sign_in(app: &Router, body: String) -> Answer {
    send(app, "POST", "/api/iam/cn-north-4/v3/auth/tokens", None, &body).await
}

fn assert_keystone(answer: &Answer, status: StatusCode, message: &str) {
    assert_error_basics(answer, status, status.as_str(), message);
    assert!(answer.subject_token.is_none());
    assert_eq!(answer.json["error"]["title"], status.canonical_reason().unwrap_or_default());
    assert!(
        answer.json["error"]["message"].as_str().is_some_and(|m| m.starts_with(message)),
        "{}",
        answer.raw
    );
}

#[tokio::test]
async fn signing_in_returns_a_token_header_and_the_scoped_project() {
    let app = sandbox();
    let answer = sign_in(&app, body(USER, PASSWORD, by_name("cn-north-4"), None)).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.raw);
    let token = answer.subject_token.clone().expect("X-Subject-Token");
    assert_eq!(answer.json["token"]["project"]["id"], PROJECT_ID);
    assert_eq!(answer.json["token"]["user"]["id"], USER_ID);
    assert!(answer.json["token"]["expires_at"].as_str().is_some_and(|t| t.ends_with('Z')));
    // The token works on the other services, in its project.
    let instances = format!("/api/swr/cn-north-4/v2/{PROJECT_ID}/instances");
    assert_eq!(send(&app, "GET", &instances, Some(&token), "").await.status, StatusCode::OK);
    let projects = send(&app, "GET", "/api/iam/cn-north-4/v3/auth/projects", Some(&token), "").await;
    assert_eq!(projects.status, StatusCode::OK);
    let names: Vec<&str> =
        projects.json["projects"].as_array().unwrap().iter().filter_map(|p| p["name"].as_str()).collect();
    assert_eq!(names, ["cn-north-4", "cn-north-4_qa", "ap-southeast-3", "cn-east-3"]);
    assert_eq!(
        send(&app, "GET", "/api/iam/cn-north-4/v3/auth/projects", None, "").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_scope_takes_an_id_or_a_name_and_the_token_keeps_it() {
    let app = sandbox();
    for (scope, id, name) in [
        (json!({ "project": { "id": QA_PROJECT_ID } }), QA_PROJECT_ID, "cn-north-4_qa"),
        (by_name("cn-north-4_qa"), QA_PROJECT_ID, "cn-north-4_qa"),
        (by_name("ap-southeast-3"), APSE3_PROJECT_ID, "ap-southeast-3"),
    ] {
        let answer = sign_in(&app, body(USER, PASSWORD, scope.clone(), None)).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{scope}: {}", answer.raw);
        assert_eq!(
            (
                answer.json["token"]["project"]["id"].as_str(),
                answer.json["token"]["project"]["name"].as_str()
            ),
            (Some(id), Some(name))
        );
    }
    // The sub-project holds no SWR EE instances, and its token may not use the main project.
    let qa = sign_in(&app, body(USER, PASSWORD, by_name("cn-north-4_qa"), None)).await.subject_token.unwrap();
    let own =
        send(&app, "GET", &format!("/api/swr/cn-north-4/v2/{QA_PROJECT_ID}/instances"), Some(&qa), "").await;
    assert_eq!((own.status, own.json["total"].clone()), (StatusCode::OK, json!(0)));
    let main =
        send(&app, "GET", &format!("/api/swr/cn-north-4/v2/{PROJECT_ID}/instances"), Some(&qa), "").await;
    assert_error_basics(&main, StatusCode::FORBIDDEN, "SVCSTG.SWR.4039001", "qa token on the main project");
    // No project of the account in that region.
    for scope in [
        by_name("eu-west-101"),
        json!({ "project": { "id": "ffffffffffffffffffffffffffffffff" } }),
        json!({}),
    ] {
        let answer = sign_in(&app, body(USER, PASSWORD, scope.clone(), None)).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{scope}");
        assert_eq!(answer.json["error"]["code"], 400);
    }
}

#[tokio::test]
async fn refusals_use_keystone_bodies() {
    let app = sandbox();
    let scope = by_name("cn-north-4");
    let totp = |id: &str, code: &str| Some(json!({ "user": { "id": id, "passcode": code } }));
    for (request, status, message) in [
        (
            body(USER, "wrong", scope.clone(), None),
            StatusCode::UNAUTHORIZED,
            "The username or password is wrong.",
        ),
        (
            body("nobody", PASSWORD, scope.clone(), None),
            StatusCode::UNAUTHORIZED,
            "The username or password is wrong.",
        ),
        (
            body(LOCKED_USER, PASSWORD, scope.clone(), None),
            StatusCode::UNAUTHORIZED,
            "The account is locked.",
        ),
        (
            body(MFA_USER, PASSWORD, scope.clone(), None),
            StatusCode::UNAUTHORIZED,
            "Login protection is enabled",
        ),
        // The totp user must be the signing-in user, by IAM user ID.
        (
            body(MFA_USER, PASSWORD, scope.clone(), totp("x", MFA_CODE)),
            StatusCode::UNAUTHORIZED,
            "auth.identity.totp.user.id",
        ),
        (
            body(MFA_USER, PASSWORD, scope.clone(), totp(USER_ID, MFA_CODE)),
            StatusCode::UNAUTHORIZED,
            "auth.identity.totp.user.id",
        ),
        (
            body(MFA_USER, PASSWORD, scope.clone(), Some(json!({ "user": { "passcode": MFA_CODE } }))),
            StatusCode::BAD_REQUEST,
            "auth.identity.totp.user needs",
        ),
        (
            body(MFA_USER, PASSWORD, scope.clone(), Some(json!({ "user": { "id": MFA_USER_ID } }))),
            StatusCode::BAD_REQUEST,
            "auth.identity.totp.user needs",
        ),
        ("nope".to_string(), StatusCode::BAD_REQUEST, "The request body is not valid JSON."),
    ] {
        assert_keystone(&sign_in(&app, request).await, status, message);
    }
    // A wrong code: IAM's error code table, 400 IAM.1061.
    let wrong = sign_in(&app, body(MFA_USER, PASSWORD, scope.clone(), totp(MFA_USER_ID, "000000"))).await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert_eq!(wrong.json, json!({"error_code": "IAM.1061", "error_msg": "Invalid TOTP passcode."}));
    let answer = sign_in(&app, body(MFA_USER, PASSWORD, scope, totp(MFA_USER_ID, MFA_CODE))).await;
    assert_eq!(
        (answer.status, answer.subject_token.is_some()),
        (StatusCode::CREATED, true),
        "{}",
        answer.raw
    );
    assert_eq!(answer.json["token"]["methods"], json!(["password", "totp"]));
    assert_eq!(answer.json["token"]["user"]["id"], MFA_USER_ID);
}

#[tokio::test]
async fn every_service_holds_the_token_to_its_project() {
    let app = sandbox();
    let apse3 =
        sign_in(&app, body(USER, PASSWORD, by_name("ap-southeast-3"), None)).await.subject_token.unwrap();
    // HSS in the token's own project is fine; the main project is not.
    let hss = |project: &str| format!("/api/hss/cn-north-4/v5/{project}/image/synchronize");
    let region = [("region", "cn-north-4")];
    let sync = r#"{"image_type":"private_image"}"#;
    let own = call(&app, common::request("POST", &hss(APSE3_PROJECT_ID), Some(&apse3), sync, &region)).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.raw);
    let main = call(&app, common::request("POST", &hss(PROJECT_ID), Some(&apse3), sync, &region)).await;
    assert_error_basics(&main, StatusCode::FORBIDDEN, "HSS.0013", "hss");
    // IMS: the main project's images do not exist for another project's token.
    let copy = "/api/ims/cn-north-4/v1/cloudimages/30e55148-deb9-4923-adb9-91618de16ba0/copy";
    let answer = send(&app, "POST", copy, Some(&apse3), r#"{"name":"c"}"#).await;
    assert_error_basics(&answer, StatusCode::BAD_REQUEST, "IMG.0144", "ims copy");
    let job = send(&app, "POST", copy, Some(TOKEN), r#"{"name":"c"}"#).await.json["job_id"]
        .as_str()
        .unwrap()
        .to_string();
    let show =
        send(&app, "GET", &format!("/api/ims/cn-north-4/v1/{PROJECT_ID}/jobs/{job}"), Some(&apse3), "").await;
    assert_error_basics(&show, StatusCode::FORBIDDEN, "IMG.0026", "ims job");
    let progress =
        send(&app, "GET", &format!("/api/ims/cn-north-4/v1/cloudimages/job/{job}"), Some(&apse3), "").await;
    assert_error_basics(&progress, StatusCode::NOT_FOUND, "IMG.0404", "ims progress");
    // Un-issued suffixed tokens belong to the cn-north-4 main project.
    let suffixed = send(
        &app,
        "GET",
        &format!("/api/ims/cn-north-4/v1/{PROJECT_ID}/jobs/{job}"),
        Some("ferry-sandbox-token-x"),
        "",
    )
    .await;
    assert_eq!(suffixed.status, StatusCode::OK, "{}", suffixed.raw);
}

#[tokio::test]
async fn config_json_advertises_the_demo_sign_in_and_it_works() {
    let app = sandbox();
    let config = send(&app, "GET", "/config.json", None, "").await;
    assert_eq!(config.status, StatusCode::OK, "{}", config.raw);
    let demo = &config.json["sandbox"];
    assert_eq!(demo["account"], ACCOUNT);
    assert_eq!(demo["user"], USER);
    assert_eq!(demo["password"], PASSWORD);
    // The advertised values sign in, as the console will with them.
    let text = |key: &str| demo[key].as_str().expect(key).to_string();
    let body = json!({ "auth": {
        "identity": { "methods": ["password"], "password": { "user": {
            "domain": { "name": text("account") }, "name": text("user"), "password": text("password")
        } } },
        "scope": by_name("cn-north-4")
    } });
    let answer = sign_in(&app, body.to_string()).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.raw);
    assert_eq!(answer.json["token"]["project"]["id"], demo["project_id"]);
}
