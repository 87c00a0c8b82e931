//! Choosing the organization and repository to sync instead of typing them
//! (SWR ListNamespaces, ListReposDetails), with the sync tasks the chosen
//! repository already has, so a duplicate is visible before it is tried.
//! The text fields stay the fallback when listing is not allowed.

use ferry_api::lenient::Items;
use ferry_api::swr_classic::{self, range_total, NamespaceList, RepoInfo, SyncRepo, REPO_PAGE};
use ferry_api::validate;
use leptos::prelude::*;

use crate::client::{self, CallError};
use crate::components::error_panel::CallErrorPanel;
use crate::components::list_pages::{ListPages, PageFocus};
use crate::components::pickers::ListProblem;
use crate::state::AppState;

#[component]
pub fn RepoPicker(namespace: RwSignal<String>, repository: RwSignal<String>) -> impl IntoView {
    let state = AppState::expect();
    let offset = RwSignal::new(0u32);
    let focus: PageFocus = StoredValue::new(None);
    let region = move || state.settings.with(|s| s.region.clone());
    let organizations = LocalResource::new(move || {
        let (region, ready) = (region(), state.token().is_some());
        async move {
            if !ready {
                return Ok(None);
            }
            let (_, caller) = state.caller(false)?;
            let list: NamespaceList = client::json(&caller, &swr_classic::list_namespaces(&region)).await?;
            Ok::<_, CallError>(Some(list))
        }
    });
    let repos = LocalResource::new(move || {
        let (region, ready, at) = (region(), state.token().is_some(), offset.get());
        let org = validate::namespace("Organization", &namespace.get()).ok();
        async move {
            let (Some(org), true) = (org, ready) else { return Ok(None) };
            let (_, caller) = state.caller(false)?;
            let raw = client::send(&caller, &swr_classic::list_repos(&region, &org, at)).await?;
            let total = raw.content_range.as_deref().and_then(range_total);
            Ok::<_, CallError>(Some((raw.json::<Items<RepoInfo>>()?, total, at)))
        }
    });
    let existing = LocalResource::new(move || {
        let (region, ready) = (region(), state.token().is_some());
        let org = validate::namespace("Organization", &namespace.get()).ok();
        let repo = validate::repository(&repository.get()).ok();
        async move {
            let (Some(org), Some(repo), true) = (org, repo, ready) else { return Ok(None) };
            let (_, caller) = state.caller(false)?;
            let tasks: Vec<SyncRepo> =
                client::json(&caller, &swr_classic::list_sync_repos(&region, &org, &repo)).await?;
            Ok::<_, CallError>(Some(tasks))
        }
    });

    let org_choice = move || {
        organizations.get().map(|loaded| match loaded {
            Ok(None) => ().into_any(),
            Err(error) => {
                view! { <ListProblem error what="organizations" testid="organizations-problem" /> }.into_any()
            }
            Ok(Some(list)) => view! {
                <div class="field">
                    <label for="namespace-choice">"Choose an organization"</label>
                    <select
                        id="namespace-choice"
                        data-testid="namespace-choice"
                        prop:value=move || namespace.get()
                        on:change:target=move |ev| {
                            offset.set(0);
                            namespace.set(ev.target().value());
                        }
                    >
                        <option value="">"Choose an organization"</option>
                        {list
                            .namespaces
                            .iter()
                            .map(|n| view! { <option value=n.name.clone()>{n.name.clone()}</option> })
                            .collect_view()}
                    </select>
                </div>
            }
            .into_any(),
        })
    };
    let repo_list = move || {
        repos.get().map(|loaded| match loaded {
            Ok(None) => ().into_any(),
            Err(error) => {
                view! { <ListProblem error what="repositories" testid="repositories-problem" /> }.into_any()
            }
            Ok(Some((list, total, at))) => {
                let shown = u32::try_from(list.items.len()).unwrap_or(0);
                let more = total.map_or(shown == REPO_PAGE, |t| at + shown < t);
                let range = match total {
                    Some(0) => "No repository in this organization.".to_string(),
                    Some(t) => format!("{}–{} of {t}", at + 1, at + shown),
                    None => format!("{}–{}", at + 1, at + shown),
                };
                view! {
                    <ul class="policy-list" data-testid="repo-list">
                        {list.items.iter().map(|r| repo_item(r, repository)).collect_view()}
                    </ul>
                    <ListPages
                        name="repos"
                        range
                        has_previous={at > 0}
                        has_next=more
                        on_previous=Callback::new(move |()| {
                            offset.update(|o| *o = o.saturating_sub(REPO_PAGE))
                        })
                        on_next=Callback::new(move |()| offset.update(|o| *o += REPO_PAGE))
                        focus
                    />
                }
                .into_any()
            }
        })
    };
    let existing_view = move || {
        existing.get().map(|loaded| match loaded {
            Ok(Some(tasks)) if tasks.is_empty() => view! {
                <p class="field__hint" data-testid="existing-syncs">
                    "This repository has no automatic sync yet."
                </p>
            }
            .into_any(),
            Ok(Some(tasks)) => view! {
                <div class="notice" data-testid="existing-syncs">
                    <p>"This repository already syncs to:"</p>
                    <ul>
                        {tasks
                            .iter()
                            .map(|t| {
                                view! {
                                    <li>
                                        {format!(
                                            "{} / {}{}",
                                            t.remote_region_id,
                                            t.remote_namespace,
                                            if t.override_existing { " (overwrites)" } else { "" },
                                        )}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
            .into_any(),
            Ok(None) => ().into_any(),
            Err(error) if error.needs_sign_in() => ().into_any(),
            // Said, not hidden: without it a duplicate is not visible.
            Err(error) => view! {
                <p class="notice notice--warn" data-testid="existing-syncs">
                    "Ferry could not read this repository's sync tasks."
                </p>
                <CallErrorPanel error />
            }
            .into_any(),
        })
    };
    view! {
        <Show when=move || state.has_token()>
            <fieldset class="choice policy-picker" data-testid="repo-picker">
                <legend>"Choose the repository"</legend>
                {org_choice}
                {repo_list}
                {existing_view}
            </fieldset>
        </Show>
    }
}

fn repo_item(repo: &RepoInfo, repository: RwSignal<String>) -> impl IntoView {
    let name = repo.name.clone();
    let pressed = {
        let name = name.clone();
        move || repository.with(|r| *r == name).to_string()
    };
    view! {
        <li class="policy-item" data-testid="repo-item">
            <button
                type="button"
                class="button button--secondary"
                aria-pressed=pressed
                on:click=move |_| repository.set(name.clone())
            >
                "Use"
            </button>
            <span>
                <strong>{repo.name.clone()}</strong>
                {format!(" · {} image{}", repo.num_images, if repo.num_images == 1 { "" } else { "s" })}
            </span>
        </li>
    }
}
