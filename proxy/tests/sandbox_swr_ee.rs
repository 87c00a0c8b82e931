//! The sandbox's SWR Enterprise Edition lists, executions, tasks, subtasks
//! and stop (api-reference §2, seed 003), read through the console's models.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use ferry_api::swr_ee::{Execution, ExecutionList};
use ferry_api::swr_ee_models::{InstanceList, PolicyList, RegistryList, ReplicationPolicy, SubtaskList, TaskList};
use ferry_proxy::config::{FileConfig, Settings};
use ferry_proxy::sandbox::world::{INSTANCE_ID, PROJECT_ID, TOKEN};
use http_body_util::BodyExt;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tower::ServiceExt;

fn sandbox(execution_seconds: u64) -> Router {
    let mut settings = Settings::from_file(FileConfig::default()).unwrap();
    settings.sandbox = true;
    settings.sandbox_execution_seconds = execution_seconds;
    ferry_proxy::app(Arc::new(settings)).unwrap()
}

struct Answer {
    status: StatusCode,
    raw: String,
    json: Value,
}

impl Answer {
    fn parse<T: DeserializeOwned>(&self) -> T {
        assert_eq!(self.status, StatusCode::OK, "{}", self.raw);
        serde_json::from_str(&self.raw).unwrap_or_else(|err| panic!("{err}: {}", self.raw))
    }

    fn assert_error(&self, status: StatusCode, code: &str, context: &str) {
        assert_eq!(self.status, status, "{context}: {}", self.raw);
        assert_eq!(self.json["error_code"], code, "{context}: {}", self.raw);
        assert!(self.json["error_msg"].as_str().is_some_and(|m| !m.is_empty()), "{context}");
        assert!(self.json.get("encoded_authorization_message").is_some(), "{context}");
    }
}

async fn call(app: &Router, method: &str, path: &str, token: Option<&str>, body: &str) -> Answer {
    let mut builder = Request::builder().method(method).uri(path).header("content-type", "application/json");
    if let Some(token) = token {
        builder = builder.header("x-auth-token", token);
    }
    let response = app.clone().oneshot(builder.body(Body::from(body.to_string())).unwrap()).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let raw = String::from_utf8(bytes.to_vec()).unwrap();
    let json = serde_json::from_str(&raw).unwrap_or(Value::Null);
    Answer { status, raw, json }
}

async fn get(app: &Router, path: &str) -> Answer {
    call(app, "GET", path, Some(TOKEN), "").await
}

fn instances() -> String {
    format!("/api/swr/cn-north-4/v2/{PROJECT_ID}/instances")
}

fn on_instance(rest: &str) -> String {
    format!("{}/{INSTANCE_ID}{rest}", instances())
}

