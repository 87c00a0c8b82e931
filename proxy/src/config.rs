//! Configuration: a TOML file (see `ferry-proxy.example.toml`), then
//! `FERRY_*` environment variables, then flags. Everything is validated once
//! at start-up into [`Settings`].

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use ferry_api::Service;
use reqwest::Url;
use serde::Deserialize;

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

/// Which cloud's public endpoints are the defaults.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Preset {
    #[default]
    Huaweicloud,
    Opentelekomcloud,
}

/// Open Telekom Cloud's regions (api-reference §0.1). Its IDs have no number,
/// so the Huawei region shape check cannot be used.
const OTC_REGIONS: [&str; 2] = ["eu-de", "eu-nl"];

impl Preset {
    pub fn as_str(self) -> &'static str {
        match self {
            Preset::Huaweicloud => "huaweicloud",
            Preset::Opentelekomcloud => "opentelekomcloud",
        }
    }

    /// The default endpoint template, or `None` when this cloud lacks the
    /// API: OTC has neither the SWR sync APIs nor HSS image sync (§0.1).
    pub fn default_endpoint(self, service: Service) -> Option<&'static str> {
        match self {
            Preset::Huaweicloud => Some(default_endpoint(service)),
            Preset::Opentelekomcloud => match service {
                Service::Ims => Some("https://ims.{region}.otc.t-systems.com"),
                Service::Iam => Some("https://iam.{region}.otc.t-systems.com"),
                Service::Swr | Service::Hss => None,
            },
        }
    }

    /// Whether `region` is shaped like (or, for OTC, is) a region of this cloud.
    pub fn region_ok(self, region: &str) -> bool {
        match self {
            Preset::Huaweicloud => ferry_api::regions::is_region_id(region),
            Preset::Opentelekomcloud => OTC_REGIONS.contains(&region),
        }
    }
}

impl FromStr for Preset {
    type Err = String;
    fn from_str(s: &str) -> Result<Preset, String> {
        match s {
            "huaweicloud" => Ok(Preset::Huaweicloud),
            "opentelekomcloud" => Ok(Preset::Opentelekomcloud),
            _ => Err("must be huaweicloud or opentelekomcloud".into()),
        }
    }
}

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

