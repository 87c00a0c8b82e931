//! Replication task viewer: the tasks (images) of one execution, paged the
//! way the API demands, deep-linkable, refreshing itself while it runs.
//!
//! `/executions/{instance}/{execution}/tasks?limit=20&offset=40[&policy=12]`

use std::cell::Cell;
use std::collections::HashSet;
use std::rc::Rc;

use ferry_api::paging::{page_count, Page, PAGE_SIZES};
use ferry_api::resource::Resource;
use ferry_api::swr_ee::{self, Execution, RunStatus};
use ferry_api::swr_ee_models::{SubtaskList, TaskDetail, TaskList};
use ferry_api::task_rows::{duration_text, end_time_text, time_text, TaskRow};
use ferry_api::{validate, ApiError};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::client::send;
use crate::components::error_panel::ErrorPanel;
use crate::components::page_title::set_page_title;
use crate::components::status_badge::StatusBadge;
use crate::jobs::now_ms;
use crate::pages::all_tasks::AllTasks;
use crate::poll::{use_pausable_poll, PollStatus};
use crate::state::AppState;

/// What the viewer looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub instance_id: String,
    pub execution_id: i64,
    pub policy_id: Option<i64>,
}

impl Target {
    pub fn href(&self, page: Page) -> String {
        let policy = self.policy_id.map(|p| format!("&policy={p}")).unwrap_or_default();
        format!("/executions/{}/{}/tasks?limit={}&offset={}{policy}", self.instance_id, self.execution_id, page.limit, page.offset)
    }
}

/// One poll: the execution (when found) and the current page of tasks.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub execution: Option<Execution>,
    pub tasks: TaskList,
}

impl Snapshot {
    fn is_terminal(&self) -> bool {
        let execution_done = self.execution.as_ref().is_none_or(Execution::is_finished);
        execution_done && self.tasks.tasks.iter().all(|t| RunStatus::parse(&t.status).is_terminal())
    }

    fn key(&self) -> String {
        let e = self.execution.as_ref().map(|e| format!("{}{}{}{}", e.status, e.succeed, e.failed, e.in_progress)).unwrap_or_default();
        let t: String = self.tasks.tasks.iter().map(|t| format!("{}:{};", t.id, t.status)).collect();
        format!("{e}|{}|{t}", self.tasks.total)
    }
}

#[component]
pub fn TaskViewerPage() -> impl IntoView {
    set_page_title("Tasks");
    let params = use_params_map();
    let query = use_query_map();
    let navigate = use_navigate();

    let target = Memo::new(move |_| {
        let p = params.read();
        let q = query.read();
        let instance = validate::instance_id(&p.get("instance").unwrap_or_default());
        let execution = p.get("execution").and_then(|e| e.trim().parse::<i64>().ok()).filter(|e| *e > 0);
        let policy_id = q.get("policy").and_then(|p| p.trim().parse::<i64>().ok()).filter(|p| *p > 0);
        match (instance, execution) {
            (Ok(instance_id), Some(execution_id)) => Ok(Target { instance_id, execution_id, policy_id }),
            (Err(e), _) => Err(format!("This link's {e}")),
            (_, None) => Err("This link's execution ID is not a positive whole number.".to_string()),
        }
    });
    let paging = Memo::new(move |_| {
        let q = query.read();
        Page::from_link(q.get("limit").as_deref(), q.get("offset").as_deref())
    });
    // A bad link lands on the nearest valid view: fix the URL, keep the notice.
    let notice = RwSignal::new(None::<String>);
    {
        let navigate = navigate.clone();
        Effect::new(move || {
            if let (Ok(t), (page, Some(text))) = (target.get(), paging.get()) {
                notice.set(Some(text));
                navigate(&t.href(page), NavigateOptions { replace: true, ..Default::default() });
            }
        });
    }
    let go = move |page: Page| {
        if let Ok(t) = target.get_untracked() {
            notice.set(None);
            navigate(&t.href(page), NavigateOptions::default());
        }
    };
    let go = Callback::new(go);

    view! {
        <h1>"Replication tasks"</h1>
        {move || notice.get().map(|n| view! { <p class="notice notice--warn" role="status" data-testid="link-notice">{n}</p> })}
        {move || match target.get() {
            Err(why) => view! {
                <p class="notice notice--warn" role="alert" data-testid="link-notice">{why} " Choose the execution again below."</p>
                <crate::pages::task_finder::TaskFinder/>
            }.into_any(),
            Ok(t) => {
                let page = paging.get().0;
                view! { <ExecutionTasks target=t page go/> }.into_any()
            }
        }}
    }
}

