//! Every job this tab follows, and a way to follow one started elsewhere.

use ferry_api::jobs::JobTarget;
use ferry_api::validate;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::components::choice::RadioGroup;
use crate::components::field::TextField;
use crate::components::job_card::JobCard;
use crate::components::outcome::Blocked;
use crate::dom::set_page_title;
use crate::form_errors::{invalid_of, FormErrors};
use crate::jobs::JobsState;
use crate::state::AppState;

#[component]
pub fn JobsPage() -> impl IntoView {
    set_page_title("Jobs");
    let jobs = JobsState::expect();
    let keys = move || jobs.keys();
    view! {
        <h1>"Jobs"</h1>
        <p class="lead">
            "Image copies and replications you started in this tab. Ferry keeps checking on them while the tab is open, "
            "even after a reload; another tab has its own list."
        </p>
        <NotificationToggle />
        <section aria-labelledby="jobs-heading">
            <h2 id="jobs-heading" class="visually-hidden">
                "Followed jobs"
            </h2>
            <Show when=move || jobs.is_empty()>
                <p class="notice" data-testid="no-jobs">
                    "No jobs yet. Start a replication or an image copy, or follow one by its ID below."
                </p>
            </Show>
            <div class="job-list">
                <For each=keys key=|k| k.clone() let:key>
                    <JobCard key />
                </For>
            </div>
        </section>
        <AddJob />
    }
}

#[component]
fn NotificationToggle() -> impl IntoView {
    let permission = RwSignal::new(web_sys::Notification::permission());
    let ask = move |_| {
        if let Ok(promise) = web_sys::Notification::request_permission() {
            leptos::task::spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
                permission.set(web_sys::Notification::permission());
            });
        }
    };
    move || match permission.get() {
        web_sys::NotificationPermission::Granted => view! {
            <p class="field__hint">
                "Browser notifications are on: you are told when a job ends, even in another tab."
            </p>
        }
        .into_any(),
        web_sys::NotificationPermission::Denied => view! {
            <p class="field__hint">
                "Browser notifications are blocked for this site; Ferry still shows a notice on the page."
            </p>
        }
        .into_any(),
        _ => view! {
            <p>
                <button type="button" class="button button--secondary" on:click=ask>
                    "Notify me in the browser when a job ends"
                </button>
            </p>
        }
        .into_any(),
    }
}

#[component]
fn AddJob() -> impl IntoView {
    let state = AppState::expect();
    let jobs = JobsState::expect();
    let kind = RwSignal::new("ims".to_string());
    let job_id = RwSignal::new(String::new());
    let instance = RwSignal::new(String::new());
    let policy = RwSignal::new(String::new());
    let execution = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let blocked = RwSignal::new(None::<crate::client::NotReady>);
    let added = RwSignal::new(None::<String>);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let settings = match state.caller(true) {
            Ok((settings, _)) => settings,
            Err(why) => {
                blocked.set(Some(why));
                return;
            }
        };
        blocked.set(None);
        let target = if kind.get_untracked() == "ims" {
            validate::ims_job_id(&job_id.get_untracked())
                .map(|job_id| JobTarget::ImsCopy { scope: settings.scope(), job_id, name: String::new() })
                .map_err(|e| vec![("job-id", e)])
        } else {
            let i = validate::instance_id(&instance.get_untracked());
            let p = policy.get_untracked().parse::<ferry_api::PolicyId>();
            let e = execution.get_untracked().parse::<ferry_api::ExecutionId>();
            match (i, p, e) {
                (Ok(instance_id), Ok(policy_id), Ok(execution_id)) => {
                    Ok(JobTarget::Execution(ferry_api::ExecutionRef {
                        scope: settings.scope(),
                        instance_id,
                        policy_id: Some(policy_id),
                        execution_id,
                    }))
                }
                (i, p, e) => Err(invalid_of([
                    ("add-instance-id", i.err()),
                    ("add-policy-id", p.err()),
                    ("add-execution-id", e.err()),
                ])),
            }
        };
        match target {
            Ok(target) => {
                errors.clear();
                let description = target.describe();
                jobs.add(target);
                added.set(Some(format!("Now following {description}.")));
            }
            Err(invalid) => {
                added.set(None);
                errors.show(invalid);
            }
        }
    };

    view! {
        <section class="panel" aria-labelledby="add-job-heading">
            <h2 id="add-job-heading">"Follow a job by its ID"</h2>
            <p class="field__hint">
                "For work started elsewhere, e.g. with the CLI. Uses the region and project in Settings."
            </p>
            <form on:submit=submit novalidate>
                <RadioGroup
                    name="add-kind"
                    legend="What to follow"
                    selected=kind
                    options=vec![
                        ("ims", "An image copy (IMS job)", "The job_id the copy API returned."),
                        (
                            "execution",
                            "A replication execution",
                            "Needs the instance, the policy and the execution ID.",
                        ),
                    ]
                />
                <Show
                    when=move || kind.get() == "ims"
                    fallback=move || {
                        view! {
                            <TextField
                                id="add-instance-id"
                                label="Instance ID"
                                value=instance
                                error=errors.of("add-instance-id")
                                hint="The SWR Enterprise Edition instance of the policy."
                            />
                            <TextField
                                id="add-policy-id"
                                label="Policy ID"
                                value=policy
                                error=errors.of("add-policy-id")
                                hint="The policy the execution belongs to."
                                inputmode="numeric"
                            />
                            <TextField
                                id="add-execution-id"
                                label="Execution ID"
                                value=execution
                                error=errors.of("add-execution-id")
                                hint="The number Replicate showed, or the CLI printed."
                                inputmode="numeric"
                            />
                        }
                    }
                >
                    <TextField
                        id="job-id"
                        label="IMS job ID"
                        value=job_id
                        error=errors.of("job-id")
                        hint="32 letters and digits, e.g. edc89b490d7d4392898e19b2deb34797."
                    />
                </Show>
                <div class="actions">
                    <button type="submit" class="button" data-testid="add-job">
                        "Follow"
                    </button>
                </div>
                <p class="form-status" role="status" aria-live="polite">
                    {move || added.get()}
                </p>
            </form>
            {move || blocked.get().map(|message| view! { <Blocked why=message /> })}
        </section>
    }
}
