//! Jobs this tab follows (IMS copies, replication executions): kept in
//! sessionStorage so a reload resumes them, each polled by one watcher that
//! lives at the app root, so following goes on whatever page is open.

use ferry_api::ims;
use ferry_api::jobs::{decode_jobs, JobTarget, Phase, TrackedJob};
use leptos::prelude::*;

use crate::components::toasts::ToastsState;
use crate::poll::{use_poll, PollStatus};
use crate::state::AppState;

pub const JOBS_KEY: &str = "ferry.jobs";

/// One followed job: its key, and its state in a signal of its own, so an
/// update re-renders that job's card and nothing else.
#[derive(Debug, Clone)]
pub struct JobSlot {
    pub key: String,
    pub job: ArcRwSignal<TrackedJob>,
}

impl JobSlot {
    fn new(job: TrackedJob) -> JobSlot {
        JobSlot { key: job.key(), job: ArcRwSignal::new(job) }
    }
}

/// The jobs of this tab, keyed: the list holds which jobs there are, in
/// order (newest first); each job's state lives in its slot.
#[derive(Debug, Clone, Copy)]
pub struct JobsState {
    jobs: RwSignal<Vec<JobSlot>>,
    /// Retry or token notices per job key, not stored.
    pub notices: RwSignal<Vec<(String, String)>>,
    /// Ticks every second while a job runs, for elapsed times.
    pub now_ms: RwSignal<f64>,
    /// Where an ending job is announced.
    toasts: ToastsState,
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

impl JobsState {
    pub fn load(toasts: ToastsState) -> JobsState {
        let stored = session()
            .and_then(|s| s.get_item(JOBS_KEY).ok().flatten())
            .map(|t| decode_jobs(&t))
            .unwrap_or_default();
        JobsState {
            jobs: RwSignal::new(stored.into_iter().map(JobSlot::new).collect()),
            notices: RwSignal::new(Vec::new()),
            now_ms: RwSignal::new(now_ms()),
            toasts,
        }
    }

    pub fn provide(self) {
        provide_context(self);
        // Persist every change; the token is never part of a job.
        // No jobs, no key: signing out must leave storage empty.
        Effect::new(move || {
            let all: Vec<TrackedJob> = self.jobs.with(|slots| slots.iter().map(|s| s.job.get()).collect());
            let text = (!all.is_empty()).then(|| serde_json::to_string(&all).unwrap_or_default());
            if let Some(s) = session() {
                let _ = match text {
                    Some(text) => s.set_item(JOBS_KEY, &text),
                    None => s.remove_item(JOBS_KEY),
                };
            }
        });
    }

    pub fn expect() -> JobsState {
        expect_context::<JobsState>()
    }

    /// Follow `target`; following the same thing twice changes nothing.
    pub fn add(&self, target: JobTarget) -> String {
        let key = target.key();
        if !self.jobs.with_untracked(|slots| slots.iter().any(|s| s.key == key)) {
            self.jobs.update(|slots| slots.insert(0, JobSlot::new(TrackedJob::new(target, now_ms()))));
        }
        key
    }

    /// The keys of every job, newest first (tracked: changes when a job is
    /// added or dismissed, not when one updates).
    pub fn keys(&self) -> Vec<String> {
        self.jobs.with(|slots| slots.iter().map(|s| s.key.clone()).collect())
    }

    pub fn is_empty(&self) -> bool {
        self.jobs.with(Vec::is_empty)
    }

    /// One job's state, to read live (`None` once dismissed).
    pub fn job(&self, key: &str) -> Option<ArcRwSignal<TrackedJob>> {
        self.jobs.with_untracked(|slots| slots.iter().find(|s| s.key == key).map(|s| s.job.clone()))
    }

    pub fn running_count(&self) -> usize {
        self.jobs.with(|slots| slots.iter().filter(|s| s.job.with(TrackedJob::is_running)).count())
    }

    /// Sign-out: stop following everything.
    pub fn forget_all(&self) {
        self.jobs.set(Vec::new());
    }

    pub fn dismiss(&self, key: &str) {
        self.jobs.update(|slots| slots.retain(|s| s.key != key));
    }

    pub fn resume(&self, key: &str) {
        self.update(key, TrackedJob::resume);
    }

    fn update(&self, key: &str, f: impl FnOnce(&mut TrackedJob)) {
        if let Some(job) = self
            .jobs
            .try_with_untracked(|slots| slots.iter().find(|s| s.key == key).map(|s| s.job.clone()))
            .flatten()
        {
            let was_running = job.with_untracked(TrackedJob::is_running);
            job.update(f);
            // Announced where the job ends, not by its watcher, which goes
            // away as soon as the job stops running.
            let ended = job.with_untracked(TrackedJob::has_ended);
            if was_running && ended {
                self.announce(&job.get_untracked());
            }
        }
    }

