//! SWR EE replication executions and their tasks. Nothing runs in the
//! background: every status is computed from the time since the execution
//! started, so the answers are deterministic for a given moment.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// A task's or subtask's place on the execution's timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: Duration,
    pub length: Duration,
    pub fails: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Pending,
    Running,
    Succeeded,
    Failed,
    Stopped,
}

impl Phase {
    /// The strings of §2.3 (Harbor's legacy task constants).
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Pending => "Pending",
            Phase::Running => "InProgress",
            Phase::Succeeded => "Succeed",
            Phase::Failed => "Failed",
            Phase::Stopped => "Stopped",
        }
    }

    pub fn is_terminal(self) -> bool {
        !matches!(self, Phase::Pending | Phase::Running)
    }
}

/// Where a window is at `elapsed`, plus when it started and ended (offsets
/// from the execution's start).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct State {
    pub phase: Phase,
    pub started: Option<Duration>,
    pub ended: Option<Duration>,
}

impl Window {
    fn end(&self) -> Duration {
        self.start.saturating_add(self.length)
    }

    fn natural(&self, at: Duration) -> State {
        if at < self.start {
            State { phase: Phase::Pending, started: None, ended: None }
        } else if at < self.end() {
            State { phase: Phase::Running, started: Some(self.start), ended: None }
        } else {
            let phase = if self.fails { Phase::Failed } else { Phase::Succeeded };
            State { phase, started: Some(self.start), ended: Some(self.end()) }
        }
    }

    /// A stop freezes whatever had not finished by then as Stopped.
    pub fn state(&self, elapsed: Duration, stopped_after: Option<Duration>) -> State {
        match stopped_after {
            Some(stop) if stop <= elapsed => {
                let frozen = self.natural(stop);
                if frozen.phase.is_terminal() {
                    frozen
                } else {
                    State { phase: Phase::Stopped, started: frozen.started, ended: Some(stop) }
                }
            }
            _ => self.natural(elapsed),
        }
    }
}

/// One image of a task: a digest and its tags.
#[derive(Debug, Clone)]
pub struct Artifact {
    pub digest: String,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Task {
    pub id: i64,
    /// Without the namespace, e.g. `shop-web`.
    pub repository: String,
    pub artifacts: Vec<Artifact>,
    pub window: Window,
    /// Why it fails, if it does.
    pub failure: Option<String>,
    /// A `src_resource` that is not JSON, to test defensive parsing.
    pub raw_src: Option<String>,
    pub job_id: String,
    /// How many of its last subtasks fail, if the task fails.
    pub failing_subtasks: u32,
}

impl Task {
    /// One subtask per tag, each a slice of the task's window; a failing
    /// task fails on its last `failing_subtasks` tags.
    pub fn subtask_windows(&self) -> Vec<(&Artifact, &str, Window)> {
        let tags: Vec<(&Artifact, &str)> =
            self.artifacts.iter().flat_map(|a| a.tags.iter().map(move |t| (a, t.as_str()))).collect();
        let count = u32::try_from(tags.len()).unwrap_or(u32::MAX).max(1);
        tags.into_iter()
            .enumerate()
            .map(|(k, (artifact, tag))| {
                let k = u32::try_from(k).unwrap_or(u32::MAX);
                let window = Window {
                    start: self.window.start + self.window.length * k / count,
                    length: self.window.length / count,
                    fails: self.window.fails && k + self.failing_subtasks >= count,
                };
                (artifact, tag, window)
            })
            .collect()
    }
}

/// An execution. Seeded history has no `clock`: it finished long ago.
#[derive(Debug, Clone)]
pub struct Run {
    pub id: i64,
    pub instance_id: String,
    pub policy_id: i64,
    pub trigger: &'static str,
    pub begun: SystemTime,
    pub clock: Option<Instant>,
    pub stopped_after: Option<Duration>,
    pub dest_namespace: String,
    pub dest_override: bool,
    pub tasks: Tasks,
}

/// Counts and status of a run at one moment (§2.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub status: &'static str,
    pub status_text: String,
    pub total: i64,
    pub failed: i64,
    pub succeed: i64,
    /// Pending and running tasks, as Harbor counts them.
    pub in_progress: i64,
    pub stopped: i64,
    /// Offset of the latest change.
    pub updated: Duration,
}

