//! One followed job, read live from the jobs store.

use ferry_api::jobs::{format_elapsed, JobTarget, Phase, TrackedJob};
use leptos::prelude::*;

use crate::jobs::JobsState;

#[component]
pub fn JobCard(key: String) -> impl IntoView {
    let jobs = JobsState::expect();
    let key_for_job = key.clone();
    let job = Memo::new(move |_| jobs.jobs.with(|all| all.iter().find(|j| j.key() == key_for_job).cloned()));
    let key_for_notice = key.clone();
    let notice = Signal::derive(move || jobs.notice(&key_for_notice));
    let elapsed = Signal::derive(move || {
        job.with(|j| {
            j.as_ref().map(|j| {
                let end = j.ended_ms.unwrap_or_else(|| jobs.now_ms.get().max(j.started_ms));
                format_elapsed(end - j.started_ms)
            })
        })
    });
    move || {
        let Some(current) = job.get() else {
            return view! { <p class="field__hint">"This job was dismissed."</p> }.into_any();
        };
        let key = current.key();
        let data_job = key.clone();
        let label = format!("{} {}", current.target.kind_label(), current.target.describe());
        let (class, title) = match current.phase {
            Phase::Running => ("job", "Running"),
            Phase::Succeeded => ("job job--ok", "Finished"),
            Phase::Failed => ("job job--failed", "Ended with a problem"),
            Phase::Lost => ("job job--failed", "No longer followed"),
        };
        view! {
            <article class=class data-testid="job-card" data-job=data_job aria-label=label>
                <header class="job__header">
                    <strong>{current.target.kind_label()}</strong>
                    <span>{current.target.describe()}</span>
                    <span class="job__phase" data-testid="job-phase">{title}</span>
                </header>
                <p class="job__status" role="status" aria-live="polite" data-testid="job-status">{current.status.clone()}</p>
                {current.percent.filter(|_| current.phase == Phase::Running).map(|p| view! {
                    <progress max="100" value=p aria-label="Progress">{format!("{p:.0}%")}</progress>
                })}
                {current.detail.clone().map(|d| view! { <p data-testid="job-detail">{d}</p> })}
                {result_view(&current)}
                {move || notice.get().map(|n| view! { <p class="notice notice--warn" data-testid="job-notice">{n}</p> })}
                <p class="field__hint">"Elapsed: " {elapsed}</p>
                <JobActions job=current.clone() key/>
            </article>
        }
        .into_any()
    }
}

fn result_view(job: &TrackedJob) -> Option<AnyView> {
    match (&job.target, job.phase) {
        (JobTarget::ImsCopy { .. }, Phase::Succeeded) => {
            let image = job.result.clone().unwrap_or_else(|| "(not reported)".into());
            Some(view! { <p data-testid="job-success">"New image ID: " <code data-testid="new-image-id">{image}</code></p> }.into_any())
        }
        (JobTarget::Execution(e), _) => {
            let href = crate::routes::tasks_href(&e.instance_id, e.execution_id, e.policy_id, ferry_api::paging::Page::default());
            Some(view! { <p><a href=href data-testid="job-tasks-link">"See the execution's tasks"</a></p> }.into_any())
        }
        _ => None,
    }
}

#[component]
fn JobActions(job: TrackedJob, key: String) -> impl IntoView {
    let jobs = JobsState::expect();
    let resume_key = key.clone();
    view! {
        <div class="actions">
            {(job.phase == Phase::Lost).then(|| view! {
                <button type="button" class="button button--secondary" on:click=move |_| jobs.resume(&resume_key)>"Follow again"</button>
            })}
            {(!job.is_running()).then(|| view! {
                <button type="button" class="button button--secondary" data-testid="dismiss-job"
                    on:click=move |_| jobs.dismiss(&key)>"Dismiss"</button>
            })}
        </div>
    }
}
