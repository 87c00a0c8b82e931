//! Typed coordinates: where a call goes (`Scope`), which execution a page
//! or a job looks at (`ExecutionRef`), and ID newtypes, so a policy ID is
//! validated once and stays an `i32` from the form to the wire.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::validate::{self, FieldError};

/// Region and project: every project-scoped call needs both.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Scope {
    pub region: String,
    pub project_id: String,
}

impl Scope {
    pub fn new(region: impl Into<String>, project_id: impl Into<String>) -> Scope {
        Scope { region: region.into(), project_id: project_id.into() }
    }
}

/// A replication policy ID (`policy_id`, an int32 in the API).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PolicyId(pub i32);

/// A replication execution ID (an int32 in the SDK; i64 leaves room).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ExecutionId(pub i64);

impl FromStr for PolicyId {
    type Err = FieldError;
    fn from_str(raw: &str) -> Result<PolicyId, FieldError> {
        validate::policy_id(raw).map(PolicyId)
    }
}

impl FromStr for ExecutionId {
    type Err = FieldError;
    fn from_str(raw: &str) -> Result<ExecutionId, FieldError> {
        validate::policy_id(raw)
            .map(|n| ExecutionId(i64::from(n)))
            .map_err(|e| FieldError { field: "Execution ID", rule: e.rule })
    }
}

impl fmt::Display for PolicyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for ExecutionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// One execution of an SWR EE instance, where it lives, and (when known)
/// its policy, which makes finding it cheaper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExecutionRef {
    pub scope: Scope,
    pub instance_id: String,
    pub execution_id: ExecutionId,
    pub policy_id: Option<PolicyId>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_once_and_say_which_rule_they_break() {
        assert_eq!("12".parse::<PolicyId>(), Ok(PolicyId(12)));
        assert!("twelve".parse::<PolicyId>().is_err());
        assert_eq!("1001".parse::<ExecutionId>(), Ok(ExecutionId(1001)));
        assert_eq!("x".parse::<ExecutionId>().unwrap_err().field, "Execution ID");
    }

    #[test]
    fn an_execution_ref_keeps_its_json_shape() {
        let r = ExecutionRef {
            scope: Scope::new("cn-north-4", "p"),
            instance_id: "i".into(),
            execution_id: ExecutionId(1001),
            policy_id: Some(PolicyId(12)),
        };
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "scope": {"region": "cn-north-4", "project_id": "p"},
                "instance_id": "i",
                "execution_id": 1001,
                "policy_id": 12
            })
        );
        assert_eq!(serde_json::from_value::<ExecutionRef>(json).unwrap(), r);
    }
}
