//! Configuration: a TOML file (see `ferry-proxy.example.toml`), then flags.
//! Everything is validated once at start-up into [`Settings`].

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use ferry_api::Service;
use reqwest::Url;
use serde::{Deserialize, Serialize};

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
    #[error("allowed region '{0}' is not a region ID such as cn-north-4")]
    Region(String),
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
}

impl FileConfig {
    pub fn load(path: &Path) -> Result<FileConfig, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| ConfigError::Read { path: path.into(), source })?;
        toml::from_str(&text).map_err(|source| ConfigError::Parse { path: path.into(), source })
    }
}

pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// Huawei Cloud's public endpoints (api-reference §0.1).
pub fn default_endpoint(service: Service) -> &'static str {
    match service {
        Service::Swr => "https://swr-api.{region}.myhuaweicloud.com",
        Service::Hss => "https://hss.{region}.myhuaweicloud.com",
        Service::Ims => "https://ims.{region}.myhuaweicloud.com",
        Service::Iam => "https://iam.{region}.myhuaweicloud.com",
    }
}

/// An endpoint template, checked: `https://host.{region}.domain[/prefix]`.
#[derive(Debug, Clone)]
pub struct Endpoint {
    template: String,
}

impl Endpoint {
    fn parse(service: &str, template: &str, allow_insecure: bool) -> Result<Endpoint, ConfigError> {
        let fail = |reason: &str| ConfigError::Endpoint { service: service.into(), reason: reason.into() };
        let sample = template.replace("{region}", "cn-north-4");
        let url = Url::parse(&sample).map_err(|_| fail("not a URL"))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(fail("must not carry credentials"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(fail("must not have a query or fragment"));
        }
        match url.scheme() {
            "https" => {}
            "http" if allow_insecure && is_loopback(&url) => {}
            "http" => {
                return Err(fail(
                    "http:// is allowed only for a loopback test upstream with allow_insecure_upstream = true",
                ))
            }
            _ => return Err(fail("scheme must be https")),
        }
        Ok(Endpoint { template: template.trim_end_matches('/').to_string() })
    }

    /// The base URL for a region whose shape was already checked.
    pub fn base_for(&self, region: &str) -> String {
        self.template.replace("{region}", region)
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host_str() {
        Some("localhost") => true,
        Some(host) => host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback()),
        None => false,
    }
}

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
    pub sandbox: bool,
    /// How long an emulated asynchronous job (IMS copy) takes in the sandbox.
    pub sandbox_job_seconds: u64,
    /// How long a new SWR EE replication execution takes in the sandbox.
    pub sandbox_execution_seconds: u64,
    /// Faults the sandbox starts with; `/__sandbox/faults` changes them live.
    pub sandbox_faults: SandboxFaults,
}

/// Misbehaviour the sandbox injects into `/api` answers, to test polling.
/// The same JSON is read and written by `/__sandbox/faults`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SandboxFaults {
    /// Delay before every answer.
    #[serde(default)]
    pub latency_ms: u64,
    /// Share of requests answered 503 by the "gateway", 0 to 1.
    #[serde(default)]
    pub fail_rate: f64,
    /// Share of requests whose connection is cut, 0 to 1.
    #[serde(default)]
    pub drop_rate: f64,
    /// Tokens expire this long after the sandbox first saw them.
    #[serde(default)]
    pub token_ttl_secs: Option<u64>,
}

impl SandboxFaults {
    /// Ten minutes: longer would only look like a hang.
    pub const MAX_LATENCY_MS: u64 = 600_000;

    pub fn validate(&self) -> Result<(), String> {
        for (name, rate) in [("fail_rate", self.fail_rate), ("drop_rate", self.drop_rate)] {
            if !(0.0..=1.0).contains(&rate) {
                return Err(format!("{name} must be between 0 and 1, got {rate}"));
            }
        }
        if self.latency_ms > Self::MAX_LATENCY_MS {
            return Err(format!("latency_ms must be at most {}", Self::MAX_LATENCY_MS));
        }
        Ok(())
    }
}

