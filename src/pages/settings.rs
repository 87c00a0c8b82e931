//! Settings: region, project ID and token.

use ferry_api::validate;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::components::field::TextField;
use crate::components::pickers::ProjectPicker;
use crate::components::region_select::RegionSelect;
use crate::components::token_entry::TokenEntry;
use crate::dom::{focus_element, set_page_title};
use crate::routes::Route;
use crate::state::{AppState, Settings};

#[component]
pub fn SettingsPage() -> impl IntoView {
    set_page_title("Settings");
    let state = AppState::expect();
    let current = state.settings.get_untracked();
    let region = RwSignal::new(current.region);
    let project = RwSignal::new(current.project_id);
    let project_error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<String>);

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        match validate::project_id(&project.get_untracked()) {
            Ok(project_id) => {
                project_error.set(None);
                project.set(project_id.clone());
                state.save_settings(Settings { region: region.get_untracked(), project_id });
                saved.set(Some(format!(
                    "Saved: region {}, project {}.",
                    region.get_untracked(),
                    project.get_untracked()
                )));
            }
            Err(err) => {
                saved.set(None);
                project_error.set(Some(err.to_string()));
                focus_element("project-id");
            }
        }
    };

    view! {
        <h1>"Settings"</h1>
        <SandboxNotice region project />
        <section class="panel" aria-labelledby="where-heading">
            <h2 id="where-heading">"Where you work"</h2>
            <form on:submit=save novalidate>
                <div class="field">
                    <label for="region">"Region"</label>
                    <RegionSelect id="region" value=region described_by="region-hint" />
                    <span class="field__hint" id="region-hint">
                        "The region your images and instances are in."
                    </span>
                </div>
                <ProjectPicker value=project region />
                <TextField
                    id="project-id"
                    label="Project ID"
                    hint="The ID of your project in this region: 32 letters and digits, shown in the console under My Credentials › API Credentials."
                    value=project
                    error=project_error
                />
                {move || {
                    state
                        .session
                        .get()
                        .filter(|s| project.with(|p| !p.is_empty() && *p != s.project_id))
                        .map(|s| {
                            view! {
                                <p class="notice notice--warn" data-testid="rescope-hint">
                                    {format!(
                                        "You signed in for project {} ({}). A token works only for its own project: ",
                                        s.project_name,
                                        s.region,
                                    )}
                                    <button
                                        type="button"
                                        class="button button--secondary"
                                        data-testid="sign-in-for-project"
                                        on:click=move |_| {
                                            state
                                                .open_sign_in_for(
                                                    region.get_untracked(),
                                                    project.get_untracked(),
                                                )
                                        }
                                    >
                                        "sign in for this project"
                                    </button>
                                </p>
                            }
                        })
                }}
                <div class="actions">
                    <button type="submit" class="button" data-testid="save-settings">
                        "Save settings"
                    </button>
                </div>
                <p class="form-status" role="status" aria-live="polite" data-testid="settings-status">
                    {move || saved.get()}
                </p>
            </form>
        </section>
        <section class="panel" aria-labelledby="token-heading">
            <h2 id="token-heading">"Your token"</h2>
            <p class="field__hint">
                "Most people " <a href=Route::SignIn.href()>"sign in"</a>
                " instead. Paste a token if you sign in with SSO or got one from the CLI."
            </p>
            <TokenEntry />
        </section>
    }
}

/// On the sandbox, say so and offer its demo values.
#[component]
fn SandboxNotice(region: RwSignal<String>, project: RwSignal<String>) -> impl IntoView {
    let state = AppState::expect();
    move || {
        state.config.with(|c| c.sandbox.clone()).map(|sandbox| {
            let fill = {
                let sandbox = sandbox.clone();
                move |_| {
                    project.set(sandbox.project_id.clone());
                    state.save_settings(Settings {
                        region: region.get_untracked(),
                        project_id: sandbox.project_id.clone(),
                    });
                    state.set_token(sandbox.token.clone());
                }
            };
            view! {
                <div class="notice" data-testid="sandbox-notice">
                    <p>
                        <strong>"This Ferry runs on its sandbox."</strong>
                        " Nothing here touches a real cloud. Demo values: token "
                        <code>{sandbox.token.clone()}</code>
                        ", project "
                        <code>{sandbox.project_id.clone()}</code>
                        ", instance "
                        <code>{sandbox.instance_id.clone()}</code>
                        ", policy "
                        <code>{sandbox.policy_id}</code>
                        "."
                    </p>
                    <button type="button" class="button button--secondary" on:click=fill>
                        "Use the sandbox token and project"
                    </button>
                </div>
            }
        })
    }
}
