//! SWR EE fixed data: instances, registries and replication policies,
//! written as the JSON the service documents (api-reference §2.7, §2.8; Go SDK
//! `services/swr/v2/model/model_instance.go`, `model_registry.go`,
//! `model_credential.go`, `model_replication_policy.go`, `model_trigger_config.go`,
//! `model_filter.go`). Optional fields vary between items (missing, `null`,
//! empty) where the SDK marks them `omitempty`, so a client cannot rely on
//! one shape. README documents these values.

use std::time::{Duration, UNIX_EPOCH};

use serde_json::{json, Map, Value};

use super::clock;
use super::ids::{INSTANCE_ID, PROJECT_ID};

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

/// Whether the project has this instance (any state). Only the cn-north-4
/// main project has instances; its sub-projects have none.
pub fn instance_exists(project_id: &str, instance_id: &str) -> bool {
    project_id == PROJECT_ID && INSTANCES.iter().any(|row| row.id == instance_id)
}

/// The project's instances as `ListInstance` shows them in `region`.
pub fn instances(project_id: &str, region: &str) -> Vec<Value> {
    if project_id != PROJECT_ID {
        return Vec::new();
    }
    INSTANCES.iter().map(|row| instance(row, region)).collect()
}

fn instance(row: &InstanceRow, region: &str) -> Value {
    let short = row.id.get(..8).unwrap_or(row.id);
    let mut item = json!({
        "id": row.id,
        "name": row.name,
        "description": row.description,
        "vpc_id": "3b1e5c7a-9d2f-4e6b-8a0c-7f1d2e3c4b5a",
        "subnet_id": "6a2b4c8d-0e1f-4a3b-9c5d-2e4f6a8b0c1d",
        "spec": row.spec,
        "version": row.version,
        "charge_mode": "postPaid",
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "status": row.status,
        "project_id": PROJECT_ID,
        "enterprise_project_id": "0",
        "user_def_obs": false,
        "product_id": "00301-238014-0--0",
        "vpc_name": "vpc-ferry",
        "vpc_cidr": "192.168.0.0/16",
        "subnet_name": "subnet-ferry-a",
        "subnet_cidr": "192.168.10.0/24",
    });
    // Addresses and buckets exist only once provisioning got that far; an
    // instance never provisioned leaves these optional fields out entirely.
    let extra = match row.status {
        "Running" | "Unavailable" => json!({
            "access_address": format!("https://{}-{short}.swr.{region}.myhuaweicloud.com", row.name),
            "obs_bucket_name": format!("swr-ee-{short}-{region}"),
            "vpcep_service_id": format!("{short}-8e1f-4d2c-9b3a-5c6d7e8f9a0b"),
            // Pay-per-use instances do not expire.
            "expires_at": "",
            "order_id": "",
        }),
        "Creating" => {
            json!({ "access_address": "", "obs_bucket_name": "", "expires_at": "", "order_id": "" })
        }
        _ => json!({}),
    };
    merge(&mut item, extra);
    item
}

/// Adds `extra`'s keys to `item` (both objects).
fn merge(item: &mut Value, extra: Value) {
    if let (Some(target), Value::Object(source)) = (item.as_object_mut(), extra) {
        target.extend(source);
    }
}

/// (id, name, description, region ("" = the instance's own), type, url, insecure, status).
type RegistryRow =
    (i64, &'static str, Option<&'static str>, &'static str, &'static str, &'static str, bool, &'static str);

