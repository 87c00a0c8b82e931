//! Operation 1: execute an SWR Enterprise Edition replication policy.

use ferry_api::jobs::JobTarget;
use ferry_api::{validate, ApiCall, ApiError};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::client::Caller;
use crate::api::swr::{self, Executed};
use crate::components::error_panel::ErrorPanel;
use crate::components::field::TextField;
use crate::components::outcome::{Blocked, RawDetails, SubmitButton};
use crate::components::page_title::{focus_element, set_page_title};
use crate::components::pickers::{load_choices, save_choices, Choices, InstancePicker, PolicyPicker};
use crate::components::job_card::JobCard;
use crate::components::request_preview::RequestPreview;
use crate::jobs::JobsState;
use crate::state::AppState;
use crate::submit_guard::SubmitGuard;

#[component]
pub fn ReplicatePage() -> impl IntoView {
    set_page_title("Replicate");
    let state = AppState::expect();
    // Last choices in this region, so a daily run is two clicks.
    let remembered = load_choices(&state.settings.with_untracked(|s| s.region.clone()));
    let instance = RwSignal::new(remembered.instance_id);
    let policy = RwSignal::new(remembered.policy_id);
    let instance_error = RwSignal::new(None::<String>);
    let policy_error = RwSignal::new(None::<String>);
    let blocked = RwSignal::new(None::<&'static str>);

    let jobs = JobsState::expect();
    let action = Action::new_local(move |(caller, call, target): &(Caller, ApiCall, (String, String, i32))| {
        let (caller, call, (project_id, instance_id, policy_id)) = (caller.clone(), call.clone(), target.clone());
        async move {
            let executed = swr::execute_policy(&caller, &call).await?;
            let key = jobs.add(JobTarget::Execution {
                region: call.region.clone(),
                project_id,
                instance_id,
                policy_id: policy_id.into(),
                execution_id: executed.execution.id,
            });
            Ok::<_, ApiError>((executed, key))
        }
    });
    let pending = action.pending();
    let guard = SubmitGuard::new(pending);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let instance_id = validate::instance_id(&instance.get_untracked());
        let policy_id = validate::policy_id(&policy.get_untracked());
        instance_error.set(instance_id.as_ref().err().map(ToString::to_string));
        policy_error.set(policy_id.as_ref().err().map(ToString::to_string));
        let (Ok(instance_id), Ok(policy_id)) = (instance_id, policy_id) else {
            focus_element(if instance_error.with_untracked(Option::is_some) { "instance-id" } else { "policy-id" });
            return;
        };
        let (settings, caller) = match state.caller(true) {
            Ok(ok) => ok,
            Err(why) => {
                blocked.set(Some(why));
                return;
            }
        };
        blocked.set(None);
        // A double click must not send a second POST.
        if !guard.try_begin() {
            return;
        }
        save_choices(&settings.region, Choices { instance_id: instance_id.clone(), policy_id: policy_id.to_string() });
        let call = swr::execute_call(&settings.region, &settings.project_id, &instance_id, policy_id);
        action.dispatch((caller, call, (settings.project_id, instance_id, policy_id)));
    };
    let preview = Signal::derive(move || {
        let instance_id = validate::instance_id(&instance.get()).ok()?;
        let policy_id = validate::policy_id(&policy.get()).ok()?;
        let (region, project) = state.preview_scope();
        Some(swr::execute_call(&region, &project, &instance_id, policy_id))
    });

    view! {
        <h1>"Replicate"</h1>
        <crate::components::service_notice::ServiceNotice service="swr" name="SWR Enterprise Edition"/>
        <p class="lead">
            "Run an SWR Enterprise Edition replication policy now. The policy copies images from its source "
            "to its destination registry; Ferry starts it and tells you the execution's ID."
        </p>
        <section class="panel" aria-labelledby="replicate-heading">
            <h2 id="replicate-heading">"Execute a replication policy"</h2>
            <ContextSummary/>
            // Pickers stay outside the form: Enter in a picker's search box must
            // search, never execute the policy the fields already hold.
            <InstancePicker value=instance/>
            <PolicyPicker instance=instance value=policy/>
            <form on:submit=submit novalidate data-operation="execute-policy">
                <TextField
                    id="instance-id"
                    label="Instance ID"
                    hint="The ID of your SWR Enterprise Edition instance, as shown on its overview page."
                    value=instance
                    error=instance_error
                    placeholder="e.g. 5b8d2a47-6f1e-4c3a-9d0b-7e2f1a3c4b5d"
                />
                <TextField
                    id="policy-id"
                    label="Policy ID"
                    hint="The number of the replication policy to run, from the instance's Replication page."
                    value=policy
                    error=policy_error
                    placeholder="e.g. 12"
                    inputmode="numeric"
                />
                <SubmitButton testid="execute" label="Execute policy" busy_label="Starting…" pending/>
            </form>
            <RequestPreview call=preview/>
            <div aria-live="polite" data-testid="replicate-outcome">
                {move || blocked.get().map(|message| view! { <Blocked message/> })}
                {move || pending.get().then(|| view! { <p role="status">"Asking SWR to start the replication…"</p> })}
                {move || action.value().get().map(outcome)}
            </div>
        </section>
    }
}

fn outcome(result: Result<(Executed, String), ApiError>) -> AnyView {
    match result {
        Ok((executed, key)) => {
            view! {
                <div class="outcome outcome--ok" role="status" data-testid="execution-created">
                    <p class="outcome__title">"Replication started."</p>
                    <p>
                        "Execution ID "
                        <strong class="execution-id" data-testid="execution-id">{executed.execution.id}</strong>
                        ". Ferry follows it below and on the Jobs page until it ends."
                    </p>
                    <RawDetails raw=executed.raw/>
                </div>
                <JobCard key/>
            }
            .into_any()
        }
        Err(error) => view! { <ErrorPanel error/> }.into_any(),
    }
}

/// Region, project and token the call will use, with a way to change them.
#[component]
fn ContextSummary() -> impl IntoView {
    let state = AppState::expect();
    let project = move || {
        state.settings.with(|s| if s.project_id.is_empty() { "not set".to_string() } else { s.project_id.clone() })
    };
    view! {
        <p class="context-summary" data-testid="context-summary">
            <span>"Region: " <strong>{move || state.settings.with(|s| s.region.clone())}</strong></span>
            <span>"Project: " <strong>{project}</strong></span>
            <span>"Token: " <strong>{move || if state.has_token() { "set" } else { "not set" }}</strong></span>
            <A href="/settings">"Change in Settings"</A>
        </p>
    }
}
