//! App-wide state, provided once at the root as a `Copy` context.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::DeployConfig;
use crate::storage;

/// What the user chose in Settings. Not secret: kept in localStorage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub region: String,
    pub project_id: String,
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
}

impl AppState {
    /// Reads the stored token and settings.
    pub fn load() -> AppState {
        AppState {
            token: RwSignal::new(storage::load_token()),
            settings: RwSignal::new(storage::load_json(storage::SETTINGS_KEY).unwrap_or_default()),
            config: RwSignal::new(DeployConfig::default()),
        }
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
        self.token.set(Some(token));
        stored
    }

    pub fn clear_token(&self) {
        storage::clear_token();
        self.token.set(None);
    }

    pub fn save_settings(&self, settings: Settings) {
        storage::save_json(storage::SETTINGS_KEY, &settings);
        self.settings.set(settings);
    }
}
