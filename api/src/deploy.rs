//! `config.json`, the deploy-time configuration served beside the console's
//! `index.html`: one typed definition for the proxy, which writes it, and the
//! console, which reads it.
//!
//! Every field has a default and unknown fields are ignored, so a deploy's
//! minimal `{"api_base":"/api"}` and a newer proxy's extra keys both read.

use serde::{Deserialize, Serialize};

/// Where the console sends API calls when `config.json` does not say.
pub const DEFAULT_API_BASE: &str = "/api";

/// The whole of `config.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeployConfig {
    /// The proxy's base URL; only this file sets it, so no link can send a
    /// user's token elsewhere.
    pub api_base: String,
    /// Services the proxy can reach (the proxy adds this); `None`: all of them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub services: Option<Vec<String>>,
    /// Regions the proxy allows (its allow-list, or OTC's); `None`: the
    /// console's usual list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<String>>,
    /// Present when the proxy runs with `--sandbox`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sandbox: Option<SandboxDemo>,
}

impl Default for DeployConfig {
    fn default() -> DeployConfig {
        DeployConfig { api_base: DEFAULT_API_BASE.to_string(), services: None, regions: None, sandbox: None }
    }
}

/// The demo values the sandbox advertises, so a trainer's audience sees them
/// on screen: its token and seeded resources, and the demo sign-in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SandboxDemo {
    /// A token the sandbox accepts without signing in.
    pub token: String,
    pub project_id: String,
    /// The SWR Enterprise Edition instance.
    pub instance_id: String,
    /// A replication policy of that instance (an int32 in the API).
    pub policy_id: i32,
    pub namespace: String,
    pub repository: String,
    /// A private IMS image.
    pub image_id: String,
    /// A full-ECS IMS image.
    pub full_ecs_image_id: String,
    /// The demo IAM sign-in: account (domain) name, user name and password.
    pub account: String,
    pub user: String,
    pub password: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> SandboxDemo {
        SandboxDemo {
            token: "ferry-sandbox-token".into(),
            project_id: "0b5f2a4c8e6d4f1a9c3b7e2d1f0a6c5b".into(),
            instance_id: "5b8d2a47-6f1e-4c3a-9d0b-7e2f1a3c4b5d".into(),
            policy_id: 12,
            namespace: "ferry-demo".into(),
            repository: "nginx".into(),
            image_id: "30e55148-deb9-4923-adb9-91618de16ba0".into(),
            full_ecs_image_id: "7c1f3a52-8d4e-4b6a-9e2f-5a0b1c2d3e4f".into(),
            account: "ferry-demo-account".into(),
            user: "release-manager".into(),
            password: "Ferry-Sandbox-1".into(),
        }
    }

    #[test]
    fn round_trips() {
        let config = DeployConfig {
            api_base: "https://api.example/api".into(),
            services: Some(vec!["ims".into(), "iam".into()]),
            regions: Some(vec!["eu-de".into(), "eu-nl".into()]),
            sandbox: Some(demo()),
        };
        let text = serde_json::to_string(&config).unwrap();
        assert_eq!(serde_json::from_str::<DeployConfig>(&text).unwrap(), config);
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["sandbox"]["policy_id"], 12);
        assert_eq!(json["sandbox"]["account"], "ferry-demo-account");
        assert_eq!(json["sandbox"]["full_ecs_image_id"], "7c1f3a52-8d4e-4b6a-9e2f-5a0b1c2d3e4f");
    }

    #[test]
    fn a_deploys_minimal_file_reads_with_the_defaults() {
        let config: DeployConfig = serde_json::from_str(r#"{"api_base":"/api"}"#).unwrap();
        assert_eq!(config, DeployConfig::default());
        let empty: DeployConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(empty.api_base, DEFAULT_API_BASE);
        let nulls: DeployConfig =
            serde_json::from_str(r#"{"services":null,"regions":null,"sandbox":null}"#).unwrap();
        assert_eq!(nulls, DeployConfig::default());
        // Absent options are left out, not written as null.
        assert_eq!(serde_json::to_string(&DeployConfig::default()).unwrap(), r#"{"api_base":"/api"}"#);
    }

    #[test]
    fn extra_fields_are_ignored() {
        let config: DeployConfig = serde_json::from_str(
            r#"{"api_base":"/x","theme":"dark","services":["swr"],
                "sandbox":{"token":"t","policy_id":3,"faults":{"latency_ms":5}}}"#,
        )
        .unwrap();
        assert_eq!(config.api_base, "/x");
        assert_eq!(config.services.as_deref(), Some(&["swr".to_string()][..]));
        let sandbox = config.sandbox.unwrap();
        assert_eq!((sandbox.token.as_str(), sandbox.policy_id), ("t", 3));
        // A sandbox object from before the sign-in fields still reads.
        assert_eq!(sandbox.account, "");
        assert_eq!(sandbox.user, "");
    }
}
