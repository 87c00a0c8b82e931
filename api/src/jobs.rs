//! The jobs a browser tab follows: what is stored in sessionStorage, and how
//! each answer from the cloud updates it. Pure, so reload-safety and the
//! status rules are tested natively.

use serde::{Deserialize, Serialize};

use crate::ims::{self, JobStatus};
use crate::scope::{ExecutionRef, Scope};
use crate::swr_ee::{Execution, RunStatus};

/// What a job follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Externally tagged, no flattening: serde's buffering of internally tagged
// and flattened values costs the console several KB of wasm.
#[serde(rename_all = "snake_case")]
pub enum JobTarget {
    /// Polled with the project of the token that started it.
    ImsCopy {
        scope: Scope,
        job_id: String,
        name: String,
    },
    Execution(ExecutionRef),
}

impl JobTarget {
    /// One key per followed thing: adding it twice never starts two pollers.
    pub fn key(&self) -> String {
        match self {
            JobTarget::ImsCopy { job_id, .. } => format!("ims:{job_id}"),
            JobTarget::Execution(e) => format!("exec:{}:{}", e.instance_id, e.execution_id),
        }
    }

    pub fn kind_label(&self) -> &'static str {
        match self {
            JobTarget::ImsCopy { .. } => "Image copy",
            JobTarget::Execution(_) => "Replication",
        }
    }

    pub fn describe(&self) -> String {
        match self {
            JobTarget::ImsCopy { name, job_id, .. } if !name.is_empty() => {
                format!("Copy \"{name}\" (job {job_id})")
            }
            JobTarget::ImsCopy { job_id, .. } => format!("Job {job_id}"),
            JobTarget::Execution(ExecutionRef { policy_id: Some(policy), execution_id, .. }) => {
                format!("Policy {policy}, execution {execution_id}")
            }
            JobTarget::Execution(e) => format!("Execution {}", e.execution_id),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    Running,
    Succeeded,
    Failed,
    /// Ended because someone stopped it (an execution's `Stopped`): not a
    /// failure, and not said to be one.
    Stopped,
    /// Following stopped on an error that retrying cannot fix (e.g. 404).
    Lost,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrackedJob {
    pub target: JobTarget,
    pub phase: Phase,
    /// Human status, e.g. "Copying: 40% done".
    pub status: String,
    /// 0–100 when known.
    pub percent: Option<f64>,
    /// Counts, the failure reason, or why following stopped.
    pub detail: Option<String>,
    /// The new image's ID when a copy succeeds.
    pub result: Option<String>,
    pub started_ms: f64,
    pub ended_ms: Option<f64>,
}

impl TrackedJob {
    pub fn new(target: JobTarget, now_ms: f64) -> TrackedJob {
        TrackedJob {
            target,
            phase: Phase::Running,
            status: "Waiting for the first status…".into(),
            percent: None,
            detail: None,
            result: None,
            started_ms: now_ms,
            ended_ms: None,
        }
    }

    pub fn key(&self) -> String {
        self.target.key()
    }

    pub fn is_running(&self) -> bool {
        self.phase == Phase::Running
    }

    /// The card's one state word. While running it agrees with the status
    /// line: a job the service has not started reads "Waiting to start",
    /// never "Running" above "Pending".
    pub fn title(&self) -> &'static str {
        match self.phase {
            Phase::Running => {
                let status = self.status.to_ascii_lowercase();
                if ["pending", "starting", "queued", "init", "scheduled"]
                    .iter()
                    .any(|w| status.starts_with(w))
                {
                    "Waiting to start"
                } else {
                    "Running"
                }
            }
            Phase::Succeeded => "Finished",
            Phase::Failed => "Ended with a problem",
            Phase::Stopped => "Stopped",
            Phase::Lost => "No longer followed",
        }
    }

    /// Ended by itself: succeeded, failed or stopped (not lost).
    pub fn has_ended(&self) -> bool {
        matches!(self.phase, Phase::Succeeded | Phase::Failed | Phase::Stopped)
    }

    fn finish(&mut self, phase: Phase, now_ms: f64) {
        self.phase = phase;
        self.ended_ms.get_or_insert(now_ms);
    }

    /// Apply an IMS `ShowJob` answer.
    pub fn apply_ims(&mut self, job: &ims::Job, now_ms: f64) {
        let status = job.status();
        self.percent = match status {
            JobStatus::Success => Some(100.0),
            _ => job.percent(),
        };
        self.status = match (&status, self.percent) {
            (JobStatus::Running, Some(p)) => format!("Copying: {}% done", p.round() as u32),
            (s, _) => s.label(),
        };
        match status {
            JobStatus::Success => {
                self.result = job.entities.image_id.clone();
                self.detail = None;
                self.finish(Phase::Succeeded, now_ms);
            }
            JobStatus::Fail => {
                let reason = job.fail_reason.clone().unwrap_or_else(|| "No reason was given.".into());
                self.detail = Some(match &job.error_code {
                    Some(code) if !code.is_empty() => format!("{reason} ({code})"),
                    _ => reason,
                });
                self.finish(Phase::Failed, now_ms);
            }
            _ => {}
        }
    }

    /// Apply the execution found in a list answer.
    pub fn apply_execution(&mut self, execution: &Execution, now_ms: f64) {
        self.status = execution.display_status();
        self.percent = (execution.total > 0).then(|| {
            let done = execution.succeed + execution.failed + execution.stopped;
            (done as f64 * 100.0 / execution.total as f64).clamp(0.0, 100.0)
        });
        let mut detail = execution.progress_text();
        if !execution.status_text.trim().is_empty() {
            detail = format!("{detail}. {}", execution.status_text.trim());
        }
        self.detail = Some(detail);
        if execution.is_finished() {
            let phase = match execution.run_status() {
                RunStatus::Succeeded => Phase::Succeeded,
                RunStatus::Stopped => Phase::Stopped,
                _ => Phase::Failed,
            };
            self.finish(phase, now_ms);
        }
    }

    /// Following stopped for a reason retrying cannot fix.
    pub fn lose(&mut self, why: String, now_ms: f64) {
        self.status = "No longer followed".into();
        self.detail = Some(why);
        self.finish(Phase::Lost, now_ms);
    }

    /// Start following again after [`TrackedJob::lose`].
    pub fn resume(&mut self) {
        if self.phase == Phase::Lost {
            self.phase = Phase::Running;
            self.ended_ms = None;
            self.status = "Resuming…".into();
        }
    }
}

/// "3 min 12 s", "1 h 04 min", "8 s".
pub fn format_elapsed(ms: f64) -> String {
    let s = (ms.max(0.0) / 1000.0) as u64;
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min {:02} s", s / 60, s % 60),
        _ => format!("{} h {:02} min", s / 3600, (s % 3600) / 60),
    }
}