/// More than one default page (10) of registries, so a client that reads
/// only the first page misses some policies' destinations.
const REGISTRIES: [RegistryRow; 14] = [
    (1, "local", Some("This instance."), "", "swr-pro", "", false, "healthy"),
    (
        2,
        "eu-mirror",
        Some("Instance ferry-eu in Singapore."),
        "ap-southeast-3",
        "swr-pro",
        "https://ferry-eu-3f1a9c2e.swr.ap-southeast-3.myhuaweicloud.com",
        false,
        "healthy",
    ),
    (
        3,
        "harbor-dc",
        Some("On-premises Harbor in the data centre."),
        "",
        "harbor",
        "https://harbor.dc1.example.internal",
        true,
        "healthy",
    ),
    (4, "dockerhub-cache", Some(""), "", "docker-hub", "https://hub.docker.com", false, "healthy"),
    (
        5,
        "apse1-mirror",
        Some("Bangkok copy."),
        "ap-southeast-1",
        "swr-pro",
        "https://ferry-th-7a2b1c3d.swr.ap-southeast-1.myhuaweicloud.com",
        false,
        "healthy",
    ),
    (
        6,
        "east-mirror",
        Some("Shanghai copy."),
        "cn-east-3",
        "swr-pro",
        "https://ferry-sh-1b2c3d4e.swr.cn-east-3.myhuaweicloud.com",
        false,
        "healthy",
    ),
    // A registry whose description was never set: the service sends null.
    (7, "legacy-harbor", None, "", "harbor", "https://harbor-old.dc1.example.internal", true, "unhealthy"),
    (
        8,
        "af-mirror",
        Some("Johannesburg copy."),
        "af-south-1",
        "swr-pro",
        "https://ferry-za-2c3d4e5f.swr.af-south-1.myhuaweicloud.com",
        false,
        "healthy",
    ),
    (
        9,
        "la-mirror",
        Some("Santiago copy."),
        "la-south-2",
        "swr-pro",
        "https://ferry-cl-3d4e5f6a.swr.la-south-2.myhuaweicloud.com",
        false,
        "healthy",
    ),
    (
        10,
        "south-mirror",
        Some("Guangzhou copy."),
        "cn-south-1",
        "swr-pro",
        "https://ferry-gz-4e5f6a7b.swr.cn-south-1.myhuaweicloud.com",
        false,
        "healthy",
    ),
    (
        11,
        "risk-dr",
        Some("Harbor at the disaster-recovery site."),
        "",
        "harbor",
        "https://harbor.dr.example.internal",
        false,
        "healthy",
    ),
    (
        12,
        "qa-apse3",
        Some("QA instance in Singapore."),
        "ap-southeast-3",
        "swr-pro",
        "https://ferry-qa-5f6a7b8c.swr.ap-southeast-3.myhuaweicloud.com",
        false,
        "healthy",
    ),
    (
        13,
        "base-eu",
        Some("Base images for the EU."),
        "ap-southeast-3",
        "swr-pro",
        "https://ferry-base-6a7b8c9d.swr.ap-southeast-3.myhuaweicloud.com",
        false,
        "healthy",
    ),
    (
        14,
        "partner-harbor",
        Some("A partner's Harbor."),
        "",
        "harbor",
        "https://harbor.partner.example",
        false,
        "healthy",
    ),
];

/// Registries of an instance: only `ferry-demo` has any.
pub fn registries(instance_id: &str, region: &str) -> Vec<Value> {
    if instance_id != INSTANCE_ID {
        return Vec::new();
    }
    REGISTRIES.iter().map(|row| registry(row, region)).collect()
}

fn registry(
    &(id, name, description, region_id, kind, url, insecure, status): &RegistryRow,
    region: &str,
) -> Value {
    let local_url = format!("https://ferry-demo-5b8d2a47.swr.{region}.myhuaweicloud.com");
    let url = if id == 1 { local_url.as_str() } else { url };
    let region_id = if id == 1 { region } else { region_id };
    let mut item = json!({
        "id": id,
        "name": name,
        "description": description,
        "region_id": region_id,
        "instance_id": INSTANCE_ID,
        "type": kind,
        "url": url,
        "credential": { "type": "basic", "access_key": if id == 1 { "" } else { "ferry-robot" }, "access_secret": "" },
        "insecure": insecure,
        "status": status,
        "created_at": "2026-03-14T09:20:11Z",
        "updated_at": "2026-09-02T13:45:50Z",
    });
    // `region_id` is omitempty: registries outside Huawei Cloud have none.
    if region_id.is_empty() {
        if let Some(object) = item.as_object_mut() {
            object.remove("region_id");
        }
    }
    item
}

/// (id, name, enabled, destination registry). Triggers, filters and times
/// are derived from the ID so the table stays readable.
const POLICIES: [(i64, &str, bool, i64); 34] = [
    (12, "nightly-to-eu", true, 2),
    (13, "release-mirror", true, 2),
    (14, "legacy-disabled", false, 3),
    (15, "empty-filter", true, 2),
    (16, "qa-nightly-apse3", true, 12),
    (17, "hotfix-mirror-01", true, 2),
    (18, "hotfix-mirror-02", true, 2),
    (19, "hotfix-mirror-03", true, 3),
    (20, "prod-to-dr-harbor", true, 3),
    (21, "staging-sync", true, 2),
    (22, "base-images-eu", true, 13),
    (23, "ml-models-weekly", true, 2),
    (24, "mobile-builds", true, 3),
    (25, "edge-cache-warmup", true, 2),
    (26, "payments-pci-mirror", true, 3),
    (27, "data-pipeline-images", true, 2),
    (28, "docs-site", true, 2),
    (29, "canary-apse3", true, 12),
    (30, "infra-tools", true, 3),
    (31, "security-scanners", true, 2),
    (32, "team-crm-mirror", true, 2),
    (33, "team-search-mirror", true, 2),
    (34, "archive-2025", false, 3),
    (35, "load-test-images", true, 2),
    (36, "partner-share-harbor", true, 14),
    (37, "golden-images", true, 2),
    (38, "gpu-runtime-eu", true, 2),
    (39, "chat-backend", true, 2),
    (40, "maps-tiles", true, 3),
    (41, "ads-serving", false, 2),
    (42, "risk-engine", true, 11),
    (43, "growth-experiments", true, 2),
    (44, "old-registry-drain", false, 3),
    (45, "build-cache", true, 2),
];

/// 2026-05-01T08:00:00Z: policies were created after this.
const POLICIES_SINCE: u64 = 1_777_622_400;
const DAY: u64 = 86_400;

