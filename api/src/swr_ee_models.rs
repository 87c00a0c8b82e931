//! SWR Enterprise Edition list and detail models (api-reference §2.3–§2.8).
//! JSON names are the services' own; every field but `id` defaults, so a
//! missing or renamed field degrades to an empty value instead of an error.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One image (repository) copied by an execution (§2.3).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TaskDetail {
    pub id: i64,
    #[serde(default)]
    pub execution_id: i64,
    #[serde(default)]
    pub resource_type: String,
    /// A JSON document inside a string, or anything else: parse defensively.
    #[serde(default)]
    pub src_resource: String,
    #[serde(default)]
    pub dst_resource: String,
    #[serde(default)]
    pub operation: String,
    #[serde(default)]
    pub job_id: String,
    #[serde(default)]
    pub status: String,
    /// The JSON key really is capitalised (Harbor's untagged field).
    #[serde(default, rename = "StatusRevision")]
    pub status_revision: i64,
    #[serde(default)]
    pub start_time: String,
    #[serde(default)]
    pub end_time: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TaskList {
    #[serde(default)]
    pub total: i64,
    #[serde(default)]
    pub tasks: crate::lenient::Items<TaskDetail>,
}

/// One tag of a task (§2.4): the closest thing to a per-image error.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Subtask {
    pub id: i64,
    #[serde(default)]
    pub job_id: i64,
    #[serde(default)]
    pub namespace: String,
    #[serde(default)]
    pub repository: String,
    #[serde(default)]
    pub tag: String,
    #[serde(default)]
    pub digest: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub status_text: String,
    #[serde(default)]
    pub start_time: String,
    #[serde(default)]
    pub end_time: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SubtaskList {
    #[serde(default)]
    pub subtasks: crate::lenient::Items<Subtask>,
    #[serde(default)]
    pub total: i64,
}

/// An SWR EE instance (§2.8).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Instance {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub vpc_id: String,
    #[serde(default)]
    pub subnet_id: String,
    #[serde(default)]
    pub spec: String,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub charge_mode: String,
    #[serde(default)]
    pub access_address: String,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
    #[serde(default)]
    pub expires_at: String,
    /// `Initial`, `Creating`, `Running` or `Unavailable`.
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub obs_bucket_name: String,
    #[serde(default)]
    pub project_id: String,
    #[serde(default)]
    pub enterprise_project_id: String,
    #[serde(default)]
    pub user_def_obs: bool,
    #[serde(default)]
    pub product_id: String,
    #[serde(default)]
    pub order_id: String,
    #[serde(default)]
    pub vpc_name: String,
    #[serde(default)]
    pub vpc_cidr: String,
    #[serde(default)]
    pub subnet_name: String,
    #[serde(default)]
    pub subnet_cidr: String,
    #[serde(default)]
    pub vpcep_service_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InstanceList {
    #[serde(default)]
    pub instances: crate::lenient::Items<Instance>,
    #[serde(default)]
    pub total: i64,
}

/// A registry a policy copies from or to (§2.7, `ListInstanceRegistries`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Registry {
    pub id: i64,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub region_id: String,
    #[serde(default)]
    pub instance_id: String,
    #[serde(default, rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub url: String,
    /// Never shown; kept as whatever object the service sends.
    #[serde(default)]
    pub credential: Map<String, Value>,
    #[serde(default)]
    pub insecure: bool,
    /// `healthy` or `unhealthy`.
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RegistryList {
    #[serde(default)]
    pub registries: crate::lenient::Items<Registry>,
    #[serde(default)]
    pub total: i64,
}

/// `src_registry` / `dest_registry` of a policy: only the ID.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RegistryRef {
    pub id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PolicyFilter {
    /// `name` or `tag`.
    #[serde(default, rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TriggerSettings {
    /// Six fields, UTC; empty unless scheduled.
    #[serde(default)]
    pub cron: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Trigger {
    /// `manual`, `scheduled` or `event_based`.
    #[serde(default, rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub trigger_settings: TriggerSettings,
}

/// A replication policy (§2.7).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReplicationPolicy {
    pub id: i64,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub src_registry: RegistryRef,
    #[serde(default)]
    pub dest_registry: RegistryRef,
    #[serde(default)]
    pub dest_namespace: String,
    #[serde(default)]
    pub filters: crate::lenient::Items<PolicyFilter>,
    #[serde(default)]
    pub repo_scope_mode: String,
    #[serde(default)]
    pub trigger: Trigger,
    #[serde(default)]
    pub r#override: bool,
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PolicyList {
    #[serde(default)]
    pub policies: crate::lenient::Items<ReplicationPolicy>,
    #[serde(default)]
    pub total: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_keys_match_the_seed_example() {
        let list: TaskList = crate::lenient::from_text(
            r#"{"total":1,"tasks":[{"id":1927,"execution_id":83,"resource_type":"artifact",
            "src_resource":"{\"type\":\"artifact\"}","dst_resource":"x","operation":"copy",
            "job_id":"3541b99f9e562586ffbf3445","status":"Succeed","StatusRevision":1612598465,
            "start_time":"2021-02-06T08:01:06.04266Z","end_time":"2021-02-06T08:34:46Z"}]}"#,
        )
        .unwrap();
        let task = &list.tasks[0];
        assert_eq!(task.status_revision, 1_612_598_465);
        assert_eq!(task.job_id, "3541b99f9e562586ffbf3445");
        let back = serde_json::to_value(task).unwrap();
        assert_eq!(back["StatusRevision"], 1_612_598_465);
        assert!(back.get("status_revision").is_none());
    }

    #[test]
    fn null_reads_like_missing_and_one_odd_item_stays_raw() {
        // Harbor-derived answers send `"filters": null`; the SDK models every
        // Instance, Registry and ReplicationPolicy field as optional.
        let list: PolicyList = crate::lenient::from_text(
            r#"{"total":3,"policies":[
                {"id":12,"name":"nightly","filters":null,"description":null,"trigger":null,"dest_namespace":null,"enabled":null},
                {"id":null,"name":"broken"},
                {"id":13,"name":"release","src_registry":{"id":1},"dest_registry":null}]}"#,
        )
        .unwrap();
        assert_eq!(list.policies.iter().map(|p| p.id).collect::<Vec<_>>(), vec![12, 13]);
        assert!(list.policies[0].filters.is_empty());
        assert_eq!(list.policies.unreadable.len(), 1);
        assert!(list.policies.unreadable[0].raw.contains("broken"));
        let registries: RegistryList =
            crate::lenient::from_text(r#"{"registries":[{"id":7,"name":"r","description":null,"credential":null,"insecure":null}],"total":null}"#).unwrap();
        assert_eq!(registries.registries[0].description, "");
        let instances: InstanceList = crate::lenient::from_text(r#"{"instances":null}"#).unwrap();
        assert!(instances.instances.is_empty());
    }

    #[test]
    fn missing_fields_default() {
        let policy: ReplicationPolicy = crate::lenient::from_text(r#"{"id":12}"#).unwrap();
        assert_eq!(policy.name, "");
        assert!(!policy.enabled);
        let registry: Registry =
            crate::lenient::from_text(r#"{"id":1,"type":"swr-pro","credential":{}}"#).unwrap();
        assert_eq!(registry.kind, "swr-pro");
        let back = serde_json::to_value(&policy).unwrap();
        assert_eq!(back["override"], false);
        assert_eq!(back["trigger"]["type"], "");
    }
}
