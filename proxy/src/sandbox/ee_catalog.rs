//! SWR EE fixed data: instances, registries and replication policies. They
//! never change, so they are built on demand instead of stored in `World`.
//! README documents these values.

use std::time::{Duration, UNIX_EPOCH};

use ferry_api::swr_ee_models::{
    Instance, PolicyFilter, Registry, RegistryRef, ReplicationPolicy, Trigger, TriggerSettings,
};
use serde_json::Map;

use super::clock;
use super::world::{INSTANCE_ID, PROJECT_ID};

/// The policy whose executions copy 237 images (26 of them fail).
pub const RELEASE_POLICY_ID: i64 = 13;
/// The policy whose filter matches nothing: executions have 0 tasks.
pub const EMPTY_POLICY_ID: i64 = 15;

/// Tasks a new execution of `policy_id` gets.
pub fn task_count(policy_id: i64) -> usize {
    match policy_id {
        RELEASE_POLICY_ID => 237,
        EMPTY_POLICY_ID => 0,
        _ => 7,
    }
}

struct InstanceRow {
    id: &'static str,
    name: &'static str,
    status: &'static str,
    spec: &'static str,
    version: &'static str,
    created_at: &'static str,
    updated_at: &'static str,
    description: &'static str,
}

/// Only `ferry-demo` is Running; the others show every other state.
const INSTANCES: [InstanceRow; 4] = [
    InstanceRow {
        id: INSTANCE_ID,
        name: "ferry-demo",
        status: "Running",
        spec: "swr.ee.professional",
        version: "v2.11.2",
        created_at: "2026-03-14T09:12:40Z",
        updated_at: "2026-10-30T14:22:05Z",
        description: "Demo instance for Ferry replication.",
    },
    InstanceRow {
        id: "9c4e1b7a-2d3f-4a58-b6e0-1f2a3b4c5d6e",
        name: "ferry-staging",
        status: "Creating",
        spec: "swr.ee.basic",
        version: "v2.11.2",
        created_at: "2026-11-25T15:40:00Z",
        updated_at: "2026-11-25T15:40:00Z",
        description: "Being created.",
    },
    InstanceRow {
        id: "2f7a9d1c-5e3b-4c8a-8f6d-0b1e2c3d4a5f",
        name: "ferry-legacy",
        status: "Unavailable",
        spec: "swr.ee.standard",
        version: "v2.9.0",
        created_at: "2025-08-19T11:05:12Z",
        updated_at: "2026-11-20T06:41:09Z",
        description: "Frozen after its VPC endpoint was deleted.",
    },
    InstanceRow {
        id: "e1d2c3b4-a596-4788-9a0b-c1d2e3f4a5b6",
        name: "ferry-eu-pilot",
        status: "Initial",
        spec: "swr.ee.professional",
        version: "",
        created_at: "2026-11-25T15:58:31Z",
        updated_at: "2026-11-25T15:58:31Z",
        description: "Ordered, not yet provisioned.",
    },
];

/// Whether the project has this instance (any state).
pub fn instance_exists(project_id: &str, instance_id: &str) -> bool {
    project_id == PROJECT_ID && INSTANCES.iter().any(|row| row.id == instance_id)
}

/// The project's instances as `ListInstance` shows them in `region`.
pub fn instances(project_id: &str, region: &str) -> Vec<Instance> {
    if project_id != PROJECT_ID {
        return Vec::new();
    }
    INSTANCES.iter().map(|row| instance(row, region)).collect()
}