/// `https://host[:port]` exactly as a browser sends it in `Origin`.
fn check_origin(origin: &str) -> Result<(), ConfigError> {
    let url = Url::parse(origin).map_err(|_| ConfigError::Origin(origin.into()))?;
    let serialized = url.origin().ascii_serialization();
    if serialized != origin || !matches!(url.scheme(), "https" | "http") {
        return Err(ConfigError::Origin(origin.into()));
    }
    Ok(())
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
/// Huawei Cloud's own endpoints come from the SDK's per-service, per-region
/// table instead (`ferry_api::endpoints`): hosts differ by region (Dublin is
/// `.eu` for SWR, HSS and IAM) and some services are absent from some regions.
#[derive(Debug, Clone)]
pub struct Endpoint {
    template: String,
    sdk_table: Option<Service>,
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
        Ok(Endpoint { template: template.trim_end_matches('/').to_string(), sdk_table: None })
    }

    /// Huawei Cloud's endpoint for `service`, region by region from the SDK.
    fn sdk(service: Service) -> Endpoint {
        Endpoint { template: default_endpoint(service).to_string(), sdk_table: Some(service) }
    }

    /// The base URL for a region whose shape was already checked, or `None`
    /// where the service has no endpoint in that region.
    pub fn base_for(&self, region: &str) -> Option<String> {
        match self.sdk_table {
            Some(service) => ferry_api::endpoints::host(service, region).map(|host| format!("https://{host}")),
            None => Some(self.template.replace("{region}", region)),
        }
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
        for name in file.endpoints.keys() {
            if Service::parse(name).is_none() {
                return Err(ConfigError::UnknownService(name.clone()));
            }
        }
        let mut endpoints = BTreeMap::new();
        for service in Service::ALL {
            let configured = file.endpoints.get(service.as_str()).map(String::as_str);
            // A service this cloud lacks stays out of the map: 404 at request time.
            match (configured, preset) {
                (Some(template), _) => {
                    endpoints.insert(service.as_str(), Endpoint::parse(service.as_str(), template, allow_insecure)?);
                }
                (None, Preset::Huaweicloud) => {
                    endpoints.insert(service.as_str(), Endpoint::sdk(service));
                }
                (None, preset) => {
                    if let Some(template) = preset.default_endpoint(service) {
                        endpoints.insert(service.as_str(), Endpoint::parse(service.as_str(), template, allow_insecure)?);
                    }
                }
            }
        }
        if let Some(bad) = file.allowed_regions.iter().find(|r| !preset.region_ok(r)) {
            return Err(ConfigError::Region { region: bad.clone(), preset: preset.as_str() });
        }
        for origin in file.cors_origins.iter().chain(&file.csp_connect_src) {
            check_origin(origin)?;
        }
        // A zero would mean "no time at all" (or no body), never "unlimited".
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
        let defaults = crate::serve::Limits::default();
        let secs_or = |value: Option<u64>, default: Duration| value.map(Duration::from_secs).unwrap_or(default);
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
                Some(endpoint) => writeln!(out, "{} = \"{}\"", service.as_str(), endpoint.template),
                None => writeln!(out, "# {}: not available in this cloud (answers 404)", service.as_str()),
            }
            .ok();
        }
        out
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
        // Per service and region, as the SDK's region tables have them.
        assert_eq!(s.endpoints["swr"].base_for("eu-west-101").as_deref(), Some("https://swr-api.eu-west-101.myhuaweicloud.eu"));
        assert_eq!(s.endpoints["ims"].base_for("eu-west-101").as_deref(), Some("https://ims.eu-west-101.myhuaweicloud.com"));
        assert_eq!(s.endpoints["hss"].base_for("eu-west-0"), None);
        assert_eq!(s.endpoints["hss"].base_for("cn-north-4").as_deref(), Some("https://hss.cn-north-4.myhuaweicloud.com"));
        assert_eq!(s.listen.to_string(), DEFAULT_LISTEN);
    }

    #[test]
    fn http_needs_the_flag_and_loopback() {
        assert!(settings("[endpoints]\nswr = 'http://127.0.0.1:9000/swr/{region}'").is_err());
        assert!(settings("allow_insecure_upstream = true\n[endpoints]\nswr = 'http://example.com'").is_err());
        let s = settings("allow_insecure_upstream = true\n[endpoints]\nswr = 'http://127.0.0.1:9000/swr/{region}/'")
            .unwrap();
        assert_eq!(s.endpoints["swr"].base_for("cn-north-4").as_deref(), Some("http://127.0.0.1:9000/swr/cn-north-4"));
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
        assert_eq!(example.request_body_timeout, defaults.request_body_timeout);
        assert_eq!(example.preset, defaults.preset);
        assert_eq!(example.log_format, defaults.log_format);
        assert_eq!(example.limits, defaults.limits);
        assert!(example.cors_origins.is_empty() && example.csp_connect_src.is_empty());
        for service in Service::ALL {
            let name = service.as_str();
            assert_eq!(example.endpoints[name].base_for("cn-north-4"), defaults.endpoints[name].base_for("cn-north-4"));
        }
    }

    #[test]
    fn env_overrides_the_file() {
        let mut file: FileConfig = toml::from_str("listen = '127.0.0.1:1'\nallowed_regions = ['cn-north-4']").unwrap();
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

    #[test]
    fn origins_must_be_exact() {
        assert!(settings("cors_origins = ['https://console.example', 'http://127.0.0.1:8080']").is_ok());
        for bad in ["*", "null", "https://console.example/", "https://console.example/path", "ftp://x.example", "console.example"] {
            assert!(settings(&format!("cors_origins = ['{bad}']")).is_err(), "{bad}");
            assert!(settings(&format!("csp_connect_src = ['{bad}']")).is_err(), "{bad}");
        }
    }

    #[test]
    fn otc_preset_has_only_ims_and_iam_and_its_own_regions() {
        let s = settings("preset = 'opentelekomcloud'").unwrap();
        assert_eq!(s.services(), ["ims", "iam"]);
        assert_eq!(s.endpoints["ims"].base_for("eu-de").as_deref(), Some("https://ims.eu-de.otc.t-systems.com"));
        assert!(s.region_allowed("eu-nl") && !s.region_allowed("cn-north-4"));
        assert!(settings("preset = 'opentelekomcloud'\nallowed_regions = ['cn-north-4']").is_err());
        assert!(toml::from_str::<FileConfig>("preset = 'aws'").is_err());
        assert!(s.describe().contains("# swr: not available in this cloud"));
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
