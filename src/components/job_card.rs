//! One followed job, read live from the jobs store.

use ferry_api::jobs::{format_elapsed, JobTarget, Phase, TrackedJob};
use leptos::prelude::*;

use crate::components::sign_in::SignInAgain;
use crate::jobs::JobsState;

#[component]
pub fn JobCard(key: String) -> impl IntoView {
    let jobs = JobsState::expect();
    let state = crate::state::AppState::expect();
    let Some(job) = jobs.job(&key) else {
        return view! { <p class="field__hint">"This job was dismissed."</p> }.into_any();
    };
    // Each part reads only what it shows, so a status update touches the
    // status line, not the card.
    let target = job.with_untracked(|j| j.target.clone());
    let label = format!("{} {}", target.kind_label(), target.describe());
    let phase = {
        let job = job.clone();
        Memo::new(move |_| job.with(|j| j.phase))
    };
    let field = |f: fn(&TrackedJob) -> Option<String>| {
        let job = job.clone();
        Memo::new(move |_| job.with(f))
    };
    let status = field(|j| Some(j.status.clone()));
    let detail = field(|j| j.detail.clone());
    let percent = {
        let job = job.clone();
        Memo::new(move |_| job.with(|j| j.percent.filter(|_| j.phase == Phase::Running)))
    };
    let elapsed = {
        let job = job.clone();
        Signal::derive(move || {
            job.with(|j| {
                let end = j.ended_ms.unwrap_or_else(|| jobs.now_ms.get().max(j.started_ms));
                format_elapsed(end - j.started_ms)
            })
        })
    };
    let notice = {
        let key = key.clone();
        Signal::derive(move || jobs.notice(&key))
    };
    let class = move || match phase.get() {
        Phase::Running | Phase::Stopped => "job",
        Phase::Succeeded => "job job--ok",
        Phase::Failed | Phase::Lost => "job job--failed",
    };
    let title = field(|j| Some(j.title().to_string()));
    let result = {
        let job = job.clone();
        move || {
            phase.track();
            job.with_untracked(result_view)
        }
    };
    let actions = {
        let key = key.clone();
        move || view! { <JobActions phase=phase.get() key=key.clone() /> }
    };
    view! {
        <article class=class data-testid="job-card" data-job=key.clone() aria-label=label>
            <header class="job__header">
                <strong>{target.kind_label()}</strong>
                <span>{target.describe()}</span>
                <span class="job__phase" data-testid="job-phase">
                    {move || title.get()}
                </span>
            </header>
            <p class="job__status" role="status" aria-live="polite" data-testid="job-status">
                {move || status.get()}
            </p>
            {move || {
                percent
                    .get()
                    .map(|p| {
                        view! {
                            <progress max="100" value=p.round() as u32 aria-label="Progress">
                                {format!("{}%", p.round() as u32)}
                            </progress>
                        }
                    })
            }}
            {move || detail.get().map(|d| view! { <p data-testid="job-detail">{d}</p> })}
            {result}
            {move || {
                notice
                    .get()
                    .map(|n| {
                        view! {
                            <p class="notice notice--warn" data-testid="job-notice">
                                {n}
                                {state.token_rejected.get().then(|| view! { " " <SignInAgain /> })}
                            </p>
                        }
                    })
            }}
            <p class="field__hint">"Elapsed: " {elapsed}</p>
            {actions}
        </article>
    }
    .into_any()
}

fn result_view(job: &TrackedJob) -> Option<AnyView> {
    match (&job.target, job.phase) {
        (JobTarget::ImsCopy { .. }, Phase::Succeeded) => {
            let image = job.result.clone().unwrap_or_else(|| "(not reported)".into());
            Some(view! { <p data-testid="job-success">"New image ID: " <code data-testid="new-image-id">{image}</code></p> }.into_any())
        }
        (JobTarget::Execution(e), _) => {
            let href = crate::routes::tasks_href(
                &e.instance_id,
                e.execution_id,
                e.policy_id,
                ferry_api::paging::Page::default(),
            );
            Some(
                view! {
                    <p>
                        <a href=href data-testid="job-tasks-link">
                            "See the execution's tasks"
                        </a>
                    </p>
                }
                .into_any(),
            )
        }
        _ => None,
    }
}

#[component]
fn JobActions(phase: Phase, key: String) -> impl IntoView {
    let jobs = JobsState::expect();
    let resume_key = key.clone();
    view! {
        <div class="actions">
            {(phase == Phase::Lost)
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="button button--secondary"
                            on:click=move |_| jobs.resume(&resume_key)
                        >
                            "Follow again"
                        </button>
                    }
                })}
            {(phase != Phase::Running)
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="button button--secondary"
                            data-testid="dismiss-job"
                            on:click=move |_| jobs.dismiss(&key)
                        >
                            "Dismiss"
                        </button>
                    }
                })}
        </div>
    }
}
