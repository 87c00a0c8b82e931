//! The header: brand, the operations, Jobs and Settings, and whether a token
//! is set.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::jobs::JobsState;
use crate::state::AppState;

/// Navigation entries, in the order users meet them.
pub const NAV: [(&str, &str); 7] = [
    ("/replicate", "Replicate"),
    ("/tasks", "Tasks"),
    ("/hss-sync", "HSS sync"),
    ("/auto-sync", "Auto-sync"),
    ("/copy-image", "Copy image"),
    ("/jobs", "Jobs"),
    ("/settings", "Settings"),
];

#[component]
pub fn AppHeader() -> impl IntoView {
    let jobs = JobsState::expect();
    let running = move || jobs.running_count();
    view! {
        <header class="app-header">
            <div class="app-header__bar">
                <A href="/" attr:class="brand">"Ferry"</A>
                <nav class="app-nav" aria-label="Main">
                    <ul>
                        {NAV
                            .into_iter()
                            .map(|(href, label)| view! {
                                <li><A href=href>
                                    {label}
                                    {(href == "/jobs").then(|| move || (running() > 0).then(|| view! {
                                        <span class="nav-badge" data-testid="jobs-badge">
                                            <span class="visually-hidden">", running: "</span>{running()}
                                        </span>
                                    }))}
                                </A></li>
                            })
                            .collect_view()}
                    </ul>
                </nav>
                <TokenBadge/>
            </div>
        </header>
    }
}

/// "Token set" / "No token", linking to Settings.
#[component]
pub fn TokenBadge() -> impl IntoView {
    let state = AppState::expect();
    let class = move || {
        if state.has_token() {
            "token-badge token-badge--set"
        } else {
            "token-badge token-badge--missing"
        }
    };
    let text = move || {
        let region = state.settings.with(|s| s.region.clone());
        if state.has_token() {
            format!("Token set · {region}")
        } else {
            format!("No token · {region}")
        }
    };
    view! {
        <A href="/settings" attr:class=class attr:data-testid="token-badge">
            <span class="visually-hidden">"Token status: "</span>
            {text}
        </A>
    }
}
