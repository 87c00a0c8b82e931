//! Which call an answer belongs to, so an error is explained for that call:
//! a 404 on listing policies means "no such instance", not "no such
//! organization". Classified from the call itself, so every builder and
//! every error path agree without passing a tag around.

use crate::call::{ApiCall, Method, Service};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    SignIn,
    ListProjects,
    ListInstances,
    ListRegistries,
    ListPolicies,
    ExecutePolicy,
    ListExecutions,
    ListTasks,
    ListSubtasks,
    StopExecution,
    CreateSyncRepo,
    ListSyncRepos,
    ListSyncRegions,
    HssSynchronize,
    HssSyncTask,
    CopyImage,
    ShowJob,
    Other,
}

/// The call an error came from: what it did, and in which region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    pub op: Op,
    pub region: String,
}

impl Context {
    pub fn of(call: &ApiCall) -> Context {
        Context { op: Op::classify(call), region: call.region.clone() }
    }
}

impl Op {
    pub fn classify(call: &ApiCall) -> Op {
        let path = call.path.split('?').next().unwrap_or("");
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let ends = |tail: &[&str]| segments.ends_with(tail);
        match (call.service, call.method) {
            (Service::Iam, Method::Post) if ends(&["auth", "tokens"]) => Op::SignIn,
            (Service::Iam, Method::Get) if ends(&["auth", "projects"]) => Op::ListProjects,
            (Service::Swr, method) if segments.get(1) == Some(&"manage") => match method {
                Method::Post if ends(&["sync_repo"]) => Op::CreateSyncRepo,
                Method::Get if ends(&["sync_repo"]) => Op::ListSyncRepos,
                Method::Get if ends(&["manage", "regions"]) => Op::ListSyncRegions,
                _ => Op::Other,
            },
            (Service::Swr, method) => match (method, segments.as_slice()) {
                (Method::Get, [_, _, "instances"]) => Op::ListInstances,
                (Method::Get, [_, _, "instances", _, "registries"]) => Op::ListRegistries,
                (Method::Get, [_, _, "instances", _, "replication", "policies", ..]) => Op::ListPolicies,
                (Method::Post, [_, _, "instances", _, "replication", "executions"]) => Op::ExecutePolicy,
                (Method::Get, [_, _, "instances", _, "replication", "executions"]) => Op::ListExecutions,
                (Method::Put, [_, _, "instances", _, "replication", "executions", _]) => Op::StopExecution,
                (Method::Get, [.., "tasks"]) => Op::ListTasks,
                (Method::Get, [.., "subtasks"]) => Op::ListSubtasks,
                _ => Op::Other,
            },
            (Service::Hss, Method::Post) if ends(&["image", "synchronize"]) => Op::HssSynchronize,
            (Service::Hss, Method::Post) if ends(&["image-sync", "tasks"]) => Op::HssSyncTask,
            (Service::Ims, Method::Post) if ends(&["copy"]) => Op::CopyImage,
            (Service::Ims, Method::Get) if segments.contains(&"jobs") || segments.contains(&"job") => {
                Op::ShowJob
            }
            _ => Op::Other,
        }
    }

    /// What a 404 (or a documented "not found" code) means for this call.
    pub fn not_found(self, region: &str) -> Option<(String, &'static str)> {
        let (what, advice) = match self {
            Op::ListPolicies | Op::ListRegistries | Op::ListExecutions => (
                format!("No SWR Enterprise Edition instance with this ID in {region}."),
                "Check the instance ID on the instance's overview page, and that Settings names the region it lives in.",
            ),
            Op::ExecutePolicy => (
                format!("No such instance in {region}, or no replication policy with this ID on it."),
                "Check the instance ID and the policy ID on the instance's Replication page.",
            ),
            Op::ListTasks | Op::StopExecution => (
                format!("No execution with this ID on this instance in {region}."),
                "Check the execution ID and the instance it belongs to.",
            ),
            Op::ListSubtasks => (
                format!("No task with this ID in this execution ({region})."),
                "Reload the execution's tasks: the task may belong to another execution.",
            ),
            Op::CreateSyncRepo | Op::ListSyncRepos => (
                format!("SWR has no such organization or repository in {region}."),
                "Check the spelling (lowercase) and that it exists in the source region in Settings.",
            ),
            Op::CopyImage => (
                format!("No image with this ID in your project in {region}."),
                "Check the image ID on the IMS Private Images page, and that Settings names its region and project.",
            ),
            Op::ShowJob => (
                format!("IMS does not know this job in {region}."),
                "Check the job ID, and that it was started in this region and project.",
            ),
            _ => return None,
        };
        Some((what, advice))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paging::Page;
    use crate::{hss, ims, swr_classic, swr_ee};

    #[test]
    fn every_builder_is_classified() {
        let r = "cn-north-4";
        let s = crate::Scope::new(r, "p");
        let e = crate::ExecutionRef {
            scope: s.clone(),
            instance_id: "i".into(),
            execution_id: crate::ExecutionId(9),
            policy_id: None,
        };
        let cases = [
            (swr_ee::list_instances(&s), Op::ListInstances),
            (swr_ee::list_registries(&s, "i", 0), Op::ListRegistries),
            (swr_ee::list_policies(&s, "i", "", 0, 10), Op::ListPolicies),
            (swr_ee::execute_policy(&s, "i", crate::PolicyId(12)), Op::ExecutePolicy),
            (swr_ee::list_executions(&s, "i", Some(crate::PolicyId(12)), 0, 100), Op::ListExecutions),
            (swr_ee::stop_execution(&e), Op::StopExecution),
            (swr_ee::list_tasks(&e, Page { offset: 0, limit: 10 }), Op::ListTasks),
            (swr_ee::list_subtasks(&e, 1, Some("Failed"), 0), Op::ListSubtasks),
            (swr_classic::list_regions(r), Op::ListSyncRegions),
            (swr_classic::list_sync_repos(r, "ns", "repo"), Op::ListSyncRepos),
            (ims::show_job(&s, "j"), Op::ShowJob),
            (crate::iam::list_projects(r), Op::ListProjects),
            (
                hss::synchronize(&s, hss::ImageType::Private, &hss::EnterpriseProject::Default, r),
                Op::HssSynchronize,
            ),
        ];
        for (call, op) in cases {
            assert_eq!(Op::classify(&call), op, "{}", call.path);
        }
    }
}
