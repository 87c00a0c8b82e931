//! A chosen policy in context, before it is run: what it does, in words
//! (source → destination, organization, filters, trigger, overwrite), and
//! how its last five runs went, each linking to its tasks. A run started
//! here appears at the top, and running ones update in place.

use ferry_api::paging::Page;
use ferry_api::swr_ee::Execution;
use ferry_api::task_rows::{duration_text, time_text};
use ferry_api::{validate, ExecutionId, PolicyId};
use leptos::prelude::*;

use crate::client::{swr, CallError};
use crate::components::find_image::FindImage;
use crate::components::status_badge::StatusBadge;
use crate::jobs::now_ms;
use crate::routes::tasks_href;
use crate::state::AppState;

/// Runs shown.
const RECENT: usize = 5;
/// How often running executions are read again.
const REFRESH_SECONDS: u64 = 10;

#[component]
pub fn PolicyContext(
    #[prop(into)] instance: Signal<String>,
    #[prop(into)] policy: Signal<String>,
    /// Bumped when a run was started here.
    #[prop(into)]
    refresh: Signal<u32>,
) -> impl IntoView {
    let state = AppState::expect();
    let tick = RwSignal::new(0u32);
    let context = LocalResource::new(move || {
        let instance = validate::instance_id(&instance.get()).ok();
        let policy = policy.get().parse::<PolicyId>().ok();
        let ready = state.token().is_some();
        let (_, _) = (refresh.get(), tick.get());
        async move {
            let (Some(instance), Some(policy), true) = (instance, policy, ready) else { return Ok(None) };
            let (settings, caller) = state.caller(true)?;
            let scope = settings.scope();
            let words = swr::policy_in_words(&caller, &scope, &instance, policy).await?;
            let mut runs = swr::all_executions(&caller, &scope, &instance, Some(policy)).await?;
            runs.truncate(RECENT);
            Ok::<_, CallError>(Some((words, runs, instance, policy)))
        }
    });
    // Running executions update in place: read again while any runs.
    if let Ok(handle) = set_interval_with_handle(
        move || {
            let running = context.with_untracked(
                |c| matches!(c, Some(Ok(Some((_, runs, _, _)))) if runs.iter().any(|e| !e.is_finished())),
            );
            if running {
                tick.update(|t| *t += 1);
            }
        },
        std::time::Duration::from_secs(REFRESH_SECONDS),
    ) {
        on_cleanup(move || handle.clear());
    }
    // Apart from the part that reloads: what is typed there and its answer
    // stay while the runs above refresh.
    let chosen = Memo::new(move |_| {
        let instance = validate::instance_id(&instance.get()).ok()?;
        Some((instance, policy.get().parse::<PolicyId>().ok()?))
    });
    let finder = move || {
        chosen.get().map(|(instance, policy)| {
            view! {
                <section
                    class="policy-context"
                    aria-label="Where is my image"
                    data-testid="find-image-section"
                >
                    <FindImage instance policy />
                </section>
            }
        })
    };
    let summary = move || {
        context.get().map(|loaded| match loaded {
            Ok(None) | Err(_) => ().into_any(),
            Ok(Some((words, runs, instance, policy))) => view! {
                <section
                    class="policy-context"
                    aria-labelledby="policy-context-heading"
                    data-testid="policy-context"
                >
                    <h3 id="policy-context-heading">"What this policy does"</h3>
                    <dl class="facts" data-testid="policy-facts">
                        {words
                            .facts
                            .into_iter()
                            .filter(|(term, _)| *term != "Instance")
                            .map(|(term, value)| {
                                view! {
                                    <dt>{term}</dt>
                                    <dd>{value}</dd>
                                }
                            })
                            .collect_view()}
                    </dl>
                    {words.warning.map(|w| view! { <p class="notice notice--warn">{w}</p> })}
                    <h3>"Its last runs"</h3>
                    {runs_view(runs, &instance, policy)}
                </section>
            }
            .into_any(),
        })
    };
    view! {
        {summary}
        {finder}
    }
}

fn runs_view(runs: Vec<Execution>, instance: &str, policy: PolicyId) -> AnyView {
    if runs.is_empty() {
        return view! {
            <p class="field__hint" data-testid="no-runs">
                "This policy has not run yet."
            </p>
        }
        .into_any();
    }
    let now = now_ms();
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="recent-runs">
                <thead>
                    <tr>
                        <th scope="col">"Execution"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Tasks"</th>
                        <th scope="col">"Started"</th>
                        <th scope="col">"Duration"</th>
                    </tr>
                </thead>
                <tbody>
                    {runs
                        .into_iter()
                        .map(|e| {
                            let href = tasks_href(instance, ExecutionId(e.id), Some(policy), Page::default());
                            let end = if e.is_finished() { e.updated_at.as_str() } else { "" };
                            let duration = duration_text(&e.created_at, end, now).unwrap_or_default();
                            view! {
                                <tr data-testid="recent-run">
                                    <td>
                                        <a href=href>{format!("Execution {}", e.id)}</a>
                                    </td>
                                    <td>
                                        <StatusBadge status=e.status.clone() text=e.display_status() />
                                    </td>
                                    <td>{e.progress_text()}</td>
                                    <td>{time_text(&e.created_at)}</td>
                                    <td>{duration}</td>
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
