//! The execution above its tasks: status, counts, and a confirmed Stop.

use ferry_api::confirm::{self, Confirmation};
use ferry_api::swr_ee::{self, Execution};
use ferry_api::task_rows::time_text;
use leptos::prelude::*;

use super::target::Target;
use crate::client::{self, CallError};
use crate::components::error_panel::CallErrorPanel;
use crate::components::modal::ConfirmDialog;
use crate::components::status_badge::StatusBadge;
use crate::dom::reveal;
use crate::sending::Sending;
use crate::state::AppState;

#[component]
pub fn ExecutionHeader(target: Target, execution: Signal<Option<Execution>>) -> impl IntoView {
    let state = AppState::expect();
    let ask = RwSignal::new(None::<Confirmation>);
    let stop_target = target.clone();
    let stop = Sending::<(), CallError>::new();
    let running = move || execution.with(|e| e.as_ref().is_some_and(|e| !e.is_finished()));
    view! {
        <section class="panel execution" aria-labelledby="execution-heading" data-testid="execution-header">
            <h2 id="execution-heading">
                {format!("Execution {} on instance {}", target.execution_id, target.instance_id)}
            </h2>
            {move || match execution.get() {
                None => {
                    view! { <p class="field__hint">"Looking for this execution's status…"</p> }.into_any()
                }
                Some(e) => {
                    let rate = (e.total > 0)
                        .then(|| format!("{}%", (e.succeed * 100 + e.total / 2) / e.total));
                    view! {
                        <p class="execution__status">
                            <StatusBadge status=e.status.clone() text=e.display_status() />
                            <span data-testid="execution-progress">{e.progress_text()}</span>
                        </p>
                        <dl class="facts">
                            <dt>"Success rate"</dt>
                            <dd>{rate.unwrap_or_else(|| "–".into())}</dd>
                            <dt>"Trigger"</dt>
                            <dd>{ferry_api::confirm::trigger_words(&e.trigger)}</dd>
                            <dt>"Created"</dt>
                            <dd>{time_text(&e.created_at)}</dd>
                            <dt>"Updated"</dt>
                            <dd>{time_text(&e.updated_at)}</dd>
                            <dt>"Policy"</dt>
                            <dd>{e.policy_id}</dd>
                        </dl>
                        {(!e.status_text.trim().is_empty())
                            .then(|| {
                                view! {
                                    <p class="notice notice--warn" data-testid="execution-status-text">
                                        {e.status_text.clone()}
                                    </p>
                                }
                            })}
                    }
                        .into_any()
                }
            }}
            <Show when=running>
                <div class="actions">
                    <button
                        type="button"
                        class="button button--secondary"
                        data-testid="stop-execution"
                        disabled=move || stop.pending.get()
                        on:click={
                            let target = target.clone();
                            move |_| {
                                let scope = state.settings.with_untracked(|s| s.scope());
                                ask.set(Some(confirm::stop(&target.at(scope))));
                            }
                        }
                    >
                        "Stop execution"
                    </button>
                </div>
            </Show>
            <ConfirmDialog
                ask
                on_confirm=Callback::new(move |()| {
                    let target = stop_target.clone();
                    stop.send(async move {
                        let (settings, caller) = state.caller(true)?;
                        client::no_content(&caller, &swr_ee::stop_execution(&target.at(settings.scope()))).await?;
                        Ok(())
                    });
                    reveal("stop-outcome");
                })
            />
            <div id="stop-outcome" tabindex="-1" aria-live="polite">
            {move || {
                stop
                    .value
                    .get()
                    .map(|result| match result {
                        Ok(()) => {
                            view! {
                                <p class="outcome outcome--ok" role="status" data-testid="stopped">
                                    "Stop requested. The status updates shortly."
                                </p>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <CallErrorPanel error /> }.into_any(),
                    })
            }}
            </div>
        </section>
    }
}
