//! SWR Enterprise Edition replication (api-reference §2, seed 000).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;

use super::{reply, token_ok, Sandbox};

/// The service checks the token before anything else.
pub fn check_token(headers: &HeaderMap) -> Result<(), Response> {
    if token_ok(headers) {
        return Ok(());
    }
    Err(reply::swr_ee(
        StatusCode::UNAUTHORIZED,
        "SVCSTG.SWR.4010000",
        "Authentication failed: the token is missing, invalid or expired.",
    ))
}

/// `POST /v2/{project_id}/instances/{instance_id}/replication/executions`.
pub async fn execute_policy(
    State(sandbox): State<Sandbox>,
    Path((_region, project_id, instance_id)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(denied) = check_token(&headers) {
        return denied;
    }
    let policy_id = match parse_policy_id(&body) {
        Ok(id) => id,
        Err(msg) => return reply::swr_ee(StatusCode::BAD_REQUEST, "SVCSTG.SWR.4000001", msg),
    };
    let mut world = sandbox.world();
    let Some(instance) = world.instance(&project_id, &instance_id) else {
        return reply::swr_ee(
            StatusCode::NOT_FOUND,
            "SVCSTG.SWR.4040001",
            &format!("The instance {instance_id} does not exist."),
        );
    };
    let Some(policy) = instance.policies.iter().find(|p| p.id == policy_id) else {
        return reply::swr_ee(
            StatusCode::NOT_FOUND,
            "SVCSTG.SWR.4040017",
            &format!("The replication policy {policy_id} does not exist."),
        );
    };
    if !policy.enabled {
        return reply::swr_ee(
            StatusCode::BAD_REQUEST,
            "SVCSTG.SWR.4000002",
            &format!("The replication policy {} is disabled.", policy.name),
        );
    }
    let id = world.start_execution(&instance_id, policy_id);
    (StatusCode::ACCEPTED, Json(serde_json::json!({ "id": id }))).into_response()
}

/// `policy_id` is a required int32.
fn parse_policy_id(body: &[u8]) -> Result<i32, &'static str> {
    let value: Value = serde_json::from_slice(body).map_err(|_| "The request body is not valid JSON.")?;
    match value.get("policy_id") {
        None | Some(Value::Null) => Err("policy_id is required."),
        Some(v) => v
            .as_i64()
            .and_then(|n| i32::try_from(n).ok())
            .ok_or("policy_id must be an integer."),
    }
}
