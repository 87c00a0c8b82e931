//! Which execution the task viewer looks at: read from its link, validated,
//! and turned into an [`ExecutionRef`] with the region and project in use.

use ferry_api::paging::Page;
use ferry_api::{ExecutionId, ExecutionRef, PolicyId, Scope};

use crate::routes::tasks_href;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub instance_id: String,
    pub execution_id: ExecutionId,
    pub policy_id: Option<PolicyId>,
}

impl Target {
    pub fn href(&self, page: Page) -> String {
        tasks_href(&self.instance_id, self.execution_id, self.policy_id, page)
    }

    /// The execution in `scope` (the token's region and project).
    pub fn at(&self, scope: Scope) -> ExecutionRef {
        ExecutionRef {
            scope,
            instance_id: self.instance_id.clone(),
            execution_id: self.execution_id,
            policy_id: self.policy_id,
        }
    }
}
