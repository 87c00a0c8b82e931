//! Choosing from lists instead of typing IDs: projects, instances and
//! replication policies. Each picker fills a text field that stays editable,
//! the fallback for users whose permissions don't allow listing.

use ferry_api::iam::{self, projects_of_region, ProjectList};
use ferry_api::swr_ee_models::{InstanceList, PolicyList, ReplicationPolicy};
use ferry_api::{swr_ee, validate, ApiCall, Scope};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::client::CallError;
use crate::components::list_pages::{ListPages, PageFocus};
use crate::state::AppState;

/// Last choices per region, in localStorage: IDs only, never the token.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choices {
    pub instance_id: String,
    #[serde(default)]
    pub policy_id: Option<ferry_api::PolicyId>,
}

const CHOICES_KEY: &str = "ferry.choices";

// Stored as a JSON object of regions; read as JSON values (the map type
// every answer already uses), so no map of its own is compiled in.
type AllChoices = serde_json::Map<String, serde_json::Value>;

pub fn load_choices(region: &str) -> Choices {
    let all: AllChoices = crate::storage::load_json(CHOICES_KEY).unwrap_or_default();
    all.get(region).and_then(|choices| ferry_api::lenient::decode(choices).ok()).unwrap_or_default()
}

pub fn save_choices(region: &str, choices: Choices) {
    let mut all: AllChoices = crate::storage::load_json(CHOICES_KEY).unwrap_or_default();
    let Ok(choices) = serde_json::to_value(choices) else { return };
    all.insert(region.to_string(), choices);
    crate::storage::save_json(CHOICES_KEY, &all);
}

/// Why a list could not be shown, in words; a 403 says so plainly. The
/// status and request ID stay visible for support.
#[component]
pub(crate) fn ListProblem(error: CallError, what: &'static str, testid: &'static str) -> impl IntoView {
    let text = match &error {
        CallError::Api(e) if e.status() == Some(403) => {
            format!("You are not allowed to list {what} (HTTP 403). Type the ID in the field below instead.")
        }
        CallError::Api(e) => format!(
            "Ferry could not list {what} ({e}{}). Type the ID in the field below instead.",
            e.request_id().map(|id| format!(", request ID {id}")).unwrap_or_default()
        ),
        CallError::NotReady(why) => why.to_string(),
    };
    view! {
        <p class="notice notice--warn" data-testid=testid>
            {text}
        </p>
    }
}

async fn get<T: serde::de::DeserializeOwned>(
    state: AppState,
    call: impl FnOnce(&Scope) -> ApiCall,
) -> Result<T, CallError> {
    let (settings, caller) = state.caller(true)?;
    Ok(crate::client::json(&caller, &call(&settings.scope())).await?)
}

/// Projects of the region from `GET /v3/auth/projects`.
#[component]
pub fn ProjectPicker(value: RwSignal<String>, region: RwSignal<String>) -> impl IntoView {
    let state = AppState::expect();
    let projects = LocalResource::new(move || {
        let (region, has_token) = (region.get(), state.token().is_some());
        async move {
            if !has_token {
                return Ok(Vec::new());
            }
            let (_, caller) = state.caller(false)?;
            let list: ProjectList = crate::client::json(&caller, &iam::list_projects(&region)).await?;
            Ok::<_, CallError>(projects_of_region(&list, &region))
        }
    });
    // Not in a <Transition>: a resource keeps its last value while it
    // reloads, so reading it directly behaves the same without
    // Transition's code (docs/benchmarks.md).
    view! {
        {move || {
            projects
                .get()
                .map(|loaded| match loaded {
                    Ok(list) if !list.is_empty() => {
                        if !list.iter().any(|p| value.with_untracked(|v| *v == p.id)) {
                            value.set(list[0].id.clone());
                        }
                        // Switching region switches project: keep the choice only
                        // if it belongs to this region.
                        view! {
                            <div class="field">
                                <label for="project-choice">"Your projects in this region"</label>
                                <select
                                    id="project-choice"
                                    data-testid="project-choice"
                                    prop:value=move || value.get()
                                    on:change:target=move |ev| value.set(ev.target().value())
                                >
                                    <option value="">"Choose a project"</option>
                                    {list
                                        .into_iter()
                                        .map(|p| {
                                            view! {
                                                <option value=p
                                                    .id
                                                    .clone()>{format!("{} ({})", p.name, p.id)}</option>
                                            }
                                        })
                                        .collect_view()}
                                </select>
                                <span class="field__hint">
                                    "Switching the region picks that region's project; save to keep it."
                                </span>
                            </div>
                        }
                            .into_any()
                    }
                    Ok(_) => ().into_any(),
                    Err(error) => {
                        view! { <ListProblem error what="projects" testid="projects-problem" /> }.into_any()
                    }
                })
        }}
    }
}