#[component]
fn ExecutionTasks(target: Target, page: Page, go: Callback<Page>) -> impl IntoView {
    let state = AppState::expect();
    let paused = RwSignal::new(false);
    let fetch_target = target.clone();
    // The executions page where this execution was last found.
    let hint = Rc::new(Cell::new(0));
    let poll = use_pausable_poll(
        move || fetch_snapshot(state, fetch_target.clone(), page, hint.clone()),
        Snapshot::is_terminal,
        Snapshot::key,
        paused.into(),
    );
    let tasks = RwSignal::new(Vec::<TaskDetail>::new());
    let unreadable = RwSignal::new(Vec::new());
    let total = RwSignal::new(None::<u32>);
    let updated_at = RwSignal::new(None::<f64>);
    let expanded = RwSignal::new(HashSet::<i64>::new());
    Effect::new(move || {
        if let Some(snapshot) = poll.latest.get() {
            let n = u32::try_from(snapshot.tasks.total).unwrap_or(0);
            total.set(Some(n));
            unreadable.set(snapshot.tasks.tasks.unreadable);
            tasks.set(snapshot.tasks.tasks.items);
            updated_at.set(Some(now_ms()));
            // Past the end (e.g. a shared link to a page that no longer exists).
            let clamped = page.clamp(n);
            if clamped != page {
                go.run(clamped);
            }
        }
    });
    let now = RwSignal::new(now_ms());
    if let Ok(handle) = set_interval_with_handle(move || { let _ = now.try_set(now_ms()); }, std::time::Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }
    let execution = Signal::derive(move || poll.latest.with(|s| s.as_ref().and_then(|s| s.execution.clone())));
    let live = move || !matches!(poll.status.get(), PollStatus::Finished | PollStatus::Failed(_));
    let ids = move || tasks.with(|t| t.iter().map(|t| t.id).collect::<Vec<_>>());
    let target_for_header = target.clone();
    let target_for_rows = target.clone();
    let target_for_all = target.clone();

    view! {
        <ExecutionHeader target=target_for_header execution/>
        <div class="live-bar" data-testid="live-bar">
            <span role="status" aria-live="polite" data-testid="live-status">
                {move || match (poll.status.get(), updated_at.get()) {
                    (PollStatus::Finished, _) => "Everything on this page has finished; no more refreshing.".to_string(),
                    (PollStatus::TokenRejected, _) => "Your token was rejected. Enter a new one in Settings; refreshing resumes by itself.".to_string(),
                    (PollStatus::Retrying { attempt, last_error }, _) => format!("Retrying ({attempt}) – last error: {last_error}"),
                    (_, None) => "Loading…".to_string(),
                    (_, Some(at)) if paused.get() => format!("Paused. Updated {} s ago.", ((now.get() - at) / 1000.0).max(0.0) as u64),
                    (_, Some(at)) => format!("Live: updated {} s ago.", ((now.get() - at) / 1000.0).max(0.0) as u64),
                }}
            </span>
            <Show when=live>
                <button type="button" class="button button--secondary" data-testid="pause" aria-pressed=move || paused.get().to_string()
                    on:click=move |_| paused.update(|p| *p = !*p)>
                    {move || if paused.get() { "Resume refreshing" } else { "Pause refreshing" }}
                </button>
            </Show>
        </div>
        {move || match poll.status.get() { PollStatus::Failed(error) => Some(view! { <ErrorPanel error/> }), _ => None }}
        <crate::components::unreadable::UnreadableItems items=unreadable what="tasks on this page"/>
        <Pager page total=total go/>
        <div class="table-wrap">
            <table class="table tasks" data-testid="tasks-table">
                <caption class="visually-hidden">"Tasks of this execution"</caption>
                <thead><tr>
                    <th scope="col"><span class="visually-hidden">"Details"</span></th>
                    <th scope="col">"Task"</th><th scope="col">"Status"</th><th scope="col">"Source → destination"</th>
                    <th scope="col">"Artifacts"</th><th scope="col">"Operation"</th><th scope="col">"Started"</th>
                    <th scope="col">"Ended"</th><th scope="col">"Duration"</th>
                </tr></thead>
                <For each=ids key=|id| *id let:id>
                    <TaskRowView id tasks expanded now target=target_for_rows.clone()/>
                </For>
            </table>
        </div>
        <Show when=move || total.get() == Some(0)>
            <p class="notice" data-testid="no-tasks">"This execution has no tasks: its policy matched no images."</p>
        </Show>
        <Pager page total=total go/>
        <AllTasks target=target_for_all total/>
    }
}

