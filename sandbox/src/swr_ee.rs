//! SWR Enterprise Edition replication executions (api-reference §2.1, §2.2,
//! §2.5; seed 000; Go SDK `services/swr/v2/model/model_execution.go`):
//! execute a policy, list executions, stop one. The checks every SWR EE
//! handler shares live here too.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::codes::{self, Code};
use super::ee_catalog;
use super::paging::{Page, Query};
use super::replication::Run;
use super::{clock, reply, Sandbox};

pub fn error(code: Code, msg: &str) -> Response {
    reply::swr_ee(code, msg)
}

/// A request parameter (query or path) that breaks a documented rule.
pub fn bad_query(msg: &str) -> Response {
    error(codes::SWR_BAD_QUERY, msg)
}

/// The token, then the project: SWR EE answers a missing or unknown token
/// with 401, and a token scoped to another project than the path's with
/// 403 (the token is bound to its project, api-reference §1.1).
pub fn check_caller(sandbox: &Sandbox, headers: &HeaderMap, project_id: &str) -> Result<(), Response> {
    let Some(project) = sandbox.caller(headers) else {
        return Err(error(
            codes::SWR_AUTH,
            "Authentication failed: the token is missing, invalid or expired.",
        ));
    };
    if project.id != project_id {
        return Err(error(
            codes::SWR_FOREIGN_PROJECT,
            &format!("The token is scoped to project {}, not {project_id}.", project.id),
        ));
    }
    Ok(())
}

pub fn check_instance(project_id: &str, instance_id: &str) -> Result<(), Response> {
    if ee_catalog::instance_exists(project_id, instance_id) {
        return Ok(());
    }
    Err(error(codes::SWR_NO_INSTANCE, &format!("The instance {instance_id} does not exist.")))
}

/// A path ID that must be an integer; the error names the parameter.
pub fn path_id(name: &str, text: &str) -> Result<i64, Response> {
    text.parse().map_err(|_| bad_query(&format!("{name} must be an integer, got '{text}'.")))
}

/// The documented paging rule (§2, seed 003), or the answer to send instead.
pub fn page_of(query: &Query, default_limit: usize) -> Result<Page, Response> {
    Page::from_query(query, default_limit).map_err(|msg| bad_query(&msg))
}

pub fn execution_not_found() -> Response {
    error(codes::SWR_NO_EXECUTION, "The execution does not exist.")
}

/// `2026-11-25T10:00:00Z`, rounded up so an end never prints before its
/// start (starts print milliseconds, like the seed example).
pub fn utc_seconds_ceil(time: SystemTime) -> String {
    let nanos = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let up = if nanos == 0 { Duration::ZERO } else { Duration::from_nanos(u64::from(1_000_000_000 - nanos)) };
    clock::utc_seconds(time + up)
}

/// `POST /v2/{project_id}/instances/{instance_id}/replication/executions`
/// (`ExecuteInstanceReplicationPolicy`, §2.1, seed 000): 202 `{"id": int}`.
pub async fn execute_policy(
    State(sandbox): State<Sandbox>,
    Path((_region, project_id, instance_id)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Response> {
    check_caller(&sandbox, &headers, &project_id)?;
    let policy_id = parse_policy_id(&body).map_err(|(code, msg)| error(code, msg))?;
    check_instance(&project_id, &instance_id)?;
    let policy = ee_catalog::policy_row(policy_id).ok_or_else(|| {
        error(codes::SWR_NO_POLICY, &format!("The replication policy {policy_id} does not exist."))
    })?;
    if !policy.enabled {
        return Err(error(
            codes::SWR_POLICY_DISABLED,
            &format!("The replication policy {policy_id} is disabled."),
        ));
    }
    let duration = Duration::from_secs(sandbox.options.execution_seconds);
    let id = sandbox.world().start_execution(&instance_id, policy_id, duration);
    Ok((StatusCode::ACCEPTED, Json(json!({ "id": id }))).into_response())
}

/// `policy_id` is a mandatory Integer (int32 in the SDK).
fn parse_policy_id(body: &[u8]) -> Result<i64, (Code, &'static str)> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|_| (codes::SWR_BAD_BODY, "The request body is not valid JSON."))?;
    match value.get("policy_id") {
        None | Some(Value::Null) => Err((codes::SWR_MISSING, "policy_id is required.")),
        Some(v) => v
            .as_i64()
            .and_then(|n| i32::try_from(n).ok())
            .map(i64::from)
            .ok_or((codes::SWR_BAD_BODY, "policy_id must be an integer.")),
    }
}

/// `GET …/replication/executions?policy_id=&offset=&limit=`
/// (`ListInstanceReplicationPolicyExecutions`, §2.2). The order is not
/// documented; the sandbox lists oldest first (ascending ID), so a client
/// that assumes "newest first" finds out here rather than in production.
pub async fn list_executions(
    State(sandbox): State<Sandbox>,
    Path((_region, project_id, instance_id)): Path<(String, String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, Response> {
    check_caller(&sandbox, &headers, &project_id)?;
    let query = Query::parse(query.as_deref());
    let policy_id = query.int("policy_id").map_err(|msg| bad_query(&msg))?;
    let page = page_of(&query, 10)?;
    check_instance(&project_id, &instance_id)?;
    let world = sandbox.world();
    let mut runs: Vec<&Run> = world
        .executions
        .iter()
        .filter(|r| r.instance_id == instance_id && policy_id.is_none_or(|p| r.policy_id == p))
        .collect();
    runs.sort_by_key(|r| r.id);
    let total = runs.len();
    let executions: Vec<Value> =
        page.take(runs).into_iter().map(|run| execution(run, run.elapsed())).collect();
    Ok(Json(json!({ "executions": executions, "total": total })).into_response())
}

/// An `Execution` (§2.2; all fields required in the SDK) at `elapsed`.
fn execution(run: &Run, elapsed: Duration) -> Value {
    let summary = run.summary(elapsed);
    json!({
        "id": run.id,
        "policy_id": run.policy_id,
        "status": summary.status,
        "status_text": summary.status_text,
        "total": summary.total,
        "failed": summary.failed,
        "succeed": summary.succeed,
        "in_progress": summary.in_progress,
        "stopped": summary.stopped,
        "trigger": run.trigger,
        "created_at": clock::utc_seconds(run.begun),
        "updated_at": clock::utc_seconds(run.at(summary.updated)),
    })
}

/// `PUT …/replication/executions/{execution_id}`
/// (`StopInstanceReplicationPolicyExecution`, §2.5): no body either way.
pub async fn stop_execution(
    State(sandbox): State<Sandbox>,
    Path((_region, project_id, instance_id, execution_id)): Path<(String, String, String, String)>,
    headers: HeaderMap,
) -> Result<Response, Response> {
    check_caller(&sandbox, &headers, &project_id)?;
    check_instance(&project_id, &instance_id)?;
    let id = path_id("execution_id", &execution_id)?;
    let mut world = sandbox.world();
    let run = world.execution_mut(&instance_id, id).ok_or_else(execution_not_found)?;
    let elapsed = run.elapsed();
    if !run.is_running(elapsed) {
        return Err(error(codes::SWR_NOT_RUNNING, "The execution is not running."));
    }
    run.stopped_after = Some(elapsed);
    Ok(Json(json!({})).into_response())
}
