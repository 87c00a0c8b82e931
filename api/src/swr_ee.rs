//! SWR Enterprise Edition replication (api-reference §2).

use serde::{Deserialize, Serialize};

use crate::call::{ApiCall, Method, Service};

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
pub fn execute_policy(region: &str, project_id: &str, instance_id: &str, policy_id: i32) -> ApiCall {
    let body = serde_json::to_string(&ExecutePolicyBody { policy_id }).unwrap_or_default();
    ApiCall::new(Method::Post, Service::Swr, region, format!("/v2/{project_id}/instances/{instance_id}/replication/executions"))
        .with_json(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn execute_call_matches_the_seed_example() {
        let call = execute_policy("cn-north-4", "proj", "inst", 123);
        assert_eq!(call.method, Method::Post);
        assert_eq!(call.path, "/v2/proj/instances/inst/replication/executions");
        // Seed: `{ "policy_id" : 123 }`.
        assert_eq!(call.body.as_deref(), Some(r#"{"policy_id":123}"#));
        let created: ExecutionCreated = serde_json::from_str(r#"{ "id" : 34 }"#).unwrap();
        assert_eq!(created.id, 34);
    }
}
