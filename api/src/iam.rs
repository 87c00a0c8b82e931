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
    /// Virtual MFA, when login protection asks for it.
    pub mfa: Option<Mfa<'a>>,
}

/// The TOTP factor. The SDK's `MfaTotpUser` has `id` and `passcode`, both
/// required (no `omitempty`), and the IAM docs mark `totp.user.id`
/// mandatory: the user's IAM user ID, shown on "My Credentials".
pub struct Mfa<'a> {
    pub user_id: &'a str,
    pub passcode: &'a str,
}

/// Which project the token is for (`AuthScopeProject`: `id` or `name`). A
/// region's main project is named like the region; a sub-project
/// (`cn-north-4_qa`) has its own name and ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectScope {
    Name(String),
    Id(String),
}

impl ProjectScope {
    /// What a user typed: empty is the region's main project, an IAM ID
    /// (32 hex digits) is an ID, anything else a project name.
    pub fn from_input(region: &str, raw: &str) -> ProjectScope {
        let raw = raw.trim();
        if raw.is_empty() {
            ProjectScope::Name(region.to_string())
        } else if raw.len() == 32 && raw.bytes().all(|b| b.is_ascii_hexdigit()) {
            ProjectScope::Id(raw.to_ascii_lowercase())
        } else {
            ProjectScope::Name(raw.to_string())
        }
    }

    fn json(&self) -> serde_json::Value {
        match self {
            ProjectScope::Name(name) => serde_json::json!({ "name": name }),
            ProjectScope::Id(id) => serde_json::json!({ "id": id }),
        }
    }
}

/// An IAM user ID as "My Credentials" shows it: letters and digits.
pub fn user_id(raw: &str) -> Result<String, crate::FieldError> {
    let id = raw.trim();
    if id.is_empty() {
        return Err(crate::FieldError {
            field: "IAM user ID",
            rule: "is needed with an MFA code: copy it from My Credentials in the Huawei Cloud console."
                .into(),
        });
    }
    if id.len() > 64 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(crate::FieldError {
            field: "IAM user ID",
            rule: "has only letters and digits (32 on Huawei Cloud), as My Credentials shows it.".into(),
        });
    }
    Ok(id.to_string())
}

/// `POST /v3/auth/tokens?nocatalog=true`, scoped to `project`.
pub fn sign_in(region: &str, project: &ProjectScope, credentials: &Credentials<'_>) -> ApiCall {
    let user = serde_json::json!({
        "domain": { "name": credentials.account },
        "name": credentials.user,
        "password": credentials.password,
    });
    let identity = match &credentials.mfa {
        Some(mfa) => serde_json::json!({
            "methods": ["password", "totp"],
            "password": { "user": user },
            "totp": { "user": { "id": mfa.user_id, "passcode": mfa.passcode } },
        }),
        None => serde_json::json!({ "methods": ["password"], "password": { "user": user } }),
    };
    let body =
        serde_json::json!({ "auth": { "identity": identity, "scope": { "project": project.json() } } });
    ApiCall::new(Method::Post, Service::Iam, region, "/v3/auth/tokens?nocatalog=true".into())
        .with_header("Content-Type", "application/json;charset=utf8")
        .with_json(body.to_string())
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
    /// The IAM user ID, which an MFA sign-in must send (`totp.user.id`).
    #[serde(default)]
    pub id: String,
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
    pub projects: crate::lenient::Items<Project>,
}

/// The projects of one region: its own (named like the region) and its
/// sub-projects (`cn-north-4_sub`), own project first.
pub fn projects_of_region(list: &ProjectList, region: &str) -> Vec<Project> {
    let sub = format!("{region}_");
    let mut out: Vec<Project> = list
        .projects
        .iter()
        .filter(|p| p.enabled && (p.name == region || p.name.starts_with(&sub)))
        .cloned()
        .collect();
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
        // Short, so the signed-in header fits on one line at 1280 px.
        Some(match minutes {
            0 => "less than a minute left".into(),
            1..=59 => format!("{minutes} min left"),
            60..=119 => format!("1 h {:02} min left", minutes % 60),
            _ => format!("{} h left", minutes / 60),
        })
    }

    /// Warn 30 minutes before expiry.
    pub fn expiring_soon(&self, now_ms: f64) -> bool {
        self.remaining_ms(now_ms).is_some_and(|left| left < 30.0 * 60_000.0)
    }
}

