//! Operation 4: create an SWR automatic image sync task to another region.
//! A `/` in the repository is sent as `$`, as the API demands.

use ferry_api::confirm::{self, Confirmation};
use ferry_api::swr_classic::{self, encode_repository, RegionInfo, SyncRepo, SyncRepoInput};
use ferry_api::task_rows::time_text;
use ferry_api::{ApiError, RawResponse, Scope};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::client::{self, send, CallError};
use crate::components::choice::Checkbox;
use crate::components::error_panel::ErrorPanel;
use crate::components::field::TextField;
use crate::components::modal::ConfirmDialog;
use crate::components::operation_page::OperationPage;
use crate::components::outcome::{Blocked, RawDetails, SubmitButton};
use crate::components::repo_picker::RepoPicker;
use crate::dom::reveal;
use crate::form_errors::FormErrors;
use crate::sending::Sending;
use crate::state::AppState;

#[derive(Clone, Copy)]
struct Form {
    namespace: RwSignal<String>,
    repository: RwSignal<String>,
    target_region: RwSignal<String>,
    target_namespace: RwSignal<String>,
    sync_auto: RwSignal<bool>,
    override_existing: RwSignal<bool>,
}

impl Form {
    /// What is typed, for `ferry-api` to check and build.
    fn input(&self) -> SyncRepoInput {
        SyncRepoInput {
            namespace: self.namespace.get(),
            repository: self.repository.get(),
            target_region: self.target_region.get(),
            target_namespace: self.target_namespace.get(),
            sync_auto: self.sync_auto.get(),
            override_existing: self.override_existing.get(),
        }
    }
}

#[derive(Debug, Clone)]
struct Created {
    raw: RawResponse,
    tasks: Result<Vec<SyncRepo>, ApiError>,
}

