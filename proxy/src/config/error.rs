//! Why a configuration was refused.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path} is not valid: {source}")]
    Parse { path: PathBuf, source: toml::de::Error },
    #[error("endpoint for service '{service}': {reason}")]
    Endpoint { service: String, reason: String },
    #[error("unknown service '{0}' in [endpoints] (known: swr, hss, ims, iam)")]
    UnknownService(String),
    #[error("allowed region '{region}' is not a region of {preset}")]
    Region { region: String, preset: &'static str },
    #[error("'{0}' is not an origin such as https://console.example (scheme, host, optional port; no path)")]
    Origin(String),
    #[error("environment variable {name}: {reason}")]
    Env { name: &'static str, reason: String },
    #[error("{0} must be greater than 0")]
    Zero(&'static str),
}
