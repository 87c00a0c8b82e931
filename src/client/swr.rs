//! SWR Enterprise Edition calls.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};

use ferry_api::confirm::{self, Confirmation};
use ferry_api::find_image;
use ferry_api::lenient::Items;
use ferry_api::paging::Page;
use ferry_api::swr_ee::{self, Execution, ExecutionCreated, ExecutionList, RunStatus};
use ferry_api::swr_ee_models::{Registry, RegistryList, ReplicationPolicy, Subtask, SubtaskList, TaskList};
use ferry_api::task_rows::TaskRow;
use ferry_api::{ApiCall, ApiError, ExecutionId, ExecutionRef, PolicyId, RawResponse, Scope};

use super::http::{json, send, Caller};

/// The answer of executing a policy, with the raw response kept for display.
#[derive(Debug, Clone)]
pub struct Executed {
    pub execution: ExecutionCreated,
    pub raw: RawResponse,
}

/// A policy execution, ready to be sent once the user confirms it.
#[derive(Debug, Clone)]
pub struct ExecuteRequest {
    pub caller: Caller,
    pub call: ApiCall,
    pub scope: Scope,
    pub instance_id: String,
    pub policy_id: PolicyId,
}

/// The confirmation for running a policy, with the policy and its registries
/// read first so it can say what will be copied where. Reading is only a
/// courtesy: if it fails (no read permission, an API that is not offered),
/// the confirmation says it could not tell, and the run stays possible. A
/// rejected token is the answer instead: running would be refused too.
pub async fn policy_in_words(
    caller: &Caller,
    scope: &Scope,
    instance_id: &str,
    policy_id: PolicyId,
) -> Result<Confirmation, ApiError> {
    let show = swr_ee::show_policy(scope, instance_id, policy_id);
    match json::<ReplicationPolicy>(caller, &show).await {
        Ok(policy) => {
            let registries = all_registries(caller, scope, instance_id).await.unwrap_or_default();
            Ok(confirm::execute(instance_id, policy_id, Some((&policy, &registries))))
        }
        Err(error) if error.is_token_rejected() => Err(error),
        Err(_) => Ok(confirm::execute(instance_id, policy_id, None)),
    }
}

pub async fn execute_policy(caller: &Caller, call: &ApiCall) -> Result<Executed, ApiError> {
    let raw = send(caller, call).await?;
    let execution = raw.json::<ExecutionCreated>()?;
    Ok(Executed { execution, raw })
}

/// Pages read at most by one composite call, so a runaway `total` cannot
/// keep the browser busy (100 pages = 10,000 items).
const MAX_PAGES: u32 = 100;

/// Find one execution. There is no "show execution" API and the list's
/// order is undocumented, so this reads the page where it was found last
/// time (`hint`) first, then every page, 100 at a time (filtered by its
/// policy when known). An execution on no page is a retryable
/// [`ApiError::Decode`]: a list may lag right after the execution started.
pub async fn find_execution(
    caller: &Caller,
    execution: &ExecutionRef,
    hint: &Cell<u32>,
) -> Result<Execution, ApiError> {
    let page = |offset: u32| {
        swr_ee::list_executions(
            &execution.scope,
            &execution.instance_id,
            execution.policy_id,
            offset,
            swr_ee::MAX_LIMIT,
        )
    };
    let first = hint.get();
    if first > 0 {
        let list: ExecutionList = send(caller, &page(first)).await?.json()?;
        if let Some(found) = swr_ee::find_in_page(&list, execution.execution_id) {
            return Ok(found.clone());
        }
    }
    let mut last = None;
    let mut offset = Some(0);
    let mut pages = 0;
    while let Some(at) = offset.filter(|_| pages < MAX_PAGES) {
        pages += 1;
        let raw = send(caller, &page(at)).await?;
        let list: ExecutionList = raw.json()?;
        if let Some(found) = swr_ee::find_in_page(&list, execution.execution_id) {
            hint.set(at);
            return Ok(found.clone());
        }
        offset =
            swr_ee::next_offset(at, list.executions.len() + list.executions.unreadable.len(), list.total);
        last = Some((raw, list.total));
    }
    let (status, request_id, raw, total) = match last {
        Some((raw, total)) => (raw.status, raw.request_id, raw.body, total),
        None => (200, None, String::new(), 0),
    };
    Err(ApiError::Decode {
        status,
        request_id,
        reason: format!(
            "execution {} is not listed among the {total} executions (yet)",
            execution.execution_id
        ),
        raw,
    })
}

/// Every item of a list read 100 at a time.
async fn all_pages<T, L>(
    caller: &Caller,
    call: impl Fn(u32) -> ApiCall,
    items: impl Fn(L) -> (Items<T>, i64),
) -> Result<Vec<T>, ApiError>
where
    L: serde::de::DeserializeOwned,
{
    let mut out = Vec::new();
    let mut offset = Some(0);
    let mut pages = 0;
    while let Some(at) = offset.filter(|_| pages < MAX_PAGES) {
        pages += 1;
        let (page, total) = items(send(caller, &call(at)).await?.json::<L>()?);
        offset = swr_ee::next_offset(at, page.len() + page.unreadable.len(), total);
        out.extend(page);
    }
    Ok(out)
}