    fn set_notice(&self, key: &str, notice: Option<String>) {
        let _ = self.notices.try_update(|notices| {
            notices.retain(|(k, _)| k != key);
            if let Some(n) = notice {
                notices.push((key.to_string(), n));
            }
        });
    }

    pub fn notice(&self, key: &str) -> Option<String> {
        self.notices.with(|n| n.iter().find(|(k, _)| k == key).map(|(_, n)| n.clone()))
    }

    fn announce(&self, job: &TrackedJob) {
        let ok = job.phase == Phase::Succeeded;
        let ending = match job.phase {
            Phase::Succeeded => "finished",
            Phase::Stopped => "stopped",
            _ => "ended with a problem",
        };
        let text = format!("{} {}: {ending}", job.target.kind_label(), job.target.describe());
        self.toasts.show(text.clone(), ok);
        notify_browser(&text);
    }
}

/// A browser notification too, when the user allowed it on the Jobs page.
fn notify_browser(text: &str) {
    if web_sys::Notification::permission() == web_sys::NotificationPermission::Granted {
        let _ = web_sys::Notification::new(&format!("Ferry: {text}"));
    }
}

/// One watcher per running job. Keyed by job, so a status update does not
/// restart a watcher, and a finished job's watcher goes away (and stops).
#[component]
pub fn JobWatchers() -> impl IntoView {
    let jobs = JobsState::expect();
    let running = move || {
        jobs.jobs.with(|slots| {
            slots
                .iter()
                .filter(|s| s.job.with(TrackedJob::is_running))
                .map(|s| (s.key.clone(), s.job.with_untracked(|j| j.target.clone())))
                .collect::<Vec<_>>()
        })
    };
    // Elapsed times tick only while something runs.
    let ticker = leptos::prelude::set_interval_with_handle(
        move || {
            if jobs.running_count() > 0 {
                let _ = jobs.now_ms.try_set(now_ms());
            }
        },
        std::time::Duration::from_secs(1),
    );
    if let Ok(handle) = ticker {
        on_cleanup(move || handle.clear());
    }
    view! {
        <For each=running key=|(key, _)| key.clone() let:item>
            <JobWatcher key=item.0 target=item.1 />
        </For>
    }
}

#[component]
fn JobWatcher(key: String, target: JobTarget) -> impl IntoView {
    let state = AppState::expect();
    let jobs = JobsState::expect();
    match target {
        JobTarget::ImsCopy { scope, job_id, .. } => {
            // Polled with the project of the token that started the job.
            let call = ims::show_job(&scope, &job_id);
            let poll = use_poll(
                move || {
                    let call = call.clone();
                    async move {
                        let (_, caller) = state.caller(true)?;
                        Ok(crate::client::json::<ims::Job>(&caller, &call).await?)
                    }
                },
                |job| job.status().is_terminal(),
                |job| job.status().label(),
                {
                    let key = key.clone();
                    move |answer: &ims::Job| jobs.update(&key, |job| job.apply_ims(answer, now_ms()))
                },
            );
            follow_status(jobs, key, poll.status);
        }
        JobTarget::Execution(execution) => {
            // There is no "show execution" API: find ours among the policy's
            // executions, on whichever page it is (reference §2.2, §6).
            let hint = std::rc::Rc::new(std::cell::Cell::new(0));
            let poll = use_poll(
                move || {
                    let (execution, hint) = (execution.clone(), hint.clone());
                    async move {
                        let (_, caller) = state.caller(true)?;
                        Ok(crate::client::swr::find_execution(&caller, &execution, &hint).await?)
                    }
                },
                |execution| execution.is_finished(),
                |execution| {
                    format!(
                        "{}|{}|{}|{}",
                        execution.status, execution.succeed, execution.failed, execution.in_progress
                    )
                },
                {
                    let key = key.clone();
                    move |answer: &ferry_api::swr_ee::Execution| {
                        jobs.update(&key, |job| job.apply_execution(answer, now_ms()))
                    }
                },
            );
            follow_status(jobs, key, poll.status);
        }
    }
}

/// Mirror the poller's state into the job: notices, loss, and the end.
fn follow_status(jobs: JobsState, key: String, status: RwSignal<PollStatus>) {
    Effect::new(move || match status.get() {
        PollStatus::Retrying { attempt, last_error } => {
            jobs.set_notice(&key, Some(format!("Retrying ({attempt}) – last error: {last_error}")));
        }
        PollStatus::TokenRejected => jobs.set_notice(
            &key,
            Some("Your sign-in has expired. Sign in again: following resumes by itself.".into()),
        ),
        PollStatus::Failed(error) => {
            jobs.set_notice(&key, None);
            let why = format!("{} ({error})", error.headline());
            jobs.update(&key, |job| job.lose(why, now_ms()));
        }
        PollStatus::Finished => jobs.set_notice(&key, None),
        PollStatus::Active => jobs.set_notice(&key, None),
    });
}
