//! In-page notifications when a job ends, announced politely.

use leptos::prelude::*;

use crate::jobs::JobsState;

#[component]
pub fn Toasts() -> impl IntoView {
    let jobs = JobsState::expect();
    view! {
        <div class="toasts" role="status" aria-live="polite" data-testid="toasts">
            <For each=move || jobs.toasts.get() key=|t| t.id let:toast>
                <div class=if toast.ok { "toast toast--ok" } else { "toast toast--error" } data-testid="toast">
                    <span>{toast.text.clone()}</span>
                    <button type="button" class="button button--secondary" aria-label="Dismiss notification"
                        on:click=move |_| jobs.toasts.update(|t| t.retain(|x| x.id != toast.id))>"×"</button>
                </div>
            </For>
        </div>
    }
}
