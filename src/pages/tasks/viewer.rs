//! The tasks of one execution, paged the way the API demands, deep-linkable,
//! refreshing themselves while it runs.
//!
//! `/executions/{instance}/{execution}/tasks?limit=20&offset=40[&policy=12]`

use std::cell::Cell;
use std::collections::HashSet;
use std::rc::Rc;

use ferry_api::paging::Page;
use ferry_api::swr_ee::{self, Execution, RunStatus};
use ferry_api::swr_ee_models::{TaskDetail, TaskList};
use ferry_api::{validate, ExecutionId, PolicyId};
use leptos::prelude::*;

use super::all_tasks::AllTasks;
use super::finder::TaskFinder;
use super::header::ExecutionHeader;
use super::pager::Pager;
use super::table::TaskRowView;
use super::target::Target;
use crate::client::{self, swr, CallError};
use crate::components::error_panel::CallErrorPanel;
use crate::dom::set_page_title;
use crate::jobs::now_ms;
use crate::poll::{use_pausable_poll, PollStatus};
use crate::routes::Route;
use crate::state::AppState;

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
        let e = self
            .execution
            .as_ref()
            .map(|e| format!("{}{}{}{}", e.status, e.succeed, e.failed, e.in_progress))
            .unwrap_or_default();
        let t: String = self.tasks.tasks.iter().map(|t| format!("{}:{};", t.id, t.status)).collect();
        format!("{e}|{}|{t}", self.tasks.total)
    }
}