async fn fetch_snapshot(state: AppState, target: Target, page: Page, hint: Rc<Cell<u32>>) -> Result<Snapshot, ApiError> {
    let (settings, caller) = state
        .caller_or_401(true)?;
    let tasks_call = swr_ee::list_tasks(&settings.region, &settings.project_id, &target.instance_id, target.execution_id, page);
    let tasks: TaskList = send(&caller, &tasks_call).await?.json()?;
    // No "show execution" API: find it on whichever page it is.
    let at = crate::api::swr::Where { region: &settings.region, project_id: &settings.project_id, instance_id: &target.instance_id };
    let execution = crate::api::swr::find_execution(&caller, at, target.policy_id, target.execution_id, &hint).await.ok();
    Ok(Snapshot { execution, tasks })
}

#[component]
fn ExecutionHeader(target: Target, execution: Signal<Option<Execution>>) -> impl IntoView {
    let state = AppState::expect();
    let confirming = RwSignal::new(false);
    let stop_target = target.clone();
    let stop = Action::new_local(move |_: &()| {
        let target = stop_target.clone();
        async move {
            let (settings, caller) = state
                .caller_or_401(true)?;
            let call = swr_ee::stop_execution(&settings.region, &settings.project_id, &target.instance_id, target.execution_id);
            let raw = send(&caller, &call).await?;
            raw.no_content()
        }
    });
    let running = move || execution.with(|e| e.as_ref().is_some_and(|e| !e.is_finished()));
    view! {
        <section class="panel execution" aria-labelledby="execution-heading" data-testid="execution-header">
            <h2 id="execution-heading">{format!("Execution {} on instance {}", target.execution_id, target.instance_id)}</h2>
            {move || match execution.get() {
                None => view! { <p class="field__hint">"Looking for this execution's status…"</p> }.into_any(),
                Some(e) => {
                    let rate = (e.total > 0).then(|| format!("{:.0}%", e.succeed as f64 * 100.0 / e.total as f64));
                    view! {
                        <p class="execution__status">
                            <StatusBadge status=e.status.clone() text=e.display_status()/>
                            <span data-testid="execution-progress">{e.progress_text()}</span>
                        </p>
                        <dl class="facts">
                            <dt>"Success rate"</dt><dd>{rate.unwrap_or_else(|| "–".into())}</dd>
                            <dt>"Trigger"</dt><dd>{e.trigger.clone()}</dd>
                            <dt>"Created"</dt><dd>{time_text(&e.created_at)}</dd>
                            <dt>"Updated"</dt><dd>{time_text(&e.updated_at)}</dd>
                            <dt>"Policy"</dt><dd>{e.policy_id}</dd>
                        </dl>
                        {(!e.status_text.trim().is_empty()).then(|| view! {
                            <p class="notice notice--warn" data-testid="execution-status-text">{e.status_text.clone()}</p>
                        })}
                    }.into_any()
                }
            }}
            <Show when=running>
                <div class="actions">
                    <button type="button" class="button button--secondary" data-testid="stop-execution"
                        disabled=move || stop.pending().get() on:click=move |_| confirming.set(true)>"Stop execution"</button>
                </div>
            </Show>
            <Show when=move || confirming.get()>
                <div class="notice notice--warn" role="alertdialog" aria-labelledby="stop-title" data-testid="confirm-stop-box">
                    <p id="stop-title"><strong>"Stop this execution? Images not copied yet stay uncopied; copied ones are kept."</strong></p>
                    <div class="actions">
                        <button type="button" class="button" data-testid="confirm-stop"
                            on:click=move |_| { confirming.set(false); stop.dispatch(()); }>"Yes, stop it"</button>
                        <button type="button" class="button button--secondary" on:click=move |_| confirming.set(false)>"Cancel"</button>
                    </div>
                </div>
            </Show>
            {move || stop.value().get().map(|result| match result {
                Ok(()) => view! { <p class="outcome outcome--ok" role="status" data-testid="stopped">"Stop requested. The status updates shortly."</p> }.into_any(),
                Err(error) => view! { <ErrorPanel error/> }.into_any(),
            })}
        </section>
    }
}