async fn execute(app: &Router, policy_id: i64) -> i64 {
    let answer =
        call(app, "POST", &on_instance("/replication/executions"), Some(TOKEN), &format!(r#"{{"policy_id":{policy_id}}}"#))
            .await;
    assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", answer.raw);
    answer.json["id"].as_i64().unwrap()
}

async fn find_execution(app: &Router, id: i64) -> Execution {
    let list: ExecutionList = get(app, &on_instance("/replication/executions?limit=100")).await.parse();
    list.executions.into_iter().find(|e| e.id == id).unwrap()
}

async fn all_tasks(app: &Router, execution: i64) -> TaskList {
    let mut all = TaskList::default();
    for offset in [0, 100, 200] {
        let page: TaskList =
            get(app, &on_instance(&format!("/replication/executions/{execution}/tasks?offset={offset}&limit=100"))).await.parse();
        all.total = page.total;
        all.tasks.extend(page.tasks);
    }
    all
}

#[tokio::test]
async fn instances_list_filter_and_page() {
    let app = sandbox(30);
    let list: InstanceList = get(&app, &instances()).await.parse();
    assert_eq!(list.total, 4);
    let states: Vec<&str> = list.instances.iter().map(|i| i.status.as_str()).collect();
    assert_eq!(states, ["Running", "Creating", "Unavailable", "Initial"]);
    let demo = &list.instances[0];
    assert_eq!((demo.id.as_str(), demo.name.as_str()), (INSTANCE_ID, "ferry-demo"));
    assert_eq!(demo.charge_mode, "postPaid");
    assert_eq!(demo.enterprise_project_id, "0");
    assert!(demo.access_address.starts_with("https://") && demo.access_address.contains("cn-north-4"));
    assert!(list.instances.iter().all(|i| i.project_id == PROJECT_ID && i.spec.starts_with("swr.ee.")));

    let creating: InstanceList = get(&app, &format!("{}?status=Creating", instances())).await.parse();
    assert_eq!((creating.total, creating.instances[0].name.as_str()), (1, "ferry-staging"));
    let none: InstanceList = get(&app, &format!("{}?status=running", instances())).await.parse();
    assert_eq!(none.total, 0, "the status filter is exact");
    let page: InstanceList = get(&app, &format!("{}?offset=2&limit=2", instances())).await.parse();
    assert_eq!((page.total, page.instances.len()), (4, 2));
    assert_eq!(page.instances[0].status, "Unavailable");
    let other: InstanceList = get(&app, "/api/swr/cn-north-4/v2/other-project/instances").await.parse();
    assert_eq!(other.total, 0);

    for (query, names) in [("offset=1&limit=2", "offset"), ("limit=0", "limit"), ("limit=101", "limit"), ("offset=abc", "offset"), ("limit=x", "limit")] {
        let answer = get(&app, &format!("{}?{query}", instances())).await;
        answer.assert_error(StatusCode::BAD_REQUEST, "SVCSTG.SWR.4000001", query);
        assert!(answer.json["error_msg"].as_str().unwrap().contains(names), "{query}: {}", answer.raw);
    }
    call(&app, "GET", &instances(), None, "").await.assert_error(StatusCode::UNAUTHORIZED, "SVCSTG.SWR.4010000", "no token");
}

#[tokio::test]
async fn registries_of_the_demo_instance() {
    let app = sandbox(30);
    let answer = get(&app, &on_instance("/registries")).await;
    let list: RegistryList = answer.parse();
    assert_eq!(list.total, 3);
    let names: Vec<&str> = list.registries.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["local", "eu-mirror", "harbor-dc"]);
    assert_eq!(list.registries[1].region_id, "ap-southeast-3");
    assert!(list.registries.iter().all(|r| r.status == "healthy" && r.instance_id == INSTANCE_ID));
    assert_eq!(answer.json["registries"][0]["credential"], serde_json::json!({}));
    assert!(answer.json["registries"][0].get("type").is_some());

    let missing = format!("{}/no-such-instance/registries", instances());
    get(&app, &missing).await.assert_error(StatusCode::NOT_FOUND, "SVCSTG.SWR.4040001", "unknown instance");
}

#[tokio::test]
async fn policies_list_search_order_and_show() {
    let app = sandbox(30);
    let policies = on_instance("/replication/policies");
    let first: PolicyList = get(&app, &policies).await.parse();
    assert!(first.total >= 30, "{}", first.total);
    assert_eq!(first.policies.len(), 10, "limit defaults to 10");
    // Default order: newest created first.
    assert!(first.policies.windows(2).all(|w| w[0].created_at >= w[1].created_at));

    // Paging through everything yields each policy once.
    let mut seen: Vec<ReplicationPolicy> = Vec::new();
    for offset in (0..first.total).step_by(10) {
        let page: PolicyList = get(&app, &format!("{policies}?offset={offset}&limit=10")).await.parse();
        seen.extend(page.policies);
    }
    let mut ids: Vec<i64> = seen.iter().map(|p| p.id).collect();
    ids.sort();
    assert_eq!(ids, (12..=45).collect::<Vec<_>>());
    let by_id = |id: i64| seen.iter().find(|p| p.id == id).unwrap();
    assert_eq!((by_id(12).name.as_str(), by_id(12).enabled), ("nightly-to-eu", true));
    assert_eq!((by_id(13).name.as_str(), by_id(13).enabled), ("release-mirror", true));
    assert_eq!((by_id(14).name.as_str(), by_id(14).enabled), ("legacy-disabled", false));
    assert_eq!(by_id(15).name, "empty-filter");
    assert_eq!(by_id(12).trigger.kind, "scheduled");
    assert_eq!(by_id(12).trigger.trigger_settings.cron, "0 0 2 * * *");
    assert!(seen.iter().filter(|p| !p.enabled).count() >= 3);
    assert!(seen.iter().all(|p| p.filters.iter().any(|f| f.kind == "name") && p.src_registry.id == 1));

    let mirrors: PolicyList = get(&app, &format!("{policies}?name=MIRROR&limit=100")).await.parse();
    assert_eq!(mirrors.total, 7);
    assert!(mirrors.policies.iter().all(|p| p.name.contains("mirror")));
    let hotfix: PolicyList = get(&app, &format!("{policies}?name=hotfix-mirror&order_column=name&order_type=asc")).await.parse();
    let names: Vec<&str> = hotfix.policies.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["hotfix-mirror-01", "hotfix-mirror-02", "hotfix-mirror-03"]);
    let by_name: PolicyList = get(&app, &format!("{policies}?order_column=name&order_type=desc&limit=100")).await.parse();
    assert!(by_name.policies.windows(2).all(|w| w[0].name >= w[1].name));
    let by_update: PolicyList = get(&app, &format!("{policies}?order_column=updated_at&order_type=asc&limit=100")).await.parse();
    assert!(by_update.policies.windows(2).all(|w| w[0].updated_at <= w[1].updated_at));

    for query in ["order_column=id", "order_type=up", "offset=30&limit=20", "limit=500", "registry_id=x"] {
        get(&app, &format!("{policies}?{query}")).await.assert_error(StatusCode::BAD_REQUEST, "SVCSTG.SWR.4000001", query);
    }

    let one: ReplicationPolicy = get(&app, &format!("{policies}/13")).await.parse();
    assert_eq!(one.name, "release-mirror");
    get(&app, &format!("{policies}/999")).await.assert_error(StatusCode::NOT_FOUND, "SVCSTG.SWR.4040017", "999");
    get(&app, &format!("{policies}/abc")).await.assert_error(StatusCode::BAD_REQUEST, "SVCSTG.SWR.4000001", "abc");
    let elsewhere = format!("{}/no-such-instance/replication/policies", instances());
    get(&app, &elsewhere).await.assert_error(StatusCode::NOT_FOUND, "SVCSTG.SWR.4040001", "unknown instance");
}