#[component]
pub fn AutoSyncPage() -> impl IntoView {
    let state = AppState::expect();
    let form = Form {
        namespace: RwSignal::new(String::new()),
        repository: RwSignal::new(String::new()),
        target_region: RwSignal::new(String::new()),
        target_namespace: RwSignal::new(String::new()),
        sync_auto: RwSignal::new(true),
        override_existing: RwSignal::new(false),
    };
    let errors = FormErrors::new();
    let blocked = RwSignal::new(None::<crate::client::NotReady>);
    let ask = RwSignal::new(None::<Confirmation>);
    let preview = Signal::derive(move || {
        let (region, project) = state.preview_scope();
        form.input().build(&Scope::new(region, project)).ok()
    });

    // Target regions offered by SWR; on failure the field becomes free text.
    let regions = LocalResource::new(move || {
        let region = state.settings.with(|s| s.region.clone());
        // Tracked so that entering a token loads the list.
        let _token = state.token();
        async move {
            let (_, caller) = state.caller(false)?;
            let list: Vec<RegionInfo> = client::json(&caller, &swr_classic::list_regions(&region)).await?;
            Ok::<_, CallError>(
                list.into_iter().map(|r| r.region_id).filter(|r| *r != region).collect::<Vec<_>>(),
            )
        }
    });

    let sending = Sending::<Created, ApiError>::new();
    let pending = sending.pending;

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        // A new attempt starts with a clean outcome.
        sending.clear();
        let scope = state.settings.with_untracked(|s| s.scope());
        let input = form.input();
        if let Err(invalid) = input.build(&scope) {
            errors.show(invalid);
            return;
        }
        errors.clear();
        match state.caller(false) {
            Ok(_) => {
                blocked.set(None);
                // Said in words first, overwriting above all.
                ask.set(Some(confirm::sync_repo(&scope.region, &input)));
            }
            Err(why) => blocked.set(Some(why)),
        }
    };
    // Built again from the form as confirmed (it cannot change while the
    // dialog is open: the page behind is inert).
    let confirmed = Callback::new(move |()| {
        let scope = state.settings.with_untracked(|s| s.scope());
        let Ok((call, list)) = form.input().build_both(&scope) else { return };
        let Ok((_, caller)) = state.caller(false) else { return };
        // A double click must not send a second POST.
        sending.send(async move {
            let raw = send(&caller, &call).await?;
            swr_classic::created(&raw)?;
            // Show the repository's tasks so the new one is visible.
            let tasks = client::json::<Vec<SyncRepo>>(&caller, &list).await;
            Ok(Created { raw, tasks })
        });
        reveal("sync-outcome");
    });

    let encoded_note = move || {
        let repo = form.repository.get();
        repo.contains('/').then(|| {
            format!("Sent to SWR as \"{}\": the API writes '/' as '$'.", encode_repository(repo.trim()))
        })
    };

    let outcome = move || {
        view! {
            {move || blocked.get().map(|message| view! { <Blocked why=message /> })}
            {move || {
                sending
                    .value
                    .get()
                    .map(|result| match result {
                        Ok(created) => {
                            view! {
                                <div class="outcome outcome--ok" role="status" data-testid="sync-created">
                                    <p class="outcome__title">"Sync task created."</p>
                                    <p>
                                        "From now on, new images in this repository are copied to the target region."
                                    </p>
                                    <RawDetails raw=created.raw />
                                </div>
                                <SyncTaskList tasks=created.tasks />
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    })
            }}
        }
    };
    view! {
        <OperationPage
            title="Automatic image sync"
            tab_title="Auto-sync"
            service="swr"
            service_name="SWR"
            lead="Copy every image pushed to an SWR repository to another region, automatically. Only images pushed after the task exists are copied; existing ones need a manual sync."
            heading="Create an automatic sync task"
            heading_id="sync-heading"
            preview
            outcome_testid="sync-outcome"
            outcome=outcome
        >
            // Outside the form: choosing never submits it.
            <RepoPicker namespace=form.namespace repository=form.repository />
            <form on:submit=submit novalidate data-operation="create-sync-task">
                <TextField
                    id="namespace"
                    label="Organization"
                    value=form.namespace
                    error=errors.of("namespace")
                    hint="The SWR organization: 1–64 lowercase letters, digits, '.', '_' or '-', starting with a letter."
                />
                <TextField
                    id="repository"
                    label="Repository"
                    value=form.repository
                    error=errors.of("repository")
                    hint="The image repository, e.g. nginx or team/app: lowercase letters, digits, '.', '/', '_', '-'."
                />
                <p class="field__hint" data-testid="repository-encoded" aria-live="polite">
                    {encoded_note}
                </p>
                // Not in a <Transition>: the resource keeps its last value while
                // it reloads, and reading it directly needs none of Transition's
                // code (docs/benchmarks.md).
                {move || match regions.get() {
                    None => {
                        view! { <p class="field__hint">"Loading the regions SWR can sync to…"</p> }
                            .into_any()
                    }
                    Some(loaded) => {
                        match loaded {
                            Ok(list) if !list.is_empty() => {
                                view! {
                                    <div class="field">
                                        <label for="target-region">"Target region"</label>
                                        <select
                                            id="target-region"
                                            data-testid="target-region"
                                            aria-describedby="target-region-hint target-region-error"
                                            prop:value=move || form.target_region.get()
                                            on:change:target=move |ev| {
                                                form.target_region.set(ev.target().value())
                                            }
                                        >
                                            <option value="">"Choose a region"</option>
                                            {list
                                                .into_iter()
                                                .map(|r| {
                                                    view! { <option value=r.clone()>{r.clone()}</option> }
                                                })
                                                .collect_view()}
                                        </select>
                                        <span class="field__hint" id="target-region-hint">
                                            "The regions SWR can sync to from here."
                                        </span>
                                        <span
                                            class="field__error"
                                            id="target-region-error"
                                            aria-live="polite"
                                        >
                                            {move || errors.of("target-region").get()}
                                        </span>
                                    </div>
                                }
                                    .into_any()
                            }
                            other => {
                                let why = other
                                    .err()
                                    .map_or_else(|| "SWR listed no regions".to_string(), |e| e.headline());
                                view! {
                                    <p class="notice notice--warn" data-testid="regions-fallback">
                                        {format!(
                                            "Ferry could not load the list of target regions ({why}). Type the region ID instead.",
                                        )}
                                    </p>
                                    <TextField
                                        id="target-region"
                                        label="Target region"
                                        value=form.target_region
                                        error=errors.of("target-region")
                                        hint="The region ID to copy to, e.g. ap-southeast-3."
                                        placeholder="ap-southeast-3"
                                    />
                                }
                                    .into_any()
                            }
                        }
                    }
                }}
                <TextField
                    id="target-namespace"
                    label="Target organization"
                    value=form.target_namespace
                    error=errors.of("target-namespace")
                    hint="The organization in the target region that receives the images; same rules as Organization."
                />
                <Checkbox
                    id="sync-auto"
                    label="Sync automatically"
                    checked=form.sync_auto
                    hint="Copy each new image as soon as it is pushed."
                />
                <Checkbox
                    id="override"
                    label="Overwrite images in the target"
                    checked=form.override_existing
                    hint="Replace images in the target that have the same name and tag. Without it, they are kept."
                />
                <SubmitButton
                    testid="create-sync"
                    label="Create sync task"
                    busy_label="Creating…"
                    pending
                />
            </form>
            <ConfirmDialog ask on_confirm=confirmed />
        </OperationPage>
    }
}

#[component]
fn SyncTaskList(tasks: Result<Vec<SyncRepo>, ApiError>) -> impl IntoView {
    match tasks {
        Err(error) => view! {
            <p class="notice notice--warn">
                "The task was created, but Ferry could not list the repository's tasks:"
            </p>
            <ErrorPanel error />
        }
        .into_any(),
        Ok(tasks) => view! {
            <table class="table" data-testid="sync-tasks">
                <caption>"Automatic sync tasks of this repository"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Target region"</th>
                        <th scope="col">"Target organization"</th>
                        <th scope="col">"Automatic"</th>
                        <th scope="col">"Overwrite"</th>
                        <th scope="col">"Created"</th>
                    </tr>
                </thead>
                <tbody>
                    {tasks
                        .into_iter()
                        .map(|t| {
                            view! {
                                <tr>
                                    <td>{t.remote_region_id}</td>
                                    <td>{t.remote_namespace}</td>
                                    <td>{if t.sync_auto { "yes" } else { "no" }}</td>
                                    <td>{if t.override_existing { "yes" } else { "no" }}</td>
                                    <td>{time_text(&t.created_at)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any(),
    }
}
