//! IAM: password (and virtual-MFA) sign-in and the caller's projects
//! (api-reference §1; OTC identity-access-management
//! `api-ref/source/apis/token_management/obtaining_a_user_token_through_password_authentication*.rst`;
//! Go SDK `services/iam/v3/model/model_token_result.go`), with Keystone's
//! own error body (`{"error":{"code":401,"message","title"}}`, [S25]).

use std::time::{Duration, SystemTime};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::codes::{IAM_BAD_REQUEST, IAM_UNAUTHORIZED};
use super::{clock, reply, request_id, world, Sandbox};

/// The documented sandbox account.
pub const ACCOUNT: &str = "ferry-demo-account";
pub const USER: &str = "release-manager";
pub const PASSWORD: &str = "Ferry-Sandbox-1";
/// Signs in only with a virtual-MFA code; the code is MFA_CODE and the
/// `totp.user.id` must be MFA_USER_ID.
pub const MFA_USER: &str = "mfa-user";
pub const MFA_USER_ID: &str = "3f8c1d2e4b5a69780a1b2c3d4e5f6a7b";
pub const MFA_CODE: &str = "123456";
/// Always refused as locked.
pub const LOCKED_USER: &str = "locked-user";
pub const USER_ID: &str = "6a9e0f1b2c3d4e5f8a7b6c5d4e3f2a1b";
const LOCKED_USER_ID: &str = "9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a";

/// A project of the account. Its name is its region ID, or a sub-project
/// `{region}_{suffix}` (api-reference §1.2).
#[derive(Debug, PartialEq, Eq)]
pub struct Project {
    pub id: &'static str,
    pub name: &'static str,
}

/// Only the cn-north-4 main project holds the sandbox's instances, images
/// and repositories; the others are empty. No project in other regions.
pub const PROJECTS: [Project; 4] = [
    Project { id: world::PROJECT_ID, name: "cn-north-4" },
    Project { id: "1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f", name: "cn-north-4_qa" },
    Project { id: "5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a", name: "ap-southeast-3" },
    Project { id: "8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d", name: "cn-east-3" },
];

/// The project the demo tokens are scoped to.
pub fn main_project() -> &'static Project {
    &PROJECTS[0]
}

fn text<'a>(value: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter().try_fold(value, |v, key| v.get(key))?.as_str()
}

fn bad_request(message: &str) -> Response {
    reply::iam(IAM_BAD_REQUEST, message)
}

fn unauthorized(message: &str) -> Response {
    reply::iam(IAM_UNAUTHORIZED, message)
}

/// The IAM user ID of a user of the account.
fn user_id(name: &str) -> Option<&'static str> {
    match name {
        USER => Some(USER_ID),
        MFA_USER => Some(MFA_USER_ID),
        LOCKED_USER => Some(LOCKED_USER_ID),
        _ => None,
    }
}

