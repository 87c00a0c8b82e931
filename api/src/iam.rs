//! IAM sign-in and projects (api-reference §1).

use chrono::DateTime;
use serde::{Deserialize, Serialize};

use crate::call::{ApiCall, Method, Service};
use crate::error::ApiError;

/// What the user types to sign in. The password lives only as long as the
/// request that carries it.
pub struct Credentials<'a> {
    pub account: &'a str,
    pub user: &'a str,
    pub password: &'a str,
    /// Six-digit virtual MFA code, when login protection asks for one.
    pub mfa_code: Option<&'a str>,
}

/// `POST /v3/auth/tokens?nocatalog=true`, scoped to the region's project.
pub fn sign_in(region: &str, credentials: &Credentials<'_>) -> ApiCall {
    let user = serde_json::json!({
        "domain": { "name": credentials.account },
        "name": credentials.user,
        "password": credentials.password,
    });
    let identity = match credentials.mfa_code {
        Some(code) => serde_json::json!({
            "methods": ["password", "totp"],
            "password": { "user": user },
            "totp": { "user": { "passcode": code } },
        }),
        None => serde_json::json!({ "methods": ["password"], "password": { "user": user } }),
    };
    let body = serde_json::json!({ "auth": { "identity": identity, "scope": { "project": { "name": region } } } });
    ApiCall::new(Method::Post, Service::Iam, region, "/v3/auth/tokens?nocatalog=true".into()).with_json(body.to_string())
}