#[component]
fn Pager(page: Page, #[prop(into)] total: Signal<Option<u32>>, go: Callback<Page>) -> impl IntoView {
    let jump = RwSignal::new(String::new());
    let n = move || total.get().unwrap_or(0);
    let pages = move || page_count(n(), page.limit);
    view! {
        <nav class="pager" aria-label="Task pages">
            <span data-testid="range">{move || page.range_text(n())}</span>
            <button type="button" class="button button--secondary" data-testid="first-page"
                disabled=move || !page.has_previous() on:click=move |_| go.run(page.first())>"First"</button>
            <button type="button" class="button button--secondary" data-testid="previous-page"
                disabled=move || !page.has_previous() on:click=move |_| go.run(page.previous())>"Previous"</button>
            <span>{move || format!("Page {} of {}", page.number(), pages())}</span>
            <button type="button" class="button button--secondary" data-testid="next-page"
                disabled=move || !page.has_next(n()) on:click=move |_| go.run(page.next(n()))>"Next"</button>
            <button type="button" class="button button--secondary" data-testid="last-page"
                disabled=move || !page.has_next(n()) on:click=move |_| go.run(page.last(n()))>"Last"</button>
            <label>
                "Per page "
                <select data-testid="page-size" prop:value=page.limit.to_string()
                    on:change:target=move |ev| {
                        if let Ok(limit) = ev.target().value().parse::<u32>() { go.run(page.resize(limit)); }
                    }>
                    {PAGE_SIZES.iter().map(|s| view! { <option value=s.to_string()>{*s}</option> }).collect_view()}
                </select>
            </label>
            <form class="pager__jump" on:submit=move |ev| {
                ev.prevent_default();
                if let Ok(p) = jump.get_untracked().trim().parse::<u32>() { go.run(page.go_to(p, n())); }
            }>
                <label>"Go to page " <input type="number" min="1" inputmode="numeric" data-testid="jump-page"
                    prop:value=move || jump.get() on:input:target=move |ev| jump.set(ev.target().value())/></label>
                <button type="submit" class="button button--secondary">"Go"</button>
            </form>
        </nav>
    }
}

