//! SWR EE tasks and subtasks of an execution (api-reference §2.3, §2.4;
//! seed 003 for the task example and the shape of `src_resource`/
//! `dst_resource`; Go SDK `model_task_detail.go`, `model_subtask_detail.go`).

use std::time::Duration;

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::{json, Map, Value};

use super::codes;
use super::paging::Query;
use super::replication::{unix_seconds, Phase, Run, State as TaskState, Task};
use super::swr_ee::{
    bad_query, check_caller, check_instance, error, execution_not_found, page_of, path_id, utc_seconds_ceil,
};
use super::{clock, Sandbox};

/// The source namespace every policy copies from.
const SOURCE_NAMESPACE: &str = "ferry";
/// The documented `status` filter of the subtasks list (§2.4).
const SUBTASK_STATUSES: [&str; 6] = ["Initialized", "Pending", "InProgress", "Succeed", "Failed", "Stopped"];

/// `GET …/replication/executions/{execution_id}/tasks?offset=&limit=`
/// (`ListInstanceReplicationPolicyExecTasks`, seed 003).
pub async fn list_tasks(
    State(sandbox): State<Sandbox>,
    Path((_region, project_id, instance_id, execution_id)): Path<(String, String, String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, Response> {
    check_caller(&sandbox, &headers, &project_id)?;
    let page = page_of(&Query::parse(query.as_deref()), 10)?;
    check_instance(&project_id, &instance_id)?;
    let id = path_id("execution_id", &execution_id)?;
    let world = sandbox.world();
    let run = world.execution(&instance_id, id).ok_or_else(execution_not_found)?;
    // One moment for the whole page, so it is self-consistent.
    let elapsed = run.elapsed();
    let tasks: Vec<Value> =
        run.tasks.range(page.offset, page.limit).map(|task| task_detail(run, &task, elapsed)).collect();
    Ok(Json(json!({ "total": run.tasks.len(), "tasks": tasks })).into_response())
}

/// `GET …/executions/{execution_id}/tasks/{task_id}/subtasks?offset=&limit=&status=`
/// (`ListInstanceReplicationPolicyExecSubTasks`, §2.4).
pub async fn list_subtasks(
    State(sandbox): State<Sandbox>,
    Path((_region, project_id, instance_id, execution_id, task_id)): Path<(
        String,
        String,
        String,
        String,
        String,
    )>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, Response> {
    check_caller(&sandbox, &headers, &project_id)?;
    let query = Query::parse(query.as_deref());
    let page = page_of(&query, 10)?;
    let status = query.get("status");
    if let Some(bad) = status.filter(|s| !SUBTASK_STATUSES.contains(s)) {
        return Err(bad_query(&format!(
            "status must be one of {}, got '{bad}'.",
            SUBTASK_STATUSES.join(", ")
        )));
    }
    check_instance(&project_id, &instance_id)?;
    let execution_id = path_id("execution_id", &execution_id)?;
    let task_id = path_id("task_id", &task_id)?;
    let world = sandbox.world();
    let run = world.execution(&instance_id, execution_id).ok_or_else(execution_not_found)?;
    let task =
        run.tasks.by_id(task_id).ok_or_else(|| error(codes::SWR_NO_TASK, "The task does not exist."))?;
    let elapsed = run.elapsed();
    let all: Vec<Value> = subtasks(run, &task, elapsed)
        .into_iter()
        .filter(|s| status.is_none_or(|want| s["status"] == want))
        .collect();
    let total = all.len();
    Ok(Json(json!({ "subtasks": page.take(all), "total": total })).into_response())
}

/// A `TaskDetail` as seed 003 shows it. Times that have not happened vary in
/// shape from task to task (`""`, missing, `null`, Go's zero time): the SDK
/// types them as plain strings and nothing documents which one a running
/// execution sends.
fn task_detail(run: &Run, task: &Task, elapsed: Duration) -> Value {
    let state = run.task_state(task, elapsed);
    let (start, end, revision) = times(run, &state);
    let src = task.raw_src.clone().unwrap_or_else(|| resource(task, SOURCE_NAMESPACE, false));
    let mut item = Map::new();
    item.insert("id".into(), json!(task.id));
    item.insert("execution_id".into(), json!(run.id));
    item.insert("resource_type".into(), json!("artifact"));
    item.insert("src_resource".into(), json!(src));
    item.insert("dst_resource".into(), json!(resource(task, &run.dest_namespace, run.dest_override)));
    item.insert("operation".into(), json!("copy"));
    item.insert("job_id".into(), json!(task.job_id));
    item.insert("status".into(), json!(state.phase.as_str()));
    item.insert("StatusRevision".into(), json!(revision));
    insert_time(&mut item, "start_time", start, task.id);
    insert_time(&mut item, "end_time", end, task.id);
    Value::Object(item)
}

/// A time that happened, or one of the shapes of "not yet".
fn insert_time(item: &mut Map<String, Value>, key: &str, time: Option<String>, id: i64) {
    let value = match (time, id.rem_euclid(4)) {
        (Some(text), _) => json!(text),
        (None, 0) => json!(""),
        (None, 1) => return,
        (None, 2) => Value::Null,
        (None, _) => json!(clock::ZERO_TIME),
    };
    item.insert(key.into(), value);
}

/// Start and end text (when they happened) and `StatusRevision`: the Unix
/// time of the latest change, as Harbor stores it.
fn times(run: &Run, state: &TaskState) -> (Option<String>, Option<String>, i64) {
    let start = state.started.map(|s| run.at(s));
    let end = state.ended.map(|e| run.at(e));
    let revision = end.or(start).map_or(0, unix_seconds);
    (start.map(clock::utc_millis), end.map(utc_seconds_ceil), revision)
}

/// `SubtaskDetail`s: one per tag. `status_text` is the failure reason, or
/// `null`/`""` when there is nothing to say (both seen in Harbor-backed
/// services; the SDK types it as a plain string).
fn subtasks(run: &Run, task: &Task, elapsed: Duration) -> Vec<Value> {
    task.subtask_windows()
        .into_iter()
        .enumerate()
        .map(|(k, (artifact, tag, window))| {
            let state = window.state(elapsed, run.stopped_after);
            let (start, end, _) = times(run, &state);
            let id = task.id * 1000 + k as i64;
            let status_text = match state.phase {
                Phase::Failed => json!(task.failure.clone().unwrap_or_default()),
                Phase::Stopped => json!("Stopped by user"),
                _ if id % 2 == 0 => Value::Null,
                _ => json!(""),
            };
            json!({
                "id": id,
                "job_id": 1_000_000 + id,
                "namespace": SOURCE_NAMESPACE,
                "repository": task.repository,
                "tag": tag,
                "digest": artifact.digest,
                "status": state.phase.as_str(),
                "status_text": status_text,
                "start_time": start.unwrap_or_default(),
                "end_time": end.unwrap_or_default(),
            })
        })
        .collect()
}

/// The seed's resource document, serialized in its key order.
#[derive(Serialize)]
struct Resource<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    metadata: ResourceMetadata<'a>,
    registry: Option<()>,
    extended_info: Option<()>,
    deleted: bool,
    is_delete_tag: bool,
    #[serde(rename = "override")]
    overwrite: bool,
}

#[derive(Serialize)]
struct ResourceMetadata<'a> {
    repository: RepositoryInfo,
    artifacts: Vec<ArtifactInfo<'a>>,
    v_tags: Option<()>,
}

#[derive(Serialize)]
struct RepositoryInfo {
    name: String,
    metadata: RepositoryMetadata,
}

/// Harbor project settings, all strings, as in the seed.
#[derive(Serialize)]
struct RepositoryMetadata {
    auto_scan: &'static str,
    enable_content_trust: &'static str,
    prevent_vul: &'static str,
    public: &'static str,
    retention_id: &'static str,
    reuse_sys_cve_allowlist: &'static str,
    severity: &'static str,
}

#[derive(Serialize)]
struct ArtifactInfo<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    digest: &'a str,
    labels: Option<()>,
    tags: &'a [String],
}

/// `src_resource`/`dst_resource`: a JSON document inside a string.
fn resource(task: &Task, namespace: &str, overwrite: bool) -> String {
    let document = Resource {
        kind: "artifact",
        metadata: ResourceMetadata {
            repository: RepositoryInfo {
                name: format!("{namespace}/{}", task.repository),
                metadata: RepositoryMetadata {
                    auto_scan: "true",
                    enable_content_trust: "false",
                    prevent_vul: "false",
                    public: "false",
                    retention_id: "2",
                    reuse_sys_cve_allowlist: "true",
                    severity: "low",
                },
            },
            artifacts: task
                .artifacts
                .iter()
                .map(|a| ArtifactInfo { kind: "IMAGE", digest: &a.digest, labels: None, tags: &a.tags })
                .collect(),
            v_tags: None,
        },
        registry: None,
        extended_info: None,
        deleted: false,
        is_delete_tag: false,
        overwrite,
    };
    // Plain strings and bools: serializing cannot fail.
    serde_json::to_string(&document).unwrap_or_default()
}
