//! The sandbox's fixed data and state. README documents these values.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::ee_catalog;
use super::replication::{self, Plan, Run};

/// The demo token. `TOKEN-<suffix>` (suffix: 1–64 of `[A-Za-z0-9-]`) is
/// accepted too, so a user can "enter a new token" after a TTL fault.
pub const TOKEN: &str = "ferry-sandbox-token";
pub use super::ids::{INSTANCE_ID, PROJECT_ID};
/// An enabled policy of that instance. SWR EE's other fixed data (more
/// instances, registries, policies 13–45) is in `ee_catalog`.
pub const POLICY_ID: i32 = 12;
/// Finished executions of POLICY_ID: Succeed (7 tasks), Failed (237 tasks,
/// 19 failed, the 5th task's `src_resource` not JSON, the 12th task failed
/// with WIDE_SUBTASKS subtasks), Succeed (0 tasks).
pub const HISTORY_EXECUTION_IDS: [i64; 3] = [901, 902, 903];
/// The task index (0-based) in execution 902 that copies WIDE_SUBTASKS tags
/// and fails on its last ones: its failures are beyond the first page of
/// 100 subtasks.
pub const WIDE_TASK_INDEX: usize = 11;
pub const WIDE_SUBTASKS: usize = 120;
/// A policy with a long past: NIGHTLY_RUNS finished executions (IDs from
/// NIGHTLY_FIRST_ID), so a new execution is not on the first page of 100
/// when executions are listed oldest first.
pub const BUSY_POLICY_ID: i64 = 16;
pub const NIGHTLY_RUNS: i64 = 130;
pub const NIGHTLY_FIRST_ID: i64 = 701;
/// A finished execution of POLICY_ID with BULK_TASKS tasks, every 25th
/// failed (200, with reasons), for loading, filtering and exporting all
/// tasks at scale (bench/all-tasks.mjs). Its tasks are built on demand.
pub const BULK_EXECUTION_ID: i64 = 904;
pub const BULK_TASKS: usize = 5_000;

/// SWR classic organizations and their repositories.
pub const NAMESPACE: &str = "ferry-demo";
pub const REPOSITORY: &str = "nginx";
/// Sent as `team$app` in the path (api-reference §3.1).
pub const NESTED_REPOSITORY: &str = "team/app";
pub const BASE_REPOSITORY: &str = "base/ubuntu";
pub const QA_NAMESPACE: &str = "qa-lab";
/// An organization with 13 repositories (one with `/`).
pub const BULK_NAMESPACE: &str = "ferry-services";
const BULK_REPOSITORIES: [&str; 13] = [
    "billing",
    "catalog",
    "checkout",
    "gateway",
    "inventory",
    "mailer",
    "orders",
    "payments",
    "platform/base",
    "reports",
    "search",
    "users",
    "web",
];
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
    /// `iso` for an image made from an ISO file (not copyable in-region).
    pub disk_format: &'static str,
    pub os_version: &'static str,
    pub size_bytes: u64,
    pub created_at: String,
    /// The project that owns it: only that project's tokens see it.
    pub project_id: String,
}

/// An IMS in-region copy; its status is derived from the time since `started`.
#[derive(Debug, Clone)]
pub struct CopyJob {
    pub id: String,
    /// The project of the token that started it.
    pub project_id: String,
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
    /// SWR EE executions, oldest first.
    pub executions: Vec<Run>,
    next_execution_id: i64,
    next_task_id: i64,
    /// Organization → repositories.
    pub namespaces: Vec<(&'static str, Vec<&'static str>)>,
    pub sync_repos: Vec<SyncRepo>,
    next_sync_repo_id: i64,
    pub images: Vec<Image>,
    pub copy_jobs: Vec<CopyJob>,
}

/// The project's private images: the two demo ones, one made from an ISO
/// file, and enough others that a list of 10 needs a second page.
fn seeded_images() -> Vec<Image> {
    let image =
        |id: &str, name: &str, full_ecs: bool, disk_format: &'static str, os: &'static str, day: u32| Image {
            id: id.into(),
            name: name.into(),
            full_ecs,
            disk_format,
            os_version: os,
            size_bytes: 1_073_741_824 * u64::from(day % 7 + 1),
            created_at: format!("2026-11-{:02}T0{}:15:00Z", day, day % 9),
            project_id: PROJECT_ID.into(),
        };
    let mut images = vec![
        image(IMAGE_ID, IMAGE_NAME, false, "zvhd2", "Ubuntu 22.04 server 64bit", 20),
        image(FULL_ECS_IMAGE_ID, FULL_ECS_IMAGE_NAME, true, "zvhd2", "CentOS 7.9 64bit", 19),
        image(ISO_IMAGE_ID, "installer-from-iso", false, "iso", "Other Linux(64 bit)", 18),
    ];
    for n in 1..=10u32 {
        let id = format!("5e0c{n:04x}-1a2b-4c3d-8e4f-{:012x}", u64::from(n) * 7919);
        images.push(image(
            &id,
            &format!("app-release-{n:02}"),
            false,
            "zvhd2",
            "EulerOS 2.9 64bit",
            17 - n.min(16),
        ));
    }
    images
}

/// IMS: a private image made from an ISO file (in-region copy refused).
pub const ISO_IMAGE_ID: &str = "9b2e4d6f-0a1c-4e3b-8d5f-7a9c1e3b5d70";

