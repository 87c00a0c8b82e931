//! Configuration: a TOML file (see `ferry-proxy.example.toml`), then
//! `FERRY_*` environment variables, then flags. Everything is validated once
//! at start-up into [`Settings`].
//!
//! - [`file`]: the file as written ([`FileConfig`]) and the environment;
//! - [`presets`]: the clouds' endpoints and regions ([`Preset`], [`Endpoint`]);
//! - [`validate`]: the checks a file must pass;
//! - here: the effective [`Settings`] and `--check-config`'s [`Settings::describe`].

mod error;
mod file;
mod presets;
mod validate;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use ferry_api::Service;

pub use error::ConfigError;
pub use file::{FileConfig, LogFormat};
pub use presets::{default_endpoint, Endpoint, Preset};

use presets::OTC_REGIONS;

pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// The effective, validated configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    pub listen: SocketAddr,
    pub static_dir: Option<PathBuf>,
    pub endpoints: BTreeMap<&'static str, Endpoint>,
    /// Empty: any region ID of the right shape.
    pub allowed_regions: Vec<String>,
    pub upstream_timeout: Duration,
    pub connect_timeout: Duration,
    pub max_body_bytes: usize,
    /// The whole request body must arrive within this, or 408: a client
    /// trickling bytes cannot hold a connection (or an upstream) forever.
    pub request_body_timeout: Duration,
    pub preset: Preset,
    /// Origins allowed to call `/api` from a browser (exact match).
    pub cors_origins: Vec<String>,
    /// Extra origins for the console's CSP `connect-src`, e.g. an `api_base`
    /// on another host.
    pub csp_connect_src: Vec<String>,
    pub log_format: LogFormat,
    /// Where precompressed assets go when `static_dir` is read-only.
    pub cache_dir: Option<PathBuf>,
    /// Connection limits for the listener (slow clients, shutdown).
    pub limits: crate::serve::Limits,
    /// Set at start-up: the directory assets are served from (`static_dir`,
    /// or its mirror in `cache_dir` with `.br`/`.gz` siblings).
    pub asset_dir: Option<PathBuf>,
    pub sandbox: bool,
    /// Job and execution durations and starting faults of the sandbox; its
    /// `Default` holds the defaults.
    pub sandbox_options: ferry_sandbox::Options,
}

impl Settings {
    pub fn from_file(file: FileConfig) -> Result<Settings, ConfigError> {
        let allow_insecure = file.allow_insecure_upstream.unwrap_or(false);
        let preset = file.preset.unwrap_or_default();
        validate::known_services(&file)?;
        let mut endpoints = BTreeMap::new();
        for service in Service::ALL {
            let name = service.as_str();
            let configured = file.endpoints.get(name).map(String::as_str);
            // A service this cloud lacks stays out of the map: 404 at request time.
            match (configured, preset) {
                (Some(template), _) => {
                    endpoints.insert(name, Endpoint::parse(name, template, allow_insecure)?);
                }
                (None, Preset::Huaweicloud) => {
                    endpoints.insert(name, Endpoint::sdk(service));
                }
                (None, preset) => {
                    if let Some(template) = preset.default_endpoint(service) {
                        endpoints.insert(name, Endpoint::parse(name, template, allow_insecure)?);
                    }
                }
            }
        }
        validate::regions(preset, &file.allowed_regions)?;
        validate::origins(&file)?;
        validate::no_zeros(&file)?;
        let defaults = crate::serve::Limits::default();
        let secs_or =
            |value: Option<u64>, default: Duration| value.map(Duration::from_secs).unwrap_or(default);
        let limits = crate::serve::Limits {
            header_read_timeout: secs_or(file.header_read_timeout_secs, defaults.header_read_timeout),
            idle_timeout: secs_or(file.idle_timeout_secs, defaults.idle_timeout),
            max_connections: file.max_connections.unwrap_or(defaults.max_connections),
            shutdown_grace: secs_or(file.shutdown_grace_secs, defaults.shutdown_grace),
        };
        Ok(Settings {
            listen: file.listen.unwrap_or_else(|| DEFAULT_LISTEN.parse().expect("constant address")),
            static_dir: file.static_dir,
            endpoints,
            allowed_regions: file.allowed_regions,
            upstream_timeout: Duration::from_secs(file.upstream_timeout_secs.unwrap_or(60)),
            connect_timeout: Duration::from_secs(file.connect_timeout_secs.unwrap_or(10)),
            max_body_bytes: file.max_body_bytes.unwrap_or(1024 * 1024),
            request_body_timeout: Duration::from_secs(file.request_body_timeout_secs.unwrap_or(30)),
            preset,
            cors_origins: file.cors_origins,
            csp_connect_src: file.csp_connect_src,
            log_format: file.log_format.unwrap_or_default(),
            cache_dir: file.cache_dir,
            limits,
            asset_dir: None,
            sandbox: false,
            sandbox_options: ferry_sandbox::Options::default(),
        })
    }

    pub fn region_allowed(&self, region: &str) -> bool {
        self.preset.region_ok(region)
            && (self.allowed_regions.is_empty() || self.allowed_regions.iter().any(|r| r == region))
    }

