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
                {move || groups.get().into_iter().map(|g| view! { <Group group=g only /> }).collect_view()}
            </ul>
            <div class="actions">
                <button type="button" class="button button--secondary" data-testid="copy-summary" on:click=copy.clone()>
                    "Copy summary for support"
                </button>
                <span role="status" data-testid="copy-summary-status">
                    {move || match copied.get() {
                        None => ().into_any(),
                        Some(Ok(())) => "Copied: paste it into your support ticket.".into_any(),
                        Some(Err(text)) => view! {
                            "The browser did not allow copying: select the summary below."
                            <pre tabindex="0" aria-label="Support summary">{text}</pre>
                        }
                        .into_any(),
                    }}
                </span>
            </div>
        </Show>
    }
}

#[component]
fn Group(group: FailureGroup, only: RwSignal<Option<Vec<i64>>>) -> impl IntoView {
    let n = group.task_ids.len();
    let ids = group.task_ids.clone();
    let chosen = {
        let ids = ids.clone();
        Memo::new(move |_| only.with(|o| o.as_ref() == Some(&ids)))
    };
    view! {
        <li data-testid="failure-group">
            <strong>{format!("{n} task{}", if n == 1 { "" } else { "s" })}</strong>
            ": "
            <span data-testid="failure-cause">{group.text}</span>
            {group.cause.map(|c| view! { <p class="field__hint">{c.advice()}</p> })}
            <details>
                <summary>"One of them in full"</summary>
                <p>
                    <code>{group.example}</code>
                </p>
            </details>
            <button
                type="button"
                class="button button--secondary"
                data-testid="show-group"
                aria-pressed=move || chosen.get().to_string()
                on:click=move |_| {
                    let again = only.with_untracked(|o| o.as_ref() == Some(&ids));
                    only.set(if again { None } else { Some(ids.clone()) });
                }
            >
                {move || if chosen.get() { "Show all tasks" } else { "Show these tasks" }}
            </button>
        </li>
    }
}
