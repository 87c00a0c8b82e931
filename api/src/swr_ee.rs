//! SWR Enterprise Edition replication (api-reference §2).

use serde::{Deserialize, Serialize};

use crate::call::{ApiCall, Method, Service};
use crate::scope::{ExecutionId, ExecutionRef, PolicyId, Scope};
use crate::validate::{self, invalid_of, Invalid};

/// Body of `POST …/replication/executions` (§2.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExecutePolicyBody {
    pub policy_id: i32,
}

/// 202 answer of executing a policy: the new execution's ID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExecutionCreated {
    pub id: i64,
}

/// `POST /v2/{project_id}/instances/{instance_id}/replication/executions`.
pub fn execute_policy(scope: &Scope, instance_id: &str, policy_id: PolicyId) -> ApiCall {
    let body = serde_json::to_string(&ExecutePolicyBody { policy_id: policy_id.0 }).unwrap_or_default();
    ApiCall::new(
        Method::Post,
        Service::Swr,
        &scope.region,
        format!("/v2/{}/instances/{instance_id}/replication/executions", scope.project_id),
    )
    .with_json(body)
}

/// What the Replicate form holds, as typed: checked and built in one place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExecuteInput {
    pub instance_id: String,
    pub policy_id: String,
}

impl ExecuteInput {
    /// The instance and policy, or every field's problem.
    pub fn parse(&self) -> Result<(String, PolicyId), Invalid> {
        match (validate::instance_id(&self.instance_id), self.policy_id.parse::<PolicyId>()) {
            (Ok(instance), Ok(policy)) => Ok((instance, policy)),
            (instance, policy) => {
                Err(invalid_of([("instance-id", instance.err()), ("policy-id", policy.err())]))
            }
        }
    }

    pub fn build(&self, scope: &Scope) -> Result<ApiCall, Invalid> {
        let (instance, policy) = self.parse()?;
        Ok(execute_policy(scope, &instance, policy))
    }
}

/// A replication execution (§2.2). Counts default to 0 when absent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Execution {
    pub id: i64,
    #[serde(default)]
    pub policy_id: i64,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub status_text: String,
    #[serde(default)]
    pub total: i64,
    #[serde(default)]
    pub failed: i64,
    #[serde(default)]
    pub succeed: i64,
    #[serde(default)]
    pub in_progress: i64,
    #[serde(default)]
    pub stopped: i64,
    #[serde(default)]
    pub trigger: String,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ExecutionList {
    #[serde(default)]
    pub executions: crate::lenient::Items<Execution>,
    #[serde(default)]
    pub total: i64,
}

/// Execution and task status, compared case-insensitively (§2.2, §2.3;
/// the values are inferred from Harbor, so unknown ones are kept as is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunStatus {
    /// `""`, `Initialized`, `Pending`, `Scheduled`.
    Pending,
    /// `InProgress`, `Running`.
    InProgress,
    /// `Succeed`, `Success`.
    Succeeded,
    /// `Failed`, `Error`.
    Failed,
    Stopped,
    Other(String),
}

impl RunStatus {
    pub fn parse(raw: &str) -> RunStatus {
        match raw.trim().to_ascii_lowercase().as_str() {
            "" | "initialized" | "pending" | "scheduled" => RunStatus::Pending,
            "inprogress" | "in_progress" | "running" => RunStatus::InProgress,
            "succeed" | "success" | "succeeded" => RunStatus::Succeeded,
            "failed" | "error" => RunStatus::Failed,
            "stopped" => RunStatus::Stopped,
            _ => RunStatus::Other(raw.to_string()),
        }
    }

    /// `Succeed`, `Failed` and `Stopped` end an execution; anything else runs.
    pub fn is_terminal(&self) -> bool {
        matches!(self, RunStatus::Succeeded | RunStatus::Failed | RunStatus::Stopped)
    }

    pub fn label(&self) -> String {
        match self {
            RunStatus::Pending => "Pending".into(),
            RunStatus::InProgress => "In progress".into(),
            RunStatus::Succeeded => "Succeeded".into(),
            RunStatus::Failed => "Failed".into(),
            RunStatus::Stopped => "Stopped".into(),
            RunStatus::Other(raw) => raw.clone(),
        }
    }
}

impl Execution {
    pub fn run_status(&self) -> RunStatus {
        RunStatus::parse(&self.status)
    }