/// A plain sentence for the sign-in refusals IAM words technically. Keyed on
/// the documented IAM codes first (IAM error code table: `IAM.0061` account
/// locked, `IAM.0062` incorrect password, `IAM.1061` invalid TOTP passcode,
/// `IAM.1109` project not found), then on Keystone's messages.
pub fn sign_in_problem(error: &ApiError) -> Option<&'static str> {
    let code = error.service().and_then(|s| s.code.as_deref()).unwrap_or("").to_ascii_uppercase();
    match code.as_str() {
        "IAM.0061" => return Some("This IAM user is locked, usually after too many wrong passwords. Wait for it to unlock or ask your administrator."),
        "IAM.0062" | "IAM.1103" => return Some("The account name, user name or password is wrong. Check all three (they are case-sensitive) and try again."),
        "IAM.1061" => return Some("The MFA code was not accepted. Enter the current 6-digit code from your authenticator app, and check your IAM user ID."),
        "IAM.1109" | "IAM.0004" => return Some("Your account has no such project in this region. Leave Project empty for the region's main project, or check the sub-project's name or ID."),
        _ => {}
    }
    let message = error.service().and_then(|s| s.message.as_deref()).unwrap_or("").to_ascii_lowercase();
    if message.contains("locked") {
        Some("This IAM user is locked, usually after too many wrong passwords. Wait for it to unlock or ask your administrator.")
    } else if message.contains("verification code is incorrect") || message.contains("totp passcode") {
        Some("The MFA code was not accepted. Enter the current 6-digit code from your authenticator app.")
    } else if message.contains("mfa")
        || message.contains("verification code")
        || message.contains("login protection")
    {
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
        let main = ProjectScope::from_input("cn-north-4", "");
        let call = sign_in(
            "cn-north-4",
            &main,
            &Credentials { account: "acme", user: "rm", password: "pw", mfa: None },
        );
        assert_eq!(call.path, "/v3/auth/tokens?nocatalog=true");
        let body: serde_json::Value = serde_json::from_str(call.body.as_deref().unwrap()).unwrap();
        assert_eq!(body["auth"]["identity"]["methods"], serde_json::json!(["password"]));
        assert_eq!(body["auth"]["identity"]["password"]["user"]["domain"]["name"], "acme");
        assert_eq!(body["auth"]["scope"]["project"], serde_json::json!({"name": "cn-north-4"}));
    }

    #[test]
    fn mfa_sends_the_user_id_the_sdk_requires() {
        let mfa = Mfa { user_id: "0c6d3f1e9b2a4d5c8e7f6a5b4c3d2e1f", passcode: "123456" };
        let main = ProjectScope::from_input("cn-north-4", "");
        let call = sign_in(
            "cn-north-4",
            &main,
            &Credentials { account: "a", user: "u", password: "p", mfa: Some(mfa) },
        );
        let body: serde_json::Value = serde_json::from_str(call.body.as_deref().unwrap()).unwrap();
        assert_eq!(body["auth"]["identity"]["methods"], serde_json::json!(["password", "totp"]));
        // SDK `MfaTotpUser { Id string json:"id"; Passcode string json:"passcode" }`.
        assert_eq!(
            body["auth"]["identity"]["totp"]["user"],
            serde_json::json!({"id": "0c6d3f1e9b2a4d5c8e7f6a5b4c3d2e1f", "passcode": "123456"})
        );
        assert!(user_id("").is_err());
        assert!(user_id("not an id!").is_err());
        assert_eq!(
            user_id(" 0c6d3f1e9b2a4d5c8e7f6a5b4c3d2e1f ").unwrap(),
            "0c6d3f1e9b2a4d5c8e7f6a5b4c3d2e1f"
        );
    }

    #[test]
    fn a_sub_project_is_scoped_by_its_id_or_name() {
        let creds = Credentials { account: "a", user: "u", password: "p", mfa: None };
        let by_id = ProjectScope::from_input("cn-north-4", "9A1B2C3D4E5F60718293A4B5C6D7E8F9");
        assert_eq!(by_id, ProjectScope::Id("9a1b2c3d4e5f60718293a4b5c6d7e8f9".into()));
        let body: serde_json::Value =
            serde_json::from_str(sign_in("cn-north-4", &by_id, &creds).body.as_deref().unwrap()).unwrap();
        assert_eq!(
            body["auth"]["scope"]["project"],
            serde_json::json!({"id": "9a1b2c3d4e5f60718293a4b5c6d7e8f9"})
        );
        let by_name = ProjectScope::from_input("cn-north-4", "cn-north-4_qa");
        let body: serde_json::Value =
            serde_json::from_str(sign_in("cn-north-4", &by_name, &creds).body.as_deref().unwrap()).unwrap();
        assert_eq!(body["auth"]["scope"]["project"], serde_json::json!({"name": "cn-north-4_qa"}));
    }

    #[test]
    fn session_expiry() {
        let token: TokenAnswer = serde_json::from_str(
            r#"{"token":{"expires_at":"2020-01-04T09:05:22.701000Z","project":{"id":"p1","name":"cn-north-4"},"user":{"name":"rm","domain":{"name":"acme"}}}}"#,
        )
        .unwrap();
        let session = Session::from_token(&token.token, "cn-north-4");
        assert_eq!(session.project_id, "p1");
        let expires =
            DateTime::parse_from_rfc3339("2020-01-04T09:05:22.701Z").unwrap().timestamp_millis() as f64;
        let in_23h = expires - (23.0 * 60.0 + 12.0) * 60_000.0 - 1_000.0;
        assert_eq!(session.expiry_text(in_23h).as_deref(), Some("23 h left"));
        assert_eq!(session.expiry_text(expires - 75.0 * 60_000.0).as_deref(), Some("1 h 15 min left"));
        assert_eq!(session.expiry_text(expires - 5.5 * 60_000.0).as_deref(), Some("5 min left"));
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
    fn documented_iam_codes_read_plainly() {
        let totp = ApiError::from_status(
            400,
            None,
            r#"{"error_msg":"Invalid TOTP passcode.","error_code":"IAM.1061"}"#.into(),
        );
        assert!(sign_in_problem(&totp).unwrap().contains("MFA code was not accepted"));
        let project = ApiError::from_status(
            400,
            None,
            r#"{"error_msg":"The project information cannot be found.","error_code":"IAM.1109"}"#.into(),
        );
        assert!(sign_in_problem(&project).unwrap().contains("no such project"));
    }

    #[test]
    fn refusals_read_plainly() {
        let wrong = ApiError::from_status(
            401,
            None,
            r#"{"error":{"code":401,"message":"The username or password is wrong.","title":"Unauthorized"}}"#
                .into(),
        );
        assert!(sign_in_problem(&wrong).unwrap().contains("password is wrong"));
        let locked = ApiError::from_status(
            401,
            None,
            r#"{"error":{"code":401,"message":"The account is locked.","title":"Unauthorized"}}"#.into(),
        );
        assert!(sign_in_problem(&locked).unwrap().contains("locked"));
        let mfa = ApiError::from_status(401, None, r#"{"error":{"code":401,"message":"Login protection is enabled: a virtual MFA verification code is required.","title":"Unauthorized"}}"#.into());
        assert!(sign_in_problem(&mfa).unwrap().contains("MFA code"));
    }
}
