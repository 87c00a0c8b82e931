//! SWR EE tasks and subtasks of an execution (api-reference §2.3, §2.4;
//! seed 003 for the shape of `src_resource`/`dst_resource`).

use std::time::Duration;

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use ferry_api::swr_ee_models::{Subtask, SubtaskList, TaskDetail, TaskList};
use serde::Serialize;

use super::paging::{Page, Query};
use super::replication::{unix_seconds, Phase, Run, State as TaskState, Task};
use super::swr_ee::{bad_request, check_instance, check_token, execution_not_found, path_id, utc_seconds_ceil};
use super::{clock, reply, Sandbox};

/// The source namespace every policy copies from.
const SOURCE_NAMESPACE: &str = "ferry";
const SUBTASK_STATUSES: [&str; 6] = ["Initialized", "Pending", "InProgress", "Succeed", "Failed", "Stopped"];

/// `GET …/replication/executions/{execution_id}/tasks?offset=&limit=`.
pub async fn list_tasks(
    State(sandbox): State<Sandbox>,
    Path((_region, project_id, instance_id, execution_id)): Path<(String, String, String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    if let Err(denied) = check_token(&headers) {
        return denied;
    }
    let page = match Page::from_query(&Query::parse(query.as_deref()), 10) {
        Ok(page) => page,
        Err(msg) => return bad_request(&msg),
    };
    if let Err(not_found) = check_instance(&project_id, &instance_id) {
        return not_found;
    }
    let id = match path_id("execution_id", &execution_id) {
        Ok(id) => id,
        Err(bad) => return bad,
    };
    let world = sandbox.world();
    let Some(run) = world.execution(&instance_id, id) else {
        return execution_not_found();
    };
    // One moment for the whole page, so it is self-consistent.
    let elapsed = run.elapsed();
    let tasks = run.tasks.range(page.offset, page.limit).map(|task| task_detail(run, &task, elapsed)).collect();
    Json(TaskList { total: run.tasks.len() as i64, tasks }).into_response()
}

/// `GET …/executions/{execution_id}/tasks/{task_id}/subtasks?offset=&limit=&status=`.
pub async fn list_subtasks(
    State(sandbox): State<Sandbox>,
    Path((_region, project_id, instance_id, execution_id, task_id)): Path<(String, String, String, String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    if let Err(denied) = check_token(&headers) {
        return denied;
    }
    let query = Query::parse(query.as_deref());
    let page = match Page::from_query(&query, 10) {
        Ok(page) => page,
        Err(msg) => return bad_request(&msg),
    };
    let status = query.get("status");
    if let Some(bad) = status.filter(|s| !SUBTASK_STATUSES.contains(s)) {
        return bad_request(&format!("status must be one of {}, got '{bad}'.", SUBTASK_STATUSES.join(", ")));
    }
    if let Err(not_found) = check_instance(&project_id, &instance_id) {
        return not_found;
    }
    let (execution_id, task_id) = match (path_id("execution_id", &execution_id), path_id("task_id", &task_id)) {
        (Ok(e), Ok(t)) => (e, t),
        (Err(bad), _) | (_, Err(bad)) => return bad,
    };
    let world = sandbox.world();
    let Some(run) = world.execution(&instance_id, execution_id) else {
        return execution_not_found();
    };
    let Some(task) = run.tasks.by_id(task_id) else {
        return reply::swr_ee(StatusCode::NOT_FOUND, "SVCSTG.SWR.4040019", "The task does not exist.");
    };
    let elapsed = run.elapsed();
    let all: Vec<Subtask> =
        subtasks(run, &task, elapsed).into_iter().filter(|s| status.is_none_or(|want| s.status == want)).collect();
    let total = all.len() as i64;
    Json(SubtaskList { subtasks: page.take(all), total }).into_response()
}

fn task_detail(run: &Run, task: &Task, elapsed: Duration) -> TaskDetail {
    let state = run.task_state(task, elapsed);
    let (start_time, end_time, revision) = times(run, &state);
    let src = task.raw_src.clone().unwrap_or_else(|| resource(task, SOURCE_NAMESPACE, false));
    TaskDetail {
        id: task.id,
        execution_id: run.id,
        resource_type: "artifact".into(),
        src_resource: src,
        dst_resource: resource(task, &run.dest_namespace, run.dest_override),
        operation: "copy".into(),
        job_id: task.job_id.clone(),
        status: state.phase.as_str().into(),
        status_revision: revision,
        start_time,
        end_time,
    }
}

/// Start and end text ("" until they happen) and `StatusRevision`: the Unix
/// time of the latest change, as Harbor stores it.
fn times(run: &Run, state: &TaskState) -> (String, String, i64) {
    let start = state.started.map(|s| run.at(s));
    let end = state.ended.map(|e| run.at(e));
    let revision = end.or(start).map_or(0, unix_seconds);
    (start.map(clock::utc_millis).unwrap_or_default(), end.map(utc_seconds_ceil).unwrap_or_default(), revision)
}

fn subtasks(run: &Run, task: &Task, elapsed: Duration) -> Vec<Subtask> {
    task.subtask_windows()
        .into_iter()
        .enumerate()
        .map(|(k, (artifact, tag, window))| {
            let state = window.state(elapsed, run.stopped_after);
            let (start_time, end_time, _) = times(run, &state);
            let status_text = match state.phase {
                Phase::Failed => task.failure.clone().unwrap_or_default(),
                Phase::Stopped => "Stopped by user".into(),
                _ => String::new(),
            };
            let id = task.id * 8 + k as i64;
            Subtask {
                id,
                job_id: 1_000_000 + id,
                namespace: SOURCE_NAMESPACE.into(),
                repository: task.repository.clone(),
                tag: tag.into(),
                digest: artifact.digest.clone(),
                status: state.phase.as_str().into(),
                status_text,
                start_time,
                end_time,
            }
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
