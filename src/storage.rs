//! Browser storage. The token lives in **sessionStorage only**: it is gone
//! when the tab closes and no other tab can read it. Settings (region,
//! project ID) are not secrets and go to localStorage. Storage may be missing
//! or throw (privacy modes, quota): failures read as "absent".

use serde::{de::DeserializeOwned, Serialize};
use web_sys::Storage;

pub const TOKEN_KEY: &str = "ferry.token";
pub const SETTINGS_KEY: &str = "ferry.settings";
pub const SESSION_KEY: &str = "ferry.session";
/// Every key Ferry writes starts with this.
const PREFIX: &str = "ferry.";

fn session() -> Option<Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn local() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load_token() -> Option<String> {
    session()?.get_item(TOKEN_KEY).ok().flatten().filter(|t| !t.is_empty())
}

/// Returns false when the browser refused to store it.
pub fn save_token(token: &str) -> bool {
    session().is_some_and(|s| s.set_item(TOKEN_KEY, token).is_ok())
}

pub fn clear_token() {
    if let Some(s) = session() {
        let _ = s.remove_item(TOKEN_KEY);
    }
}

pub fn load_json<T: DeserializeOwned>(key: &str) -> Option<T> {
    let text = local()?.get_item(key).ok().flatten()?;
    ferry_api::lenient::from_text(&text).ok()
}

pub fn save_json<T: Serialize>(key: &str, value: &T) {
    if let (Some(s), Ok(text)) = (local(), serde_json::to_string(value)) {
        let _ = s.set_item(key, &text);
    }
}

/// Session data (who is signed in) lives with the token, in sessionStorage.
pub fn load_session_json<T: DeserializeOwned>(key: &str) -> Option<T> {
    let text = session()?.get_item(key).ok().flatten()?;
    ferry_api::lenient::from_text(&text).ok()
}

pub fn save_session_json<T: Serialize>(key: &str, value: &T) {
    if let (Some(s), Ok(text)) = (session(), serde_json::to_string(value)) {
        let _ = s.set_item(key, &text);
    }
}

pub fn remove_session(key: &str) {
    if let Some(s) = session() {
        let _ = s.remove_item(key);
    }
}

/// Removes every `ferry.` key from both storages (sign out).
pub fn clear_everything() {
    for storage in [session(), local()].into_iter().flatten() {
        let keys: Vec<String> =
            (0..storage.length().unwrap_or(0)).filter_map(|i| storage.key(i).ok().flatten()).collect();
        for key in keys.into_iter().filter(|k| k.starts_with(PREFIX)) {
            let _ = storage.remove_item(&key);
        }
    }
}