impl Run {
    pub fn elapsed(&self) -> Duration {
        self.clock.map_or(Duration::MAX, |clock| clock.elapsed())
    }

    pub fn task_state(&self, task: &Task, elapsed: Duration) -> State {
        task.window.state(elapsed, self.stopped_after)
    }

    pub fn summary(&self, elapsed: Duration) -> Summary {
        let states: Vec<State> = self.tasks.windows().map(|w| w.state(elapsed, self.stopped_after)).collect();
        let count = |phase: Phase| states.iter().filter(|s| s.phase == phase).count() as i64;
        let (failed, succeed, stopped) =
            (count(Phase::Failed), count(Phase::Succeeded), count(Phase::Stopped));
        let in_progress = count(Phase::Pending) + count(Phase::Running);
        let total = states.len() as i64;
        let any_started = states.iter().any(|s| s.started.is_some());
        // Like Harbor: Failed as soon as one task failed, even while others run.
        let status = if self.stopped_after.is_some_and(|stop| stop <= elapsed) {
            "Stopped"
        } else if failed > 0 {
            "Failed"
        } else if in_progress == 0 {
            "Succeed"
        } else if any_started {
            "InProgress"
        } else {
            ""
        };
        let status_text = match status {
            "Failed" => format!("{failed} of {total} tasks failed"),
            "Stopped" => "Stopped by user".to_string(),
            _ => String::new(),
        };
        let updated = states
            .iter()
            .flat_map(|s| [s.started, s.ended])
            .flatten()
            .chain(self.stopped_after.filter(|stop| *stop <= elapsed))
            .max()
            .unwrap_or_default();
        Summary { status, status_text, total, failed, succeed, in_progress, stopped, updated }
    }

    /// Running means something can still change: stoppable.
    pub fn is_running(&self, elapsed: Duration) -> bool {
        self.summary(elapsed).in_progress > 0 && self.stopped_after.is_none()
    }

    /// Wall-clock time of an offset into the run.
    pub fn at(&self, offset: Duration) -> SystemTime {
        self.begun + offset
    }
}

/// Unix seconds, for `StatusRevision` (Harbor stores the change time).
pub fn unix_seconds(time: SystemTime) -> i64 {
    time.duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// How the tasks of a new run are laid out and which fail.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub tasks: usize,
    pub duration: Duration,
    /// Every `fail_every`-th task fails (1-based); 0 means none.
    pub fail_every: usize,
    /// Index of a task whose `src_resource` is not JSON.
    pub malformed: Option<usize>,
    /// (index, tags): a task that copies this many tags; if it fails, its
    /// last three subtasks fail.
    pub wide: Option<(usize, usize)>,
    /// Chooses which repositories the run copies.
    pub seed: usize,
}

/// Tasks start between 10% and 65% of the run and take 10–32.5% of it, so
/// the first 10% is all Pending and everything ends before 97.5%.
fn window(index: usize, plan: &Plan) -> Window {
    let n = plan.tasks.max(1) as f64;
    let start = plan.duration.mul_f64(0.10 + 0.55 * index as f64 / n);
    let length = plan.duration.mul_f64(0.10 + 0.025 * ((index * 7) % 10) as f64);
    let fails = plan.fail_every > 0 && (index + 1).is_multiple_of(plan.fail_every);
    Window { start, length, fails }
}

const TEAMS: [&str; 20] = [
    "shop", "pay", "crm", "data", "ops", "mobile", "edge", "ml", "search", "iam", "media", "chat", "maps",
    "ads", "docs", "build", "qa", "infra", "risk", "growth",
];
const PARTS: [&str; 12] = [
    "web",
    "api",
    "worker",
    "gateway",
    "scheduler",
    "indexer",
    "notifier",
    "auth",
    "reports",
    "cache",
    "ingest",
    "console",
];
/// Three causes as Docker distribution and Harbor word them; each names the
/// task's own repository, host or address, as real messages do, so no two
/// reasons are equal (`{repository}`, `{n}` are filled per task).
const REASONS: [&str; 3] = [
    "failed to push to https://ferry-eu-3f1a9c2e.swr.ap-southeast-3.myhuaweicloud.com/v2/ferry-eu/{repository}/blobs/uploads/: blob upload unauthorized",
    "pull access denied for ferry/{repository}, repository does not exist or may require authorization",
    "Get \"https://10.12.0.{n}:443/v2/\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
];