#[component]
fn TaskRowView(
    id: i64,
    tasks: RwSignal<Vec<TaskDetail>>,
    expanded: RwSignal<HashSet<i64>>,
    now: RwSignal<f64>,
    target: Target,
) -> impl IntoView {
    let task = Memo::new(move |_| tasks.with(|all| all.iter().find(|t| t.id == id).cloned()));
    let row = Memo::new(move |_| task.with(|t| t.as_ref().map(TaskRow::from_task)));
    let open = move || expanded.with(|e| e.contains(&id));
    let toggle = move |_| expanded.update(|e| if !e.remove(&id) { e.insert(id); });
    let cell = move |f: fn(&TaskRow) -> String| move || row.with(|r| r.as_ref().map(f).unwrap_or_default());
    let detail_id = format!("task-{id}-detail");
    let target = StoredValue::new(target);
    view! {
        <tbody data-testid="task-row" data-task=id.to_string()>
            <tr>
                <td><button type="button" class="button button--secondary expander" aria-expanded=move || open().to_string()
                    aria-controls=detail_id.clone() aria-label=format!("Details of task {id}") on:click=toggle>
                    {move || if open() { "−" } else { "+" }}</button></td>
                <td>{id}</td>
                <td>{move || row.with(|r| r.as_ref().map(|r| view! { <StatusBadge status=r.status.clone() text=r.run_status().label()/> }))}</td>
                <td class="tasks__repos" data-testid="task-repos">{cell(|r| format!("{} → {}", r.source, r.destination))}</td>
                <td class="tasks__artifacts">{move || task.with(|t| t.as_ref().map(|t| artifacts(&Resource::parse(&t.src_resource))))}</td>
                <td>{cell(|r| r.operation.clone())}</td>
                <td>{cell(|r| time_text(&r.start_time))}</td>
                <td>{cell(|r| end_time_text(&r.end_time))}</td>
                <td>{move || row.with(|r| r.as_ref().and_then(|r| {
                    let now = now.get();
                    duration_text(&r.start_time, &r.end_time, now)
                }).unwrap_or_else(|| "–".into()))}</td>
            </tr>
            <Show when=open>
                <tr class="tasks__detail" id=detail_id.clone()>
                    <td colspan="9">
                        {move || task.get().map(|t| view! { <TaskDetailView task=t target=target.get_value()/> })}
                    </td>
                </tr>
            </Show>
        </tbody>
    }
}

fn artifacts(resource: &Resource) -> AnyView {
    match resource {
        Resource::Raw(raw) => view! { <code class="raw-resource" data-testid="raw-resource">{raw.clone()}</code> }.into_any(),
        Resource::Parsed { artifacts, .. } => view! {
            <ul class="artifacts">
                {artifacts.iter().map(|a| view! {
                    <li><code title=a.digest.clone()>{a.short_digest()}</code>" "{a.tags.join(", ")}</li>
                }).collect_view()}
            </ul>
        }.into_any(),
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
            let (settings, caller) = state.caller(true).map_err(|why| why.to_string())?;
            let at = crate::api::swr::Where { region: &settings.region, project_id: &settings.project_id, instance_id: &target.instance_id };
            crate::api::swr::all_subtasks(&caller, at, target.execution_id, task_id, None)
                .await
                .map(|subtasks| SubtaskList { total: subtasks.len() as i64, subtasks: subtasks.into_iter().collect() })
                .map_err(|e| e.to_string())
        }
    });
    view! {
        <div class="task-detail" data-testid="task-detail">
            <h3>"Images (tags) of this task"</h3>
            <Suspense fallback=|| view! { <p class="field__hint">"Loading the task's tags…"</p> }>
                {move || subtasks.get().map(|loaded| match loaded {
                    Err(why) => view! { <p class="notice notice--warn">{format!("Could not load the tags: {why}")}</p> }.into_any(),
                    Ok(list) => view! {
                        <table class="table" data-testid="subtasks">
                            <thead><tr><th scope="col">"Tag"</th><th scope="col">"Status"</th><th scope="col">"Digest"</th><th scope="col">"Reason"</th></tr></thead>
                            <tbody>
                                {list.subtasks.into_iter().map(|s| view! {
                                    <tr>
                                        <td>{format!("{}/{}:{}", s.namespace, s.repository, s.tag)}</td>
                                        <td><StatusBadge status=s.status.clone() text=RunStatus::parse(&s.status).label()/></td>
                                        <td><code>{s.digest.clone()}</code></td>
                                        <td class="reason" data-testid="subtask-reason">{s.status_text.clone()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                })}
            </Suspense>
            {(!differences.is_empty()).then(|| view! {
                <p data-testid="differences">"Differs between source and destination: " <strong>{differences.join(", ")}</strong></p>
            })}
            <div class="side-by-side">
                <section><h4>"Source"</h4><pre>{src.pretty()}</pre></section>
                <section><h4>"Destination"</h4><pre>{dst.pretty()}</pre></section>
            </div>
            <p class="field__hint">{format!("Harbor job {} · status revision {}", task.job_id, task.status_revision)}</p>
        </div>
    }
}