/// SWR EE instances; those not Running are marked and can't be chosen.
#[component]
pub fn InstancePicker(value: RwSignal<String>) -> impl IntoView {
    let state = AppState::expect();
    let instances = LocalResource::new(move || {
        let project = state.settings.with(|s| s.project_id.clone());
        let has_token = state.token().is_some();
        async move {
            if !has_token || validate::project_id(&project).is_err() {
                return Ok(None);
            }
            get::<InstanceList>(state, swr_ee::list_instances).await.map(Some)
        }
    });
    // Not in a <Transition>: see `ProjectPicker`.
    view! {
        {move || {
            let Some(loaded) = instances.get() else {
                return view! { <p class="field__hint">"Loading your instances…"</p> }.into_any();
            };
            match loaded {
                Ok(None) => ().into_any(),
                Ok(Some(list)) if list.instances.is_empty() && list.instances.unreadable.is_empty() => {
                    let region = state.settings.with_untracked(|s| s.region.clone());
                    // Said, not silently left out: the region has none.
                    view! {
                        <p class="notice" role="status" data-testid="no-instances">
                            {format!(
                                "No SWR Enterprise Edition instances in {region}. Choose another region in Settings, or type an instance ID below.",
                            )}
                        </p>
                    }
                        .into_any()
                }
                Ok(Some(list)) => {
                    view! {
                        <crate::components::unreadable::UnreadableItems
                            items=list.instances.unreadable.clone()
                            what="instances"
                        />
                        <div class="field">
                            <label for="instance-choice">"Choose an instance"</label>
                            <select
                                id="instance-choice"
                                data-testid="instance-choice"
                                aria-describedby="instance-choice-hint"
                                prop:value=move || value.get()
                                on:change:target=move |ev| value.set(ev.target().value())
                            >
                                <option value="">"Choose an instance"</option>
                                {list
                                    .instances
                                    .into_iter()
                                    .map(|i| {
                                        let running = i.status.eq_ignore_ascii_case("running");
                                        let label = if running {
                                            format!("{} · {} · {}", i.name, i.status, i.spec)
                                        } else {
                                            format!(
                                                "{} · {} (not running: can't replicate)",
                                                i.name,
                                                i.status,
                                            )
                                        };
                                        view! {
                                            <option value=i.id.clone() disabled=!running>
                                                {label}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                            <span class="field__hint" id="instance-choice-hint">
                                "Fills in the Instance ID below. Instances that are not Running can't replicate."
                            </span>
                        </div>
                    }
                        .into_any()
                }
                Err(error) => {

                    view! { <ListProblem error what="instances" testid="instances-problem" /> }
                        .into_any()
                }
            }
        }}
    }
}

const POLICY_PAGE: u32 = 10;

/// Replication policies of an instance: paged, searchable by name.
#[component]
pub fn PolicyPicker(#[prop(into)] instance: Signal<String>, value: RwSignal<String>) -> impl IntoView {
    let state = AppState::expect();
    let search = RwSignal::new(String::new());
    // What is typed, apart from what was searched, so typing sends nothing.
    let search_text = RwSignal::new(String::new());
    let offset = RwSignal::new(0u32);
    // The list APIs need a valid instance, a project and a token.
    let scope = move || {
        let instance = validate::instance_id(&instance.get()).ok()?;
        let project = state.settings.with(|s| s.project_id.clone());
        (state.token().is_some() && validate::project_id(&project).is_ok()).then_some((project, instance))
    };
    // Registry names make "source → destination" readable. Fetched once per
    // instance, not per search or page; IDs are shown if listing them fails.
    let registries = LocalResource::new(move || {
        let scope = scope();
        async move {
            let Some((project, instance)) = scope else { return Vec::new() };
            let Ok((settings, caller)) = state.caller(true) else { return Vec::new() };
            let scope = Scope::new(settings.region, project);
            crate::client::swr::all_registries(&caller, &scope, &instance)
                .await
                .map(|all| all.into_iter().map(|r| (r.id, r.name)).collect())
                .unwrap_or_default()
        }
    });
    let policies = LocalResource::new(move || {
        let (scope, name, offset) = (scope(), search.get(), offset.get());
        async move {
            let Some((_, instance)) = scope else { return Ok::<_, CallError>(None) };
            get::<PolicyList>(state, |scope| {
                swr_ee::list_policies(scope, &instance, &name, offset, POLICY_PAGE)
            })
            .await
            .map(Some)
        }
    });
    let refocus: PageFocus = StoredValue::new(None);
    // The search form stays outside the part that reloads, so a search
    // keeps focus (and what is typed) in the search box.
    view! {
        <Show when=move || scope().is_some()>
            <fieldset class="choice policy-picker" data-testid="policy-picker">
                <legend>"Choose a replication policy"</legend>
                // Its own search form: Enter here searches and can never
                // submit an operation's form.
                <form
                    role="search"
                    class="field"
                    aria-label="Search policies"
                    on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        offset.set(0);
                        search.set(search_text.get_untracked());
                    }
                >
                    <label for="policy-search">"Search by name"</label>
                    <input
                        id="policy-search"
                        type="search"
                        data-testid="policy-search"
                        prop:value=move || search_text.get()
                        on:input:target=move |ev| search_text.set(ev.target().value())
                        on:change:target=move |ev| {
                            offset.set(0);
                            search.set(ev.target().value());
                        }
                    />
                </form>
                <Transition fallback=|| ()>
                    {move || {
                        policies
                            .get()
                            .map(|loaded| match loaded {
                                Ok(None) => ().into_any(),
                                Err(error) => {
                                    view! { <ListProblem error what="policies" testid="policies-problem" /> }
                                        .into_any()
                                }
                                Ok(Some(list)) => {
                                    let registries = registries.get().unwrap_or_default();
                                    let total = u32::try_from(list.total).unwrap_or(0);
                                    let at = offset.get();
                                    view! {
                                        <crate::components::unreadable::UnreadableItems
                                            items=list.policies.unreadable.clone()
                                            what="policies"
                                        />
                                        <ul class="policy-list">
                                            {list
                                                .policies
                                                .into_iter()
                                                .map(|p| policy_item(p, &registries, value))
                                                .collect_view()}
                                        </ul>
                                        <ListPages
                                            name="policies"
                                            range=if total == 0 {
                                                "No policy matches.".to_string()
                                            } else {
                                                format!(
                                                    "{}–{} of {total}",
                                                    at + 1,
                                                    (at + POLICY_PAGE).min(total),
                                                )
                                            }
                                            has_previous={at > 0}
                                            has_next={at + POLICY_PAGE < total}
                                            on_previous=Callback::new(move |()| {
                                                offset.update(|o| *o = o.saturating_sub(POLICY_PAGE))
                                            })
                                            on_next=Callback::new(move |()| {
                                                offset.update(|o| *o += POLICY_PAGE)
                                            })
                                            focus=refocus
                                        />
                                    }
                                        .into_any()
                                }
                            })
                    }}
                </Transition>
            </fieldset>
        </Show>
    }
}

fn policy_item(p: ReplicationPolicy, registries: &[(i64, String)], value: RwSignal<String>) -> impl IntoView {
    let registry = |id: i64| {
        registries
            .iter()
            .find(|(r, _)| *r == id)
            .map(|(_, name)| name.clone())
            .unwrap_or_else(|| format!("registry {id}"))
    };
    let id = p.id.to_string();
    let chosen = {
        let id = id.clone();
        move || value.with(|v| *v == id)
    };
    let summary = format!(
        "{} → {}{} · {}",
        registry(p.src_registry.id),
        registry(p.dest_registry.id),
        if p.dest_namespace.is_empty() { String::new() } else { format!(" ({})", p.dest_namespace) },
        ferry_api::confirm::trigger_words(&p.trigger.kind),
    );
    view! {
        <li class="policy-item" data-testid="policy-item">
            <button
                type="button"
                class="button button--secondary"
                disabled=!p.enabled
                aria-pressed=move || chosen().to_string()
                data-testid=format!("choose-policy-{}", p.id)
                on:click=move |_| value.set(id.clone())
            >
                {if p.enabled { "Use" } else { "Disabled" }}
            </button>
            <span>
                <strong>{p.name.clone()}</strong>
                {format!(" (ID {}) · {summary}", p.id)}
            </span>
            {(!p.enabled)
                .then(|| {
                    view! {
                        <span class="field__hint">
                            "Disabled policies can't be run: enable it in the SWR console first."
                        </span>
                    }
                })}
        </li>
    }
}
