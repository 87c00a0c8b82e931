//! Signing in with an IAM user name and password (and MFA code), for people
//! who have never seen a token. Shown as a page and as a dialog over the
//! current page when a token expires, so nothing typed there is lost.

use ferry_api::iam::{self, Credentials, Mfa, ProjectScope, Session, TokenAnswer};
use ferry_api::ApiError;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::client::send;
use crate::components::error_panel::ErrorPanel;
use crate::components::modal::Modal;
use crate::components::region_select::RegionSelect;
use crate::dom::focus_element;
use crate::state::AppState;

/// Remembered between sign-ins (not secret); the password never is.
const ACCOUNT_KEY: &str = "ferry.sign-in";

#[derive(serde::Serialize, serde::Deserialize, Default)]
struct Remembered {
    account: String,
    user: String,
    /// IAM user IDs by "account/user": not secret (My Credentials shows
    /// it), needed with every MFA code, learnt from each token.
    #[serde(default)]
    user_ids: std::collections::BTreeMap<String, String>,
}

fn id_key(account: &str, user: &str) -> String {
    format!("{account}/{user}")
}

#[derive(Debug, Clone)]
enum Outcome {
    Problem(String),
    Failed(ApiError),
}

#[component]
pub fn SignInForm(
    /// Called after a successful sign-in.
    #[prop(optional, into)]
    on_done: Option<Callback<()>>,
) -> impl IntoView {
    let state = AppState::expect();
    let remembered: Remembered = crate::storage::load_json(ACCOUNT_KEY).unwrap_or_default();
    let user_id = RwSignal::new(
        remembered.user_ids.get(&id_key(&remembered.account, &remembered.user)).cloned().unwrap_or_default(),
    );
    let account = RwSignal::new(remembered.account);
    let user = RwSignal::new(remembered.user);
    let password = RwSignal::new(String::new());
    let mfa = RwSignal::new(String::new());
    // Settings may ask for another region or a sub-project than the token's.
    let (for_region, for_project) = state
        .sign_in_for
        .get_untracked()
        .unwrap_or_else(|| (state.settings.with_untracked(|s| s.region.clone()), String::new()));
    let region = RwSignal::new(for_region);
    let project = RwSignal::new(for_project);
    let busy = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Outcome>);
    let missing = RwSignal::new(None::<String>);
    // Every field an empty submit left out, marked at once.
    let invalid = RwSignal::new(Vec::<&'static str>::new());
    // Start where there is something to type.
    Effect::new(move |_| {
        let empty = [("sign-in-account", account), ("sign-in-user", user), ("sign-in-password", password)]
            .into_iter()
            .find(|(_, value)| value.with_untracked(|v| v.trim().is_empty()));
        // After a dialog's own focusing steps, which run when it opens.
        if let Some((id, _)) = empty {
            request_animation_frame(move || focus_element(id));
        }
    });

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        // One message at a time: a new attempt clears the last outcome.
        outcome.set(None);
        let (a, u, p, m, r) = (
            account.get_untracked().trim().to_string(),
            user.get_untracked().trim().to_string(),
            password.get_untracked(),
            mfa.get_untracked().trim().to_string(),
            region.get_untracked(),
        );
        let scope = ProjectScope::from_input(&r, &project.get_untracked());
        let missing_fields: Vec<(&'static str, &'static str)> = [
            ("sign-in-account", a.is_empty(), "the account name"),
            ("sign-in-user", u.is_empty(), "your IAM user name"),
            ("sign-in-password", p.is_empty(), "your password"),
        ]
        .into_iter()
        .filter(|(_, empty, _)| *empty)
        .map(|(id, _, what)| (id, what))
        .collect();
        invalid.set(missing_fields.iter().map(|(id, _)| *id).collect());
        if let Some((id, _)) = missing_fields.first() {
            let what: Vec<&str> = missing_fields.iter().map(|(_, what)| *what).collect();
            missing.set(Some(format!("Enter {}.", what.join(", "))));
            focus_element(id);
            return;
        }
        if !m.is_empty() && (m.len() != 6 || !m.chars().all(|c| c.is_ascii_digit())) {
            missing.set(Some("The MFA code is the 6 digits your authenticator app shows.".into()));
            focus_element("sign-in-mfa");
            return;
        }
        let id = if m.is_empty() {
            None
        } else {
            match iam::user_id(&user_id.get_untracked()) {
                Ok(id) => Some(id),
                Err(err) => {
                    missing.set(Some(err.to_string()));
                    focus_element("sign-in-user-id");
                    return;
                }
            }
        };
        missing.set(None);
        let mut remember: Remembered = crate::storage::load_json(ACCOUNT_KEY).unwrap_or_default();
        remember.account = a.clone();
        remember.user = u.clone();
        if let Some(id) = &id {
            remember.user_ids.insert(id_key(&a, &u), id.clone());
        }
        crate::storage::save_json(ACCOUNT_KEY, &remember);
        let mfa_factor = id.as_deref().map(|user_id| Mfa { user_id, passcode: m.as_str() });
        let call =
            iam::sign_in(&r, &scope, &Credentials { account: &a, user: &u, password: &p, mfa: mfa_factor });
        // The password leaves the form now: only the request carries it.
        password.set(String::new());
        mfa.set(String::new());
        drop(p);
        busy.set(true);
        outcome.set(None);
        let caller = state.anonymous();
        leptos::task::spawn_local(async move {
            let result = send(&caller, &call).await;
            drop(call);
            let _ = busy.try_set(false);
            let answer = result.and_then(|raw| {
                let token = raw.subject_token.clone();
                raw.json::<TokenAnswer>().map(|answer| (token, answer))
            });
            match answer {
                Ok((Some(token), answer)) => {
                    // The token names the user's ID: remember it for MFA.
                    if !answer.token.user.id.is_empty() {
                        let mut remember: Remembered =
                            crate::storage::load_json(ACCOUNT_KEY).unwrap_or_default();
                        remember.user_ids.insert(id_key(&a, &u), answer.token.user.id.clone());
                        crate::storage::save_json(ACCOUNT_KEY, &remember);
                    }
                    state.sign_in_for.set(None);
                    state.signed_in(token, Session::from_token(&answer.token, &r));
                    if let Some(done) = on_done {
                        done.run(());
                    }
                }
                Ok((None, _)) => {
                    let _ = outcome.try_set(Some(Outcome::Problem(
                        "Signed in, but the answer carried no token: the proxy must pass the X-Subject-Token header back.".into(),
                    )));
                }
                // Explained in IAM's terms by `ApiError::explain`, with the
                // status and request ID like every other failure.
                // The password was cleared when sent: type it again, here.
                Err(error) => {
                    let _ = outcome.try_set(Some(Outcome::Failed(error)));
                    focus_element("sign-in-password");
                }
            }
        });
    };

    let text_input = move |id: &'static str,
                           label: &'static str,
                           hint: &'static str,
                           value: RwSignal<String>,
                           kind: &'static str,
                           autocomplete: &'static str| {
        let hint_id = format!("{id}-hint");
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input
                    id=id
                    type=kind
                    autocomplete=autocomplete
                    data-testid=id
                    aria-describedby=hint_id.clone()
                    aria-invalid=move || invalid.with(|v| v.contains(&id)).then_some("true")
                    prop:value=move || value.get()
                    on:input:target=move |ev| {
                        invalid.update(|v| v.retain(|i| *i != id));
                        value.set(ev.target().value())
                    }
                />
                <span class="field__hint" id=hint_id>
                    {hint}
                </span>
            </div>
        }
    };

    view! {
        <form class="sign-in" on:submit=submit novalidate data-testid="sign-in-form">
            {text_input(
                "sign-in-account",
                "Account name",
                "The Huawei Cloud account (domain) your IAM user belongs to.",
                account,
                "text",
                "organization",
            )}
            {text_input(
                "sign-in-user",
                "IAM user name",
                "Your own user name, not the account's.",
                user,
                "text",
                "username",
            )}
            {text_input(
                "sign-in-password",
                "Password",
                "Sent once to sign in, never stored.",
                password,
                "password",
                "current-password",
            )}
            {text_input(
                "sign-in-mfa",
                "MFA code (if asked)",
                "Only when login protection is on: the 6 digits from your authenticator app.",
                mfa,
                "text",
                "one-time-code",
            )}
            {text_input(
                "sign-in-user-id",
                "IAM user ID (with an MFA code)",
                "IAM needs it with the code. Copy it from My Credentials in the Huawei Cloud console; Ferry remembers it for this user.",
                user_id,
                "text",
                "off",
            )}
            <div class="field">
                <label for="sign-in-region">"Region"</label>
                <RegionSelect id="sign-in-region" value=region />
            </div>
            {text_input(
                "sign-in-project",
                "Project (optional)",
                "Leave empty for the region's main project. For a sub-project, its name (e.g. cn-north-4_qa) or ID.",
                project,
                "text",
                "off",
            )}
            <div class="actions">
                // Not `disabled` while busy: focus would fall to the page. A second
                // submit is ignored by `busy` instead.
                <button
                    type="submit"
                    class="button"
                    data-testid="sign-in"
                    aria-disabled=move || busy.get().then_some("true")
                >
                    {move || if busy.get() { "Signing in…" } else { "Sign in" }}
                </button>
            </div>
            <div aria-live="polite" data-testid="sign-in-outcome">
                {move || {
                    missing
                        .get()
                        .map(|m| {
                            view! {
                                <p class="field__error" role="alert">
                                    {m}
                                </p>
                            }
                        })
                }}
                {move || {
                    outcome
                        .get()
                        .map(|o| match o {
                            Outcome::Problem(text) => {
                                view! {
                                    <div
                                        class="outcome outcome--error"
                                        role="alert"
                                        data-testid="sign-in-problem"
                                    >
                                        <p class="outcome__title">{text}</p>
                                    </div>
                                }
                                    .into_any()
                            }
                            Outcome::Failed(error) => view! { <ErrorPanel error /> }.into_any(),
                        })
                }}
            </div>
        </form>
    }
}

