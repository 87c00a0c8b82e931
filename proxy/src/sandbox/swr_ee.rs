//! SWR Enterprise Edition replication executions (api-reference §2.1, §2.2,
//! §2.5; seed 000): execute a policy, list executions, stop one. Helpers
//! shared by the other SWR EE modules live here too.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use ferry_api::swr_ee::{Execution, ExecutionList};
use serde_json::Value;

use super::ee_catalog;
use super::paging::{Page, Query};
use super::replication::Run;
use super::{clock, reply, token_ok, Sandbox};

pub const BAD_REQUEST: &str = "SVCSTG.SWR.4000001";

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

pub fn bad_request(msg: &str) -> Response {
    reply::swr_ee(StatusCode::BAD_REQUEST, BAD_REQUEST, msg)
}

/// Token, then instance: what every SWR EE handler checks first.
pub fn check_caller(headers: &HeaderMap, project_id: &str, instance_id: &str) -> Result<(), Response> {
    check_token(headers)?;
    check_instance(project_id, instance_id)
}

pub fn check_instance(project_id: &str, instance_id: &str) -> Result<(), Response> {
    if ee_catalog::instance_exists(project_id, instance_id) {
        return Ok(());
    }
    Err(reply::swr_ee(
        StatusCode::NOT_FOUND,
        "SVCSTG.SWR.4040001",
        &format!("The instance {instance_id} does not exist."),
    ))
}

/// A path ID that must be an integer; the error names the parameter.
pub fn path_id(name: &str, text: &str) -> Result<i64, Response> {
    text.parse().map_err(|_| bad_request(&format!("{name} must be an integer, got '{text}'.")))
}

pub fn execution_not_found() -> Response {
    reply::swr_ee(StatusCode::NOT_FOUND, "SVCSTG.SWR.4040018", "The execution does not exist.")
}

/// `2026-11-25T10:00:00Z`, rounded up so an end never prints before its
/// start (starts print milliseconds, like the seed example).
pub fn utc_seconds_ceil(time: SystemTime) -> String {
    let nanos = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let up = if nanos == 0 { Duration::ZERO } else { Duration::from_nanos(u64::from(1_000_000_000 - nanos)) };
    clock::utc_seconds(time + up)
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
        Ok(id) => i64::from(id),
        Err(msg) => return bad_request(msg),
    };
    if let Err(not_found) = check_instance(&project_id, &instance_id) {
        return not_found;
    }
    let Some(policy) = ee_catalog::policy_by_id(&instance_id, policy_id) else {
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
    let duration = Duration::from_secs(sandbox.settings.sandbox_execution_seconds);
    let id = sandbox.world().start_execution(&instance_id, policy_id, duration);
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

/// `GET …/replication/executions?policy_id=&offset=&limit=`: newest first.
pub async fn list_executions(
    State(sandbox): State<Sandbox>,
    Path((_region, project_id, instance_id)): Path<(String, String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    if let Err(denied) = check_token(&headers) {
        return denied;
    }
    let query = Query::parse(query.as_deref());
    let (policy_id, page) = match (query.int("policy_id"), Page::from_query(&query, 10)) {
        (Ok(policy_id), Ok(page)) => (policy_id, page),
        (Err(msg), _) | (_, Err(msg)) => return bad_request(&msg),
    };
    if let Err(not_found) = check_instance(&project_id, &instance_id) {
        return not_found;
    }
    let world = sandbox.world();
    let mut runs: Vec<&Run> = world
        .executions
        .iter()
        .filter(|r| r.instance_id == instance_id && policy_id.is_none_or(|p| r.policy_id == p))
        .collect();
    runs.sort_by_key(|r| std::cmp::Reverse(r.id));
    let total = runs.len() as i64;
    let executions = page.take(runs).into_iter().map(|run| execution(run, run.elapsed())).collect();
    Json(ExecutionList { executions, total }).into_response()
}

/// The §2.2 view of a run at `elapsed`.
fn execution(run: &Run, elapsed: Duration) -> Execution {
    let summary = run.summary(elapsed);
    Execution {
        id: run.id,
        policy_id: run.policy_id,
        status: summary.status.into(),
        status_text: summary.status_text,
        total: summary.total,
        failed: summary.failed,
        succeed: summary.succeed,
        in_progress: summary.in_progress,
        stopped: summary.stopped,
        trigger: run.trigger.into(),
        created_at: clock::utc_seconds(run.begun),
        updated_at: clock::utc_seconds(run.at(summary.updated)),
    }
}

/// `PUT …/replication/executions/{execution_id}` (§2.5): no body either way.
pub async fn stop_execution(
    State(sandbox): State<Sandbox>,
    Path((_region, project_id, instance_id, execution_id)): Path<(String, String, String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Err(refused) = check_caller(&headers, &project_id, &instance_id) {
        return refused;
    }
    let id = match path_id("execution_id", &execution_id) {
        Ok(id) => id,
        Err(bad) => return bad,
    };
    let mut world = sandbox.world();
    let Some(run) = world.execution_mut(&instance_id, id) else {
        return execution_not_found();
    };
    let elapsed = run.elapsed();
    if !run.is_running(elapsed) {
        return reply::swr_ee(StatusCode::BAD_REQUEST, "SVCSTG.SWR.4000003", "The execution is not running.");
    }
    run.stopped_after = Some(elapsed);
    Json(serde_json::json!({})).into_response()
}