impl World {
    pub fn seeded() -> World {
        let mut world = World {
            executions: Vec::new(),
            next_execution_id: 1001,
            next_task_id: 40_001,
            namespaces: vec![
                (NAMESPACE, vec![REPOSITORY, NESTED_REPOSITORY, BASE_REPOSITORY]),
                (QA_NAMESPACE, vec![QA_REPOSITORY]),
                // More than one page of 10 repositories, for pickers.
                (BULK_NAMESPACE, BULK_REPOSITORIES.to_vec()),
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
            images: seeded_images(),
            copy_jobs: Vec::new(),
        };
        world.seed_history();
        world
    }

    /// Nightly runs of POLICY_ID on the three days before the sandbox's
    /// fictional "today" (2026-11-25), at 02:00 UTC like its cron, and the
    /// large manual run (BULK_EXECUTION_ID) on the day before.
    fn seed_history(&mut self) {
        // (id, start as Unix seconds, minutes taken, tasks, every n-th fails, malformed task, wide task)
        type Seed = (i64, u64, u64, usize, usize, Option<usize>, Option<usize>);
        let history: [Seed; 4] = [
            (HISTORY_EXECUTION_IDS[0], 1_795_312_800, 6, 7, 9, None, None),
            (HISTORY_EXECUTION_IDS[1], 1_795_399_200, 41, 237, 12, Some(4), Some(WIDE_TASK_INDEX)),
            (HISTORY_EXECUTION_IDS[2], 1_795_485_600, 0, 0, 0, None, None),
            // A manual full resync later that day, 10:00 UTC.
            (BULK_EXECUTION_ID, 1_795_514_400, 180, BULK_TASKS, 25, None, None),
        ];
        for (id, start, minutes, tasks, fail_every, malformed, wide) in history {
            let plan = Plan {
                tasks,
                // A run with nothing to copy still takes a moment.
                duration: Duration::from_secs((minutes * 60).max(2)),
                fail_every,
                malformed,
                wide: wide.map(|index| (index, WIDE_SUBTASKS)),
                seed: id as usize,
            };
            let run =
                self.new_run(id, i64::from(POLICY_ID), &plan, UNIX_EPOCH + Duration::from_secs(start), None);
            self.executions.push(run);
        }
        // After those (so their task IDs stay put): BUSY_POLICY_ID ran every
        // night at 03:00 UTC for NIGHTLY_RUNS nights, three tasks each.
        for k in 0..NIGHTLY_RUNS {
            let start = 1_795_316_400 - (NIGHTLY_RUNS - k) as u64 * 86_400;
            let plan =
                Plan { tasks: 3, duration: Duration::from_secs(240), seed: k as usize, ..Plan::default() };
            let at = UNIX_EPOCH + Duration::from_secs(start);
            let mut run = self.new_run(NIGHTLY_FIRST_ID + k, BUSY_POLICY_ID, &plan, at, None);
            run.trigger = "scheduled";
            self.executions.push(run);
        }
    }

    fn new_run(
        &mut self,
        id: i64,
        policy_id: i64,
        plan: &Plan,
        begun: SystemTime,
        clock: Option<Instant>,
    ) -> Run {
        let tasks = replication::Tasks::new(plan.clone(), self.next_task_id);
        self.next_task_id += tasks.len() as i64;
        let policy = ee_catalog::policy_row(policy_id);
        Run {
            id,
            instance_id: INSTANCE_ID.to_string(),
            policy_id,
            trigger: "manual",
            begun,
            clock,
            stopped_after: None,
            dest_namespace: policy.map_or("ferry", |p| p.dest_namespace).to_string(),
            dest_override: policy.is_some_and(|p| p.overwrite),
            tasks,
        }
    }

    /// Starts a manual execution of an existing policy of `instance_id`.
    pub fn start_execution(&mut self, instance_id: &str, policy_id: i64, duration: Duration) -> i64 {
        let id = self.next_execution_id;
        self.next_execution_id += 1;
        let tasks = ee_catalog::task_count(policy_id);
        let seed = policy_id.unsigned_abs() as usize * 7;
        let plan = Plan { tasks, duration, fail_every: 9, seed, ..Plan::default() };
        let mut run = self.new_run(id, policy_id, &plan, SystemTime::now(), Some(Instant::now()));
        run.instance_id = instance_id.to_string();
        self.executions.push(run);
        id
    }

    pub fn execution(&self, instance_id: &str, id: i64) -> Option<&Run> {
        self.executions.iter().find(|r| r.id == id && r.instance_id == instance_id)
    }

    pub fn execution_mut(&mut self, instance_id: &str, id: i64) -> Option<&mut Run> {
        self.executions.iter_mut().find(|r| r.id == id && r.instance_id == instance_id)
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

    /// An image as `project_id` sees it: other projects' images do not exist.
    pub fn image(&self, project_id: &str, id: &str) -> Option<&Image> {
        self.images.iter().find(|i| i.id == id && i.project_id == project_id)
    }

    /// Adds a finished copy once, however often its job is read.
    pub fn add_image(&mut self, project_id: &str, id: &str, name: &str) {
        if !self.images.iter().any(|i| i.id == id) {
            let image = Image {
                id: id.into(),
                name: name.into(),
                full_ecs: false,
                disk_format: "zvhd2",
                os_version: "Ubuntu 22.04 server 64bit",
                size_bytes: 2_147_483_648,
                created_at: crate::clock::utc_seconds(std::time::SystemTime::now()),
                project_id: project_id.into(),
            };
            self.images.push(image);
        }
    }

    /// A job as `project_id` sees it.
    pub fn copy_job(&self, project_id: &str, id: &str) -> Option<&CopyJob> {
        self.copy_jobs.iter().find(|j| j.id == id && j.project_id == project_id)
    }
}