#[component]
pub fn TaskViewerPage() -> impl IntoView {
    set_page_title("Tasks");
    let location = crate::nav::Location::expect();

    let target = Memo::new(move |_| {
        let (instance, execution) =
            location.path.with(|p| Route::parse(p)).and_then(|(_, params)| params).unwrap_or_default();
        // Every value read from the link is validated like a typed one.
        let instance = validate::instance_id(&instance);
        let execution = execution.parse::<ExecutionId>();
        let policy = location
            .param("policy")
            .filter(|p| !p.trim().is_empty())
            .map(|p| p.parse::<PolicyId>())
            .transpose();
        match (instance, execution, policy) {
            (Ok(instance_id), Ok(execution_id), Ok(policy_id)) => {
                Ok(Target { instance_id, execution_id, policy_id })
            }
            (Err(e), _, _) | (_, Err(e), _) => Err(format!("This link's {e}")),
            (_, _, Err(_)) => Err("This link's policy is not a positive whole number.".to_string()),
        }
    });
    let paging = Memo::new(move |_| {
        Page::from_link(location.param("limit").as_deref(), location.param("offset").as_deref())
    });
    // A bad link lands on the nearest valid view: fix the URL, keep the notice.
    let notice = RwSignal::new(None::<String>);
    Effect::new(move || {
        if let (Ok(t), (page, Some(text))) = (target.get(), paging.get()) {
            notice.set(Some(text));
            location.navigate(&t.href(page), true);
        }
    });
    // The control that moved the page, focused again on the new page (the
    // old one is gone with the old page).
    let refocus = StoredValue::new(None::<String>);
    let go = move |page: Page| {
        if let Ok(t) = target.get_untracked() {
            notice.set(None);
            refocus.set_value(crate::dom::active_id());
            location.navigate(&t.href(page), false);
        }
    };
    let go = Callback::new(go);

    view! {
        <h1>"Replication tasks"</h1>
        {move || {
            notice
                .get()
                .map(|n| {
                    view! {
                        <p class="notice notice--warn" role="status" data-testid="link-notice">
                            {n}
                        </p>
                    }
                })
        }}
        {move || match target.get() {
            Err(why) => {
                view! {
                    <p class="notice notice--warn" role="alert" data-testid="link-notice">
                        {why}
                        " Choose the execution again below."
                    </p>
                    <TaskFinder />
                }
                    .into_any()
            }
            Ok(t) => {
                let page = paging.get().0;
                if let Some(id) = refocus.try_update_value(Option::take).flatten() {
                    request_animation_frame(move || crate::dom::refocus(&id));
                }
                view! { <ExecutionTasks target=t page go /> }.into_any()
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
    let tasks = RwSignal::new(Vec::<TaskDetail>::new());
    let unreadable = RwSignal::new(Vec::new());
    let total = RwSignal::new(None::<u32>);
    let updated_at = RwSignal::new(None::<f64>);
    let expanded = RwSignal::new(HashSet::<i64>::new());
    let poll = use_pausable_poll(
        move || fetch_snapshot(state, fetch_target.clone(), page, hint.clone()),
        Snapshot::is_terminal,
        Snapshot::key,
        paused.into(),
        move |snapshot: &Snapshot| {
            let n = u32::try_from(snapshot.tasks.total).unwrap_or(0);
            total.set(Some(n));
            // Only changed rows re-render: the table is keyed by task ID and
            // each row reads its own task.
            unreadable.set(snapshot.tasks.tasks.unreadable.clone());
            tasks.set(snapshot.tasks.tasks.items.clone());
            updated_at.set(Some(now_ms()));
            // Past the end (e.g. a shared link to a page that no longer exists).
            let clamped = page.clamp(n);
            if clamped != page {
                go.run(clamped);
            }
        },
    );
    let now = RwSignal::new(now_ms());
    if let Ok(handle) = set_interval_with_handle(
        move || {
            let _ = now.try_set(now_ms());
        },
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    let execution =
        Signal::derive(move || poll.latest.with(|s| s.as_ref().and_then(|s| s.execution.clone())));
    let live = move || !matches!(poll.status.get(), PollStatus::Finished | PollStatus::Failed(_));
    let ids = move || tasks.with(|t| t.iter().map(|t| t.id).collect::<Vec<_>>());
    let target_for_header = target.clone();
    let target_for_rows = target.clone();
    let target_for_all = target.clone();
    let started = Signal::derive(move || {
        execution
            .with(|e| e.as_ref().map(|e| ferry_api::task_rows::time_text(&e.created_at)).unwrap_or_default())
    });
    // Nothing was ever read (e.g. a 404 for an unknown execution): show only
    // the error and the way back, not a page of empty parts still "loading".
    let dead =
        Memo::new(move |_| matches!(poll.status.get(), PollStatus::Failed(_)) && updated_at.get().is_none());

    view! {
        {move || match poll.status.get() {
            PollStatus::Failed(error) => {
                Some(
                    view! {
                        <CallErrorPanel error />
                        <Show when=move || dead.get()>
                            <p>
                                <a href=Route::Tasks.href() data-testid="back-to-finder">
                                    "Choose another execution"
                                </a>
                            </p>
                        </Show>
                    },
                )
            }
            _ => None,
        }}
        <div class="execution-view" hidden=move || dead.get()>
            <ExecutionHeader target=target_for_header execution />
            <div class="live-bar" data-testid="live-bar">
                <span role="status" aria-live="polite" data-testid="live-status">
                    {move || match (poll.status.get(), updated_at.get()) {
                        (PollStatus::Finished, _) => {
                            "Everything on this page has finished; no more refreshing.".to_string()
                        }
                        (PollStatus::TokenRejected, _) => {
                            "Your sign-in has expired. Sign in again: refreshing resumes by itself."
                                .to_string()
                        }
                        (PollStatus::Retrying { attempt, last_error }, _) => {
                            format!("Retrying ({attempt}) – last error: {last_error}")
                        }
                        (_, None) => "Loading…".to_string(),
                        (_, Some(at)) if paused.get() => {
                            format!("Paused. Updated {} s ago.", ((now.get() - at) / 1000.0).max(0.0) as u64)
                        }
                        (_, Some(at)) => {
                            format!("Live: updated {} s ago.", ((now.get() - at) / 1000.0).max(0.0) as u64)
                        }
                    }}
                </span>
                <Show when=live>
                    <button
                        type="button"
                        class="button button--secondary"
                        data-testid="pause"
                        aria-pressed=move || paused.get().to_string()
                        on:click=move |_| paused.update(|p| *p = !*p)
                    >
                        {move || if paused.get() { "Resume refreshing" } else { "Pause refreshing" }}
                    </button>
                </Show>
            </div>
            <crate::components::unreadable::UnreadableItems items=unreadable what="tasks on this page" />
            <Pager page total=total go place="top" />
            <div class="table-wrap">
                <table class="table tasks" data-testid="tasks-table">
                    <caption class="visually-hidden">"Tasks of this execution"</caption>
                    <thead>
                        <tr>
                            <th scope="col">
                                <span class="visually-hidden">"Details"</span>
                            </th>
                            <th scope="col">"Task"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Source → destination"</th>
                            <th scope="col">"Artifacts"</th>
                            <th scope="col">"Operation"</th>
                            <th scope="col">"Started"</th>
                            <th scope="col">"Ended"</th>
                            <th scope="col">"Duration"</th>
                        </tr>
                    </thead>
                    <For each=ids key=|id| *id let:id>
                        <TaskRowView id tasks expanded now target=target_for_rows.clone() />
                    </For>
                </table>
            </div>
            <Show when=move || total.get() == Some(0)>
                <p class="notice" data-testid="no-tasks">
                    "This execution has no tasks: its policy matched no images."
                </p>
            </Show>
            <Pager page total=total go place="bottom" />
            <AllTasks target=target_for_all total started />
        </div>
    }
}

async fn fetch_snapshot(
    state: AppState,
    target: Target,
    page: Page,
    hint: Rc<Cell<u32>>,
) -> Result<Snapshot, CallError> {
    let (settings, caller) = state.caller(true)?;
    let execution = target.at(settings.scope());
    let tasks: TaskList = client::json(&caller, &swr_ee::list_tasks(&execution, page)).await?;
    // No "show execution" API: find it on whichever page it is.
    let found = swr::find_execution(&caller, &execution, &hint).await.ok();
    Ok(Snapshot { execution: found, tasks })
}
