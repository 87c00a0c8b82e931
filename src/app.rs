//! The root: state, configuration, header and routes.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::header::AppHeader;
use crate::config;
use crate::pages::auto_sync::AutoSyncPage;
use crate::pages::task_finder::TasksPage;
use crate::pages::tasks::TaskViewerPage;
use crate::pages::jobs::JobsPage;
use crate::jobs::{JobWatchers, JobsState};
use crate::components::toasts::Toasts;
use crate::components::page_title::set_running_jobs;
use crate::pages::hss_sync::HssSyncPage;
use crate::pages::copy_image::CopyImagePage;
use crate::pages::not_found::NotFound;
use crate::pages::replicate::ReplicatePage;
use crate::pages::settings::SettingsPage;
use crate::pages::sign_in::SignInPage;
use crate::components::sign_in::SignInDialog;
use crate::state::AppState;

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::load();
    state.provide();
    let jobs = JobsState::load();
    jobs.provide();
    Effect::new(move || set_running_jobs(jobs.running_count()));
    let config_error = RwSignal::new(None::<String>);
    spawn_local(async move {
        match config::load().await {
            Ok(loaded) => {
                // A region the proxy won't serve would only produce refusals.
                if let Some(first) = loaded.regions.as_ref().and_then(|allowed| {
                    let current = state.settings.with_untracked(|s| s.region.clone());
                    (!allowed.contains(&current)).then(|| allowed.first().cloned()).flatten()
                }) {
                    let project_id = state.settings.with_untracked(|s| s.project_id.clone());
                    state.save_settings(crate::state::Settings { region: first, project_id });
                }
                state.config.set(loaded);
            }
            Err(err) => config_error.set(Some(err)),
        }
    });

    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <AppHeader/>
            <JobWatchers/>
            <Toasts/>
            <SignInDialog/>
            <main id="main" tabindex="-1">
                {move || config_error.get().map(|err| view! {
                    <p class="notice notice--warn" role="status">
                        "Ferry could not read its configuration (" {err} "), so it uses the proxy at "
                        <code>{config::DEFAULT_API_BASE}</code> "."
                    </p>
                })}
                <ErrorBoundary fallback=|errors| view! {
                    <div class="outcome outcome--error" role="alert">
                        <p class="outcome__title">"Something went wrong while showing this page."</p>
                        <ul>
                            {move || errors.get().into_iter().map(|(_, e)| view! { <li>{e.to_string()}</li> }).collect_view()}
                        </ul>
                        <p>"Reload the page. What you saved in Settings is kept."</p>
                    </div>
                }>
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=ReplicatePage/>
                        <Route path=path!("/replicate") view=ReplicatePage/>
                        <Route path=path!("/tasks") view=TasksPage/>
                        <Route path=path!("/executions/:instance/:execution/tasks") view=TaskViewerPage/>
                        <Route path=path!("/hss-sync") view=HssSyncPage/>
                        <Route path=path!("/auto-sync") view=AutoSyncPage/>
                        <Route path=path!("/copy-image") view=CopyImagePage/>
                        <Route path=path!("/jobs") view=JobsPage/>
                        <Route path=path!("/settings") view=SettingsPage/>
                        <Route path=path!("/sign-in") view=SignInPage/>
                    </Routes>
                </ErrorBoundary>
            </main>
        </Router>
    }
}