fn instance(row: &InstanceRow, region: &str) -> Instance {
    let short = row.id.get(..8).unwrap_or(row.id);
    // Addresses and buckets exist only once provisioning got that far.
    let provisioned = matches!(row.status, "Running" | "Unavailable");
    let when_provisioned = |text: String| if provisioned { text } else { String::new() };
    Instance {
        id: row.id.into(),
        name: row.name.into(),
        description: row.description.into(),
        vpc_id: "3b1e5c7a-9d2f-4e6b-8a0c-7f1d2e3c4b5a".into(),
        subnet_id: "6a2b4c8d-0e1f-4a3b-9c5d-2e4f6a8b0c1d".into(),
        spec: row.spec.into(),
        version: row.version.into(),
        charge_mode: "postPaid".into(),
        access_address: when_provisioned(format!("https://{}-{short}.swr.{region}.myhuaweicloud.com", row.name)),
        created_at: row.created_at.into(),
        updated_at: row.updated_at.into(),
        // Pay-per-use instances do not expire.
        expires_at: String::new(),
        status: row.status.into(),
        obs_bucket_name: when_provisioned(format!("swr-ee-{short}-{region}")),
        project_id: PROJECT_ID.into(),
        enterprise_project_id: "0".into(),
        user_def_obs: false,
        product_id: "00301-238014-0--0".into(),
        order_id: String::new(),
        vpc_name: "vpc-ferry".into(),
        vpc_cidr: "192.168.0.0/16".into(),
        subnet_name: "subnet-ferry-a".into(),
        subnet_cidr: "192.168.10.0/24".into(),
        vpcep_service_id: when_provisioned(format!("{short}-8e1f-4d2c-9b3a-5c6d7e8f9a0b")),
    }
}

/// Registries of an instance: only `ferry-demo` has any.
pub fn registries(instance_id: &str, region: &str) -> Vec<Registry> {
    if instance_id != INSTANCE_ID {
        return Vec::new();
    }
    let registry = |id: i64, name: &str, description: &str, region_id: &str, kind: &str, url: String, insecure: bool| {
        Registry {
            id,
            name: name.into(),
            description: description.into(),
            region_id: region_id.into(),
            instance_id: INSTANCE_ID.into(),
            kind: kind.into(),
            url,
            credential: Map::new(),
            insecure,
            status: "healthy".into(),
            created_at: "2026-03-14T09:20:11Z".into(),
            updated_at: "2026-09-02T13:45:50Z".into(),
        }
    };
    vec![
        registry(1, "local", "This instance.", region, "swr-pro", format!("https://ferry-demo-5b8d2a47.swr.{region}.myhuaweicloud.com"), false),
        registry(2, "eu-mirror", "Instance ferry-eu in Singapore.", "ap-southeast-3", "swr-pro", "https://ferry-eu-3f1a9c2e.swr.ap-southeast-3.myhuaweicloud.com".into(), false),
        registry(3, "harbor-dc", "On-premises Harbor in the data centre.", "", "harbor", "https://harbor.dc1.example.internal".into(), true),
    ]
}

/// (id, name, enabled, destination registry). Triggers, filters and times
/// are derived from the ID so the table stays readable.
const POLICIES: [(i64, &str, bool, i64); 34] = [
    (12, "nightly-to-eu", true, 2),
    (13, "release-mirror", true, 2),
    (14, "legacy-disabled", false, 3),
    (15, "empty-filter", true, 2),
    (16, "qa-nightly-apse3", true, 2),
    (17, "hotfix-mirror-01", true, 2),
    (18, "hotfix-mirror-02", true, 2),
    (19, "hotfix-mirror-03", true, 3),
    (20, "prod-to-dr-harbor", true, 3),
    (21, "staging-sync", true, 2),
    (22, "base-images-eu", true, 2),
    (23, "ml-models-weekly", true, 2),
    (24, "mobile-builds", true, 3),
    (25, "edge-cache-warmup", true, 2),
    (26, "payments-pci-mirror", true, 3),
    (27, "data-pipeline-images", true, 2),
    (28, "docs-site", true, 2),
    (29, "canary-apse3", true, 2),
    (30, "infra-tools", true, 3),
    (31, "security-scanners", true, 2),
    (32, "team-crm-mirror", true, 2),
    (33, "team-search-mirror", true, 2),
    (34, "archive-2025", false, 3),
    (35, "load-test-images", true, 2),
    (36, "partner-share-harbor", true, 3),
    (37, "golden-images", true, 2),
    (38, "gpu-runtime-eu", true, 2),
    (39, "chat-backend", true, 2),
    (40, "maps-tiles", true, 3),
    (41, "ads-serving", false, 2),
    (42, "risk-engine", true, 3),
    (43, "growth-experiments", true, 2),
    (44, "old-registry-drain", false, 3),
    (45, "build-cache", true, 2),
];

