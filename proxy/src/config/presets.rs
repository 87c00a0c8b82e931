//! Which cloud's public endpoints are the defaults: the presets, their
//! endpoint templates and regions, and the SDK's per-region endpoint table.

use std::net::IpAddr;
use std::str::FromStr;

use ferry_api::Service;
use reqwest::Url;
use serde::Deserialize;

use super::ConfigError;

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
pub(super) const OTC_REGIONS: [&str; 2] = ["eu-de", "eu-nl"];

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
    pub(super) template: String,
    pub(super) sdk_table: Option<Service>,
}

impl Endpoint {
    pub(super) fn parse(
        service: &str,
        template: &str,
        allow_insecure: bool,
    ) -> Result<Endpoint, ConfigError> {
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
            "http" => return Err(fail(
                "http:// is allowed only for a loopback test upstream with allow_insecure_upstream = true",
            )),
            _ => return Err(fail("scheme must be https")),
        }
        Ok(Endpoint { template: template.trim_end_matches('/').to_string(), sdk_table: None })
    }

    /// Huawei Cloud's endpoint for `service`, region by region from the SDK.
    pub(super) fn sdk(service: Service) -> Endpoint {
        Endpoint { template: default_endpoint(service).to_string(), sdk_table: Some(service) }
    }

    /// The base URL for a region whose shape was already checked, or `None`
    /// where the service has no endpoint in that region.
    pub fn base_for(&self, region: &str) -> Option<String> {
        match self.sdk_table {
            Some(service) => {
                ferry_api::endpoints::host(service, region).map(|host| format!("https://{host}"))
            }
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

#[cfg(test)]
mod tests {
    use super::super::test_settings as settings;
    use super::super::FileConfig;

    #[test]
    fn defaults_are_huawei_cloud_over_https() {
        let s = settings("").unwrap();
        // Per service and region, as the SDK's region tables have them.
        assert_eq!(
            s.endpoints["swr"].base_for("eu-west-101").as_deref(),
            Some("https://swr-api.eu-west-101.myhuaweicloud.eu")
        );
        assert_eq!(
            s.endpoints["ims"].base_for("eu-west-101").as_deref(),
            Some("https://ims.eu-west-101.myhuaweicloud.com")
        );
        assert_eq!(s.endpoints["hss"].base_for("eu-west-0"), None);
        assert_eq!(
            s.endpoints["hss"].base_for("cn-north-4").as_deref(),
            Some("https://hss.cn-north-4.myhuaweicloud.com")
        );
        assert_eq!(s.listen.to_string(), super::super::DEFAULT_LISTEN);
    }

    #[test]
    fn http_needs_the_flag_and_loopback() {
        assert!(settings("[endpoints]\nswr = 'http://127.0.0.1:9000/swr/{region}'").is_err());
        assert!(settings("allow_insecure_upstream = true\n[endpoints]\nswr = 'http://example.com'").is_err());
        let s = settings(
            "allow_insecure_upstream = true\n[endpoints]\nswr = 'http://127.0.0.1:9000/swr/{region}/'",
        )
        .unwrap();
        assert_eq!(
            s.endpoints["swr"].base_for("cn-north-4").as_deref(),
            Some("http://127.0.0.1:9000/swr/cn-north-4")
        );
    }

    #[test]
    fn otc_preset_has_only_ims_and_iam_and_its_own_regions() {
        let s = settings("preset = 'opentelekomcloud'").unwrap();
        assert_eq!(s.services(), ["ims", "iam"]);
        assert_eq!(
            s.endpoints["ims"].base_for("eu-de").as_deref(),
            Some("https://ims.eu-de.otc.t-systems.com")
        );
        assert!(s.region_allowed("eu-nl") && !s.region_allowed("cn-north-4"));
        assert!(settings("preset = 'opentelekomcloud'\nallowed_regions = ['cn-north-4']").is_err());
        assert!(toml::from_str::<FileConfig>("preset = 'aws'").is_err());
        assert!(s.describe().contains("# swr: not available in this cloud"));
    }
}
