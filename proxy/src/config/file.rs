//! The configuration as written: the TOML file (see
//! `ferry-proxy.example.toml`) and the `FERRY_*` environment variables that
//! override it.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Deserialize;

use super::{ConfigError, Preset};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

impl LogFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            LogFormat::Text => "text",
            LogFormat::Json => "json",
        }
    }
}

impl FromStr for LogFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<LogFormat, String> {
        match s {
            "text" => Ok(LogFormat::Text),
            "json" => Ok(LogFormat::Json),
            _ => Err("must be text or json".into()),
        }
    }
}

/// The file as written. Every key is optional; see the example file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub listen: Option<SocketAddr>,
    pub static_dir: Option<PathBuf>,
    #[serde(default)]
    pub endpoints: BTreeMap<String, String>,
    #[serde(default)]
    pub allowed_regions: Vec<String>,
    pub allow_insecure_upstream: Option<bool>,
    pub upstream_timeout_secs: Option<u64>,
    pub connect_timeout_secs: Option<u64>,
    pub max_body_bytes: Option<usize>,
    pub request_body_timeout_secs: Option<u64>,
    pub preset: Option<Preset>,
    #[serde(default)]
    pub cors_origins: Vec<String>,
    #[serde(default)]
    pub csp_connect_src: Vec<String>,
    pub log_format: Option<LogFormat>,
    pub cache_dir: Option<PathBuf>,
    pub header_read_timeout_secs: Option<u64>,
    pub idle_timeout_secs: Option<u64>,
    pub max_connections: Option<usize>,
    pub shutdown_grace_secs: Option<u64>,
}

impl FileConfig {
    pub fn load(path: &Path) -> Result<FileConfig, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| ConfigError::Read { path: path.into(), source })?;
        toml::from_str(&text).map_err(|source| ConfigError::Parse { path: path.into(), source })
    }

    /// Overrides from `FERRY_*` variables; `var` is `std::env::var(..).ok()`
    /// in `main` and a map in tests. Lists are comma separated.
    pub fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        fn parse<T: FromStr>(name: &'static str, value: &str) -> Result<T, ConfigError>
        where
            T::Err: std::fmt::Display,
        {
            value.trim().parse().map_err(|e: T::Err| ConfigError::Env { name, reason: e.to_string() })
        }
        fn list(value: &str) -> Vec<String> {
            value.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
        }
        if let Some(v) = var("FERRY_LISTEN") {
            self.listen = Some(parse("FERRY_LISTEN", &v)?);
        }
        if let Some(v) = var("FERRY_STATIC_DIR") {
            self.static_dir = Some(PathBuf::from(v));
        }
        if let Some(v) = var("FERRY_CACHE_DIR") {
            self.cache_dir = Some(PathBuf::from(v));
        }
        if let Some(v) = var("FERRY_PRESET") {
            self.preset = Some(parse("FERRY_PRESET", &v)?);
        }
        if let Some(v) = var("FERRY_ALLOWED_REGIONS") {
            self.allowed_regions = list(&v);
        }
        if let Some(v) = var("FERRY_CORS_ORIGINS") {
            self.cors_origins = list(&v);
        }
        if let Some(v) = var("FERRY_CSP_CONNECT_SRC") {
            self.csp_connect_src = list(&v);
        }
        if let Some(v) = var("FERRY_UPSTREAM_TIMEOUT_SECS") {
            self.upstream_timeout_secs = Some(parse("FERRY_UPSTREAM_TIMEOUT_SECS", &v)?);
        }
        if let Some(v) = var("FERRY_REQUEST_BODY_TIMEOUT_SECS") {
            self.request_body_timeout_secs = Some(parse("FERRY_REQUEST_BODY_TIMEOUT_SECS", &v)?);
        }
        if let Some(v) = var("FERRY_MAX_BODY_BYTES") {
            self.max_body_bytes = Some(parse("FERRY_MAX_BODY_BYTES", &v)?);
        }
        if let Some(v) = var("FERRY_LOG_FORMAT") {
            self.log_format = Some(parse("FERRY_LOG_FORMAT", &v)?);
        }
        if let Some(v) = var("FERRY_HEADER_READ_TIMEOUT_SECS") {
            self.header_read_timeout_secs = Some(parse("FERRY_HEADER_READ_TIMEOUT_SECS", &v)?);
        }
        if let Some(v) = var("FERRY_IDLE_TIMEOUT_SECS") {
            self.idle_timeout_secs = Some(parse("FERRY_IDLE_TIMEOUT_SECS", &v)?);
        }
        if let Some(v) = var("FERRY_MAX_CONNECTIONS") {
            self.max_connections = Some(parse("FERRY_MAX_CONNECTIONS", &v)?);
        }
        if let Some(v) = var("FERRY_SHUTDOWN_GRACE_SECS") {
            self.shutdown_grace_secs = Some(parse("FERRY_SHUTDOWN_GRACE_SECS", &v)?);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::super::Settings;
    use super::*;

    #[test]
    fn env_overrides_the_file() {
        let mut file: FileConfig =
            toml::from_str("listen = '127.0.0.1:1'\nallowed_regions = ['cn-north-4']").unwrap();
        let env = |name: &str| {
            match name {
                "FERRY_LISTEN" => Some("0.0.0.0:8081"),
                "FERRY_ALLOWED_REGIONS" => Some("eu-west-101, cn-east-3,"),
                "FERRY_CORS_ORIGINS" => Some("https://console.example,http://localhost:8080"),
                "FERRY_UPSTREAM_TIMEOUT_SECS" => Some("5"),
                "FERRY_MAX_BODY_BYTES" => Some("2048"),
                "FERRY_LOG_FORMAT" => Some("json"),
                _ => None,
            }
            .map(str::to_string)
        };
        file.apply_env(env).unwrap();
        let s = Settings::from_file(file).unwrap();
        assert_eq!(s.listen.to_string(), "0.0.0.0:8081");
        assert_eq!(s.allowed_regions, ["eu-west-101", "cn-east-3"]);
        assert_eq!(s.cors_origins, ["https://console.example", "http://localhost:8080"]);
        assert_eq!(s.upstream_timeout, Duration::from_secs(5));
        assert_eq!(s.max_body_bytes, 2048);
        assert_eq!(s.log_format, LogFormat::Json);

        let mut file = FileConfig::default();
        let bad = file.apply_env(|n| (n == "FERRY_MAX_BODY_BYTES").then(|| "lots".to_string()));
        assert!(matches!(bad, Err(ConfigError::Env { name: "FERRY_MAX_BODY_BYTES", .. })));
    }
}
