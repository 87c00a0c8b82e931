//! Entering the IAM token: masked, with show/hide and clear. The token is
//! kept in this tab's sessionStorage only (see `storage`).

use ferry_api::validate;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::state::AppState;

#[component]
pub fn TokenEntry() -> impl IntoView {
    let state = AppState::expect();
    let draft = RwSignal::new(String::new());
    let shown = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<String>);

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        match validate::token(&draft.get_untracked()) {
            Ok(token) => {
                error.set(None);
                let message = if state.set_token(token) {
                    "Token saved for this browser tab."
                } else {
                    "Token set for now, but this browser refused to store it: you will need to enter it again after a reload."
                };
                status.set(Some(message.into()));
                // Don't leave the secret sitting in the input.
                draft.set(String::new());
                shown.set(false);
            }
            Err(err) => {
                status.set(None);
                error.set(Some(err.to_string()));
            }
        }
    };
    let clear = move |_| {
        state.clear_token();
        draft.set(String::new());
        error.set(None);
        status.set(Some("Token cleared. Ferry no longer holds any token.".into()));
    };
    let current = move || match state.token_hint() {
        Some(hint) => format!("A token ending in …{hint} is set for this tab."),
        None => "No token is set. Operations need one.".into(),
    };

    view! {
        <form class="token-entry" on:submit=save novalidate>
            <div class="field">
                <label for="token">"Token"</label>
                <div class="field__row">
                    <input
                        id="token"
                        name="token"
                        data-testid="token"
                        type=move || if shown.get() { "text" } else { "password" }
                        autocomplete="off"
                        spellcheck="false"
                        aria-describedby="token-hint token-error"
                        aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                        prop:value=move || draft.get()
                        on:input:target=move |ev| draft.set(ev.target().value())
                    />
                    <button
                        type="button"
                        class="button button--secondary"
                        aria-controls="token"
                        aria-pressed=move || shown.get().to_string()
                        on:click=move |_| shown.update(|s| *s = !*s)
                    >
                        {move || if shown.get() { "Hide" } else { "Show" }}
                    </button>
                </div>
                <span class="field__hint" id="token-hint">
                    "Your IAM token (the X-Subject-Token of a sign-in). Ferry keeps it in this tab only and sends it only to the Ferry proxy."
                </span>
                <span class="field__error" id="token-error" aria-live="polite">
                    {move || error.get()}
                </span>
            </div>
            <div class="actions">
                <button type="submit" class="button" data-testid="save-token">
                    "Save token"
                </button>
                <button
                    type="button"
                    class="button button--secondary"
                    data-testid="clear-token"
                    disabled=move || !state.has_token()
                    on:click=clear
                >
                    "Clear token"
                </button>
            </div>
            <p class="form-status" role="status" aria-live="polite" data-testid="token-status">
                {current}
                " "
                {move || status.get()}
            </p>
        </form>
    }
}
