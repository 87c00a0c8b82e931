//! Every task of an execution, not just one page: loaded page by page at
//! limit=100, one request at a time (the user's quota), with progress and a
//! cancel button; then filtered, searched, grouped and exported.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use ferry_api::failures;
use ferry_api::swr_ee::RunStatus;
use ferry_api::task_rows::{export_file_name, to_csv, to_json, TaskRow};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::failure_groups::FailureGroups;
use super::target::Target;
use crate::client::{swr, CallError};
use crate::components::error_panel::CallErrorPanel;
use crate::components::status_badge::StatusBadge;
use crate::state::AppState;

#[derive(Debug, Clone, PartialEq)]
enum Loading {
    Idle,
    Running { done: u32, of: u32, step: &'static str },
    Cancelled,
    Failed(CallError),
    Done,
}

/// Shown at most, so a search over 5,000 tasks stays responsive.
const SHOWN: usize = 200;

#[component]
pub fn AllTasks(
    target: Target,
    #[prop(into)] total: Signal<Option<u32>>,
    /// When the execution started, as shown (for the support summary).
    #[prop(into)]
    started: Signal<String>,
) -> impl IntoView {
    let state = AppState::expect();
    let execution_id = target.execution_id.0;
    let file_name = move |extension: &str| {
        let today = String::from(js_sys::Date::new_0().to_iso_string());
        export_file_name(execution_id, &today, extension)
    };
    let rows = RwSignal::new(Vec::<TaskRow>::new());
    let loading = RwSignal::new(Loading::Idle);
    let cancel = Arc::new(AtomicBool::new(false));
    let status_filter = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    // A failure group chosen: only its tasks.
    let only = RwSignal::new(None::<Vec<i64>>);
    let target_for_groups = target.clone();

    let load = {
        let cancel = cancel.clone();
        move |_| {
            if matches!(loading.get_untracked(), Loading::Running { .. }) {
                return;
            }
            cancel.store(false, Ordering::Relaxed);
            let (cancel, target) = (cancel.clone(), target.clone());
            leptos::task::spawn_local(async move {
                match load_all(state, &target, &cancel, loading, rows).await {
                    Ok(()) if cancel.load(Ordering::Relaxed) => {
                        let _ = loading.try_set(Loading::Cancelled);
                    }
                    Ok(()) => {
                        let _ = loading.try_set(Loading::Done);
                    }
                    Err(e) => {
                        let _ = loading.try_set(Loading::Failed(e));
                    }
                }
                // Cancel goes away with the work: focus follows to the result.
                request_animation_frame(|| crate::dom::reveal("load-status"));
            });
            // The button is disabled while loading: focus goes to Cancel.
            request_animation_frame(|| crate::dom::focus_element("cancel-load"));
        }
    };
    let stop = {
        let cancel = cancel.clone();
        move |_| cancel.store(true, Ordering::Relaxed)
    };
    let matching = Memo::new(move |_| {
        let status = match status_filter.get().as_str() {
            "" => None,
            s => Some(RunStatus::parse(s)),
        };
        let query = search.get();
        only.with(|only| {
            rows.with(|all| {
                all.iter()
                    .filter(|r| r.matches(status.as_ref(), &query))
                    .filter(|r| only.as_ref().is_none_or(|ids| ids.contains(&r.id)))
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    });
    let groups = Memo::new(move |_| rows.with(|all| failures::group(all)));

    view! {
        <section class="panel" aria-labelledby="all-heading" data-testid="all-tasks">
            <h2 id="all-heading">"All tasks: filter, search, export"</h2>
            <p class="field__hint">
                {move || {
                    format!(
                        "Loads all {} tasks, 100 per request, one request at a time, plus the failure reason of each failed task.",
                        total.get().map(|t| t.to_string()).unwrap_or_else(|| "the".into()),
                    )
                }}
            </p>
            <div class="actions">
                <button
                    type="button"
                    class="button"
                    data-testid="load-all"
                    on:click=load
                    disabled=move || matches!(loading.get(), Loading::Running { .. })
                >
                    "Load all tasks"
                </button>
                <Show when=move || matches!(loading.get(), Loading::Running { .. })>
                    <button
                        type="button"
                        class="button button--secondary"
                        id="cancel-load"
                        data-testid="cancel-load"
                        on:click=stop.clone()
                    >
                        "Cancel"
                    </button>
                </Show>
            </div>
            <div role="status" aria-live="polite" id="load-status" tabindex="-1" data-testid="load-status">
                {move || match loading.get() {
                    Loading::Idle => None,
                    Loading::Running { done, of, step } => {
                        Some(
                            view! {
                                <p>{format!("{step}: {done} of {of}")}</p>
                                <progress max=of.max(1) value=done aria-label="Loading progress"></progress>
                            }
                                .into_any(),
                        )
                    }
                    Loading::Cancelled => {
                        Some(
                            view! {
                                <p>{move || format!("Cancelled after {} tasks.", rows.with(Vec::len))}</p>
                            }
                                .into_any(),
                        )
                    }
                    Loading::Failed(error) => Some(view! { <CallErrorPanel error /> }.into_any()),
                    Loading::Done => {
                        Some(
                            view! {
                                <p data-testid="loaded">
                                    {move || format!("Loaded all {} tasks.", rows.with(Vec::len))}
                                </p>
                            }
                                .into_any(),
                        )
                    }
                }}
            </div>
            <Show when=move || !rows.with(Vec::is_empty)>
                <FailureGroups groups only rows target=target_for_groups.clone() started />
                <div class="filters">
                    <div class="field">
                        <label for="status-filter">"Status"</label>
                        <select
                            id="status-filter"
                            data-testid="status-filter"
                            prop:value=move || status_filter.get()
                            on:change:target=move |ev| status_filter.set(ev.target().value())
                        >
                            <option value="">"Any status"</option>
                            {["Succeed", "Failed", "InProgress", "Pending", "Stopped"]
                                .into_iter()
                                .map(|s| view! { <option value=s>{RunStatus::parse(s).label()}</option> })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="task-search">"Search"</label>
                        <input
                            id="task-search"
                            type="search"
                            data-testid="task-search"
                            aria-describedby="task-search-hint"
                            prop:value=move || search.get()
                            on:input:target=move |ev| search.set(ev.target().value())
                        />
                        <span class="field__hint" id="task-search-hint">
                            "Repository, tag or digest."
                        </span>
                    </div>
                </div>
                <p role="status" aria-live="polite" data-testid="match-count">
                    {move || {
                        let n = matching.with(Vec::len);
                        if n > SHOWN {
                            format!("{n} matching tasks; showing the first {SHOWN}. Export to see all.")
                        } else {
                            format!("{n} matching tasks.")
                        }
                    }}
                </p>
                <div class="actions">
                    <button
                        type="button"
                        class="button button--secondary"
                        data-testid="export-csv"
                        on:click=move |_| download(&file_name("csv"), "text/csv", &matching.with(|m| to_csv(m)))
                    >
                        "Export CSV"
                    </button>
                    <button
                        type="button"
                        class="button button--secondary"
                        data-testid="export-json"
                        on:click=move |_| download(
                            &file_name("json"),
                            "application/json",
                            &matching.with(|m| to_json(m)),
                        )
                    >
                        "Export JSON"
                    </button>
                </div>
                <div class="table-wrap" tabindex="0" role="region" aria-label="Matching tasks">
                    <table class="table" data-testid="matching-tasks">
                        <thead>
                            <tr>
                                <th scope="col">"Task"</th>
                                <th scope="col">"Status"</th>
                                <th scope="col">"Source → destination"</th>
                                <th scope="col">"Tags"</th>
                                <th scope="col">"Reason"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {move || {
                                matching
                                    .with(|m| {
                                        m
                                            .iter()
                                            .take(SHOWN)
                                            .map(|r| {
                                                view! {
                                                    <tr>
                                                        <td>{r.id}</td>
                                                        <td>
                                                            <StatusBadge
                                                                status=r.status.clone()
                                                                text=r.run_status().label()
                                                            />
                                                        </td>
                                                        <td>{format!("{} → {}", r.source, r.destination)}</td>
                                                        <td>{r.tags.join(", ")}</td>
                                                        <td>{r.reason.clone().unwrap_or_default()}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()
                                    })
                            }}
                        </tbody>
                    </table>
                </div>
            </Show>
        </section>
    }
}

async fn load_all(
    state: AppState,
    target: &Target,
    cancel: &AtomicBool,
    loading: RwSignal<Loading>,
    rows: RwSignal<Vec<TaskRow>>,
) -> Result<(), CallError> {
    let (settings, caller) = state.caller(true)?;
    let _ = rows.try_set(Vec::new());
    let all = swr::load_all_tasks(&caller, &target.at(settings.scope()), cancel, |p| {
        let _ = loading.try_set(Loading::Running { done: p.done, of: p.of, step: p.step });
    })
    .await?;
    let _ = rows.try_set(all);
    Ok(())
}

/// Save `text` as a file through a temporary object URL.
fn download(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let anchor = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(a) = anchor {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
