//! A chosen policy in context, before it is run: what it does, in words
//! (source → destination, organization, filters, trigger, overwrite), and
//! how its last five runs went, each linking to its tasks. A run started
//! here appears at the top, and running ones update in place.

use ferry_api::paging::Page;
use ferry_api::swr_ee::Execution;
use ferry_api::task_rows::{duration_text, time_text};
use ferry_api::{validate, ExecutionId, PolicyId};
use leptos::prelude::*;

use ferry_api::confirm::Confirmation;

use crate::client::{swr, CallError};
use crate::components::error_panel::CallErrorPanel;
use crate::components::find_image::FindImage;
use crate::components::modal::Facts;
use crate::components::status_badge::StatusBadge;
use crate::jobs::now_ms;
use crate::routes::tasks_href;
use crate::state::AppState;

/// Runs shown.
const RECENT: usize = 5;
/// How often running executions are read again.
const REFRESH_SECONDS: u64 = 10;
/// How long the policy read here stands in for the Execute confirmation's
/// own read: long enough for "choose, look, execute", short enough that an
/// edit of the policy meanwhile is read again.
const REUSE_MS: f64 = 60_000.0;

/// The policy in words as last read here.
#[derive(Debug, Clone)]
pub struct ReadPolicy {
    pub instance_id: String,
    pub policy_id: PolicyId,
    at_ms: f64,
    pub words: Confirmation,
}

impl ReadPolicy {
    /// The words, if they are of this instance and policy and recent: the
    /// confirmation then needs no second read of the policy and registries.
    pub fn fresh_for(
        read: Option<&ReadPolicy>,
        instance_id: &str,
        policy_id: PolicyId,
    ) -> Option<Confirmation> {
        read.filter(|r| {
            r.instance_id == instance_id && r.policy_id == policy_id && now_ms() - r.at_ms < REUSE_MS
        })
        .map(|r| r.words.clone())
    }
}

#[component]
pub fn PolicyContext(
    #[prop(into)] instance: Signal<String>,
    #[prop(into)] policy: Signal<String>,
    /// Bumped when a run was started here.
    #[prop(into)]
    refresh: Signal<u32>,
    /// Where the words read here are kept for the Execute confirmation.
    read: RwSignal<Option<ReadPolicy>>,
) -> impl IntoView {
    let state = AppState::expect();
    let tick = RwSignal::new(0u32);
    // The instance and policy typed, when both can be valid.
    let chosen = Memo::new(move |_| {
        let instance = validate::instance_id(&instance.get()).ok()?;
        Some((instance, policy.get().parse::<PolicyId>().ok()?))
    });
    // What the policy does: read once per policy, not on every refresh.
    let words = LocalResource::new(move || {
        let (chosen, ready) = (chosen.get(), state.token().is_some());
        async move {
            let (Some((instance_id, policy_id)), true) = (chosen, ready) else { return Ok(None) };
            let (settings, caller) = state.caller(true)?;
            let words = swr::policy_in_words(&caller, &settings.scope(), &instance_id, policy_id).await?;
            let at_ms = now_ms();
            let _ = read.try_set(Some(ReadPolicy { instance_id, policy_id, at_ms, words: words.clone() }));
            Ok::<_, CallError>(Some(words))
        }
    });
    // Its last runs: read again after a run started here and while any runs.
    let runs = LocalResource::new(move || {
        let (chosen, ready) = (chosen.get(), state.token().is_some());
        refresh.track();
        tick.track();
        async move {
            let (Some((instance_id, policy_id)), true) = (chosen, ready) else { return Ok(None) };
            let (settings, caller) = state.caller(true)?;
            let mut runs =
                swr::all_executions(&caller, &settings.scope(), &instance_id, Some(policy_id)).await?;
            runs.truncate(RECENT);
            Ok::<_, CallError>(Some(runs))
        }
    });
    if let Ok(handle) = set_interval_with_handle(
        move || {
            let running = runs.with_untracked(
                |r| matches!(r, Some(Ok(Some(runs))) if runs.iter().any(|e| !e.is_finished())),
            );
            if running {
                tick.update(|t| *t += 1);
            }
        },
        std::time::Duration::from_secs(REFRESH_SECONDS),
    ) {
        on_cleanup(move || handle.clear());
    }
    let words_view = move || {
        words.get().map(|loaded| match loaded {
            // A rejected token is said once, by the header and the form's
            // outcome, each with "Sign in again": not here as well.
            Ok(None) => ().into_any(),
            Err(error) if error.needs_sign_in() => ().into_any(),
            Err(error) => view! { <CallErrorPanel error /> }.into_any(),
            Ok(Some(words)) => view! {
                <h3 id="policy-context-heading">"What this policy does"</h3>
                // The instance is the one typed just above.
                <Facts
                    facts=words.facts.into_iter().filter(|(term, _)| *term != "Instance").collect()
                    testid="policy-facts"
                />
                {words.warning.map(|w| view! { <p class="notice notice--warn">{w}</p> })}
            }
            .into_any(),
        })
    };
    let runs_part = move || {
        let (instance, policy) = chosen.get()?;
        runs.get().map(|loaded| match loaded {
            Ok(None) => ().into_any(),
            Err(error) if error.needs_sign_in() => ().into_any(),
            Err(error) => view! {
                <p class="notice notice--warn">"Ferry could not read this policy's runs."</p>
                <CallErrorPanel error />
            }
            .into_any(),
            Ok(Some(runs)) => view! {
                <h3>"Its last runs"</h3>
                {runs_view(runs, &instance, policy)}
            }
            .into_any(),
        })
    };
    // Apart from the parts that reload: what is typed in the finder and its
    // answer stay while the runs refresh.
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
    view! {
        <Show when=move || chosen.with(Option::is_some) && state.has_token()>
            <section class="policy-context" aria-label="The chosen policy" data-testid="policy-context">
                {words_view}
                {runs_part}
            </section>
        </Show>
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