    /// Finished only when its status is terminal *and* nothing is in
    /// progress: Harbor reports "Failed" early while tasks still run.
    pub fn is_finished(&self) -> bool {
        match self.run_status() {
            RunStatus::Failed => self.in_progress == 0,
            status => status.is_terminal(),
        }
    }

    /// What to show: a failed execution with tasks still running is "Failing…".
    pub fn display_status(&self) -> String {
        match self.run_status() {
            RunStatus::Failed if self.in_progress > 0 => "Failing…".into(),
            status => status.label(),
        }
    }

    /// "12 of 40 done: 10 succeeded, 2 failed, 28 in progress".
    pub fn progress_text(&self) -> String {
        let done = self.succeed + self.failed + self.stopped;
        let mut parts = vec![format!("{} succeeded", self.succeed), format!("{} failed", self.failed)];
        if self.stopped > 0 {
            parts.push(format!("{} stopped", self.stopped));
        }
        if self.in_progress > 0 {
            parts.push(format!("{} in progress", self.in_progress));
        }
        format!("{done} of {} done: {}", self.total, parts.join(", "))
    }
}

/// `GET …/replication/executions?policy_id=&offset=&limit=` (§2.2).
pub fn list_executions(
    scope: &Scope,
    instance_id: &str,
    policy_id: Option<PolicyId>,
    offset: u32,
    limit: u32,
) -> ApiCall {
    let filter = policy_id.map(|p| format!("policy_id={p}&")).unwrap_or_default();
    ApiCall::new(
        Method::Get,
        Service::Swr,
        &scope.region,
        format!(
            "/v2/{}/instances/{instance_id}/replication/executions?{filter}offset={offset}&limit={limit}",
            scope.project_id
        ),
    )
}

fn execution_path(execution: &ExecutionRef) -> String {
    format!(
        "/v2/{}/instances/{}/replication/executions/{}",
        execution.scope.project_id, execution.instance_id, execution.execution_id
    )
}

/// `GET …/executions/{execution_id}/tasks?offset=&limit=` (§2.3).
pub fn list_tasks(execution: &ExecutionRef, page: crate::paging::Page) -> ApiCall {
    let path = format!("{}/tasks?{}", execution_path(execution), page.query());
    ApiCall::new(Method::Get, Service::Swr, &execution.scope.region, path)
}

/// The largest page the SWR EE list APIs serve (their `limit` maximum).
pub const MAX_LIMIT: u32 = 100;

/// Where the next page of a list read `MAX_LIMIT` at a time starts, or
/// `None` when this page was the last (short, empty, or `total` reached).
pub fn next_offset(offset: u32, got: usize, total: i64) -> Option<u32> {
    let next = offset.checked_add(u32::try_from(got).ok()?)?;
    (got > 0 && i64::from(next) < total).then_some(next)
}

/// `GET …/tasks/{task_id}/subtasks?status=&offset=&limit=100` (§2.4). The
/// `status` filter (`Failed` for failure reasons) is the SDK's
/// `ListInstanceReplicationPolicyExecSubTasksRequest.Status`.
pub fn list_subtasks(execution: &ExecutionRef, task_id: i64, status: Option<&str>, offset: u32) -> ApiCall {
    let filter = status.map(|s| format!("status={}&", encode_query_value(s))).unwrap_or_default();
    let path = format!(
        "{}/tasks/{task_id}/subtasks?{filter}offset={offset}&limit={MAX_LIMIT}",
        execution_path(execution)
    );
    ApiCall::new(Method::Get, Service::Swr, &execution.scope.region, path)
}

/// `GET /v2/{project_id}/instances?offset=0&limit=100` (§2.8; its default
/// and maximum limit are 100).
pub fn list_instances(scope: &Scope) -> ApiCall {
    ApiCall::new(
        Method::Get,
        Service::Swr,
        &scope.region,
        format!("/v2/{}/instances?offset=0&limit={MAX_LIMIT}", scope.project_id),
    )
}

/// `GET …/instances/{instance_id}/registries?offset=&limit=100`: the default
/// page is 10 (SDK `ListInstanceRegistriesRequest`), so callers page through.
pub fn list_registries(scope: &Scope, instance_id: &str, offset: u32) -> ApiCall {
    ApiCall::new(
        Method::Get,
        Service::Swr,
        &scope.region,
        format!(
            "/v2/{}/instances/{instance_id}/registries?offset={offset}&limit={MAX_LIMIT}",
            scope.project_id
        ),
    )
}