/// `GET /v3/auth/projects`.
pub fn list_projects(region: &str) -> ApiCall {
    ApiCall::new(Method::Get, Service::Iam, region, "/v3/auth/projects".into())
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Named {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct TokenUser {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub domain: Named,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct TokenResult {
    #[serde(default)]
    pub expires_at: String,
    #[serde(default)]
    pub project: Named,
    #[serde(default)]
    pub user: TokenUser,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TokenAnswer {
    pub token: TokenResult,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Project {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default = "enabled_default")]
    pub enabled: bool,
}

fn enabled_default() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ProjectList {
    #[serde(default)]
    pub projects: Vec<Project>,
}

/// The projects of one region: its own (named like the region) and its
/// sub-projects (`cn-north-4_sub`), own project first.
pub fn projects_of_region(list: &ProjectList, region: &str) -> Vec<Project> {
    let sub = format!("{region}_");
    let mut out: Vec<Project> =
        list.projects.iter().filter(|p| p.enabled && (p.name == region || p.name.starts_with(&sub))).cloned().collect();
    out.sort_by_key(|p| p.name != region);
    out
}

/// Who is signed in, kept in sessionStorage beside the token (never the password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub account: String,
    pub user: String,
    pub region: String,
    pub project_id: String,
    pub project_name: String,
    pub expires_at: String,
}

impl Session {
    pub fn from_token(token: &TokenResult, region: &str) -> Session {
        Session {
            account: token.user.domain.name.clone(),
            user: token.user.name.clone(),
            region: region.to_string(),
            project_id: token.project.id.clone(),
            project_name: token.project.name.clone(),
            expires_at: token.expires_at.clone(),
        }
    }

    /// Milliseconds until the token expires; None if `expires_at` is unreadable.
    pub fn remaining_ms(&self, now_ms: f64) -> Option<f64> {
        let expires = DateTime::parse_from_rfc3339(self.expires_at.trim()).ok()?;
        Some(expires.timestamp_millis() as f64 - now_ms)
    }

    /// "expires in 23 h 12 min", "expired".
    pub fn expiry_text(&self, now_ms: f64) -> Option<String> {
        let left = self.remaining_ms(now_ms)?;
        if left <= 0.0 {
            return Some("expired".into());
        }
        let minutes = (left / 60_000.0) as u64;
        Some(match minutes {
            0 => "expires in less than a minute".into(),
            1..=59 => format!("expires in {minutes} min"),
            _ => format!("expires in {} h {:02} min", minutes / 60, minutes % 60),
        })
    }

    /// Warn 30 minutes before expiry.
    pub fn expiring_soon(&self, now_ms: f64) -> bool {
        self.remaining_ms(now_ms).is_some_and(|left| left < 30.0 * 60_000.0)
    }
}

/// A plain sentence for the sign-in refusals IAM words technically.
pub fn sign_in_problem(error: &ApiError) -> Option<&'static str> {
    let message = error.service().and_then(|s| s.message.as_deref()).unwrap_or("").to_ascii_lowercase();
    if message.contains("locked") {
        Some("This IAM user is locked, usually after too many wrong passwords. Wait for it to unlock or ask your administrator.")
    } else if message.contains("verification code is incorrect") {
        Some("The MFA code was not accepted. Enter the current 6-digit code from your authenticator app.")
    } else if message.contains("mfa") || message.contains("verification code") || message.contains("login protection") {
        Some("This user needs an MFA code: enter the current 6-digit code from your authenticator app, then sign in again.")
    } else if message.contains("username or password") || error.status() == Some(401) {
        Some("The account name, user name or password is wrong. Check all three (they are case-sensitive) and try again.")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_body_matches_the_reference() {
        let call = sign_in("cn-north-4", &Credentials { account: "acme", user: "rm", password: "pw", mfa_code: None });
        assert_eq!(call.path, "/v3/auth/tokens?nocatalog=true");
        let body: serde_json::Value = serde_json::from_str(call.body.as_deref().unwrap()).unwrap();
        assert_eq!(body["auth"]["identity"]["methods"], serde_json::json!(["password"]));
        assert_eq!(body["auth"]["identity"]["password"]["user"]["domain"]["name"], "acme");
        assert_eq!(body["auth"]["scope"]["project"]["name"], "cn-north-4");
        let mfa = sign_in("cn-north-4", &Credentials { account: "a", user: "u", password: "p", mfa_code: Some("123456") });
        let body: serde_json::Value = serde_json::from_str(mfa.body.as_deref().unwrap()).unwrap();
        assert_eq!(body["auth"]["identity"]["methods"], serde_json::json!(["password", "totp"]));
        assert_eq!(body["auth"]["identity"]["totp"]["user"]["passcode"], "123456");
    }

    #[test]
    fn session_expiry() {
        let token: TokenAnswer = serde_json::from_str(
            r#"{"token":{"expires_at":"2020-01-04T09:05:22.701000Z","project":{"id":"p1","name":"cn-north-4"},"user":{"name":"rm","domain":{"name":"acme"}}}}"#,
        )
        .unwrap();
        let session = Session::from_token(&token.token, "cn-north-4");
        assert_eq!(session.project_id, "p1");
        let expires = DateTime::parse_from_rfc3339("2020-01-04T09:05:22.701Z").unwrap().timestamp_millis() as f64;
        let in_23h = expires - (23.0 * 60.0 + 12.0) * 60_000.0 - 1_000.0;
        assert_eq!(session.expiry_text(in_23h).as_deref(), Some("expires in 23 h 12 min"));
        assert!(!session.expiring_soon(in_23h));
        assert!(session.expiring_soon(expires - 29.0 * 60_000.0));
        assert_eq!(session.expiry_text(expires + 1.0).as_deref(), Some("expired"));
    }

    #[test]
    fn projects_are_filtered_to_the_region() {
        let list: ProjectList = serde_json::from_str(
            r#"{"projects":[{"id":"a","name":"cn-north-4_qa"},{"id":"b","name":"cn-north-4"},{"id":"c","name":"cn-east-3"},{"id":"d","name":"cn-north-44"}]}"#,
        )
        .unwrap();
        let ids: Vec<String> = projects_of_region(&list, "cn-north-4").into_iter().map(|p| p.id).collect();
        assert_eq!(ids, vec!["b", "a"]);
    }

    #[test]
    fn refusals_read_plainly() {
        let wrong = ApiError::from_status(401, None, r#"{"error":{"code":401,"message":"The username or password is wrong.","title":"Unauthorized"}}"#.into());
        assert!(sign_in_problem(&wrong).unwrap().contains("password is wrong"));
        let locked = ApiError::from_status(401, None, r#"{"error":{"code":401,"message":"The account is locked.","title":"Unauthorized"}}"#.into());
        assert!(sign_in_problem(&locked).unwrap().contains("locked"));
        let mfa = ApiError::from_status(401, None, r#"{"error":{"code":401,"message":"Login protection is enabled: a virtual MFA verification code is required.","title":"Unauthorized"}}"#.into());
        assert!(sign_in_problem(&mfa).unwrap().contains("MFA code"));
    }
}