/// Every execution of an instance (or of one policy), newest first. The
/// API's order is undocumented, so all pages are read and sorted here.
pub async fn all_executions(
    caller: &Caller,
    scope: &Scope,
    instance_id: &str,
    policy_id: Option<PolicyId>,
) -> Result<Vec<Execution>, ApiError> {
    let mut all = all_pages(
        caller,
        |offset| swr_ee::list_executions(scope, instance_id, policy_id, offset, swr_ee::MAX_LIMIT),
        |list: ExecutionList| (list.executions, list.total),
    )
    .await?;
    all.sort_by_key(|e| std::cmp::Reverse(e.id));
    Ok(all)
}

/// All registries of an instance (the API's default page is only 10).
pub async fn all_registries(
    caller: &Caller,
    scope: &Scope,
    instance_id: &str,
) -> Result<Vec<Registry>, ApiError> {
    all_pages(
        caller,
        |offset| swr_ee::list_registries(scope, instance_id, offset),
        |list: RegistryList| (list.registries, list.total),
    )
    .await
}

/// All subtasks (tags) of a task, optionally only those with `status`.
pub async fn all_subtasks(
    caller: &Caller,
    execution: &ExecutionRef,
    task_id: i64,
    status: Option<&str>,
) -> Result<Vec<Subtask>, ApiError> {
    all_pages(
        caller,
        |offset| swr_ee::list_subtasks(execution, task_id, status, offset),
        |list: SubtaskList| (list.subtasks, list.total),
    )
    .await
}

/// Why a task failed: the first reason among its *failed* subtasks (a
/// succeeded tag's `status_text` is no reason).
pub async fn failure_reason(
    caller: &Caller,
    execution: &ExecutionRef,
    task_id: i64,
) -> Result<Option<String>, ApiError> {
    let failed = all_subtasks(caller, execution, task_id, Some("Failed")).await?;
    Ok(failed.into_iter().map(|s| s.status_text).find(|t| !t.trim().is_empty()))
}

/// Progress of [`load_all_tasks`]: what is done of what, and at which step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: u32,
    pub of: u32,
    pub step: &'static str,
}

/// Every task of an execution, read in order 100 at a time, then the
/// failure reason of each failed task. One request at a time; `cancel`
/// stops between requests; `progress` hears after each one.
pub async fn load_all_tasks(
    caller: &Caller,
    execution: &ExecutionRef,
    cancel: &AtomicBool,
    progress: impl Fn(Progress),
) -> Result<Vec<TaskRow>, ApiError> {
    let mut page = Page { offset: 0, limit: swr_ee::MAX_LIMIT };
    let mut all: Vec<TaskRow> = Vec::new();
    loop {
        let list: TaskList = send(caller, &swr_ee::list_tasks(execution, page)).await?.json()?;
        let total = u32::try_from(list.total).unwrap_or(0);
        all.extend(list.tasks.iter().map(TaskRow::from_task));
        progress(Progress { done: all.len() as u32, of: total, step: "Tasks loaded" });
        if cancel.load(Ordering::Relaxed) || !page.has_next(total) || list.tasks.is_empty() {
            break;
        }
        page = page.next(total);
    }
    // The failure reason lives in the subtasks: one request per failed task.
    let failed: Vec<usize> =
        all.iter().enumerate().filter(|(_, r)| r.run_status() == RunStatus::Failed).map(|(i, _)| i).collect();
    for (n, index) in failed.iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            break;
        }
        progress(Progress { done: n as u32, of: failed.len() as u32, step: "Failure reasons loaded" });
        if let Ok(reason) = failure_reason(caller, execution, all[*index].id).await {
            all[*index].reason = reason;
        }
    }
    Ok(all)
}

/// Where `query` is in the tasks of a policy's last executions (newest
/// first, at most [`find_image::RECENT_EXECUTIONS`]): one request at a
/// time, tasks 100 per request, each execution read only until its first
/// matching task; the failure reason when that task failed. `cancel` stops
/// between requests; `progress` hears after each execution.
pub async fn find_image(
    caller: &Caller,
    scope: &Scope,
    instance_id: &str,
    policy_id: PolicyId,
    query: &find_image::ImageQuery,
    cancel: &AtomicBool,
    progress: impl Fn(Progress),
) -> Result<Vec<(i64, find_image::Found)>, ApiError> {
    let mut executions = all_executions(caller, scope, instance_id, Some(policy_id)).await?;
    executions.truncate(find_image::RECENT_EXECUTIONS);
    let of = executions.len() as u32;
    let mut found = Vec::new();
    for (n, e) in executions.iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            break;
        }
        let execution = ExecutionRef {
            scope: scope.clone(),
            instance_id: instance_id.to_string(),
            policy_id: Some(policy_id),
            execution_id: ExecutionId(e.id),
        };
        let mut page = Page { offset: 0, limit: swr_ee::MAX_LIMIT };
        let mut answer = find_image::Found::NotIncluded;
        loop {
            let list: TaskList = send(caller, &swr_ee::list_tasks(&execution, page)).await?.json()?;
            let total = u32::try_from(list.total).unwrap_or(0);
            if let Some(mut row) = list.tasks.iter().map(TaskRow::from_task).find(|r| query.matches(r)) {
                if row.run_status() == RunStatus::Failed {
                    row.reason = failure_reason(caller, &execution, row.id).await.ok().flatten();
                }
                answer = find_image::Found::of(&row);
                break;
            }
            if cancel.load(Ordering::Relaxed) || !page.has_next(total) || list.tasks.is_empty() {
                break;
            }
            page = page.next(total);
        }
        found.push((e.id, answer));
        progress(Progress { done: n as u32 + 1, of, step: "Executions searched" });
    }
    Ok(found)
}