/// `GET …/replication/policies?[name=]&offset=&limit=` (§2.7; `name` is a
/// fuzzy match).
pub fn list_policies(scope: &Scope, instance_id: &str, name: &str, offset: u32, limit: u32) -> ApiCall {
    let name = name.trim();
    let filter = if name.is_empty() { String::new() } else { format!("name={}&", encode_query_value(name)) };
    ApiCall::new(
        Method::Get,
        Service::Swr,
        &scope.region,
        format!(
            "/v2/{}/instances/{instance_id}/replication/policies?{filter}offset={offset}&limit={limit}",
            scope.project_id
        ),
    )
}

/// `GET …/replication/policies/{policy_id}` (SDK `ShowInstanceReplicationPolicy`,
/// `swr_meta.go`): one policy, read before it is run so the confirmation can
/// say what it copies.
pub fn show_policy(scope: &Scope, instance_id: &str, policy_id: PolicyId) -> ApiCall {
    ApiCall::new(
        Method::Get,
        Service::Swr,
        &scope.region,
        format!("/v2/{}/instances/{instance_id}/replication/policies/{policy_id}", scope.project_id),
    )
}

/// Percent-encode a query value, keeping RFC 3986's unreserved characters.
pub fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The execution `execution_id` in one page of a policy's executions. The
/// list's order is not documented (SDK `ListInstanceReplicationPolicyExecutionsRequest`
/// has no sort parameter), so every page may have to be read.
pub fn find_in_page(list: &ExecutionList, execution_id: ExecutionId) -> Option<&Execution> {
    list.executions.iter().find(|e| e.id == execution_id.0)
}