#[tokio::test]
async fn executions_are_newest_first_and_filter_by_policy() {
    let app = sandbox(30);
    let history: ExecutionList = get(&app, &on_instance("/replication/executions?policy_id=12")).await.parse();
    let ids: Vec<i64> = history.executions.iter().map(|e| e.id).collect();
    assert_eq!(ids, [904, 903, 902, 901]);
    let e = |id: i64| history.executions.iter().find(|e| e.id == id).unwrap();
    assert_eq!((e(901).status.as_str(), e(901).total, e(901).succeed), ("Succeed", 7, 7));
    assert_eq!((e(902).status.as_str(), e(902).total, e(902).failed, e(902).in_progress), ("Failed", 237, 19, 0));
    assert_eq!(e(902).status_text, "19 of 237 tasks failed");
    assert_eq!(e(902).failed + e(902).succeed, 237);
    assert_eq!((e(903).status.as_str(), e(903).total), ("Succeed", 0));
    assert_eq!((e(904).status.as_str(), e(904).total, e(904).failed, e(904).succeed), ("Failed", 5000, 200, 4800));
    assert!(history.executions.iter().all(|x| x.trigger == "manual" && x.policy_id == 12 && x.is_finished()));
    assert!(e(902).created_at < e(902).updated_at);

    let release = execute(&app, 13).await;
    let other = execute(&app, 16).await;
    let empty = execute(&app, 15).await;
    let all: ExecutionList = get(&app, &on_instance("/replication/executions")).await.parse();
    assert_eq!(all.total, 7);
    let newest: Vec<i64> = all.executions.iter().map(|e| e.id).collect();
    assert_eq!(newest, [empty, other, release, 904, 903, 902, 901]);
    let only: ExecutionList = get(&app, &on_instance("/replication/executions?policy_id=13")).await.parse();
    assert_eq!(only.executions.iter().map(|e| e.id).collect::<Vec<_>>(), [release]);
    assert_eq!(only.executions[0].total, 237);
    assert_eq!(find_execution(&app, other).await.total, 7);
    let nothing = find_execution(&app, empty).await;
    assert_eq!((nothing.status.as_str(), nothing.total), ("Succeed", 0));
    let second_page: ExecutionList = get(&app, &on_instance("/replication/executions?offset=3&limit=3")).await.parse();
    assert_eq!(second_page.executions.iter().map(|e| e.id).collect::<Vec<_>>(), [904, 903, 902]);

    for query in ["policy_id=x", "offset=2&limit=3", "limit=0"] {
        let path = on_instance(&format!("/replication/executions?{query}"));
        get(&app, &path).await.assert_error(StatusCode::BAD_REQUEST, "SVCSTG.SWR.4000001", query);
    }
}

