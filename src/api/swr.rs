//! SWR Enterprise Edition calls.

use ferry_api::swr_ee::{self, ExecutionCreated};
use ferry_api::{ApiCall, ApiError, RawResponse};

use super::client::{send, Caller};

/// The answer of executing a policy, with the raw response kept for display.
#[derive(Debug, Clone)]
pub struct Executed {
    pub execution: ExecutionCreated,
    pub raw: RawResponse,
}

pub fn execute_call(region: &str, project_id: &str, instance_id: &str, policy_id: i32) -> ApiCall {
    swr_ee::execute_policy(region, project_id, instance_id, policy_id)
}

pub async fn execute_policy(caller: &Caller, call: &ApiCall) -> Result<Executed, ApiError> {
    let raw = send(caller, call).await?;
    let execution = raw.json::<ExecutionCreated>()?;
    Ok(Executed { execution, raw })
}

/// Where to look in the SWR EE lists: region, project and instance.
#[derive(Debug, Clone, Copy)]
pub struct Where<'a> {
    pub region: &'a str,
    pub project_id: &'a str,
    pub instance_id: &'a str,
}

/// Pages read at most by one composite call, so a runaway `total` cannot
/// keep the browser busy (100 pages = 10,000 items).
const MAX_PAGES: u32 = 100;

/// Find one execution of a policy. There is no "show execution" API and the
/// list's order is undocumented, so this reads the page where it was found
/// last time (`hint`) first, then every page, 100 at a time. An execution
/// that is on no page is a retryable [`ApiError::Decode`]: a list may lag
/// right after the execution was created.
pub async fn find_execution(
    caller: &Caller,
    at: Where<'_>,
    policy_id: Option<i64>,
    execution_id: i64,
    hint: &std::cell::Cell<u32>,
) -> Result<swr_ee::Execution, ApiError> {
    let page = |offset: u32| swr_ee::list_executions(at.region, at.project_id, at.instance_id, policy_id, offset, swr_ee::MAX_LIMIT);
    let mut last = None;
    let first = hint.get();
    if first > 0 {
        let raw = send(caller, &page(first)).await?;
        let list: swr_ee::ExecutionList = raw.json()?;
        if let Some(found) = swr_ee::find_in_page(&list, execution_id) {
            return Ok(found.clone());
        }
    }
    let mut offset = Some(0);
    let mut pages = 0;
    while let Some(at_offset) = offset.filter(|_| pages < MAX_PAGES) {
        pages += 1;
        let raw = send(caller, &page(at_offset)).await?;
        let list: swr_ee::ExecutionList = raw.json()?;
        if let Some(found) = swr_ee::find_in_page(&list, execution_id) {
            hint.set(at_offset);
            return Ok(found.clone());
        }
        offset = swr_ee::next_offset(at_offset, list.executions.len() + list.executions.unreadable.len(), list.total);
        last = Some((raw, list.total));
    }
    let (status, request_id, raw, total) = match last {
        Some((raw, total)) => (raw.status, raw.request_id, raw.body, total),
        None => (200, None, String::new(), 0),
    };
    Err(ApiError::Decode {
        status,
        request_id,
        reason: format!("execution {execution_id} is not listed among the {total} executions (yet)"),
        raw,
    })
}

/// Every item of a list read 100 at a time.
async fn all_pages<T, L>(
    caller: &Caller,
    call: impl Fn(u32) -> ApiCall,
    items: impl Fn(L) -> (ferry_api::lenient::Items<T>, i64),
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

/// All registries of an instance (the API's default page is only 10).
pub async fn all_registries(caller: &Caller, at: Where<'_>) -> Result<Vec<ferry_api::swr_ee_models::Registry>, ApiError> {
    all_pages(
        caller,
        |offset| swr_ee::list_registries(at.region, at.project_id, at.instance_id, offset),
        |list: ferry_api::swr_ee_models::RegistryList| (list.registries, list.total),
    )
    .await
}

/// All subtasks (tags) of a task, optionally only those with `status`.
pub async fn all_subtasks(
    caller: &Caller,
    at: Where<'_>,
    execution_id: i64,
    task_id: i64,
    status: Option<&str>,
) -> Result<Vec<ferry_api::swr_ee_models::Subtask>, ApiError> {
    all_pages(
        caller,
        |offset| swr_ee::list_subtasks(at.region, at.project_id, at.instance_id, execution_id, task_id, status, offset),
        |list: ferry_api::swr_ee_models::SubtaskList| (list.subtasks, list.total),
    )
    .await
}

/// Why a task failed: the first reason among its *failed* subtasks (a
/// succeeded tag's `status_text` is no reason).
pub async fn failure_reason(caller: &Caller, at: Where<'_>, execution_id: i64, task_id: i64) -> Result<Option<String>, ApiError> {
    let failed = all_subtasks(caller, at, execution_id, task_id, Some("Failed")).await?;
    Ok(failed.into_iter().map(|s| s.status_text).find(|t| !t.trim().is_empty()))
}