/// splitmix64: stable pseudo-random numbers, so IDs and digests are the same
/// on every run of the sandbox.
pub fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// `chars` lowercase hex digits derived from `seed`.
fn hex(seed: u64, chars: usize) -> String {
    let mut text: String =
        (0..chars.div_ceil(16)).map(|i| format!("{:016x}", mix(seed ^ ((i as u64) << 56)))).collect();
    text.truncate(chars);
    text
}

/// The tasks of a run. Only the plan is kept: each task is built from its
/// index when asked for (the same task every time), so a 5,000-task run
/// costs a few bytes, not megabytes.
#[derive(Debug, Clone)]
pub struct Tasks {
    plan: Plan,
    first_id: i64,
}

impl Tasks {
    /// The tasks of `plan`, with IDs from `first_id` on.
    pub fn new(plan: Plan, first_id: i64) -> Tasks {
        Tasks { plan, first_id }
    }

    pub fn len(&self) -> usize {
        self.plan.tasks
    }

    pub fn is_empty(&self) -> bool {
        self.plan.tasks == 0
    }

    /// The task at `index` (0-based), if there is one.
    pub fn get(&self, index: usize) -> Option<Task> {
        (index < self.plan.tasks).then(|| task(&self.plan, self.first_id, index))
    }

    pub fn by_id(&self, id: i64) -> Option<Task> {
        id.checked_sub(self.first_id).and_then(|i| usize::try_from(i).ok()).and_then(|i| self.get(i))
    }

    /// Tasks `offset..offset + limit`, built one by one.
    pub fn range(&self, offset: usize, limit: usize) -> impl Iterator<Item = Task> + '_ {
        (offset..offset.saturating_add(limit).min(self.plan.tasks))
            .map(|i| task(&self.plan, self.first_id, i))
    }

    /// Every task's window, without building the tasks.
    pub fn windows(&self) -> impl Iterator<Item = Window> + '_ {
        (0..self.plan.tasks).map(|i| window(i, &self.plan))
    }
}

