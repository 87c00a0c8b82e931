//! The header: brand, the operations, Jobs and Settings, and whether a token
//! is set.

use leptos::prelude::*;

use crate::components::modal::Modal;
use crate::components::sign_in::SignInAgain;
use crate::config::DeployChoices;
use crate::jobs::JobsState;
use crate::routes::Route;
use crate::state::AppState;

/// Navigation entries, in the order users meet them, with the service each
/// needs (hidden when the deploy's cloud lacks it, e.g. OTC has no SWR).
pub const NAV: [(Route, &str, Option<&str>); 7] = [
    (Route::Replicate, "Replicate", Some("swr")),
    (Route::Tasks, "Tasks", Some("swr")),
    (Route::HssSync, "HSS sync", Some("hss")),
    (Route::AutoSync, "Auto-sync", Some("swr")),
    (Route::CopyImage, "Copy image", Some("ims")),
    (Route::Jobs, "Jobs", None),
    (Route::Settings, "Settings", None),
];

#[component]
pub fn AppHeader() -> impl IntoView {
    let jobs = JobsState::expect();
    let state = AppState::expect();
    let location = crate::nav::Location::expect();
    let running = move || jobs.running_count();
    view! {
        <header class="app-header">
            <div class="app-header__bar">
                <a href=Route::Home.href() class="brand">
                    "Ferry"
                </a>
                <nav class="app-nav" aria-label="Main">
                    <ul>
                        {move || {
                            NAV.into_iter()
                                .filter(|(_, _, service)| {
                                    service.is_none_or(|s| state.config.with(|c| c.offers(s)))
                                })
                                .map(|(route, label, _)| {
                                    view! {
                                        <li>
                                            <a
                                                href=route.href()
                                                aria-current=crate::nav::current_page(location, route.href())
                                            >
                                                {label}
                                                {(route == Route::Jobs)
                                                    .then_some(move || {
                                                        (running() > 0)
                                                            .then(|| {
                                                                view! {
                                                                    <span class="nav-badge" data-testid="jobs-badge">
                                                                        <span class="visually-hidden">", running: "</span>
                                                                        {running()}
                                                                    </span>
                                                                }
                                                            })
                                                    })}
                                            </a>
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                </nav>
                <TokenBadge />
            </div>
        </header>
    }
}

/// Who is signed in and until when, or whether a pasted token is set.
#[component]
pub fn TokenBadge() -> impl IntoView {
    let state = AppState::expect();
    let now = RwSignal::new(js_sys::Date::now());
    if let Ok(handle) = set_interval_with_handle(
        move || {
            let _ = now.try_set(js_sys::Date::now());
        },
        std::time::Duration::from_secs(30),
    ) {
        on_cleanup(move || handle.clear());
    }
    let expired = move || state.token_rejected.get();
    let expiring =
        move || expired() || state.session.with(|s| s.as_ref().is_some_and(|s| s.expiring_soon(now.get())));
    let class = move || {
        if expiring() {
            "token-badge token-badge--missing"
        } else if state.has_token() {
            "token-badge token-badge--set"
        } else {
            "token-badge token-badge--missing"
        }
    };
    let text = move || {
        let region = state.settings.with(|s| s.region.clone());
        match (state.session.get(), state.has_token()) {
            // A 401 says more than the clock: expired now, whatever it said.
            (Some(session), true) if expired() => format!("{} · {region} · expired", session.user),
            (None, true) if expired() => format!("Token expired · {region}"),
            (Some(session), true) => {
                let expiry = session.expiry_text(now.get()).unwrap_or_default();
                format!("{} · {region} · {expiry}", session.user)
            }
            (None, true) => format!("Token set · {region}"),
            _ => format!("Not signed in · {region}"),
        }
    };
    view! {
        <a
            href=move || {
                if state.has_token() { Route::Settings.href() } else { Route::SignIn.href() }.to_string()
            }
            class=class
            data-testid="token-badge"
        >
            <span class="visually-hidden">"Sign-in status: "</span>
            {text}
        </a>
        <Show when=expiring>
            <span class="notice notice--warn header-warning" role="status" data-testid="expiry-warning">
                {move || if expired() { "Your sign-in has expired. " } else { "Your sign-in expires soon. " }}
                <SignInAgain testid="header-sign-in-again" />
            </span>
        </Show>
        <Show when=move || state.has_token()>
            <SignOut />
        </Show>
    }
}

/// Signing out forgets the token, the settings and the jobs of this tab:
/// while jobs are still followed, say so and ask first.
#[component]
fn SignOut() -> impl IntoView {
    let state = AppState::expect();
    let jobs = JobsState::expect();
    let asking = RwSignal::new(false);
    let sign_out = move || {
        asking.set(false);
        jobs.forget_all();
        state.sign_out();
        // The button goes with the token: continue from the content.
        request_animation_frame(crate::dom::focus_main_if_lost);
    };
    view! {
        <button
            type="button"
            class="button button--secondary"
            data-testid="sign-out"
            on:click=move |_| { if jobs.running_count() > 0 { asking.set(true) } else { sign_out() } }
        >
            "Sign out"
        </button>
        <Modal
            open=asking
            on_close=Callback::new(move |()| asking.set(false))
            labelledby="sign-out-title"
            testid="sign-out-warning"
        >
            <h2 id="sign-out-title">"Sign out while jobs run?"</h2>
            <p>
                {move || {
                    let n = jobs.running_count();
                    format!(
                        "{n} job{} still being followed. Signing out forgets {} here, with your token and your settings; the work itself goes on in the cloud.",
                        if n == 1 { " is" } else { "s are" },
                        if n == 1 { "it" } else { "them" },
                    )
                }}
            </p>
            <div class="actions">
                <button
                    type="button"
                    class="button"
                    data-testid="confirm-sign-out"
                    on:click=move |_| sign_out()
                >
                    "Sign out and forget them"
                </button>
                <button
                    type="button"
                    class="button button--secondary"
                    autofocus
                    on:click=move |_| asking.set(false)
                >
                    "Stay signed in"
                </button>
            </div>
        </Modal>
    }
}
