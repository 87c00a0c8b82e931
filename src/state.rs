//! App-wide state, provided once at the root as a `Copy` context.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use ferry_api::iam::Session;

use crate::client::{Caller, NotReady};
use crate::config::DeployConfig;
use crate::storage;

/// What the user chose in Settings. Not secret: kept in localStorage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub region: String,
    pub project_id: String,
}

impl Settings {
    /// Region and project of the calls made now.
    pub fn scope(&self) -> ferry_api::Scope {
        ferry_api::Scope::new(self.region.clone(), self.project_id.clone())
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings { region: ferry_api::regions::DEFAULT_REGION.to_string(), project_id: String::new() }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct AppState {
    token: RwSignal<Option<String>>,
    pub settings: RwSignal<Settings>,
    pub config: RwSignal<DeployConfig>,
    /// Who signed in (None when a token was pasted).
    pub session: RwSignal<Option<Session>>,
    /// The sign-in dialog, opened over the current page so nothing typed is lost.
    pub sign_in_open: RwSignal<bool>,
    /// Region and project the next sign-in is for, when Settings asked for
    /// another one than the current token's (a token is project-scoped).
    pub sign_in_for: RwSignal<Option<(String, String)>>,
    /// The cloud refused the token (401): the header says "expired" at once,
    /// until a new token is set.
    pub token_rejected: RwSignal<bool>,
}

impl AppState {
    /// Reads the stored token and settings.
    pub fn load() -> AppState {
        AppState {
            token: RwSignal::new(storage::load_token()),
            settings: RwSignal::new(storage::load_json(storage::SETTINGS_KEY).unwrap_or_default()),
            config: RwSignal::new(DeployConfig::default()),
            session: RwSignal::new(storage::load_session_json(storage::SESSION_KEY)),
            sign_in_open: RwSignal::new(false),
            sign_in_for: RwSignal::new(None),
            token_rejected: RwSignal::new(false),
        }
    }

    /// Open the sign-in dialog for a region and project (a sub-project too).
    pub fn open_sign_in_for(&self, region: String, project_id: String) {
        self.sign_in_for.set(Some((region, project_id)));
        self.sign_in_open.set(true);
    }

    pub fn provide(self) {
        provide_context(self);
    }

    pub fn expect() -> AppState {
        expect_context::<AppState>()
    }

    pub fn has_token(&self) -> bool {
        self.token.with(Option::is_some)
    }

    /// Tracked: for components that react to a new token (pollers resuming).
    pub fn token(&self) -> Option<String> {
        self.token.get()
    }

    /// The token for one request. Untracked: sending must not subscribe.
    pub fn token_untracked(&self) -> Option<String> {
        self.token.get_untracked()
    }

    /// Last four characters, so the user can tell which token is set.
    pub fn token_hint(&self) -> Option<String> {
        self.token.with(|t| {
            t.as_ref().map(|t| t.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect())
        })
    }

    /// Stores the token in sessionStorage. Returns false if the browser refused.
    pub fn set_token(&self, token: String) -> bool {
        let stored = storage::save_token(&token);
        self.token_rejected.set(false);
        self.token.set(Some(token));
        stored
    }

    pub fn clear_token(&self) {
        storage::clear_token();
        storage::remove_session(storage::SESSION_KEY);
        self.token.set(None);
        self.session.set(None);
    }

    /// After a sign-in: token and session to sessionStorage, and Settings
    /// follow the signed-in region and project. The password is not here.
    pub fn signed_in(&self, token: String, session: Session) -> bool {
        let stored = self.set_token(token);
        storage::save_session_json(storage::SESSION_KEY, &session);
        self.save_settings(Settings {
            region: session.region.clone(),
            project_id: session.project_id.clone(),
        });
        self.session.set(Some(session));
        stored
    }

    /// Sign out: forget everything Ferry stored, in both storages.
    pub fn sign_out(&self) {
        storage::clear_everything();
        self.token.set(None);
        self.session.set(None);
        self.settings.set(Settings::default());
    }

    /// Who calls, or why they can't yet: a token (and, when `needs_project`,
    /// a project) is needed first.
    pub fn caller(&self, needs_project: bool) -> Result<(Settings, Caller), NotReady> {
        let settings = self.settings.get_untracked();
        let token = self.token_untracked().ok_or(NotReady::NoToken)?;
        if needs_project && ferry_api::validate::project_id(&settings.project_id).is_err() {
            return Err(NotReady::NoProject);
        }
        // Signed in with a password: a rejected token opens sign-in over
        // the page, so what was typed stays. Pasted-token users choose.
        let state = *self;
        let on_rejected = Some(Callback::new(move |()| {
            state.token_rejected.set(true);
            if state.session.with_untracked(Option::is_some) {
                state.sign_in_open.set(true);
            }
        }));
        let caller = Caller { api_base: self.config.get_untracked().api_base, token, on_rejected };
        Ok((settings, caller))
    }

    /// A caller for a request that needs no token (sign-in).
    pub fn anonymous(&self) -> Caller {
        Caller { api_base: self.config.get_untracked().api_base, token: String::new(), on_rejected: None }
    }

    /// Region and project for a request preview (tracked); an unset project
    /// shows as `{project_id}` so the preview still reads as the API's path.
    pub fn preview_scope(&self) -> (String, String) {
        self.settings.with(|s| {
            let project =
                if s.project_id.is_empty() { "{project_id}".to_string() } else { s.project_id.clone() };
            (s.region.clone(), project)
        })
    }

    pub fn save_settings(&self, settings: Settings) {
        storage::save_json(storage::SETTINGS_KEY, &settings);
        self.settings.set(settings);
    }
}
