//! Operation 1: execute an SWR Enterprise Edition replication policy.

use ferry_api::confirm::Confirmation;
use ferry_api::jobs::JobTarget;
use ferry_api::swr_ee::{self, ExecuteInput};
use ferry_api::{ApiError, ExecutionId, ExecutionRef, Scope};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::client::swr::{self, ExecuteRequest, Executed};
use crate::components::error_panel::ErrorPanel;
use crate::components::field::TextField;
use crate::components::job_card::JobCard;
use crate::components::modal::ConfirmDialog;
use crate::components::operation_page::OperationPage;
use crate::components::outcome::{Blocked, RawDetails, SubmitButton};
use crate::components::pickers::{load_choices, save_choices, Choices, InstancePicker, PolicyPicker};
use crate::components::policy_context::{PolicyContext, ReadPolicy};
use crate::dom::reveal;
use crate::form_errors::FormErrors;
use crate::jobs::JobsState;
use crate::routes::Route;
use crate::sending::Sending;
use crate::state::AppState;

#[component]
pub fn ReplicatePage() -> impl IntoView {
    let state = AppState::expect();
    // Last choices in this region, so a daily run is two clicks.
    let remembered = load_choices(&state.settings.with_untracked(|s| s.region.clone()));
    let instance = RwSignal::new(remembered.instance_id);
    let policy = RwSignal::new(remembered.policy_id.map(|p| p.to_string()).unwrap_or_default());
    let errors = FormErrors::new();
    let blocked = RwSignal::new(None::<crate::client::NotReady>);

    let jobs = JobsState::expect();
    let sending = Sending::<(Executed, String), ApiError>::new();
    let pending = sending.pending;
    // A run started here shows at the top of the policy's last runs.
    let started = RwSignal::new(0u32);
    Effect::new(move || {
        if sending.value.with(|v| matches!(v, Some(Ok(_)))) {
            started.update(|n| *n += 1);
        }
    });
    // The confirmation, and the request it will send when confirmed.
    let ask = RwSignal::new(None::<Confirmation>);
    let prepared = StoredValue::new(None::<ExecuteRequest>);
    let reading = RwSignal::new(false);
    // The policy as the context above the form last read it.
    let read = RwSignal::new(None::<ReadPolicy>);
    // The token was refused while reading the policy: nothing to confirm.
    let refused = RwSignal::new(None::<ApiError>);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        // A new attempt starts with a clean outcome.
        sending.clear();
        refused.set(None);
        let input = ExecuteInput { instance_id: instance.get_untracked(), policy_id: policy.get_untracked() };
        let (instance_id, policy_id) = match input.parse() {
            Ok(parsed) => {
                errors.clear();
                parsed
            }
            Err(invalid) => {
                errors.show(invalid);
                return;
            }
        };
        let (settings, caller) = match state.caller(true) {
            Ok(ok) => ok,
            Err(why) => {
                blocked.set(Some(why));
                return;
            }
        };
        blocked.set(None);
        if reading.get_untracked() {
            return;
        }
        let scope = settings.scope();
        let call = swr_ee::execute_policy(&scope, &instance_id, policy_id);
        prepared.set_value(Some(ExecuteRequest {
            caller: caller.clone(),
            call,
            scope: scope.clone(),
            instance_id: instance_id.clone(),
            policy_id,
        }));
        // Said in words: from the policy just shown above the form, or read now.
        if let Some(words) =
            read.with_untracked(|r| ReadPolicy::fresh_for(r.as_ref(), &instance_id, policy_id))
        {
            ask.set(Some(words));
            return;
        }
        reading.set(true);
        leptos::task::spawn_local(async move {
            let answer = swr::policy_in_words(&caller, &scope, &instance_id, policy_id).await;
            reading.set(false);
            match answer {
                Ok(confirmation) => ask.set(Some(confirmation)),
                Err(error) => {
                    refused.set(Some(error));
                    reveal("replicate-outcome");
                }
            }
        });
    };
    let confirmed = Callback::new(move |()| {
        let Some(send) = prepared.get_value() else { return };
        save_choices(
            &send.scope.region,
            Choices { instance_id: send.instance_id.clone(), policy_id: Some(send.policy_id) },
        );
        let ExecuteRequest { caller, call, scope, instance_id, policy_id } = send;
        // A double click must not send a second POST.
        sending.send(async move {
            let executed = swr::execute_policy(&caller, &call).await?;
            // Followed with the project of the token that started it.
            let key = jobs.add(JobTarget::Execution(ExecutionRef {
                scope,
                instance_id,
                policy_id: Some(policy_id),
                execution_id: ExecutionId(executed.execution.id),
            }));
            Ok((executed, key))
        });
        reveal("replicate-outcome");
    });
    let preview = Signal::derive(move || {
        let (region, project) = state.preview_scope();
        ExecuteInput { instance_id: instance.get(), policy_id: policy.get() }
            .build(&Scope::new(region, project))
            .ok()
    });

    let outcome = move || {
        view! {
            {move || blocked.get().map(|message| view! { <Blocked why=message /> })}
            {move || reading.get().then(|| view! { <p role="status">"Reading the policy…"</p> })}
            {move || refused.get().map(|error| view! { <ErrorPanel error /> })}
            {move || {
                pending.get().then(|| view! { <p role="status">"Asking SWR to start the replication…"</p> })
            }}
            {move || sending.value.get().map(outcome)}
        }
    };
    view! {
        <OperationPage
            title="Replicate"
            service="swr"
            service_name="SWR Enterprise Edition"
            lead="Run an SWR Enterprise Edition replication policy now. The policy copies images from its source to its destination registry; Ferry starts it and tells you the execution's ID."
            heading="Execute a replication policy"
            heading_id="replicate-heading"
            preview
            outcome_testid="replicate-outcome"
            outcome=outcome
        >
            <ContextSummary />
            // Pickers stay outside the form: Enter in a picker's search box must
            // search, never execute the policy the fields already hold.
            <InstancePicker value=instance />
            <PolicyPicker instance=instance value=policy />
            <PolicyContext instance policy refresh=started read />
            <form on:submit=submit novalidate data-operation="execute-policy">
                <TextField
                    id="instance-id"
                    label="Instance ID"
                    hint="The ID of your SWR Enterprise Edition instance, as shown on its overview page."
                    value=instance
                    error=errors.of("instance-id")
                    placeholder="e.g. 5b8d2a47-6f1e-4c3a-9d0b-7e2f1a3c4b5d"
                />
                <TextField
                    id="policy-id"
                    label="Policy ID"
                    hint="The number of the replication policy to run, from the instance's Replication page."
                    value=policy
                    error=errors.of("policy-id")
                    placeholder="e.g. 12"
                    inputmode="numeric"
                />
                <SubmitButton testid="execute" label="Execute policy" busy_label="Starting…" pending />
            </form>
            <ConfirmDialog ask on_confirm=confirmed />
        </OperationPage>
    }
}