/// `POST /v3/auth/tokens` (`KeystoneCreateUserTokenByPassword[AndMfa]`,
/// §1.1): 201 with the token in `X-Subject-Token`.
pub(crate) async fn create_token(State(sandbox): State<Sandbox>, body: Bytes) -> Result<Response, Response> {
    let request: Value =
        serde_json::from_slice(&body).map_err(|_| bad_request("The request body is not valid JSON."))?;
    let identity = &request["auth"]["identity"];
    let methods: Vec<&str> = identity["methods"]
        .as_array()
        .map(|m| m.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if !methods.contains(&"password") {
        return Err(bad_request("auth.identity.methods must contain password."));
    }
    let user = &identity["password"]["user"];
    let (Some(account), Some(name), Some(password)) =
        (text(user, &["domain", "name"]), text(user, &["name"]), text(user, &["password"]))
    else {
        return Err(bad_request("auth.identity.password.user needs domain.name, name and password."));
    };
    let known = user_id(name).filter(|_| account == ACCOUNT);
    let Some(id) = known.filter(|_| password == PASSWORD) else {
        return Err(unauthorized("The username or password is wrong."));
    };
    if name == LOCKED_USER {
        return Err(unauthorized("The account is locked."));
    }
    check_mfa(name, id, &methods, identity)?;
    let project = scoped_project(&request["auth"]["scope"])?;
    let token = format!("{}-{}", world::TOKEN, request_id::new());
    lock_issued(&sandbox, &token, project);
    let now = SystemTime::now();
    let domain = json!({ "id": world::DOMAIN_ID, "name": ACCOUNT });
    let body = json!({ "token": {
        "methods": methods,
        "issued_at": clock::utc_micros(now),
        "expires_at": clock::utc_micros(now + Duration::from_secs(24 * 3600)),
        "catalog": [],
        "domain": domain,
        "project": { "id": project.id, "name": project.name, "domain": domain },
        "roles": [{ "id": "0", "name": "te_admin" }],
        "user": { "id": id, "name": name, "password_expires_at": "", "domain": domain },
    }});
    let mut response = (StatusCode::CREATED, Json(body)).into_response();
    if let Ok(value) = HeaderValue::from_str(&token) {
        response.headers_mut().insert("x-subject-token", value);
    }
    Ok(response)
}

fn lock_issued(sandbox: &Sandbox, token: &str, project: &'static Project) {
    super::lock(&sandbox.issued).insert(token.to_string(), project);
}

/// Virtual MFA (`obtaining_a_user_token_through_password_authentication_and_virtual_mfa.rst`):
/// `methods: ["password","totp"]` with `totp.user.id` (the user's IAM ID)
/// and `totp.user.passcode`. A user with login protection must use it.
fn check_mfa(name: &str, id: &str, methods: &[&str], identity: &Value) -> Result<(), Response> {
    if !methods.contains(&"totp") {
        if name == MFA_USER {
            return Err(unauthorized(
                "Login protection is enabled: a virtual MFA verification code is required.",
            ));
        }
        return Ok(());
    }
    let totp_user = &identity["totp"]["user"];
    let (Some(totp_id), Some(passcode)) = (text(totp_user, &["id"]), text(totp_user, &["passcode"])) else {
        return Err(bad_request("auth.identity.totp.user needs id and passcode."));
    };
    if totp_id != id {
        return Err(unauthorized("auth.identity.totp.user.id is not the ID of the signing-in user."));
    }
    if name != MFA_USER || passcode != MFA_CODE {
        // IAM error code table: 400 IAM.1061 "Invalid TOTP passcode."
        return Err(iam_error(StatusCode::BAD_REQUEST, "IAM.1061", "Invalid TOTP passcode."));
    }
    Ok(())
}

/// `scope.project` by `id` or `name` (§1.1). The sandbox issues only
/// project-scoped tokens. An account without that project is refused with
/// an illustrative 400 (IAM documents the status, not the wording).
fn scoped_project(scope: &Value) -> Result<&'static Project, Response> {
    let project = &scope["project"];
    let found = match (text(project, &["id"]), text(project, &["name"])) {
        (Some(id), _) => PROJECTS.iter().find(|p| p.id == id),
        (None, Some(name)) => PROJECTS.iter().find(|p| p.name == name),
        (None, None) => return Err(bad_request("auth.scope.project needs id or name.")),
    };
    found.ok_or_else(|| bad_request("The account has no such project in this region."))
}

/// `GET /v3/auth/projects` (`KeystoneListAuthProjects`, §1.2).
pub(crate) async fn list_projects(
    State(sandbox): State<Sandbox>,
    Path(region): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Response> {
    sandbox
        .caller(&headers)
        .ok_or_else(|| unauthorized("The request you have made requires authentication."))?;
    let link = |path: String| format!("https://iam.{region}.myhuaweicloud.com/v3/{path}");
    let projects: Vec<Value> = PROJECTS
        .iter()
        .map(|p| {
            json!({
                "id": p.id, "name": p.name, "domain_id": world::DOMAIN_ID, "enabled": true, "is_domain": false,
                "parent_id": world::DOMAIN_ID, "description": "",
                "links": { "self": link(format!("projects/{}", p.id)) },
            })
        })
        .collect();
    let body = json!({ "links": { "self": link("auth/projects".into()) }, "projects": projects });
    Ok((StatusCode::OK, Json(body)).into_response())
}

/// An IAM error in the `error_code`/`error_msg` form its error code table
/// documents (e.g. `IAM.1061`).
fn iam_error(status: StatusCode, code: &str, message: &str) -> Response {
    (status, axum::Json(json!({ "error_code": code, "error_msg": message }))).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_ids_are_distinct_32_hex() {
        for p in &PROJECTS {
            assert!(p.id.len() == 32 && p.id.bytes().all(|b| b.is_ascii_hexdigit()), "{}", p.id);
        }
        let mut ids: Vec<&str> = PROJECTS.iter().map(|p| p.id).collect();
        ids.dedup();
        assert_eq!(ids.len(), PROJECTS.len());
        assert!(MFA_USER_ID.len() == 32 && MFA_USER_ID.bytes().all(|b| b.is_ascii_hexdigit()));
    }
}