/// Task `i` of a run, with IDs from `first_id` on.
fn task(plan: &Plan, first_id: i64, i: usize) -> Task {
    let id = first_id + i as i64;
    let slot = (plan.seed + i) % (TEAMS.len() * PARTS.len());
    let repository = format!("{}-{}", TEAMS[slot % TEAMS.len()], PARTS[slot / TEAMS.len()]);
    let wide = plan.wide.filter(|(index, _)| *index == i).map(|(_, tags)| tags);
    let artifacts: Vec<Artifact> = match wide {
        // Two tags per image: a version and its build.
        Some(tags) => (0..tags.div_ceil(2))
            .map(|j| Artifact {
                digest: format!("sha256:{}", hex(mix(slot as u64 + 1000) ^ j as u64, 64)),
                tags: vec![format!("2.{j}.0"), format!("2.{j}.0-build{}", j * 7 % 100)],
            })
            .collect(),
        None => (0..1 + slot % 3)
            .map(|j| Artifact {
                digest: format!("sha256:{}", hex(mix(slot as u64) ^ j as u64, 64)),
                tags: vec![format!("1.{}.{j}", slot % 9)],
            })
            .chain(std::iter::once(Artifact {
                digest: format!("sha256:{}", hex(mix(slot as u64) ^ 0xff, 64)),
                tags: vec![format!("1.{}.{}", slot % 9 + 1, 0), "latest".into()],
            }))
            .collect(),
    };
    let window = window(i, plan);
    let failure = window.fails.then(|| {
        let digest = artifacts.last().map(|a| a.digest.as_str()).unwrap_or_default();
        let reason = REASONS[(i / plan.fail_every.max(1)) % REASONS.len()]
            .replace("{repository}", &repository)
            .replace("{n}", &(i % 250 + 2).to_string());
        format!("failed to copy {digest}: {reason}")
    });
    let raw_src =
        (plan.malformed == Some(i)).then(|| format!("artifact:ferry/{repository}@sha256:zz (truncated"));
    let failing_subtasks = if wide.is_some() { 3 } else { 1 };
    Task { id, repository, artifacts, window, failure, raw_src, job_id: hex(id as u64, 24), failing_subtasks }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    fn run(tasks: usize, fail_every: usize) -> Run {
        let plan = Plan { tasks, duration: 100 * SECOND, fail_every, ..Plan::default() };
        Run {
            id: 1,
            instance_id: "i".into(),
            policy_id: 13,
            trigger: "manual",
            begun: UNIX_EPOCH,
            clock: None,
            stopped_after: None,
            dest_namespace: "m".into(),
            dest_override: false,
            tasks: Tasks::new(plan, 100),
        }
    }

    #[test]
    fn statuses_follow_the_timeline() {
        let r = run(237, 9);
        let at = |secs: u64| r.summary(Duration::from_secs(secs));
        assert_eq!(at(0).status, "");
        assert_eq!(at(9).in_progress, 237);
        assert_eq!(at(12).status, "InProgress");
        // Failed while tasks still run (Harbor), then finished.
        let failing = (12..100).map(at).find(|s| s.status == "Failed").unwrap();
        assert!(failing.in_progress > 0, "{failing:?}");
        let done = at(100);
        assert_eq!((done.status, done.failed, done.succeed, done.in_progress), ("Failed", 26, 211, 0));
        assert_eq!(done.status_text, "26 of 237 tasks failed");
        assert!(done.updated < 100 * SECOND);
        assert!(!r.is_running(100 * SECOND));
    }

    #[test]
    fn all_succeed_and_empty_runs() {
        let r = run(7, 9);
        assert_eq!(r.summary(Duration::MAX).status, "Succeed");
        assert_eq!(r.summary(Duration::MAX).succeed, 7);
        assert_eq!(run(0, 9).summary(Duration::ZERO).status, "Succeed");
    }

    #[test]
    fn stop_freezes_unfinished_tasks() {
        let mut r = run(237, 9);
        r.stopped_after = Some(30 * SECOND);
        let s = r.summary(40 * SECOND);
        assert_eq!(s.status, "Stopped");
        assert_eq!(s.in_progress, 0);
        assert_eq!(s.total, s.failed + s.succeed + s.stopped);
        assert!(s.stopped > 100 && s.succeed > 0, "{s:?}");
        assert_eq!(r.summary(200 * SECOND), s, "nothing moves after a stop");
    }

    #[test]
    fn subtasks_split_the_task() {
        let r = run(237, 9);
        let failing = r.tasks.get(8).unwrap();
        assert!(failing.failure.as_deref().is_some_and(|f| f.starts_with("failed to copy sha256:")));
        let windows = failing.subtask_windows();
        assert!(windows.len() >= 2);
        assert!(windows.last().is_some_and(|(_, _, w)| w.fails));
        assert!(windows.iter().rev().skip(1).all(|(_, _, w)| !w.fails));
        assert_eq!(failing.job_id.len(), 24);
        assert!(failing.artifacts.iter().all(|a| a.digest.len() == 71));
    }

    #[test]
    fn a_wide_task_fails_on_its_last_three_subtasks() {
        let plan = Plan {
            tasks: 20,
            duration: 100 * SECOND,
            fail_every: 12,
            wide: Some((11, 120)),
            ..Plan::default()
        };
        let tasks = Tasks::new(plan, 1);
        let wide = tasks.get(11).unwrap();
        let windows = wide.subtask_windows();
        assert_eq!(windows.len(), 120);
        let failing: Vec<usize> =
            windows.iter().enumerate().filter(|(_, (_, _, w))| w.fails).map(|(k, _)| k).collect();
        assert_eq!(failing, [117, 118, 119]);
        assert_eq!(tasks.get(10).unwrap().subtask_windows().iter().filter(|(_, _, w)| w.fails).count(), 0);
    }

    #[test]
    fn tasks_are_built_on_demand_and_the_same_every_time() {
        let r = run(5000, 25);
        assert_eq!(r.tasks.len(), 5000);
        let last: Vec<Task> = r.tasks.range(4900, 100).collect();
        assert_eq!((last.len(), last[0].id, last[99].id), (100, 5000, 5099));
        assert_eq!(r.tasks.range(4990, 100).count(), 10);
        assert_eq!(r.tasks.by_id(5099).map(|t| t.job_id), Some(last[99].job_id.clone()));
        assert!(r.tasks.by_id(99).is_none() && r.tasks.by_id(5100).is_none());
        let done = r.summary(Duration::MAX);
        assert_eq!((done.status, done.failed, done.succeed), ("Failed", 200, 4800));
    }
}
