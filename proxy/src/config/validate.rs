//! The checks a file must pass before it becomes [`Settings`]: known
//! services, regions of the preset, exact origins, no zero limits.
//!
//! [`Settings`]: super::Settings

use ferry_api::Service;
use reqwest::Url;

use super::{ConfigError, FileConfig, Preset};

/// Every `[endpoints]` key names a service Ferry knows.
pub(super) fn known_services(file: &FileConfig) -> Result<(), ConfigError> {
    match file.endpoints.keys().find(|name| Service::parse(name).is_none()) {
        Some(name) => Err(ConfigError::UnknownService(name.clone())),
        None => Ok(()),
    }
}

/// Every allowed region is a region of the preset's cloud.
pub(super) fn regions(preset: Preset, allowed: &[String]) -> Result<(), ConfigError> {
    match allowed.iter().find(|r| !preset.region_ok(r)) {
        Some(bad) => Err(ConfigError::Region { region: bad.clone(), preset: preset.as_str() }),
        None => Ok(()),
    }
}

/// CORS and CSP origins are exact origins.
pub(super) fn origins(file: &FileConfig) -> Result<(), ConfigError> {
    file.cors_origins.iter().chain(&file.csp_connect_src).try_for_each(|origin| check_origin(origin))
}

/// `https://host[:port]` exactly as a browser sends it in `Origin`.
fn check_origin(origin: &str) -> Result<(), ConfigError> {
    let url = Url::parse(origin).map_err(|_| ConfigError::Origin(origin.into()))?;
    let serialized = url.origin().ascii_serialization();
    if serialized != origin || !matches!(url.scheme(), "https" | "http") {
        return Err(ConfigError::Origin(origin.into()));
    }
    Ok(())
}

/// A zero would mean "no time at all" (or no body), never "unlimited".
pub(super) fn no_zeros(file: &FileConfig) -> Result<(), ConfigError> {
    for (name, value) in [
        ("upstream_timeout_secs", file.upstream_timeout_secs),
        ("connect_timeout_secs", file.connect_timeout_secs),
        ("request_body_timeout_secs", file.request_body_timeout_secs),
        ("header_read_timeout_secs", file.header_read_timeout_secs),
        ("idle_timeout_secs", file.idle_timeout_secs),
        ("shutdown_grace_secs", file.shutdown_grace_secs),
        ("max_body_bytes", file.max_body_bytes.map(|n| n as u64)),
        ("max_connections", file.max_connections.map(|n| n as u64)),
    ] {
        if value == Some(0) {
            return Err(ConfigError::Zero(name));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::test_settings as settings;
    use super::*;

    #[test]
    fn bad_files_are_refused() {
        assert!(settings("[endpoints]\nobs = 'https://obs.{region}.example'").is_err());
        assert!(settings("[endpoints]\nswr = 'https://user:pw@swr.example'").is_err());
        assert!(settings("allowed_regions = ['cn-north-4.evil']").is_err());
        assert!(toml::from_str::<FileConfig>("listn = '1.2.3.4:5'").is_err());
    }

    #[test]
    fn origins_must_be_exact() {
        assert!(settings("cors_origins = ['https://console.example', 'http://127.0.0.1:8080']").is_ok());
        for bad in [
            "*",
            "null",
            "https://console.example/",
            "https://console.example/path",
            "ftp://x.example",
            "console.example",
        ] {
            assert!(settings(&format!("cors_origins = ['{bad}']")).is_err(), "{bad}");
            assert!(settings(&format!("csp_connect_src = ['{bad}']")).is_err(), "{bad}");
        }
    }
}
