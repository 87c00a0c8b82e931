//! The sandbox's fixed data and state. README documents these values.

use std::time::{Instant, SystemTime};

/// The one token the sandbox accepts.
pub const TOKEN: &str = "ferry-sandbox-token";
pub const PROJECT_ID: &str = "0b5f2a4c8e6d4f1a9c3b7e2d1f0a6c5b";
/// A Running SWR Enterprise Edition instance.
pub const INSTANCE_ID: &str = "5b8d2a47-6f1e-4c3a-9d0b-7e2f1a3c4b5d";
/// An enabled policy of that instance.
pub const POLICY_ID: i32 = 12;

/// SWR classic organizations and their repositories.
pub const NAMESPACE: &str = "ferry-demo";
pub const REPOSITORY: &str = "nginx";
/// Sent as `team$app` in the path (api-reference §3.1).
pub const NESTED_REPOSITORY: &str = "team/app";
pub const BASE_REPOSITORY: &str = "base/ubuntu";
pub const QA_NAMESPACE: &str = "qa-lab";
pub const QA_REPOSITORY: &str = "web";
/// Regions SWR classic can sync to; each source region leaves itself out.
pub const SYNC_REGIONS: [&str; 7] =
    ["cn-north-4", "cn-east-3", "cn-south-1", "ap-southeast-1", "ap-southeast-3", "af-south-1", "la-south-2"];
/// The account every SWR classic task belongs to.
pub const DOMAIN_ID: &str = "d-ferry";
pub const DOMAIN_NAME: &str = "ferry-sandbox";
/// The pre-existing auto-sync task: NAMESPACE/REPOSITORY → here.
pub const SEEDED_SYNC_REGION: &str = "ap-southeast-3";
pub const SEEDED_SYNC_NAMESPACE: &str = "mirror";
const SEEDED_SYNC_TIME: &str = "2026-11-02T08:30:00Z";

/// IMS: an ordinary private image that copies successfully.
pub const IMAGE_ID: &str = "30e55148-deb9-4923-adb9-91618de16ba0";
pub const IMAGE_NAME: &str = "ubuntu-22.04-base";
/// IMS: a full-ECS image; the copy is accepted but its job fails (§5.1).
pub const FULL_ECS_IMAGE_ID: &str = "7c1f3a52-8d4e-4b6a-9e2f-5a0b1c2d3e4f";
pub const FULL_ECS_IMAGE_NAME: &str = "web-server-full-ecs";

#[derive(Debug, Clone)]
pub struct Policy {
    pub id: i32,
    pub name: &'static str,
    pub enabled: bool,
}

#[derive(Debug, Clone)]
pub struct Instance {
    pub id: &'static str,
    pub project_id: &'static str,
    pub name: &'static str,
    pub policies: Vec<Policy>,
}

#[derive(Debug, Clone)]
pub struct Execution {
    pub id: i64,
    pub instance_id: String,
    pub policy_id: i32,
}

/// An SWR classic automatic sync task (§3.3).
#[derive(Debug, Clone)]
pub struct SyncRepo {
    pub id: i64,
    pub namespace: String,
    /// With `/`, as the list shows it.
    pub repo_name: String,
    pub remote_region_id: String,
    pub remote_namespace: String,
    pub sync_auto: bool,
    pub override_existing: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone)]
pub struct Image {
    pub id: String,
    pub name: String,
    pub full_ecs: bool,
}

/// An IMS in-region copy; its status is derived from the time since `started`.
#[derive(Debug, Clone)]
pub struct CopyJob {
    pub id: String,
    pub started: Instant,
    /// Wall-clock start, for `begin_time`/`end_time`.
    pub begun: SystemTime,
    pub source_image_id: String,
    pub source_full_ecs: bool,
    pub image_name: String,
    pub new_image_id: String,
}

#[derive(Debug)]
pub struct World {
    pub instances: Vec<Instance>,
    pub executions: Vec<Execution>,
    next_execution_id: i64,
    /// Organization → repositories.
    pub namespaces: Vec<(&'static str, Vec<&'static str>)>,
    pub sync_repos: Vec<SyncRepo>,
    next_sync_repo_id: i64,
    pub images: Vec<Image>,
    pub copy_jobs: Vec<CopyJob>,
}

impl World {
    pub fn seeded() -> World {
        World {
            instances: vec![Instance {
                id: INSTANCE_ID,
                project_id: PROJECT_ID,
                name: "ferry-demo",
                policies: vec![
                    Policy { id: POLICY_ID, name: "nightly-to-eu", enabled: true },
                    Policy { id: 13, name: "release-mirror", enabled: true },
                    Policy { id: 14, name: "legacy-disabled", enabled: false },
                ],
            }],
            executions: Vec::new(),
            next_execution_id: 1001,
            namespaces: vec![
                (NAMESPACE, vec![REPOSITORY, NESTED_REPOSITORY, BASE_REPOSITORY]),
                (QA_NAMESPACE, vec![QA_REPOSITORY]),
            ],
            sync_repos: vec![SyncRepo {
                id: 1,
                namespace: NAMESPACE.into(),
                repo_name: REPOSITORY.into(),
                remote_region_id: SEEDED_SYNC_REGION.into(),
                remote_namespace: SEEDED_SYNC_NAMESPACE.into(),
                sync_auto: true,
                override_existing: false,
                created_at: SEEDED_SYNC_TIME.into(),
                updated_at: SEEDED_SYNC_TIME.into(),
            }],
            next_sync_repo_id: 2,
            images: vec![
                Image { id: IMAGE_ID.into(), name: IMAGE_NAME.into(), full_ecs: false },
                Image { id: FULL_ECS_IMAGE_ID.into(), name: FULL_ECS_IMAGE_NAME.into(), full_ecs: true },
            ],
            copy_jobs: Vec::new(),
        }
    }

    pub fn instance(&self, project_id: &str, instance_id: &str) -> Option<&Instance> {
        self.instances.iter().find(|i| i.project_id == project_id && i.id == instance_id)
    }

    pub fn start_execution(&mut self, instance_id: &str, policy_id: i32) -> i64 {
        let id = self.next_execution_id;
        self.next_execution_id += 1;
        self.executions.push(Execution { id, instance_id: instance_id.to_string(), policy_id });
        id
    }

    /// The repositories of an organization, or `None` if it does not exist.
    pub fn repositories(&self, namespace: &str) -> Option<&[&'static str]> {
        self.namespaces.iter().find(|(name, _)| *name == namespace).map(|(_, repos)| repos.as_slice())
    }

    /// Stores the task with the next ID; `false` if the same target exists.
    pub fn add_sync_repo(&mut self, mut task: SyncRepo) -> bool {
        let duplicate = self.sync_repos.iter().any(|t| {
            t.namespace == task.namespace
                && t.repo_name == task.repo_name
                && t.remote_region_id == task.remote_region_id
                && t.remote_namespace == task.remote_namespace
        });
        if duplicate {
            return false;
        }
        task.id = self.next_sync_repo_id;
        self.next_sync_repo_id += 1;
        self.sync_repos.push(task);
        true
    }

    pub fn image(&self, id: &str) -> Option<&Image> {
        self.images.iter().find(|i| i.id == id)
    }

    /// Adds a finished copy once, however often its job is read.
    pub fn add_image(&mut self, id: &str, name: &str) {
        if self.image(id).is_none() {
            self.images.push(Image { id: id.into(), name: name.into(), full_ecs: false });
        }
    }

    pub fn copy_job(&self, id: &str) -> Option<&CopyJob> {
        self.copy_jobs.iter().find(|j| j.id == id)
    }
}