/// `PUT …/executions/{execution_id}`, no body (§2.5).
pub fn stop_execution(execution: &ExecutionRef) -> ApiCall {
    ApiCall::new(Method::Put, Service::Swr, &execution.scope.region, execution_path(execution))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn show_policy_path_is_the_sdks() {
        let call = show_policy(&Scope::new("cn-north-4", "p1"), "i1", PolicyId(16));
        assert_eq!(call.method, Method::Get);
        assert_eq!(call.path, "/v2/p1/instances/i1/replication/policies/16");
    }

    #[test]
    fn execute_call_matches_the_seed_example() {
        let call = execute_policy(&Scope::new("cn-north-4", "proj"), "inst", PolicyId(123));
        assert_eq!(call.method, Method::Post);
        assert_eq!(call.path, "/v2/proj/instances/inst/replication/executions");
        // Seed: `{ "policy_id" : 123 }`.
        assert_eq!(call.body.as_deref(), Some(r#"{"policy_id":123}"#));
        let created: ExecutionCreated = serde_json::from_str(r#"{ "id" : 34 }"#).unwrap();
        assert_eq!(created.id, 34);
    }
}

#[cfg(test)]
mod status_tests {
    use super::*;

    #[test]
    fn statuses_are_case_insensitive_and_empty_is_pending() {
        assert_eq!(RunStatus::parse(""), RunStatus::Pending);
        assert_eq!(RunStatus::parse("inprogress"), RunStatus::InProgress);
        assert_eq!(RunStatus::parse("SUCCEED"), RunStatus::Succeeded);
        assert_eq!(RunStatus::parse("Error"), RunStatus::Failed);
        assert_eq!(RunStatus::parse("Archived"), RunStatus::Other("Archived".into()));
        assert!(!RunStatus::parse("Archived").is_terminal());
    }

    #[test]
    fn failed_with_tasks_running_is_failing_not_finished() {
        let e = Execution {
            status: "Failed".into(),
            total: 10,
            failed: 1,
            succeed: 4,
            in_progress: 5,
            ..Default::default()
        };
        assert_eq!(e.display_status(), "Failing…");
        assert!(!e.is_finished());
        let done = Execution { in_progress: 0, failed: 6, ..e };
        assert_eq!(done.display_status(), "Failed");
        assert!(done.is_finished());
        assert_eq!(done.progress_text(), "10 of 10 done: 4 succeeded, 6 failed");
    }

    #[test]
    fn list_call_filters_by_policy() {
        let call = list_executions(&Scope::new("cn-north-4", "p"), "i", Some(PolicyId(12)), 0, 10);
        assert_eq!(call.path, "/v2/p/instances/i/replication/executions?policy_id=12&offset=0&limit=10");
        let list: ExecutionList = serde_json::from_str(
            r#"{"executions":[{"id":34,"policy_id":12,"status":"","total":0,"failed":0,"succeed":0,"in_progress":0,"stopped":0,"trigger":"manual","created_at":"2026-11-25T10:00:00Z","updated_at":"2026-11-25T10:00:00Z","status_text":""}],"total":1}"#,
        )
        .unwrap();
        assert_eq!(list.executions[0].run_status(), RunStatus::Pending);
    }
}

#[cfg(test)]
mod task_call_tests {
    use super::*;
    use crate::paging::Page;

    pub(crate) fn exec(id: i64) -> ExecutionRef {
        ExecutionRef {
            scope: Scope::new("r", "p"),
            instance_id: "i".into(),
            execution_id: ExecutionId(id),
            policy_id: None,
        }
    }

    #[test]
    fn the_execute_input_checks_every_field_at_once() {
        let scope = Scope::new("cn-north-4", "p");
        let bad = ExecuteInput { instance_id: "bad/id".into(), policy_id: "twelve".into() };
        let invalid = bad.build(&scope).unwrap_err();
        assert_eq!(invalid.iter().map(|(id, _)| *id).collect::<Vec<_>>(), vec!["instance-id", "policy-id"]);
        let good = ExecuteInput {
            instance_id: " 5b8d2a47-6f1e-4c3a-9d0b-7e2f1a3c4b5d ".into(),
            policy_id: "12".into(),
        };
        let call = good.build(&scope).unwrap();
        assert_eq!(call.path, "/v2/p/instances/5b8d2a47-6f1e-4c3a-9d0b-7e2f1a3c4b5d/replication/executions");
        assert_eq!(call.body.as_deref(), Some(r#"{"policy_id":12}"#));
    }

    #[test]
    fn task_calls_follow_the_reference() {
        let e = exec(83);
        let tasks = list_tasks(&e, Page { offset: 200, limit: 100 });
        assert_eq!(tasks.path, "/v2/p/instances/i/replication/executions/83/tasks?offset=200&limit=100");
        assert_eq!(
            list_subtasks(&e, 1927, Some("Failed"), 100).path,
            "/v2/p/instances/i/replication/executions/83/tasks/1927/subtasks?status=Failed&offset=100&limit=100"
        );
        assert_eq!(
            list_subtasks(&e, 1927, None, 0).path,
            "/v2/p/instances/i/replication/executions/83/tasks/1927/subtasks?offset=0&limit=100"
        );
        let stop = stop_execution(&e);
        assert_eq!((stop.method, stop.body), (Method::Put, None));
    }
}

#[cfg(test)]
mod list_call_tests {
    use super::*;

    #[test]
    fn registries_are_paged_at_the_maximum_not_the_default_ten() {
        let scope = Scope::new("r", "p");
        assert_eq!(list_registries(&scope, "i", 0).path, "/v2/p/instances/i/registries?offset=0&limit=100");
        assert_eq!(
            list_registries(&scope, "i", 100).path,
            "/v2/p/instances/i/registries?offset=100&limit=100"
        );
        assert_eq!(list_instances(&scope).path, "/v2/p/instances?offset=0&limit=100");
    }

    #[test]
    fn policy_search_is_encoded() {
        assert_eq!(
            list_policies(&Scope::new("r", "p"), "i", " nightly to/eu ", 10, 10).path,
            "/v2/p/instances/i/replication/policies?name=nightly%20to%2Feu&offset=10&limit=10"
        );
        assert_eq!(
            list_policies(&Scope::new("r", "p"), "i", "", 0, 10).path,
            "/v2/p/instances/i/replication/policies?offset=0&limit=10"
        );
        assert_eq!(encode_query_value("名"), "%E5%90%8D");
    }

    #[test]
    fn paging_stops_at_the_total_or_a_short_page() {
        assert_eq!(next_offset(0, 100, 130), Some(100));
        assert_eq!(next_offset(100, 30, 130), None);
        assert_eq!(next_offset(0, 0, 130), None);
        assert_eq!(next_offset(0, 100, 100), None);
    }

    #[test]
    fn an_execution_is_found_whatever_the_order() {
        let page = |ids: &[i64]| ExecutionList {
            executions: ids.iter().map(|&id| Execution { id, ..Default::default() }).collect(),
            total: 130,
        };
        // Oldest first: the new execution is on the last page, not the first.
        assert!(find_in_page(&page(&(1..=100).collect::<Vec<_>>()), ExecutionId(131)).is_none());
        assert_eq!(find_in_page(&page(&[129, 130, 131]), ExecutionId(131)).map(|e| e.id), Some(131));
    }
}