/// The sign-in form over the current page, opened when a token is rejected.
/// A modal `<dialog>`: the page behind is inert, Escape closes it, and focus
/// returns where it was.
#[component]
pub fn SignInDialog() -> impl IntoView {
    let state = AppState::expect();
    let close = Callback::new(move |()| state.sign_in_open.set(false));
    view! {
        <Modal
            open=state.sign_in_open
            on_close=close
            labelledby="sign-in-dialog-title"
            testid="sign-in-dialog"
        >
            <h2 id="sign-in-dialog-title">"Sign in again"</h2>
            <p class="field__hint">
                "Your token was rejected or has expired. What you typed on the page stays as it is."
            </p>
            <SignInForm on_done=close />
            <button type="button" class="button button--secondary" on:click=move |_| close.run(())>
                "Close"
            </button>
        </Modal>
    }
}

/// The one way out of an expired or rejected token, the same wherever it
/// is reported (header, error panels, job cards): the sign-in dialog over
/// the page, so nothing typed is lost.
#[component]
pub fn SignInAgain(#[prop(default = "sign-in-again")] testid: &'static str) -> impl IntoView {
    let state = AppState::expect();
    view! {
        <button
            type="button"
            class="button button--secondary"
            data-testid=testid
            on:click=move |_| state.sign_in_open.set(true)
        >
            "Sign in again"
        </button>
    }
}

/// On the sandbox, its demo sign-in, as `config.json` advertises it.
#[component]
pub fn SandboxSignIn() -> impl IntoView {
    let state = AppState::expect();
    move || {
        state.config.with(|c| c.sandbox.clone()).map(|demo| {
            view! {
                <p class="notice" data-testid="sandbox-sign-in">
                    "On the sandbox, sign in as account " <code>{demo.account}</code> ", user "
                    <code>{demo.user}</code> ", password " <code>{demo.password}</code> "."
                </p>
            }
        })
    }
}