/// What executions need to know of a policy.
#[derive(Debug, Clone, Copy)]
pub struct PolicyRow {
    pub enabled: bool,
    pub dest_namespace: &'static str,
    pub overwrite: bool,
}

pub fn policy_row(policy_id: i64) -> Option<PolicyRow> {
    POLICIES.iter().find(|row| row.0 == policy_id).map(|&(id, _, enabled, dest)| PolicyRow {
        enabled,
        dest_namespace: dest_namespace(id, dest),
        overwrite: overwrite(id),
    })
}

/// Replication policies of an instance: only `ferry-demo` has any.
pub fn policies(instance_id: &str) -> Vec<Value> {
    if instance_id != INSTANCE_ID {
        return Vec::new();
    }
    POLICIES.iter().map(|&(id, name, enabled, dest)| policy(id, name, enabled, dest)).collect()
}

pub fn policy_by_id(instance_id: &str, policy_id: i64) -> Option<Value> {
    policies(instance_id).into_iter().find(|p| p["id"] == policy_id)
}

/// Some policies copy into the destination's default namespace: "".
fn dest_namespace(id: i64, dest: i64) -> &'static str {
    match (id > 15 && id % 7 == 6, dest) {
        (true, _) => "",
        (false, 3 | 11 | 14) => "ferry-dr",
        _ => "ferry-eu",
    }
}

fn overwrite(id: i64) -> bool {
    id == RELEASE_POLICY_ID || id % 5 == 0
}

fn policy(id: i64, name: &str, enabled: bool, dest: i64) -> Value {
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
    let mut filters = vec![json!({
        "type": "name",
        "value": if id == EMPTY_POLICY_ID { "ferry/nothing-matches-*" } else { "ferry/**" },
    })];
    if n % 4 == 1 {
        filters.push(json!({ "type": "tag", "value": "v*" }));
    }
    // 37 is invertible mod 97, so every policy gets its own creation day.
    let created = POLICIES_SINCE + (n * 37 % 97) * DAY + n * 13 * 60;
    let updated = created + (n * 11 % 29) * DAY + 3 * 3600;
    let at = |secs: u64| clock::utc_seconds(UNIX_EPOCH + Duration::from_secs(secs));
    let dest_name = REGISTRIES.iter().find(|r| r.0 == dest).map_or("", |r| r.1);
    let mut item = Map::new();
    item.insert("id".into(), json!(id));
    item.insert("name".into(), json!(name));
    // Shape variation (never on the demo policies 12-15): no description,
    // `filters: null` (a policy that copies everything), manual triggers
    // without `trigger_settings` (omitempty in the SDK).
    let varied = id > 15;
    if !(varied && id % 5 == 4) {
        item.insert("description".into(), json!(format!("Copies ferry images to {dest_name}.")));
    }
    item.insert("src_registry".into(), json!({ "id": 1 }));
    item.insert("dest_registry".into(), json!({ "id": dest }));
    item.insert("dest_namespace".into(), json!(dest_namespace(id, dest)));
    let filters = if varied && id % 6 == 5 { Value::Null } else { Value::Array(filters) };
    item.insert("filters".into(), filters);
    item.insert("repo_scope_mode".into(), json!("regular"));
    let trigger = match kind {
        "manual" if varied => json!({ "type": kind }),
        _ => json!({ "type": kind, "trigger_settings": { "cron": cron } }),
    };
    item.insert("trigger".into(), trigger);
    item.insert("override".into(), json!(overwrite(id)));
    item.insert("enabled".into(), json!(enabled));
    item.insert("created_at".into(), json!(at(created)));
    item.insert("updated_at".into(), json!(at(updated)));
    Value::Object(item)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_table_is_consistent() {
        let all = policies(INSTANCE_ID);
        assert!(all.len() >= 30);
        let ids: Vec<i64> = all.iter().filter_map(|p| p["id"].as_i64()).collect();
        assert_eq!(ids, (12..=45).collect::<Vec<_>>());
        let mut created: Vec<&str> = all.iter().filter_map(|p| p["created_at"].as_str()).collect();
        created.sort();
        created.dedup();
        assert_eq!(created.len(), all.len(), "creation times are distinct");
        assert!(all.iter().all(|p| p["updated_at"].as_str() > p["created_at"].as_str()));
        assert_eq!(policy_by_id(INSTANCE_ID, 15).map(|p| p["name"].clone()), Some(json!("empty-filter")));
        assert!(!policy_row(14).is_some_and(|p| p.enabled));
        // Every destination is a registry of the instance.
        let registry_ids: Vec<i64> = REGISTRIES.iter().map(|r| r.0).collect();
        assert!(all
            .iter()
            .all(|p| p["dest_registry"]["id"].as_i64().is_some_and(|id| registry_ids.contains(&id))));
        assert!(all.iter().any(|p| p["dest_registry"]["id"].as_i64().is_some_and(|id| id > 10)));
    }
}