#[tokio::test]
async fn the_bulk_execution_has_5000_tasks_to_its_last_page() {
    let app = sandbox(30);
    let tasks = |query: &str| on_instance(&format!("/replication/executions/904/tasks{query}"));
    let first: TaskList = get(&app, &tasks("?offset=0&limit=100")).await.parse();
    assert_eq!((first.total, first.tasks.len()), (5000, 100));
    let last: TaskList = get(&app, &tasks("?offset=4900&limit=100")).await.parse();
    assert_eq!((last.total, last.tasks.len()), (5000, 100));
    assert_eq!(last.tasks[99].id - first.tasks[0].id, 4999, "consecutive IDs");
    assert!(last.tasks.iter().all(|t| t.execution_id == 904 && !t.end_time.is_empty()));
    assert!(last.tasks.iter().all(|t| t.src_resource.starts_with('{')));
    let beyond: TaskList = get(&app, &tasks("?offset=5000&limit=100")).await.parse();
    assert_eq!((beyond.total, beyond.tasks.len()), (5000, 0));
    // The same task on every read: built from its index, not stored.
    let again: TaskList = get(&app, &tasks("?offset=4900&limit=100")).await.parse();
    assert_eq!(again.tasks, last.tasks);

    // Every 25th task failed: 4 on this page, each with a reason in its subtasks.
    let failed: Vec<i64> = last.tasks.iter().filter(|t| t.status == "Failed").map(|t| t.id).collect();
    assert_eq!(failed.len(), 4);
    let reasons: SubtaskList =
        get(&app, &tasks(&format!("/{}/subtasks?status=Failed", failed[3]))).await.parse();
    assert_eq!(reasons.total, 1);
    assert!(reasons.subtasks[0].status_text.starts_with("failed to copy sha256:"), "{:?}", reasons.subtasks[0]);
    let past_the_end = tasks(&format!("/{}/subtasks", last.tasks[99].id + 1));
    get(&app, &past_the_end).await.assert_error(StatusCode::NOT_FOUND, "SVCSTG.SWR.4040019", "no such task");
}

