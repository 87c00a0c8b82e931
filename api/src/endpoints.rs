//! Which host serves a service in a region. The official SDK's region
//! tables (`huaweicloud-sdk-go-v3` @1cd70eb6,
//! `services/{swr/v2,hss/v5,ims/v2,iam/v3}/region/region.go`) differ per
//! service: not every service is in every region, and in `eu-west-101`
//! SWR, HSS and IAM are on `myhuaweicloud.eu` while IMS stays on `.com`.
//! `api/tests/endpoints.rs` checks this module against every SDK entry.

use crate::call::Service;

/// Every region any of the four services has in the SDK (35).
pub const SDK_REGIONS: &[&str] = &[
    "ae-ad-1",
    "af-north-1",
    "af-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "cn-east-2",
    "cn-east-3",
    "cn-east-4",
    "cn-east-5",
    "cn-north-1",
    "cn-north-11",
    "cn-north-12",
    "cn-north-2",
    "cn-north-4",
    "cn-north-9",
    "cn-south-1",
    "cn-south-2",
    "cn-south-4",
    "cn-southwest-2",
    "cn-southwest-3",
    "eu-west-0",
    "eu-west-101",
    "la-north-2",
    "la-south-2",
    "me-east-1",
    "my-kualalumpur-1",
    "na-mexico-1",
    "ru-moscow-1",
    "ru-northwest-2",
    "sa-brazil-1",
    "sa-peru-1",
    "tr-west-1",
];

/// Regions of `SDK_REGIONS` where the SDK has no endpoint for the service.
fn missing(service: Service) -> &'static [&'static str] {
    match service {
        Service::Swr => &[],
        Service::Hss => &["af-north-1", "ap-southeast-5", "eu-west-0", "ru-northwest-2", "sa-peru-1"],
        Service::Ims => &["ru-northwest-2", "sa-peru-1"],
        Service::Iam => &[
            "af-north-1",
            "ap-southeast-5",
            "cn-north-11",
            "cn-south-4",
            "cn-southwest-3",
            "ru-northwest-2",
            "sa-peru-1",
        ],
    }
}

/// The global IAM endpoint, which the SDK falls back to for a region its
/// IAM table lacks (`core/auth/internal/iam_helper.go`, `DefaultIamEndpoint`).
pub const GLOBAL_IAM: &str = "iam.myhuaweicloud.com";

/// The SDK's host for `service` in `region`, or `None` where it has none.
pub fn sdk_host(service: Service, region: &str) -> Option<String> {
    if !SDK_REGIONS.contains(&region) || missing(service).contains(&region) {
        return None;
    }
    let prefix = match service {
        Service::Swr => "swr-api",
        Service::Hss => "hss",
        Service::Ims => "ims",
        Service::Iam => "iam",
    };
    // Dublin is on the .eu domain, except IMS, which the SDK keeps on .com.
    let domain = if region == "eu-west-101" && service != Service::Ims {
        "myhuaweicloud.eu"
    } else {
        "myhuaweicloud.com"
    };
    Some(format!("{prefix}.{region}.{domain}"))
}

/// The host Ferry calls: the SDK's, and for IAM in a region without a
/// regional endpoint, the global one.
pub fn host(service: Service, region: &str) -> Option<String> {
    sdk_host(service, region).or_else(|| {
        (service == Service::Iam && SDK_REGIONS.contains(&region)).then(|| GLOBAL_IAM.to_string())
    })
}

/// Whether Huawei Cloud offers `service` in `region` (the console hides an
/// operation where it does not).
pub fn offers(service: Service, region: &str) -> bool {
    host(service, region).is_some()
}
