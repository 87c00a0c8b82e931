//! "Where is my image?" on a policy: `repository[:tag]` looked up in the
//! tasks of its last ten runs, one request at a time, with progress and
//! Cancel. Each run says: copied, failed (with the cause) or not included.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use ferry_api::find_image::{Found, ImageQuery};
use ferry_api::paging::Page;
use ferry_api::{ExecutionId, PolicyId, Scope};
use leptos::prelude::*;

use crate::client::{swr, CallError};
use crate::components::error_panel::CallErrorPanel;
use crate::routes::tasks_href;
use crate::sending::Sending;
use crate::state::AppState;

#[component]
pub fn FindImage(instance: String, policy: PolicyId) -> impl IntoView {
    let state = AppState::expect();
    let text = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<&'static str>);
    let progress = RwSignal::new(None::<(u32, u32)>);
    let cancel = Arc::new(AtomicBool::new(false));
    let search = Sending::<Vec<(i64, Found)>, CallError>::new();
    let instance_for_links = instance.clone();
    let find = {
        let cancel = cancel.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Some(query) = ImageQuery::parse(&text.get_untracked()) else {
                problem.set(Some("Type a repository, optionally with a tag: team/app or team/app:1.2."));
                crate::dom::focus_element("find-image");
                return;
            };
            problem.set(None);
            cancel.store(false, Ordering::Relaxed);
            let (cancel, instance) = (cancel.clone(), instance.clone());
            progress.set(Some((0, 0)));
            search.send(async move {
                let (settings, caller) = state.caller(true)?;
                let scope: Scope = settings.scope();
                let found = swr::find_image(&caller, &scope, &instance, policy, &query, &cancel, |p| {
                    let _ = progress.try_set(Some((p.done, p.of)));
                })
                .await?;
                Ok(found)
            });
        }
    };
    let stop = move |_| cancel.store(true, Ordering::Relaxed);
    view! {
        <form role="search" class="field" aria-label="Find an image in the last runs" on:submit=find>
            <label for="find-image">"Where is my image? Find it in the last 10 runs"</label>
            <input
                id="find-image"
                type="search"
                data-testid="find-image"
                aria-describedby="find-image-hint find-image-problem"
                aria-invalid=move || problem.get().map(|_| "true")
                prop:value=move || text.get()
                on:input:target=move |ev| text.set(ev.target().value())
            />
            <span class="field__hint" id="find-image-hint">
                "A repository, optionally with a tag, e.g. team/app:1.2."
            </span>
            <span class="field__error" id="find-image-problem" aria-live="polite">
                {move || problem.get()}
            </span>
            <div class="actions">
                <button type="submit" class="button button--secondary" data-testid="find-image-go">
                    "Find"
                </button>
                <Show when=move || search.pending.get()>
                    <button
                        type="button"
                        class="button button--secondary"
                        data-testid="find-image-cancel"
                        on:click=stop.clone()
                    >
                        "Cancel"
                    </button>
                </Show>
            </div>
        </form>
        <div role="status" aria-live="polite" data-testid="find-image-status">
            {move || {
                search
                    .pending
                    .get()
                    .then(|| {
                        let (done, of) = progress.get().unwrap_or_default();
                        format!("Searching: {done} of {of} runs read…")
                    })
            }}
        </div>
        {move || {
            search
                .value
                .get()
                .map(|result| match result {
                    Err(error) => view! { <CallErrorPanel error /> }.into_any(),
                    Ok(found) if found.is_empty() => {
                        view! {
                            <p class="field__hint" data-testid="find-image-none">
                                "This policy has not run yet."
                            </p>
                        }
                            .into_any()
                    }
                    Ok(found) => {
                        view! {
                            <ul data-testid="find-image-results">
                                {found
                                    .into_iter()
                                    .map(|(execution, what)| {
                                        let href = tasks_href(
                                            &instance_for_links,
                                            ExecutionId(execution),
                                            Some(policy),
                                            Page::default(),
                                        );
                                        view! {
                                            <li data-testid="find-image-result">
                                                <a href=href>{format!("Execution {execution}")}</a>
                                                ": "
                                                {what.text()}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                })
        }}
    }
}