fn outcome(result: Result<(Executed, String), ApiError>) -> AnyView {
    match result {
        Ok((executed, key)) => view! {
            <div class="outcome outcome--ok" role="status" data-testid="execution-created">
                <p class="outcome__title">"Replication started."</p>
                <p>
                    "Execution ID " <strong class="execution-id" data-testid="execution-id">
                        {executed.execution.id}
                    </strong> ". Ferry follows it below and on the Jobs page until it ends."
                </p>
                <RawDetails raw=executed.raw />
            </div>
            <JobCard key />
        }
        .into_any(),
        Err(error) => view! { <ErrorPanel error /> }.into_any(),
    }
}

/// Region, project and token the call will use, with a way to change them.
#[component]
fn ContextSummary() -> impl IntoView {
    let state = AppState::expect();
    let project = move || {
        state.settings.with(|s| {
            if s.project_id.is_empty() {
                "not set".to_string()
            } else {
                s.project_id.clone()
            }
        })
    };
    view! {
        <p class="context-summary" data-testid="context-summary">
            <span>"Region: " <strong>{move || state.settings.with(|s| s.region.clone())}</strong></span>
            <span>"Project: " <strong>{project}</strong></span>
            <strong>{move || if state.has_token() { "Signed in" } else { "Not signed in" }}</strong>
            <a href=Route::Settings.href()>"Change in Settings"</a>
        </p>
    }
}
