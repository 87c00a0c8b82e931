//! IAM: password sign-in and the caller's projects (api-reference §1), with
//! Keystone's own error body (`{"error":{"code":401,"message","title"}}`).

use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::{clock, reply, token_ok, world};

/// The documented sandbox account.
pub const ACCOUNT: &str = "ferry-demo-account";
pub const USER: &str = "release-manager";
pub const PASSWORD: &str = "Ferry-Sandbox-1";
/// Signs in only with an MFA code; the code is this.
pub const MFA_USER: &str = "mfa-user";
pub const MFA_CODE: &str = "123456";
/// Always refused as locked.
pub const LOCKED_USER: &str = "locked-user";
const USER_ID: &str = "6a9e0f1b2c3d4e5f8a7b6c5d4e3f2a1b";

/// Projects of the account: (name, id). A project's name is its region; only
/// cn-north-4's project holds the sandbox's instances, images and repositories.
pub const PROJECTS: [(&str, &str); 4] = [
    ("cn-north-4", world::PROJECT_ID),
    ("cn-north-4_qa", "1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f"),
    ("ap-southeast-3", "5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a"),
    ("cn-east-3", "8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d"),
];

fn unauthorized(message: &str) -> Response {
    reply::iam(StatusCode::UNAUTHORIZED, message)
}

fn text<'a>(value: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter().try_fold(value, |v, key| v.get(key))?.as_str()
}

/// `POST /v3/auth/tokens`: 201 with the token in `X-Subject-Token`.
pub async fn create_token(Path(region): Path<String>, body: Bytes) -> Response {
    let Ok(request) = serde_json::from_slice::<Value>(&body) else {
        return reply::iam(StatusCode::BAD_REQUEST, "The request body is not valid JSON.");
    };
    let identity = &request["auth"]["identity"];
    let methods: Vec<&str> = identity["methods"].as_array().map(|m| m.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    if !methods.contains(&"password") {
        return reply::iam(StatusCode::BAD_REQUEST, "auth.identity.methods must contain password.");
    }
    let user = &identity["password"]["user"];
    let (Some(account), Some(name), Some(password)) =
        (text(user, &["domain", "name"]), text(user, &["name"]), text(user, &["password"]))
    else {
        return reply::iam(StatusCode::BAD_REQUEST, "auth.identity.password.user needs domain.name, name and password.");
    };
    if account != ACCOUNT {
        return unauthorized("The username or password is wrong.");
    }
    match name {
        LOCKED_USER => return unauthorized("The account is locked."),
        USER if password == PASSWORD => {}
        MFA_USER if password == PASSWORD => {
            let code = text(identity, &["totp", "user", "passcode"]);
            match (methods.contains(&"totp"), code) {
                (true, Some(MFA_CODE)) => {}
                (true, Some(_)) => return unauthorized("The verification code is incorrect."),
                _ => return unauthorized("Login protection is enabled: a virtual MFA verification code is required."),
            }
        }
        _ => return unauthorized("The username or password is wrong."),
    }
    let scope = &request["auth"]["scope"]["project"];
    let wanted = text(scope, &["name"]).map(|n| ("name", n)).or_else(|| text(scope, &["id"]).map(|i| ("id", i)));
    let project = match wanted {
        Some(("name", n)) => PROJECTS.iter().find(|(name, _)| *name == n),
        Some((_, i)) => PROJECTS.iter().find(|(_, id)| *id == i),
        None => PROJECTS.iter().find(|(name, _)| *name == region),
    };
    let Some((project_name, project_id)) = project else {
        return reply::iam(StatusCode::BAD_REQUEST, "The project in the scope does not exist.");
    };
    let token = format!("{}-{}", world::TOKEN, crate::request_id::new());
    let now = std::time::SystemTime::now();
    let body = json!({ "token": {
        "methods": methods,
        "issued_at": clock::utc_millis(now),
        "expires_at": clock::utc_millis(now + std::time::Duration::from_secs(24 * 3600)),
        "catalog": [],
        "domain": { "id": world::DOMAIN_ID, "name": ACCOUNT },
        "project": { "id": project_id, "name": project_name, "domain": { "id": world::DOMAIN_ID, "name": ACCOUNT } },
        "roles": [{ "id": "0", "name": "te_admin" }],
        "user": { "id": USER_ID, "name": name, "password_expires_at": "", "domain": { "id": world::DOMAIN_ID, "name": ACCOUNT } },
    }});
    let mut response = (StatusCode::CREATED, Json(body)).into_response();
    if let Ok(value) = HeaderValue::from_str(&token) {
        response.headers_mut().insert("x-subject-token", value);
    }
    response
}

/// `GET /v3/auth/projects`: the projects the token's user may use.
pub async fn list_projects(Path(region): Path<String>, headers: HeaderMap) -> Response {
    if !token_ok(&headers) {
        return unauthorized("The request you have made requires authentication.");
    }
    let projects: Vec<Value> = PROJECTS
        .iter()
        .map(|(name, id)| json!({
            "id": id, "name": name, "domain_id": world::DOMAIN_ID, "enabled": true, "is_domain": false,
            "parent_id": world::DOMAIN_ID, "description": "",
            "links": { "self": format!("https://iam.{region}.myhuaweicloud.com/v3/projects/{id}") },
        }))
        .collect();
    let body = json!({ "links": { "self": format!("https://iam.{region}.myhuaweicloud.com/v3/auth/projects") }, "projects": projects });
    (StatusCode::OK, Json(body)).into_response()
}
