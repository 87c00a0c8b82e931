//! SWR Enterprise Edition: lists, executions, tasks, subtasks and stop
//! (api-reference §2, seeds 000 and 003), read as raw JSON.

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use axum::Router;
use common::{assert_swr_ee_error, get, send, Answer, INSTANCE_ID, PROJECT_ID, TOKEN};
use serde_json::{json, Value};

fn sandbox(execution_seconds: u64) -> Router {
    common::sandbox(60, execution_seconds)
}

fn instances() -> String {
    format!("/api/swr/cn-north-4/v2/{PROJECT_ID}/instances")
}

fn on_instance(rest: &str) -> String {
    format!("{}/{INSTANCE_ID}{rest}", instances())
}

fn ok(answer: &Answer) -> &Value {
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);
    &answer.json
}

fn ids(list: &Value, key: &str) -> Vec<i64> {
    list[key]
        .as_array()
        .map(|items| items.iter().filter_map(|i| i["id"].as_i64()).collect())
        .unwrap_or_default()
}

async fn execute(app: &Router, policy_id: i64) -> i64 {
    let body = format!(r#"{{"policy_id":{policy_id}}}"#);
    let answer = send(app, "POST", &on_instance("/replication/executions"), Some(TOKEN), &body).await;
    assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", answer.raw);
    answer.json["id"].as_i64().expect("id")
}

/// An execution, found by paging through its policy's executions.
async fn find_execution(app: &Router, policy_id: i64, id: i64) -> Value {
    for offset in (0..1000).step_by(100) {
        let path =
            on_instance(&format!("/replication/executions?policy_id={policy_id}&offset={offset}&limit=100"));
        let page = get(app, &path).await;
        if let Some(found) = ok(&page)["executions"].as_array().and_then(|l| l.iter().find(|e| e["id"] == id))
        {
            return found.clone();
        }
    }
    panic!("execution {id} not found")
}

async fn all_tasks(app: &Router, execution: i64) -> Vec<Value> {
    let mut all = Vec::new();
    for offset in (0..).step_by(100) {
        let path =
            on_instance(&format!("/replication/executions/{execution}/tasks?offset={offset}&limit=100"));
        let page = get(app, &path).await;
        let tasks = ok(&page)["tasks"].as_array().cloned().unwrap_or_default();
        if tasks.is_empty() {
            break;
        }
        all.extend(tasks);
    }
    all
}

#[tokio::test]
async fn execute_answers_202_with_a_new_id_each_time_from_1001() {
    let app = sandbox(30);
    let first = execute(&app, 12).await;
    assert_eq!(first, 1001);
    assert_eq!(execute(&app, 12).await, 1002);
}

#[tokio::test]
async fn execute_errors() {
    let app = sandbox(30);
    let path = |project: &str, instance: &str| {
        format!("/api/swr/cn-north-4/v2/{project}/instances/{instance}/replication/executions")
    };
    let ok_body = r#"{"policy_id":12}"#;
    let here = path(PROJECT_ID, INSTANCE_ID);
    for (target, token, body, status, code) in [
        (here.clone(), None, ok_body, StatusCode::UNAUTHORIZED, "SVCSTG.SWR.4010000"),
        (here.clone(), Some("wrong"), ok_body, StatusCode::UNAUTHORIZED, "SVCSTG.SWR.4010000"),
        (here.clone(), Some(""), ok_body, StatusCode::UNAUTHORIZED, "SVCSTG.SWR.4010000"),
        (here.clone(), Some(TOKEN), "{}", StatusCode::BAD_REQUEST, "SVCSTG.SWR.4001014"),
        (here.clone(), Some(TOKEN), r#"{"policy_id":"12"}"#, StatusCode::BAD_REQUEST, "SVCSTG.SWR.4000014"),
        (here.clone(), Some(TOKEN), r#"{"policy_id":1.5}"#, StatusCode::BAD_REQUEST, "SVCSTG.SWR.4000014"),
        (
            here.clone(),
            Some(TOKEN),
            r#"{"policy_id":4294967296}"#,
            StatusCode::BAD_REQUEST,
            "SVCSTG.SWR.4000014",
        ),
        (here.clone(), Some(TOKEN), "policy_id=12", StatusCode::BAD_REQUEST, "SVCSTG.SWR.4000014"),
        (
            path(PROJECT_ID, "no-such-instance"),
            Some(TOKEN),
            ok_body,
            StatusCode::NOT_FOUND,
            "SVCSTG.SWR.4040001",
        ),
        (
            path("other-project", INSTANCE_ID),
            Some(TOKEN),
            ok_body,
            StatusCode::FORBIDDEN,
            "SVCSTG.SWR.4039001",
        ),
        (here.clone(), Some(TOKEN), r#"{"policy_id":999}"#, StatusCode::NOT_FOUND, "SVCSTG.SWR.4040017"),
        (here.clone(), Some(TOKEN), r#"{"policy_id":14}"#, StatusCode::BAD_REQUEST, "SVCSTG.SWR.4000002"),
    ] {
        let answer = send(&app, "POST", &target, token, body).await;
        assert_swr_ee_error(&answer, status, code, &format!("{target} {token:?} {body}"));
    }
}

#[tokio::test]
async fn the_token_is_never_recorded() {
    let app = sandbox(30);
    execute(&app, 12).await;
    let log = get(&app, "/__sandbox/requests").await;
    assert!(log.raw.contains(r#""token_sent":true"#), "{}", log.raw);
    assert!(!log.raw.contains(TOKEN), "{}", log.raw);
    // An empty header is no token.
    send(&app, "GET", &instances(), Some(""), "").await;
    let log = get(&app, "/__sandbox/requests").await;
    assert_eq!(log.json[1]["token_sent"], false, "{}", log.raw);
}

#[tokio::test]
async fn instances_list_filter_page_and_vary_in_shape() {
    let app = sandbox(30);
    let list = get(&app, &instances()).await;
    let list = ok(&list);
    assert_eq!(list["total"], 4);
    let states: Vec<&str> =
        list["instances"].as_array().unwrap().iter().filter_map(|i| i["status"].as_str()).collect();
    assert_eq!(states, ["Running", "Creating", "Unavailable", "Initial"]);
    let demo = &list["instances"][0];
    assert_eq!((demo["id"].as_str(), demo["name"].as_str()), (Some(INSTANCE_ID), Some("ferry-demo")));
    assert_eq!(
        (demo["charge_mode"].as_str(), demo["enterprise_project_id"].as_str()),
        (Some("postPaid"), Some("0"))
    );
    assert!(demo["access_address"]
        .as_str()
        .is_some_and(|a| a.starts_with("https://") && a.contains("cn-north-4")));
    // The instance never provisioned leaves its optional fields out.
    let pilot = &list["instances"][3];
    for key in ["access_address", "obs_bucket_name", "vpcep_service_id", "order_id", "expires_at"] {
        assert!(pilot.get(key).is_none(), "{key} in {pilot}");
    }

    let creating = get(&app, &format!("{}?status=Creating", instances())).await;
    assert_eq!(
        (ok(&creating)["total"].clone(), creating.json["instances"][0]["name"].clone()),
        (json!(1), json!("ferry-staging"))
    );
    assert_eq!(
        ok(&get(&app, &format!("{}?status=running", instances())).await)["total"],
        0,
        "the filter is exact"
    );
    let page = get(&app, &format!("{}?offset=2&limit=2", instances())).await;
    assert_eq!(ok(&page)["instances"][0]["status"], "Unavailable");

    for query in ["offset=1&limit=2", "limit=0", "limit=101", "offset=abc", "limit=x"] {
        let answer = get(&app, &format!("{}?{query}", instances())).await;
        assert_swr_ee_error(&answer, StatusCode::BAD_REQUEST, "SVCSTG.SWR.4001025", query);
    }
    let answer = send(&app, "GET", &instances(), None, "").await;
    assert_swr_ee_error(&answer, StatusCode::UNAUTHORIZED, "SVCSTG.SWR.4010000", "no token");
}

#[tokio::test]
async fn registries_need_more_than_the_first_default_page() {
    let app = sandbox(30);
    let first = get(&app, &on_instance("/registries")).await;
    let first = ok(&first);
    assert_eq!(first["total"], 14);
    assert_eq!(ids(first, "registries"), (1..=10).collect::<Vec<_>>(), "limit defaults to 10");
    let names: Vec<&str> =
        first["registries"].as_array().unwrap().iter().take(3).filter_map(|r| r["name"].as_str()).collect();
    assert_eq!(names, ["local", "eu-mirror", "harbor-dc"]);
    let rest = get(&app, &on_instance("/registries?offset=10&limit=10")).await;
    assert_eq!(ids(ok(&rest), "registries"), [11, 12, 13, 14]);
    // Shape variation: a null description, a missing region_id.
    let legacy = &first["registries"][6];
    assert_eq!(
        (legacy["name"].as_str(), legacy["description"].is_null()),
        (Some("legacy-harbor"), true),
        "{legacy}"
    );
    assert!(first["registries"][2].get("region_id").is_none());
    assert_eq!(first["registries"][1]["credential"]["type"], "basic");

    let missing = format!("{}/no-such-instance/registries", instances());
    assert_swr_ee_error(
        &get(&app, &missing).await,
        StatusCode::NOT_FOUND,
        "SVCSTG.SWR.4040001",
        "unknown instance",
    );
}

#[tokio::test]
async fn policies_list_search_order_show_and_vary_in_shape() {
    let app = sandbox(30);
    let policies = on_instance("/replication/policies");
    let first = get(&app, &policies).await;
    assert_eq!(ok(&first)["total"], 34);
    assert_eq!(first.json["policies"].as_array().map(Vec::len), Some(10), "limit defaults to 10");
    let created: Vec<&str> =
        first.json["policies"].as_array().unwrap().iter().filter_map(|p| p["created_at"].as_str()).collect();
    assert!(created.windows(2).all(|w| w[0] >= w[1]), "newest created first");

    let all = get(&app, &format!("{policies}?limit=100")).await;
    let all: Vec<Value> = ok(&all)["policies"].as_array().cloned().unwrap();
    let by_id = |id: i64| all.iter().find(|p| p["id"] == id).unwrap().clone();
    assert_eq!(
        (by_id(12)["name"].clone(), by_id(12)["enabled"].clone()),
        (json!("nightly-to-eu"), json!(true))
    );
    assert_eq!(
        (by_id(13)["name"].clone(), by_id(14)["enabled"].clone()),
        (json!("release-mirror"), json!(false))
    );
    assert_eq!(by_id(15)["name"], "empty-filter");
    assert_eq!(
        by_id(12)["trigger"],
        json!({ "type": "scheduled", "trigger_settings": { "cron": "0 0 2 * * *" } })
    );
    // Some destinations are beyond the first page of registries.
    assert_eq!(by_id(16)["dest_registry"]["id"], 12);
    // Shape variation the docs allow: null filters, no description, "" namespace, no trigger_settings.
    assert!(all.iter().any(|p| p["filters"].is_null()));
    assert!(all.iter().any(|p| p.get("description").is_none()));
    assert!(all.iter().any(|p| p["dest_namespace"] == ""));
    assert!(all.iter().any(|p| p["trigger"].get("trigger_settings").is_none()));

    let mirrors = get(&app, &format!("{policies}?name=MIRROR&limit=100")).await;
    assert_eq!(ok(&mirrors)["total"], 7);
    let hotfix = get(&app, &format!("{policies}?name=hotfix-mirror&order_column=name&order_type=asc")).await;
    let names: Vec<&str> =
        ok(&hotfix)["policies"].as_array().unwrap().iter().filter_map(|p| p["name"].as_str()).collect();
    assert_eq!(names, ["hotfix-mirror-01", "hotfix-mirror-02", "hotfix-mirror-03"]);
    let to_registry = get(&app, &format!("{policies}?registry_id=12&limit=100")).await;
    assert_eq!(ids(ok(&to_registry), "policies").len(), 2);

    for query in ["order_column=id", "order_type=up", "offset=30&limit=20", "limit=500", "registry_id=x"] {
        assert_swr_ee_error(
            &get(&app, &format!("{policies}?{query}")).await,
            StatusCode::BAD_REQUEST,
            "SVCSTG.SWR.4001025",
            query,
        );
    }
    assert_eq!(ok(&get(&app, &format!("{policies}/13")).await)["name"], "release-mirror");
    assert_swr_ee_error(
        &get(&app, &format!("{policies}/999")).await,
        StatusCode::NOT_FOUND,
        "SVCSTG.SWR.4040017",
        "999",
    );
    assert_swr_ee_error(
        &get(&app, &format!("{policies}/abc")).await,
        StatusCode::BAD_REQUEST,
        "SVCSTG.SWR.4001025",
        "abc",
    );
}

#[tokio::test]
async fn executions_are_listed_oldest_first_and_filter_by_policy() {
    let app = sandbox(30);
    let history = get(&app, &on_instance("/replication/executions?policy_id=12")).await;
    assert_eq!(ids(ok(&history), "executions"), [901, 902, 903, 904]);
    let e = |id: i64| {
        history.json["executions"].as_array().unwrap().iter().find(|e| e["id"] == id).unwrap().clone()
    };
    assert_eq!(
        (e(901)["status"].clone(), e(901)["total"].clone(), e(901)["succeed"].clone()),
        (json!("Succeed"), json!(7), json!(7))
    );
    assert_eq!(
        (e(902)["status"].clone(), e(902)["total"].clone(), e(902)["failed"].clone()),
        (json!("Failed"), json!(237), json!(19))
    );
    assert_eq!(e(902)["status_text"], "19 of 237 tasks failed");
    assert_eq!((e(903)["status"].clone(), e(903)["total"].clone()), (json!("Succeed"), json!(0)));
    assert_eq!(
        (e(904)["total"].clone(), e(904)["failed"].clone(), e(904)["succeed"].clone()),
        (json!(5000), json!(200), json!(4800))
    );

    let release = execute(&app, 13).await;
    let empty = execute(&app, 15).await;
    let only = get(&app, &on_instance("/replication/executions?policy_id=13")).await;
    assert_eq!(ids(ok(&only), "executions"), [release]);
    assert_eq!(only.json["executions"][0]["total"], 237);
    let nothing = find_execution(&app, 15, empty).await;
    assert_eq!((nothing["status"].clone(), nothing["total"].clone()), (json!("Succeed"), json!(0)));
    let unfiltered = get(&app, &on_instance("/replication/executions")).await;
    assert_eq!(ok(&unfiltered)["total"], 130 + 4 + 2);
    assert_eq!(
        ids(&unfiltered.json, "executions"),
        (701..711).collect::<Vec<_>>(),
        "oldest first, 10 by default"
    );

    for query in ["policy_id=x", "offset=2&limit=3", "limit=0"] {
        let path = on_instance(&format!("/replication/executions?{query}"));
        assert_swr_ee_error(&get(&app, &path).await, StatusCode::BAD_REQUEST, "SVCSTG.SWR.4001025", query);
    }
}

#[tokio::test]
async fn a_new_execution_of_the_busy_policy_is_not_on_the_first_page_of_100() {
    let app = sandbox(30);
    let id = execute(&app, 16).await;
    let first = get(&app, &on_instance("/replication/executions?policy_id=16&offset=0&limit=100")).await;
    assert_eq!(ok(&first)["total"], 131);
    let first_ids = ids(&first.json, "executions");
    assert_eq!(first_ids.len(), 100);
    assert!(!first_ids.contains(&id));
    let second = get(&app, &on_instance("/replication/executions?policy_id=16&offset=100&limit=100")).await;
    assert_eq!(ids(ok(&second), "executions").last(), Some(&id));
    assert_eq!(second.json["executions"][0]["trigger"], "scheduled");
}

#[tokio::test]
async fn the_bulk_execution_has_5000_tasks_to_its_last_page() {
    let app = sandbox(30);
    let tasks = |query: &str| on_instance(&format!("/replication/executions/904/tasks{query}"));
    let first = get(&app, &tasks("?offset=0&limit=100")).await;
    assert_eq!(ok(&first)["total"], 5000);
    let last = get(&app, &tasks("?offset=4900&limit=100")).await;
    let last_tasks = ok(&last)["tasks"].as_array().unwrap().clone();
    assert_eq!(last_tasks.len(), 100);
    assert_eq!(last_tasks[99]["id"].as_i64().unwrap() - first.json["tasks"][0]["id"].as_i64().unwrap(), 4999);
    assert!(last_tasks
        .iter()
        .all(|t| t["execution_id"] == 904 && t["end_time"].as_str().is_some_and(|e| e.ends_with('Z'))));
    let beyond = get(&app, &tasks("?offset=5000&limit=100")).await;
    assert_eq!(ok(&beyond)["tasks"], json!([]));
    assert_eq!(
        get(&app, &tasks("?offset=4900&limit=100")).await.json,
        last.json,
        "the same tasks every time"
    );
    let failed: Vec<i64> =
        last_tasks.iter().filter(|t| t["status"] == "Failed").filter_map(|t| t["id"].as_i64()).collect();
    assert_eq!(failed.len(), 4);
    let reasons = get(&app, &tasks(&format!("/{}/subtasks?status=Failed", failed[3]))).await;
    assert_eq!(ok(&reasons)["total"], 1);
    assert!(reasons.json["subtasks"][0]["status_text"]
        .as_str()
        .unwrap()
        .starts_with("failed to copy sha256:"));
    let past_the_end = tasks(&format!("/{}/subtasks", last_tasks[99]["id"].as_i64().unwrap() + 1));
    assert_swr_ee_error(
        &get(&app, &past_the_end).await,
        StatusCode::NOT_FOUND,
        "SVCSTG.SWR.4040019",
        "no such task",
    );
}

#[tokio::test]
async fn tasks_page_and_keep_the_malformed_resource_raw() {
    let app = sandbox(30);
    let tasks = |query: &str| on_instance(&format!("/replication/executions/902/tasks{query}"));
    let last = get(&app, &tasks("?offset=200&limit=100")).await;
    assert_eq!(
        (ok(&last)["total"].clone(), last.json["tasks"].as_array().map(Vec::len)),
        (json!(237), Some(37))
    );
    assert_eq!(get(&app, &tasks("")).await.json["tasks"].as_array().map(Vec::len), Some(10));
    assert_swr_ee_error(
        &get(&app, &tasks("?offset=30&limit=20")).await,
        StatusCode::BAD_REQUEST,
        "SVCSTG.SWR.4001025",
        "30/20",
    );

    let all = all_tasks(&app, 902).await;
    assert_eq!(all.len(), 237);
    assert_eq!(all.iter().filter(|t| t["status"] == "Failed").count(), 19);
    let fifth = all[4]["src_resource"].as_str().unwrap();
    assert!(fifth.starts_with("artifact:ferry/") && serde_json::from_str::<Value>(fifth).is_err(), "{fifth}");
    for task in all.iter().filter(|t| t["id"] != all[4]["id"]) {
        assert_eq!(
            (task["resource_type"].as_str(), task["operation"].as_str()),
            (Some("artifact"), Some("copy"))
        );
        assert!(task["StatusRevision"].as_i64().is_some_and(|r| r > 1_700_000_000));
        let src: Value = serde_json::from_str(task["src_resource"].as_str().unwrap()).unwrap();
        assert!(src["metadata"]["repository"]["name"].as_str().unwrap().starts_with("ferry/"));
        assert_eq!(src["metadata"]["artifacts"][0]["type"], "IMAGE");
    }
    let missing = on_instance("/replication/executions/12345/tasks");
    assert_swr_ee_error(
        &get(&app, &missing).await,
        StatusCode::NOT_FOUND,
        "SVCSTG.SWR.4040018",
        "unknown execution",
    );
}

#[tokio::test]
async fn a_failed_task_of_902_has_its_failures_beyond_the_first_100_subtasks() {
    let app = sandbox(30);
    let all = all_tasks(&app, 902).await;
    let wide = &all[ferry_sandbox::world::WIDE_TASK_INDEX];
    assert_eq!(wide["status"], "Failed");
    let path = |query: &str| {
        on_instance(&format!("/replication/executions/902/tasks/{}/subtasks{query}", wide["id"]))
    };
    let first = get(&app, &path("?offset=0&limit=100")).await;
    assert_eq!(ok(&first)["total"], 120);
    let page: &Vec<Value> = first.json["subtasks"].as_array().unwrap();
    assert_eq!(page.len(), 100);
    assert!(page.iter().all(|s| s["status"] == "Succeed"), "no failure on the first page");
    // Shape variation: `status_text` is null or "" when there is nothing to say.
    assert!(page.iter().any(|s| s["status_text"].is_null()) && page.iter().any(|s| s["status_text"] == ""));
    let failed = get(&app, &path("?status=Failed")).await;
    assert_eq!(ok(&failed)["total"], 3);
    assert!(failed.json["subtasks"][0]["status_text"].as_str().unwrap().starts_with("failed to copy"));
    let second = get(&app, &path("?offset=100&limit=100")).await;
    assert_eq!(
        ok(&second)["subtasks"].as_array().unwrap().iter().filter(|s| s["status"] == "Failed").count(),
        3
    );
    assert_eq!(
        get(&app, &path("")).await.json["subtasks"].as_array().map(Vec::len),
        Some(10),
        "limit defaults to 10"
    );
    for query in ["?status=Bogus", "?offset=3&limit=2"] {
        assert_swr_ee_error(
            &get(&app, &path(query)).await,
            StatusCode::BAD_REQUEST,
            "SVCSTG.SWR.4001025",
            query,
        );
    }
}

#[tokio::test]
async fn a_running_execution_sends_unset_times_in_every_shape() {
    let app = sandbox(600);
    let id = execute(&app, 13).await;
    let tasks = get(&app, &on_instance(&format!("/replication/executions/{id}/tasks?limit=100"))).await;
    let tasks = ok(&tasks)["tasks"].as_array().unwrap().clone();
    assert!(tasks.iter().all(|t| t["status"] == "Pending"), "nothing started yet");
    let shapes = |key: &str| {
        let mut seen: Vec<&str> = tasks
            .iter()
            .map(|t| match t.get(key) {
                None => "missing",
                Some(Value::Null) => "null",
                Some(Value::String(s)) if s.is_empty() => "empty",
                Some(Value::String(s)) if s == "0001-01-01T00:00:00Z" => "zero",
                Some(other) => panic!("{key}: {other}"),
            })
            .collect();
        seen.sort();
        seen.dedup();
        seen
    };
    assert_eq!(shapes("end_time"), ["empty", "missing", "null", "zero"]);
    assert_eq!(shapes("start_time"), ["empty", "missing", "null", "zero"]);
    let execution = find_execution(&app, 13, id).await;
    assert_eq!((execution["status"].clone(), execution["in_progress"].clone()), (json!(""), json!(237)));
}

#[tokio::test]
async fn stop_freezes_a_running_execution() {
    let app = sandbox(2);
    let id = execute(&app, 13).await;
    tokio::time::sleep(Duration::from_millis(900)).await;
    let stop = on_instance(&format!("/replication/executions/{id}"));
    let answer = send(&app, "PUT", &stop, Some(TOKEN), "").await;
    assert_eq!((answer.status, answer.json.clone()), (StatusCode::OK, json!({})), "{}", answer.raw);
    let stopped = find_execution(&app, 13, id).await;
    assert_eq!((stopped["status"].clone(), stopped["in_progress"].clone()), (json!("Stopped"), json!(0)));
    let count = |key: &str| stopped[key].as_i64().unwrap();
    assert!(count("stopped") > 0 && count("succeed") > 0, "{stopped}");
    assert_eq!(count("total"), count("failed") + count("succeed") + count("stopped"));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(find_execution(&app, 13, id).await["stopped"], stopped["stopped"], "frozen");

    assert_swr_ee_error(
        &send(&app, "PUT", &stop, Some(TOKEN), "").await,
        StatusCode::BAD_REQUEST,
        "SVCSTG.SWR.4000003",
        "again",
    );
    let finished = on_instance("/replication/executions/901");
    assert_swr_ee_error(
        &send(&app, "PUT", &finished, Some(TOKEN), "").await,
        StatusCode::BAD_REQUEST,
        "SVCSTG.SWR.4000003",
        "history",
    );
    let unknown = on_instance("/replication/executions/99999");
    assert_swr_ee_error(
        &send(&app, "PUT", &unknown, Some(TOKEN), "").await,
        StatusCode::NOT_FOUND,
        "SVCSTG.SWR.4040018",
        "unknown",
    );
    assert_swr_ee_error(
        &send(&app, "PUT", &stop, None, "").await,
        StatusCode::UNAUTHORIZED,
        "SVCSTG.SWR.4010000",
        "no token",
    );
}

#[tokio::test]
async fn a_new_execution_runs_fails_while_running_then_finishes() {
    let app = sandbox(2);
    let id = execute(&app, 13).await;
    let (mut seen_running, mut seen_failing) = (false, false);
    let mut last = Value::Null;
    for _ in 0..60 {
        last = find_execution(&app, 13, id).await;
        seen_running |= last["status"] == "InProgress";
        seen_failing |= last["status"] == "Failed" && last["in_progress"].as_i64() > Some(0);
        if last["in_progress"] == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(seen_running && seen_failing, "{last}");
    assert_eq!((last["failed"].clone(), last["succeed"].clone()), (json!(26), json!(211)));
    assert_eq!(last["status_text"], "26 of 237 tasks failed");
}