/// Stored jobs, tolerant of a damaged or older value: unreadable means none.
pub fn decode_jobs(text: &str) -> Vec<TrackedJob> {
    crate::lenient::from_text(text).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ims_target() -> JobTarget {
        JobTarget::ImsCopy { scope: Scope::new("cn-north-4", "p"), job_id: "j1".into(), name: "copy".into() }
    }

    fn ims_job(status: &str, percent: Option<f64>) -> ims::Job {
        serde_json::from_value(serde_json::json!({
            "status": status, "job_id": "j1", "fail_reason": if status == "FAIL" { Some("Full-ECS images cannot be replicated.") } else { None },
            "error_code": if status == "FAIL" { Some("IMG.0220") } else { None },
            "entities": { "process_percent": percent, "image_id": if status == "SUCCESS" { Some("new-id") } else { None } }
        }))
        .unwrap()
    }

    #[test]
    fn ims_job_runs_then_succeeds() {
        let mut job = TrackedJob::new(ims_target(), 1_000.0);
        job.apply_ims(&ims_job("INIT", None), 2_000.0);
        assert_eq!((job.phase, job.status.as_str()), (Phase::Running, "Starting"));
        job.apply_ims(&ims_job("running", Some(42.4)), 3_000.0);
        assert_eq!(job.status, "Copying: 42% done");
        job.apply_ims(&ims_job("SUCCESS", None), 9_000.0);
        assert_eq!(job.phase, Phase::Succeeded);
        assert_eq!(job.result.as_deref(), Some("new-id"));
        assert_eq!(job.ended_ms, Some(9_000.0));
        assert_eq!(job.percent, Some(100.0));
    }

    #[test]
    fn one_state_word_that_agrees_with_the_status() {
        let mut job = TrackedJob::new(ims_target(), 0.0);
        job.apply_ims(&ims_job("INIT", None), 1.0);
        assert_eq!(job.title(), "Waiting to start", "never Running above Starting");
        job.apply_ims(&ims_job("running", Some(10.0)), 2.0);
        assert_eq!(job.title(), "Running");
        let target = JobTarget::Execution(ExecutionRef {
            scope: Scope::new("r", "p"),
            instance_id: "i".into(),
            policy_id: None,
            execution_id: crate::ExecutionId(7),
        });
        let mut execution = TrackedJob::new(target, 0.0);
        let pending = Execution { id: 7, status: "Pending".into(), ..Execution::default() };
        execution.apply_execution(&pending, 1.0);
        assert_eq!((execution.status.as_str(), execution.title()), ("Pending", "Waiting to start"));
        let stopped =
            Execution { id: 7, status: "Stopped".into(), total: 3, stopped: 3, ..Execution::default() };
        execution.apply_execution(&stopped, 2.0);
        assert_eq!((execution.phase, execution.title()), (Phase::Stopped, "Stopped"));
        assert!(execution.has_ended());
    }

    #[test]
    fn ims_failure_keeps_reason_and_code() {
        let mut job = TrackedJob::new(ims_target(), 0.0);
        job.apply_ims(&ims_job("FAIL", Some(60.0)), 5.0);
        assert_eq!(job.phase, Phase::Failed);
        assert_eq!(job.detail.as_deref(), Some("Full-ECS images cannot be replicated. (IMG.0220)"));
    }

    #[test]
    fn execution_is_failing_until_nothing_runs() {
        let target = JobTarget::Execution(ExecutionRef {
            scope: Scope::new("r", "p"),
            instance_id: "i".into(),
            policy_id: Some(crate::PolicyId(12)),
            execution_id: crate::ExecutionId(1001),
        });
        let mut job = TrackedJob::new(target, 0.0);
        let mut e = Execution {
            id: 1001,
            status: "Failed".into(),
            total: 4,
            failed: 1,
            succeed: 1,
            in_progress: 2,
            ..Default::default()
        };
        job.apply_execution(&e, 1.0);
        assert_eq!((job.phase, job.status.as_str()), (Phase::Running, "Failing…"));
        assert_eq!(job.percent, Some(50.0));
        e.in_progress = 0;
        e.failed = 3;
        e.status_text = "3 images failed".into();
        job.apply_execution(&e, 2.0);
        assert_eq!(job.phase, Phase::Failed);
        assert_eq!(job.detail.as_deref(), Some("4 of 4 done: 1 succeeded, 3 failed. 3 images failed"));
    }

    #[test]
    fn jobs_survive_a_round_trip_through_storage() {
        let jobs = vec![TrackedJob::new(ims_target(), 5.0)];
        let text = serde_json::to_string(&jobs).unwrap();
        assert_eq!(decode_jobs(&text), jobs);
        assert!(decode_jobs("not json").is_empty());
        assert_eq!(ims_target().key(), "ims:j1");
    }

    #[test]
    fn lost_jobs_can_resume() {
        let mut job = TrackedJob::new(ims_target(), 0.0);
        job.lose("HTTP 404".into(), 1.0);
        assert_eq!(job.phase, Phase::Lost);
        job.resume();
        assert!(job.is_running());
        assert_eq!(job.ended_ms, None);
    }

    #[test]
    fn elapsed_reads_naturally() {
        assert_eq!(format_elapsed(8_400.0), "8 s");
        assert_eq!(format_elapsed(192_000.0), "3 min 12 s");
        assert_eq!(format_elapsed(3_840_000.0), "1 h 04 min");
    }
}
