//! "Why tasks failed": the failed tasks grouped by cause, largest first, each
//! explained with who can fix it; a group filters the table to its tasks,
//! and the whole can be copied as plain text for a support ticket.

use ferry_api::failures::{support_summary, FailureGroup, SummaryOf};
use ferry_api::task_rows::TaskRow;
use leptos::prelude::*;

use super::target::Target;

#[component]
pub fn FailureGroups(
    groups: Memo<Vec<FailureGroup>>,
    /// The task IDs the table is narrowed to, if a group was chosen.
    only: RwSignal<Option<Vec<i64>>>,
    rows: RwSignal<Vec<TaskRow>>,
    target: Target,
    /// When the execution started, as shown.
    #[prop(into)]
    started: Signal<String>,
) -> impl IntoView {
    let copied = RwSignal::new(None::<Result<(), String>>);
    let copy = move |_| {
        let target = target.clone();
        let request_ids = crate::client::http::failed_request_ids();
        let started = started.get_untracked();
        let text = rows.with_untracked(|rows| {
            support_summary(
                &SummaryOf {
                    instance_id: &target.instance_id,
                    policy_id: target.policy_id.map(|p| i64::from(p.0)),
                    execution_id: target.execution_id.0,
                    started: &started,
                    request_ids: &request_ids,
                },
                rows,
            )
        });
        leptos::task::spawn_local(async move {
            let done = crate::dom::copy_text(&text).await;
            copied.set(Some(if done { Ok(()) } else { Err(text) }));
        });
    };
    view! {
        <Show when=move || !groups.with(Vec::is_empty)>
            <h3>"Why tasks failed"</h3>
            <ul class="failure-groups" data-testid="failure-groups">
                {move || {
                    only.with(|only_ids| {
                        groups
                            .with(|gs| {
                                gs.iter()
                                    .enumerate()
                                    .map(|(i, g)| group_view(
                                        i,
                                        g,
                                        only_ids.as_ref() == Some(&g.task_ids),
                                        only,
                                    ))
                                    .collect_view()
                            })
                    })
                }}
            </ul>
            <div class="actions">
                <button
                    type="button"
                    class="button button--secondary"
                    data-testid="copy-summary"
                    on:click=copy.clone()
                >
                    "Copy summary for support"
                </button>
                <span role="status" data-testid="copy-summary-status">
                    {move || match copied.get() {
                        None => ().into_any(),
                        Some(Ok(())) => "Copied: paste it into your support ticket.".into_any(),
                        Some(Err(text)) => {
                            view! {
                                "The browser did not allow copying: select the summary below."
                                <pre tabindex="0" aria-label="Support summary">
                                    {text}
                                </pre>
                            }
                                .into_any()
                        }
                    }}
                </span>
            </div>
        </Show>
    }
}

/// One group, drawn whole: the list is redrawn when a group is chosen
/// (a handful of items), which costs less than a reactive part per item.
fn group_view(
    index: usize,
    group: &FailureGroup,
    chosen: bool,
    only: RwSignal<Option<Vec<i64>>>,
) -> impl IntoView {
    let n = group.task_ids.len();
    let ids = group.task_ids.clone();
    // Redrawn on click: focus returns to the same group's button.
    let id = format!("failure-group-{index}");
    let refocus = id.clone();
    view! {
        <li data-testid="failure-group">
            <strong>{format!("{n} task{}", if n == 1 { "" } else { "s" })}</strong>
            ": "
            <span data-testid="failure-cause">{group.text.clone()}</span>
            {group.cause.map(|c| view! { <p class="field__hint">{c.advice()}</p> })}
            <details>
                <summary>"One of them in full"</summary>
                <p>
                    <code>{group.example.clone()}</code>
                </p>
            </details>
            <button
                type="button"
                class="button button--secondary"
                id=id
                data-testid="show-group"
                aria-pressed=if chosen { "true" } else { "false" }
                on:click=move |_| {
                    only.set(if chosen { None } else { Some(ids.clone()) });
                    let refocus = refocus.clone();
                    request_animation_frame(move || crate::dom::focus_element(&refocus));
                }
            >
                {if chosen { "Show all tasks" } else { "Show these tasks" }}
            </button>
        </li>
    }
}
