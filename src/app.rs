//! The root: state, configuration, header and routes.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::header::AppHeader;
use crate::components::sign_in::SignInDialog;
use crate::components::toasts::Toasts;
use crate::config;
use crate::dom::set_running_jobs;
use crate::jobs::{JobWatchers, JobsState};
use crate::nav::Location;
use crate::pages::auto_sync::AutoSyncPage;
use crate::pages::copy_image::CopyImagePage;
use crate::pages::hss_sync::HssSyncPage;
use crate::pages::jobs::JobsPage;
use crate::pages::not_found::NotFound;
use crate::pages::replicate::ReplicatePage;
use crate::pages::settings::SettingsPage;
use crate::pages::sign_in::SignInPage;
use crate::pages::tasks::{TaskViewerPage, TasksPage};
use crate::routes::Route;
use crate::state::AppState;

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::load();
    state.provide();
    Location::provide();
    let jobs = JobsState::load(crate::components::toasts::ToastsState::provide());
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
            Err(err) => config_error.set(Some(err.to_string())),
        }
    });

    view! {
        <a class="skip-link" href="#main">
            "Skip to content"
        </a>
        <AppHeader />
        <JobWatchers />
        <Toasts />
        <SignInDialog />
        <main id="main" tabindex="-1">
            {move || {
                config_error
                    .get()
                    .map(|err| {
                        view! {
                            <p class="notice notice--warn" role="status">
                                "Ferry could not read its configuration ("
                                {err}
                                "), so it uses the proxy at "
                                <code>{config::DEFAULT_API_BASE}</code>
                                "."
                            </p>
                        }
                    })
            }}
            <ErrorBoundary fallback=|errors| {
                view! {
                    <div class="outcome outcome--error" role="alert">
                        <p class="outcome__title">"Something went wrong while showing this page."</p>
                        <ul>
                            {move || {
                                errors
                                    .get()
                                    .into_iter()
                                    .map(|(_, e)| view! { <li>{e.to_string()}</li> })
                                    .collect_view()
                            }}
                        </ul>
                        <p>"Reload the page. What you saved in Settings is kept."</p>
                    </div>
                }
            }>
                <CurrentPage />
            </ErrorBoundary>
        </main>
    }
}

/// The page for the current path (`Route::parse`). Only a change of page
/// re-renders: the task viewer's own links (paging, another execution) are
/// handled inside it.
#[component]
fn CurrentPage() -> impl IntoView {
    let location = Location::expect();
    let route = Memo::new(move |_| location.path.with(|p| Route::parse(p)).map(|(route, _)| route));
    // A new page replaces the element that had focus: start from the page's
    // content rather than from nowhere (`<body>`).
    Effect::new(move |previous: Option<Option<Route>>| {
        let now = route.get();
        if previous.is_some_and(|p| p != now) {
            request_animation_frame(crate::dom::focus_main_if_lost);
        }
        now
    });
    move || match route.get() {
        Some(Route::Home | Route::Replicate) => ReplicatePage().into_any(),
        Some(Route::Tasks) => TasksPage().into_any(),
        Some(Route::TaskViewer) => TaskViewerPage().into_any(),
        Some(Route::HssSync) => HssSyncPage().into_any(),
        Some(Route::AutoSync) => AutoSyncPage().into_any(),
        Some(Route::CopyImage) => CopyImagePage().into_any(),
        Some(Route::Jobs) => JobsPage().into_any(),
        Some(Route::Settings) => SettingsPage().into_any(),
        Some(Route::SignIn) => SignInPage().into_any(),
        None => NotFound().into_any(),
    }
}