#[tokio::test]
async fn tasks_page_and_keep_the_malformed_resource_raw() {
    let app = sandbox(30);
    let tasks = |query: &str| on_instance(&format!("/replication/executions/902/tasks{query}"));
    let last: TaskList = get(&app, &tasks("?offset=200&limit=100")).await.parse();
    assert_eq!((last.total, last.tasks.len()), (237, 37));
    let default: TaskList = get(&app, &tasks("")).await.parse();
    assert_eq!(default.tasks.len(), 10);
    get(&app, &tasks("?offset=30&limit=20")).await.assert_error(StatusCode::BAD_REQUEST, "SVCSTG.SWR.4000001", "30/20");

    let raw = get(&app, &tasks("?limit=5")).await;
    let first = &raw.json["tasks"][0];
    for key in ["id", "execution_id", "resource_type", "src_resource", "dst_resource", "operation", "job_id", "status", "StatusRevision", "start_time", "end_time"] {
        assert!(first.get(key).is_some(), "{key} in {first}");
    }
    let page: TaskList = raw.parse();
    let fifth = &page.tasks[4];
    assert_eq!(fifth.src_resource, format!("artifact:ferry/{}@sha256:zz (truncated", repository_of(&fifth.dst_resource)));
    assert!(serde_json::from_str::<Value>(&fifth.src_resource).is_err());

    let all = all_tasks(&app, 902).await;
    assert_eq!(all.tasks.len(), 237);
    let failed: Vec<_> = all.tasks.iter().filter(|t| t.status == "Failed").collect();
    assert_eq!(failed.len(), 19);
    assert!(all.tasks.iter().all(|t| t.status == "Failed" || t.status == "Succeed"));
    for task in all.tasks.iter().filter(|t| t.id != fifth.id) {
        assert_eq!((task.execution_id, task.resource_type.as_str(), task.operation.as_str()), (902, "artifact", "copy"));
        assert!(task.job_id.len() == 24 && task.job_id.bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(!task.start_time.is_empty() && task.end_time.ends_with('Z') && task.status_revision > 1_700_000_000);
        let src: Value = serde_json::from_str(&task.src_resource).unwrap();
        let dst: Value = serde_json::from_str(&task.dst_resource).unwrap();
        assert_eq!(src["type"], "artifact");
        assert!(src["metadata"]["repository"]["name"].as_str().unwrap().starts_with("ferry/"));
        assert_ne!(src["metadata"]["repository"]["name"], dst["metadata"]["repository"]["name"]);
        assert_eq!(src["metadata"]["artifacts"][0]["type"], "IMAGE");
        let digest = src["metadata"]["artifacts"][0]["digest"].as_str().unwrap();
        assert!(digest.strip_prefix("sha256:").is_some_and(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit())));
        assert!(src["metadata"]["artifacts"][0]["labels"].is_null() && src["metadata"]["v_tags"].is_null());
        assert_eq!((src["override"].as_bool(), src["deleted"].as_bool()), (Some(false), Some(false)));
        assert!(src["registry"].is_null() && src.get("is_delete_tag").is_some());
    }
    // Same key order as the seed example.
    assert!(all.tasks[0].src_resource.starts_with(r#"{"type":"artifact","metadata":{"repository":{"name":"ferry/"#));
    let release_policy = all_tasks(&app, execute(&app, 13).await).await;
    assert!(release_policy.tasks.iter().all(|t| t.dst_resource.ends_with(r#""override":true}"#)));

    let missing = on_instance("/replication/executions/12345/tasks");
    let answer = get(&app, &missing).await;
    answer.assert_error(StatusCode::NOT_FOUND, "SVCSTG.SWR.4040018", "unknown execution");
    assert_eq!(answer.json["error_msg"], "The execution does not exist.");
}

/// The repository (without namespace) named in a resource document.
fn repository_of(resource: &str) -> String {
    let value: Value = serde_json::from_str(resource).unwrap();
    let name = value["metadata"]["repository"]["name"].as_str().unwrap();
    name.split_once('/').unwrap().1.to_string()
}

#[tokio::test]
async fn subtasks_are_one_per_tag_and_carry_the_failure() {
    let app = sandbox(30);
    let all = all_tasks(&app, 902).await;
    let failed = all.tasks.iter().find(|t| t.status == "Failed").unwrap();
    let path = |task: i64, query: &str| on_instance(&format!("/replication/executions/902/tasks/{task}/subtasks{query}"));
    let list: SubtaskList = get(&app, &path(failed.id, "")).await.parse();
    let src: Value = serde_json::from_str(&failed.src_resource).unwrap();
    let tags: usize = src["metadata"]["artifacts"].as_array().unwrap().iter().map(|a| a["tags"].as_array().unwrap().len()).sum();
    assert_eq!(list.total as usize, tags);
    assert!(list.subtasks.iter().all(|s| s.namespace == "ferry" && !s.tag.is_empty() && s.digest.starts_with("sha256:")));
    let broken: Vec<_> = list.subtasks.iter().filter(|s| s.status == "Failed").collect();
    assert!(!broken.is_empty());
    assert!(broken[0].status_text.starts_with("failed to copy sha256:"), "{}", broken[0].status_text);

    let only_failed: SubtaskList = get(&app, &path(failed.id, "?status=Failed")).await.parse();
    assert_eq!(only_failed.total as usize, broken.len());
    let succeeded = all.tasks.iter().find(|t| t.status == "Succeed").unwrap();
    let fine: SubtaskList = get(&app, &path(succeeded.id, "?status=Failed")).await.parse();
    assert_eq!(fine.total, 0);
    let paged: SubtaskList = get(&app, &path(failed.id, "?offset=0&limit=1")).await.parse();
    assert_eq!(paged.subtasks.len(), 1);

    get(&app, &path(failed.id, "?status=Bogus")).await.assert_error(StatusCode::BAD_REQUEST, "SVCSTG.SWR.4000001", "status");
    get(&app, &path(failed.id, "?offset=3&limit=2")).await.assert_error(StatusCode::BAD_REQUEST, "SVCSTG.SWR.4000001", "paging");
    assert_eq!(get(&app, &path(1, "")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn statuses_progress_and_fail_early_while_tasks_run() {
    let app = sandbox(2);
    let id = execute(&app, 13).await;
    let started = Instant::now();
    let first = find_execution(&app, id).await;
    assert_eq!((first.status.as_str(), first.in_progress, first.total), ("", 237, 237), "pending before any task starts");
    let page: TaskList = get(&app, &on_instance(&format!("/replication/executions/{id}/tasks"))).await.parse();
    assert!(page.tasks.iter().all(|t| t.status == "Pending" && t.start_time.is_empty() && t.end_time.is_empty()));

    let mut seen_running = false;
    let mut seen_failing = false;
    let mut last = first;
    while started.elapsed() < Duration::from_secs(6) {
        tokio::time::sleep(Duration::from_millis(100)).await;
        last = find_execution(&app, id).await;
        assert_eq!(last.total, last.failed + last.succeed + last.in_progress + last.stopped);
        seen_running |= last.status == "InProgress";
        if last.status == "Failed" && last.in_progress > 0 {
            seen_failing = true;
            assert!(!last.is_finished());
            assert_eq!(last.display_status(), "Failing…");
        }
        if last.is_finished() {
            break;
        }
    }
    assert!(seen_running, "InProgress was reported");
    assert!(seen_failing, "Failed was reported while tasks still ran");
    assert_eq!((last.status.as_str(), last.failed, last.succeed, last.in_progress), ("Failed", 26, 211, 0));
    assert_eq!(last.status_text, "26 of 237 tasks failed");

    let done = all_tasks(&app, id).await;
    assert!(done.tasks.iter().all(|t| !t.start_time.is_empty() && !t.end_time.is_empty()));
    let failures: Vec<String> = done.tasks.iter().filter(|t| t.status == "Failed").map(|t| t.id.to_string()).collect();
    assert_eq!(failures.len(), 26);
    // Every 9th task fails.
    assert_eq!(done.tasks[8].status, "Failed");
    assert_eq!(done.tasks[7].status, "Succeed");
}

#[tokio::test]
async fn stop_freezes_a_running_execution() {
    let app = sandbox(2);
    let id = execute(&app, 13).await;
    tokio::time::sleep(Duration::from_millis(900)).await;
    let stop = on_instance(&format!("/replication/executions/{id}"));
    let answer = call(&app, "PUT", &stop, Some(TOKEN), "").await;
    assert_eq!((answer.status, answer.json.clone()), (StatusCode::OK, serde_json::json!({})), "{}", answer.raw);

    let stopped = find_execution(&app, id).await;
    assert_eq!((stopped.status.as_str(), stopped.in_progress), ("Stopped", 0));
    assert!(stopped.stopped > 0 && stopped.succeed > 0, "{stopped:?}");
    assert_eq!(stopped.total, stopped.failed + stopped.succeed + stopped.stopped);
    assert!(stopped.is_finished());
    let tasks = all_tasks(&app, id).await;
    assert_eq!(tasks.tasks.iter().filter(|t| t.status == "Stopped").count() as i64, stopped.stopped);
    assert!(tasks.tasks.iter().filter(|t| t.status == "Stopped").all(|t| !t.end_time.is_empty()));

    tokio::time::sleep(Duration::from_millis(1500)).await;
    let later = find_execution(&app, id).await;
    assert_eq!((later.stopped, later.succeed, later.status), (stopped.stopped, stopped.succeed, stopped.status), "frozen");

    call(&app, "PUT", &stop, Some(TOKEN), "").await.assert_error(StatusCode::BAD_REQUEST, "SVCSTG.SWR.4000003", "again");
    let finished = on_instance("/replication/executions/901");
    let answer = call(&app, "PUT", &finished, Some(TOKEN), "").await;
    answer.assert_error(StatusCode::BAD_REQUEST, "SVCSTG.SWR.4000003", "history");
    assert_eq!(answer.json["error_msg"], "The execution is not running.");
    let unknown = on_instance("/replication/executions/99999");
    call(&app, "PUT", &unknown, Some(TOKEN), "").await.assert_error(StatusCode::NOT_FOUND, "SVCSTG.SWR.4040018", "unknown");
    call(&app, "PUT", &stop, None, "").await.assert_error(StatusCode::UNAUTHORIZED, "SVCSTG.SWR.4010000", "no token");
}

#[tokio::test]
async fn stop_before_any_task_started_stops_everything() {
    let app = sandbox(30);
    let id = execute(&app, 16).await;
    let stop = on_instance(&format!("/replication/executions/{id}"));
    assert_eq!(call(&app, "PUT", &stop, Some(TOKEN), "").await.status, StatusCode::OK);
    let stopped = find_execution(&app, id).await;
    assert_eq!((stopped.status.as_str(), stopped.stopped, stopped.total), ("Stopped", 7, 7));
    let path = on_instance(&format!("/replication/executions/{id}/tasks"));
    let tasks: TaskList = get(&app, &path).await.parse();
    assert!(tasks.tasks.iter().all(|t| t.status == "Stopped" && t.start_time.is_empty()));
    let subtasks = on_instance(&format!("/replication/executions/{id}/tasks/{}/subtasks?status=Stopped", tasks.tasks[0].id));
    let list: SubtaskList = get(&app, &subtasks).await.parse();
    assert!(list.total >= 2);
}
