//! In-page notifications (a job ended), announced politely. Their own
//! state, a `Copy` context like the others, so anything can raise one.

use leptos::prelude::*;

/// One notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub id: u64,
    pub text: String,
    pub ok: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct ToastsState {
    toasts: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u64>,
}

impl ToastsState {
    pub fn provide() -> ToastsState {
        let state = ToastsState { toasts: RwSignal::new(Vec::new()), next_id: StoredValue::new(0) };
        provide_context(state);
        state
    }

    pub fn expect() -> ToastsState {
        expect_context::<ToastsState>()
    }

    pub fn show(&self, text: String, ok: bool) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        let _ = self.toasts.try_update(|t| t.push(Toast { id, text, ok }));
    }

    fn dismiss(&self, id: u64) {
        self.toasts.update(|t| t.retain(|x| x.id != id));
    }
}

#[component]
pub fn Toasts() -> impl IntoView {
    let state = ToastsState::expect();
    view! {
        <div class="toasts" role="status" aria-live="polite" data-testid="toasts">
            <For each=move || state.toasts.get() key=|t| t.id let:toast>
                <div
                    class=if toast.ok { "toast toast--ok" } else { "toast toast--error" }
                    data-testid="toast"
                >
                    <span>{toast.text.clone()}</span>
                    <button
                        type="button"
                        class="button button--secondary"
                        aria-label="Dismiss notification"
                        on:click=move |_| state.dismiss(toast.id)
                    >
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}