impl Settings {
    pub fn from_file(file: FileConfig) -> Result<Settings, ConfigError> {
        let allow_insecure = file.allow_insecure_upstream.unwrap_or(false);
        for name in file.endpoints.keys() {
            if Service::parse(name).is_none() {
                return Err(ConfigError::UnknownService(name.clone()));
            }
        }
        let mut endpoints = BTreeMap::new();
        for service in Service::ALL {
            let template = file
                .endpoints
                .get(service.as_str())
                .map(String::as_str)
                .unwrap_or(default_endpoint(service));
            endpoints.insert(service.as_str(), Endpoint::parse(service.as_str(), template, allow_insecure)?);
        }
        if let Some(bad) = file.allowed_regions.iter().find(|r| !ferry_api::regions::is_region_id(r)) {
            return Err(ConfigError::Region(bad.clone()));
        }
        Ok(Settings {
            listen: file.listen.unwrap_or_else(|| DEFAULT_LISTEN.parse().expect("constant address")),
            static_dir: file.static_dir,
            endpoints,
            allowed_regions: file.allowed_regions,
            upstream_timeout: Duration::from_secs(file.upstream_timeout_secs.unwrap_or(60)),
            connect_timeout: Duration::from_secs(file.connect_timeout_secs.unwrap_or(10)),
            max_body_bytes: file.max_body_bytes.unwrap_or(1024 * 1024),
            sandbox: false,
            sandbox_job_seconds: 12,
            sandbox_execution_seconds: 30,
            sandbox_faults: SandboxFaults::default(),
        })
    }

    pub fn region_allowed(&self, region: &str) -> bool {
        ferry_api::regions::is_region_id(region)
            && (self.allowed_regions.is_empty() || self.allowed_regions.iter().any(|r| r == region))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(toml_text: &str) -> Result<Settings, ConfigError> {
        Settings::from_file(toml::from_str(toml_text).expect("valid toml"))
    }

    #[test]
    fn defaults_are_huawei_cloud_over_https() {
        let s = settings("").unwrap();
        assert_eq!(s.endpoints["swr"].base_for("eu-west-101"), "https://swr-api.eu-west-101.myhuaweicloud.com");
        assert_eq!(s.listen.to_string(), DEFAULT_LISTEN);
    }

    #[test]
    fn http_needs_the_flag_and_loopback() {
        assert!(settings("[endpoints]\nswr = 'http://127.0.0.1:9000/swr/{region}'").is_err());
        assert!(settings("allow_insecure_upstream = true\n[endpoints]\nswr = 'http://example.com'").is_err());
        let s = settings("allow_insecure_upstream = true\n[endpoints]\nswr = 'http://127.0.0.1:9000/swr/{region}/'")
            .unwrap();
        assert_eq!(s.endpoints["swr"].base_for("cn-north-4"), "http://127.0.0.1:9000/swr/cn-north-4");
    }

    #[test]
    fn bad_files_are_refused() {
        assert!(settings("[endpoints]\nobs = 'https://obs.{region}.example'").is_err());
        assert!(settings("[endpoints]\nswr = 'https://user:pw@swr.example'").is_err());
        assert!(settings("allowed_regions = ['cn-north-4.evil']").is_err());
        assert!(toml::from_str::<FileConfig>("listn = '1.2.3.4:5'").is_err());
    }

    #[test]
    fn the_example_file_is_valid_and_matches_the_defaults() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/ferry-proxy.example.toml");
        let example = Settings::from_file(FileConfig::load(Path::new(path)).unwrap()).unwrap();
        let defaults = settings("").unwrap();
        assert_eq!(example.listen, defaults.listen);
        assert_eq!(example.max_body_bytes, defaults.max_body_bytes);
        assert_eq!(example.upstream_timeout, defaults.upstream_timeout);
        for service in Service::ALL {
            let name = service.as_str();
            assert_eq!(example.endpoints[name].base_for("cn-north-4"), defaults.endpoints[name].base_for("cn-north-4"));
        }
    }

    #[test]
    fn fault_rates_are_fractions() {
        assert!(SandboxFaults::default().validate().is_ok());
        for bad in [-0.1, 1.5, f64::NAN] {
            assert!(SandboxFaults { fail_rate: bad, ..Default::default() }.validate().is_err(), "{bad}");
            assert!(SandboxFaults { drop_rate: bad, ..Default::default() }.validate().is_err(), "{bad}");
        }
        assert!(SandboxFaults { latency_ms: 600_001, ..Default::default() }.validate().is_err());
        let parsed: SandboxFaults = serde_json::from_str(r#"{"fail_rate":1.0}"#).unwrap();
        assert_eq!(parsed, SandboxFaults { fail_rate: 1.0, ..Default::default() });
        assert!(serde_json::from_str::<SandboxFaults>(r#"{"fail_rat":1.0}"#).is_err());
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
