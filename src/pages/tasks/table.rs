//! The task table's rows: a summary per task, its tags and resources only
//! when expanded.

use std::collections::HashSet;

use ferry_api::resource::Resource;
use ferry_api::swr_ee::RunStatus;
use ferry_api::swr_ee_models::TaskDetail;
use ferry_api::task_rows::{duration_text, end_time_text, time_text, TaskRow};
use leptos::prelude::*;

use super::target::Target;
use crate::client::{swr, CallError};
use crate::components::error_panel::CallErrorPanel;
use crate::components::status_badge::StatusBadge;
use crate::state::AppState;

#[component]
pub fn TaskRowView(
    id: i64,
    tasks: RwSignal<Vec<TaskDetail>>,
    expanded: RwSignal<HashSet<i64>>,
    now: RwSignal<f64>,
    target: Target,
) -> impl IntoView {
    let task = Memo::new(move |_| tasks.with(|all| all.iter().find(|t| t.id == id).cloned()));
    let row = Memo::new(move |_| task.with(|t| t.as_ref().map(TaskRow::from_task)));
    let open = move || expanded.with(|e| e.contains(&id));
    let toggle = move |_| {
        expanded.update(|e| {
            if !e.remove(&id) {
                e.insert(id);
            }
        })
    };
    let cell = move |f: fn(&TaskRow) -> String| move || row.with(|r| r.as_ref().map(f).unwrap_or_default());
    let detail_id = format!("task-{id}-detail");
    let target = StoredValue::new(target);
    view! {
        <tbody data-testid="task-row" data-task=id.to_string()>
            <tr>
                <td>
                    <button
                        type="button"
                        class="button button--secondary expander"
                        aria-expanded=move || open().to_string()
                        aria-controls=detail_id.clone()
                        aria-label=format!("Details of task {id}")
                        on:click=toggle
                    >
                        {move || if open() { "−" } else { "+" }}
                    </button>
                </td>
                <td>{id}</td>
                <td>
                    {move || {
                        row
                            .with(|r| {
                                r
                                    .as_ref()
                                    .map(|r| {
                                        view! {
                                            <StatusBadge
                                                status=r.status.clone()
                                                text=r.run_status().label()
                                            />
                                        }
                                    })
                            })
                    }}
                </td>
                <td class="tasks__repos" data-testid="task-repos">
                    {cell(|r| format!("{} → {}", r.source, r.destination))}
                </td>
                <td class="tasks__artifacts">
                    {move || task.with(|t| t.as_ref().map(|t| artifacts(&Resource::parse(&t.src_resource))))}
                </td>
                <td>{cell(|r| r.operation.clone())}</td>
                <td>{cell(|r| time_text(&r.start_time))}</td>
                <td>{cell(|r| end_time_text(&r.end_time))}</td>
                <td>
                    {move || {
                        row
                            .with(|r| {
                                r
                                    .as_ref()
                                    .and_then(|r| {
                                        let now = now.get();
                                        duration_text(&r.start_time, &r.end_time, now)
                                    })
                                    .unwrap_or_else(|| "–".into())
                            })
                    }}
                </td>
            </tr>
            <Show when=open>
                <tr class="tasks__detail" id=detail_id.clone()>
                    <td colspan="9">
                        {move || {
                            task.get().map(|t| view! { <TaskDetailView task=t target=target.get_value() /> })
                        }}
                    </td>
                </tr>
            </Show>
        </tbody>
    }
}

fn artifacts(resource: &Resource) -> AnyView {
    match resource {
        Resource::Raw(raw) => view! {
            <code class="raw-resource" data-testid="raw-resource">
                {raw.clone()}
            </code>
        }
        .into_any(),
        Resource::Parsed { artifacts, .. } => view! {
            <ul class="artifacts">
                {artifacts
                    .iter()
                    .map(|a| {
                        view! {
                            <li>
                                <code title=a.digest.clone()>{a.short_digest()}</code>
                                " "
                                {a.tags.join(", ")}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any(),
    }
}

#[component]
fn TaskDetailView(task: TaskDetail, target: Target) -> impl IntoView {
    let state = AppState::expect();
    let src = Resource::parse(&task.src_resource);
    let dst = Resource::parse(&task.dst_resource);
    let differences = src.differences(&dst);
    let task_id = task.id;
    let subtasks = LocalResource::new(move || {
        let target = target.clone();
        async move {
            let (settings, caller) = state.caller(true)?;
            Ok::<_, CallError>(swr::all_subtasks(&caller, &target.at(settings.scope()), task_id, None).await?)
        }
    });
    view! {
        <div class="task-detail" data-testid="task-detail">
            <h3>"Images (tags) of this task"</h3>
            // Not in a <Suspense>: the list is loaded once, and reading it
            // directly needs none of Suspense's code (docs/benchmarks.md).
            {move || match subtasks.get() {
                None => view! { <p class="field__hint">"Loading the task's tags…"</p> }.into_any(),
                Some(Err(error)) => view! { <CallErrorPanel error /> }.into_any(),
                Some(Ok(list)) => {
                    view! {
                        <table class="table" data-testid="subtasks">
                            <thead>
                                <tr>
                                    <th scope="col">"Tag"</th>
                                    <th scope="col">"Status"</th>
                                    <th scope="col">"Digest"</th>
                                    <th scope="col">"Reason"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {list
                                    .into_iter()
                                    .map(|s| {
                                        view! {
                                            <tr>
                                                <td>
                                                    {format!("{}/{}:{}", s.namespace, s.repository, s.tag)}
                                                </td>
                                                <td>
                                                    <StatusBadge
                                                        status=s.status.clone()
                                                        text=RunStatus::parse(&s.status).label()
                                                    />
                                                </td>
                                                <td>
                                                    <code>{s.digest.clone()}</code>
                                                </td>
                                                <td class="reason" data-testid="subtask-reason">
                                                    {s.status_text.clone()}
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                        .into_any()
                }
            }}
            {(!differences.is_empty())
                .then(|| {
                    view! {
                        <p data-testid="differences">
                            "Differs between source and destination: "
                            <strong>{differences.join(", ")}</strong>
                        </p>
                    }
                })}
            // The raw resources are for support: behind a toggle. Each block
            // scrolls, so it takes focus and has a name (keyboard scrolling).
            <details class="raw">
                <summary>"Show raw source and destination"</summary>
                <div class="side-by-side">
                    <section>
                        <h4 id=format!("src-{task_id}")>"Source"</h4>
                        <pre tabindex="0" aria-labelledby=format!("src-{task_id}")>{src.pretty()}</pre>
                    </section>
                    <section>
                        <h4 id=format!("dst-{task_id}")>"Destination"</h4>
                        <pre tabindex="0" aria-labelledby=format!("dst-{task_id}")>{dst.pretty()}</pre>
                    </section>
                </div>
            </details>
            <p class="field__hint">
                {format!("Harbor job {} · status revision {}", task.job_id, task.status_revision)}
            </p>
        </div>
    }
}
