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
