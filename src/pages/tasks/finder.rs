//! Finding an execution: paste the IDs, or list a policy's executions.

use ferry_api::paging::Page;
use ferry_api::swr_ee::Execution;
use ferry_api::task_rows::time_text;
use ferry_api::{validate, ExecutionId, FieldError, PolicyId};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::target::Target;
use crate::client::{swr, CallError};
use crate::components::error_panel::CallErrorPanel;
use crate::components::field::TextField;
use crate::components::outcome::Blocked;
use crate::components::pickers::{InstancePicker, PolicyPicker};
use crate::components::status_badge::StatusBadge;
use crate::dom::{focus_element, set_page_title};
use crate::sending::Sending;
use crate::state::AppState;

/// Executions listed at most: the newest.
const SHOWN: usize = 100;

/// An optional policy ID: empty is none.
fn optional_policy(raw: &str) -> Result<Option<PolicyId>, FieldError> {
    match raw.trim() {
        "" => Ok(None),
        raw => raw.parse::<PolicyId>().map(Some),
    }
}

#[component]
pub fn TasksPage() -> impl IntoView {
    set_page_title("Tasks");
    view! {
        <h1>"Replication tasks"</h1>
        <crate::components::service_notice::ServiceNotice service="swr" name="SWR Enterprise Edition" />
        <p class="lead">
            "See every image a replication copied or failed to copy, live while it runs. Choose the execution to look at."
        </p>
        <TaskFinder />
    }
}

#[component]
pub fn TaskFinder() -> impl IntoView {
    let state = AppState::expect();
    let location = crate::nav::Location::expect();
    let instance = RwSignal::new(String::new());
    let policy = RwSignal::new(String::new());
    let execution = RwSignal::new(String::new());
    let instance_error = RwSignal::new(None::<String>);
    let policy_error = RwSignal::new(None::<String>);
    let execution_error = RwSignal::new(None::<String>);
    let blocked = RwSignal::new(None::<crate::client::NotReady>);

    let list = Sending::<(String, Option<PolicyId>, Vec<Execution>), CallError>::new();

    let open = {
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let i = validate::instance_id(&instance.get_untracked());
            let e = execution.get_untracked().parse::<ExecutionId>();
            let p = optional_policy(&policy.get_untracked());
            instance_error.set(i.as_ref().err().map(ToString::to_string));
            execution_error.set(e.as_ref().err().map(ToString::to_string));
            policy_error.set(p.as_ref().err().map(ToString::to_string));
            match (i, e, p) {
                (Ok(instance_id), Ok(execution_id), Ok(policy_id)) => {
                    let target = Target { instance_id, execution_id, policy_id };
                    location.navigate(&target.href(Page::default()), false);
                }
                (Err(_), _, _) => focus_element("finder-instance-id"),
                (_, Err(_), _) => focus_element("finder-execution-id"),
                _ => focus_element("finder-policy-id"),
            }
        }
    };
    let show_executions = move |_| {
        let i = validate::instance_id(&instance.get_untracked());
        let p = optional_policy(&policy.get_untracked());
        instance_error.set(i.as_ref().err().map(ToString::to_string));
        policy_error.set(p.as_ref().err().map(ToString::to_string));
        if let (Ok(i), Ok(p)) = (i, p) {
            match state.caller(true) {
                Ok(_) => {
                    blocked.set(None);
                    list.send(async move {
                        let (settings, caller) = state.caller(true)?;
                        let found = swr::all_executions(&caller, &settings.scope(), &i, p).await?;
                        Ok((i, p, found))
                    });
                }
                Err(why) => blocked.set(Some(why)),
            }
        }
    };

    view! {
        <section class="panel" aria-labelledby="finder-heading">
            <h2 id="finder-heading">"Which execution?"</h2>
            // Pickers stay outside the form, so Enter in their search box searches.
            <InstancePicker value=instance />
            <PolicyPicker instance=instance value=policy />
            <form on:submit=open novalidate>
                <TextField
                    id="finder-instance-id"
                    label="Instance ID"
                    value=instance
                    error=instance_error
                    hint="Your SWR Enterprise Edition instance."
                />
                <TextField
                    id="finder-policy-id"
                    label="Policy ID (optional)"
                    value=policy
                    error=policy_error
                    inputmode="numeric"
                    hint="To list only this policy's executions; also makes following faster."
                />
                <TextField
                    id="finder-execution-id"
                    label="Execution ID"
                    value=execution
                    error=execution_error
                    inputmode="numeric"
                    hint="If you know it, e.g. from Replicate. Otherwise list the executions below."
                />
                <div class="actions">
                    <button type="submit" class="button" data-testid="open-execution">
                        "Open tasks"
                    </button>
                    <button
                        type="button"
                        class="button button--secondary"
                        data-testid="list-executions"
                        on:click=show_executions
                        // Not `disabled`: focus would fall to the page. A second
                        // click while listing is ignored instead.
                        aria-disabled=move || list.pending.get().then_some("true")
                    >
                        "List executions"
                    </button>
                </div>
            </form>
            {move || blocked.get().map(|message| view! { <Blocked why=message /> })}
            {move || {
                list.value
                    .get()
                    .map(|result| match result {
                        Err(error) => view! { <CallErrorPanel error /> }.into_any(),
                        Ok((instance_id, policy_id, list)) => {
                            view! {
                                <div class="table-wrap">
                                    <table class="table" data-testid="executions">
                                        <caption>
                                            {format!("Executions, newest first ({} in all)", list.len())}
                                        </caption>
                                        <thead>
                                            <tr>
                                                <th scope="col">"Execution"</th>
                                                <th scope="col">"Status"</th>
                                                <th scope="col">"Trigger"</th>
                                                <th scope="col">"Created"</th>
                                                <th scope="col">"Updated"</th>
                                                <th scope="col">"Total"</th>
                                                <th scope="col">"Succeeded"</th>
                                                <th scope="col">"Failed"</th>
                                                <th scope="col">"In progress"</th>
                                                <th scope="col">"Stopped"</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {list
                                                .into_iter()
                                                .take(SHOWN)
                                                .map(|e| {
                                                    let policy = i32::try_from(e.policy_id)
                                                        .ok()
                                                        .filter(|p| *p > 0)
                                                        .map(PolicyId);
                                                    let target = Target {
                                                        instance_id: instance_id.clone(),
                                                        execution_id: ExecutionId(e.id),
                                                        policy_id: policy_id.or(policy),
                                                    };
                                                    view! {
                                                        <tr>
                                                            <td>
                                                                <a href=target
                                                                    .href(Page::default())>{format!("Execution {}", e.id)}</a>
                                                            </td>
                                                            <td>
                                                                <StatusBadge
                                                                    status=e.status.clone()
                                                                    text=e.display_status()
                                                                />
                                                            </td>
                                                            <td>{ferry_api::confirm::trigger_words(&e.trigger)}</td>
                                                            <td>{time_text(&e.created_at)}</td>
                                                            <td>{time_text(&e.updated_at)}</td>
                                                            <td>{e.total}</td>
                                                            <td>{e.succeed}</td>
                                                            <td>{e.failed}</td>
                                                            <td>{e.in_progress}</td>
                                                            <td>{e.stopped}</td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }
                                .into_any()
                        }
                    })
            }}
        </section>
    }
}