    /// Regions the console should offer: the allow-list, or the preset's
    /// fixed regions (OTC); None means "any of the console's own list".
    pub fn console_regions(&self) -> Option<Vec<String>> {
        if !self.allowed_regions.is_empty() {
            return Some(self.allowed_regions.clone());
        }
        match self.preset {
            Preset::Opentelekomcloud => Some(OTC_REGIONS.iter().map(|r| r.to_string()).collect()),
            Preset::Huaweicloud => None,
        }
    }

    /// Services that have an endpoint, in the console's order.
    pub fn services(&self) -> Vec<&'static str> {
        Service::ALL.iter().map(|s| s.as_str()).filter(|s| self.endpoints.contains_key(s)).collect()
    }

    /// The effective configuration as TOML-like text for `--check-config`.
    /// Nothing here is secret: the proxy holds no credentials.
    pub fn describe(&self) -> String {
        let list = |items: &[String]| format!("{items:?}");
        let mut out = String::new();
        let _ = writeln!(out, "listen = \"{}\"", self.listen);
        match &self.static_dir {
            Some(dir) => writeln!(out, "static_dir = {:?}", dir.display().to_string()),
            None => writeln!(out, "# static_dir not set: only /api/ and /healthz are served"),
        }
        .ok();
        if let Some(dir) = &self.cache_dir {
            let _ = writeln!(out, "cache_dir = {:?}", dir.display().to_string());
        }
        let _ = writeln!(out, "preset = \"{}\"", self.preset.as_str());
        let _ = writeln!(out, "allowed_regions = {}", list(&self.allowed_regions));
        let _ = writeln!(out, "cors_origins = {}", list(&self.cors_origins));
        let _ = writeln!(out, "csp_connect_src = {}", list(&self.csp_connect_src));
        let _ = writeln!(out, "connect_timeout_secs = {}", self.connect_timeout.as_secs());
        let _ = writeln!(out, "upstream_timeout_secs = {}", self.upstream_timeout.as_secs());
        let _ = writeln!(out, "request_body_timeout_secs = {}", self.request_body_timeout.as_secs());
        let _ = writeln!(out, "max_body_bytes = {}", self.max_body_bytes);
        let _ = writeln!(out, "header_read_timeout_secs = {}", self.limits.header_read_timeout.as_secs());
        let _ = writeln!(out, "idle_timeout_secs = {}", self.limits.idle_timeout.as_secs());
        let _ = writeln!(out, "max_connections = {}", self.limits.max_connections);
        let _ = writeln!(out, "shutdown_grace_secs = {}", self.limits.shutdown_grace.as_secs());
        let _ = writeln!(out, "log_format = \"{}\"", self.log_format.as_str());
        let _ = writeln!(out, "\n[endpoints]");
        for service in Service::ALL {
            match self.endpoints.get(service.as_str()) {
                Some(Endpoint { sdk_table: Some(_), template }) => writeln!(
                    out,
                    "# {}: the SDK's host per region, usually {template} (none where the service is absent)",
                    service.as_str()
                ),
                Some(endpoint) => {
                    writeln!(out, "{} = \"{}\"", service.as_str(), endpoint.template)
                }
                None => writeln!(out, "# {}: not available in this cloud (answers 404)", service.as_str()),
            }
            .ok();
        }
        out
    }
}

/// Settings from TOML text, for the tests of every config module.
#[cfg(test)]
fn test_settings(toml_text: &str) -> Result<Settings, ConfigError> {
    Settings::from_file(toml::from_str(toml_text).expect("valid toml"))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::test_settings as settings;
    use super::*;

    #[test]
    fn the_example_file_is_valid_and_matches_the_defaults() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/ferry-proxy.example.toml");
        let example = Settings::from_file(FileConfig::load(Path::new(path)).unwrap()).unwrap();
        let defaults = settings("").unwrap();
        assert_eq!(example.listen, defaults.listen);
        assert_eq!(example.max_body_bytes, defaults.max_body_bytes);
        assert_eq!(example.upstream_timeout, defaults.upstream_timeout);
        assert_eq!(example.request_body_timeout, defaults.request_body_timeout);
        assert_eq!(example.preset, defaults.preset);
        assert_eq!(example.log_format, defaults.log_format);
        assert_eq!(example.limits, defaults.limits);
        assert!(example.cors_origins.is_empty() && example.csp_connect_src.is_empty());
        for service in Service::ALL {
            let name = service.as_str();
            assert_eq!(
                example.endpoints[name].base_for("cn-north-4"),
                defaults.endpoints[name].base_for("cn-north-4")
            );
        }
    }

    #[test]
    fn region_allow_list() {
        let s = settings("allowed_regions = ['cn-north-4']").unwrap();
        assert!(s.region_allowed("cn-north-4"));
        assert!(!s.region_allowed("cn-east-3"));
        let open = settings("").unwrap();
        assert!(open.region_allowed("cn-east-3"));
        assert!(!open.region_allowed("169.254.169.254"));
    }
}