/// 2026-05-01T08:00:00Z: policies were created after this.
const POLICIES_SINCE: u64 = 1_777_622_400;
const DAY: u64 = 86_400;

/// Replication policies of an instance: only `ferry-demo` has any.
pub fn policies(instance_id: &str) -> Vec<ReplicationPolicy> {
    if instance_id != INSTANCE_ID {
        return Vec::new();
    }
    POLICIES.iter().map(|&(id, name, enabled, dest)| policy(id, name, enabled, dest)).collect()
}

pub fn policy_by_id(instance_id: &str, policy_id: i64) -> Option<ReplicationPolicy> {
    policies(instance_id).into_iter().find(|p| p.id == policy_id)
}

fn policy(id: i64, name: &str, enabled: bool, dest: i64) -> ReplicationPolicy {
    let n = id.unsigned_abs();
    let (kind, cron) = match id {
        12 => ("scheduled", "0 0 2 * * *".to_string()),
        13 => ("event_based", String::new()),
        _ => match n % 3 {
            0 => ("manual", String::new()),
            1 => ("scheduled", format!("0 {} {} * * *", n * 7 % 60, n % 24)),
            _ => ("event_based", String::new()),
        },
    };
    let mut filters = vec![PolicyFilter {
        kind: "name".into(),
        value: if id == EMPTY_POLICY_ID { "ferry/nothing-matches-*".into() } else { "ferry/**".into() },
    }];
    if n % 4 == 1 {
        filters.push(PolicyFilter { kind: "tag".into(), value: "v*".into() });
    }
    // 37 is invertible mod 97, so every policy gets its own creation day.
    let created = POLICIES_SINCE + (n * 37 % 97) * DAY + n * 13 * 60;
    let updated = created + (n * 11 % 29) * DAY + 3 * 3600;
    let at = |secs: u64| clock::utc_seconds(UNIX_EPOCH + Duration::from_secs(secs));
    let dest_name = if dest == 3 { "harbor-dc" } else { "eu-mirror" };
    ReplicationPolicy {
        id,
        name: name.into(),
        description: format!("Copies ferry images to {dest_name}."),
        src_registry: RegistryRef { id: 1 },
        dest_registry: RegistryRef { id: dest },
        dest_namespace: if dest == 3 { "ferry-dr".into() } else { "ferry-eu".into() },
        filters,
        repo_scope_mode: "regular".into(),
        trigger: Trigger { kind: kind.into(), trigger_settings: TriggerSettings { cron } },
        r#override: id == RELEASE_POLICY_ID || n.is_multiple_of(5),
        enabled,
        created_at: at(created),
        updated_at: at(updated),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_table_is_consistent() {
        let all = policies(INSTANCE_ID);
        assert!(all.len() >= 30);
        let mut ids: Vec<i64> = all.iter().map(|p| p.id).collect();
        ids.dedup();
        assert_eq!(ids, (12..=45).collect::<Vec<_>>());
        let mut created: Vec<&str> = all.iter().map(|p| p.created_at.as_str()).collect();
        created.sort();
        created.dedup();
        assert_eq!(created.len(), all.len(), "creation times are distinct");
        assert!(all.iter().all(|p| p.updated_at > p.created_at && p.updated_at.as_str() < "2026-11-25"));
        assert_eq!(policy_by_id(INSTANCE_ID, 15).map(|p| p.name), Some("empty-filter".into()));
        assert!(!policy_by_id(INSTANCE_ID, 14).is_some_and(|p| p.enabled));
    }
}
