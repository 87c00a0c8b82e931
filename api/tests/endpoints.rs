//! `ferry_api::endpoints` against every (service, region, host) triple of the
//! SDK's region tables (fixtures/sdk-endpoints.txt, copied from the SDK).

use ferry_api::endpoints::{host, offers, sdk_host, SDK_REGIONS};
use ferry_api::Service;

fn sdk_triples() -> Vec<(Service, String, String)> {
    include_str!("fixtures/sdk-endpoints.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let mut parts = line.split_whitespace();
            let service = Service::parse(parts.next().unwrap()).unwrap();
            (service, parts.next().unwrap().to_string(), parts.next().unwrap().to_string())
        })
        .collect()
}

#[test]
fn every_sdk_entry_is_served_by_the_same_host() {
    let triples = sdk_triples();
    assert_eq!(triples.len(), 126);
    for (service, region, expected) in &triples {
        assert_eq!(sdk_host(*service, region).as_deref(), Some(expected.as_str()), "{service} {region}");
    }
}

#[test]
fn no_host_is_invented_where_the_sdk_has_none() {
    let triples = sdk_triples();
    for service in Service::ALL {
        for region in SDK_REGIONS {
            let listed = triples.iter().any(|(s, r, _)| *s == service && r == region);
            assert_eq!(sdk_host(service, region).is_some(), listed, "{service} {region}");
        }
    }
}

#[test]
fn dublin_and_paris_follow_the_sdk() {
    assert_eq!(host(Service::Swr, "eu-west-101").as_deref(), Some("swr-api.eu-west-101.myhuaweicloud.eu"));
    assert_eq!(host(Service::Ims, "eu-west-101").as_deref(), Some("ims.eu-west-101.myhuaweicloud.com"));
    assert!(!offers(Service::Hss, "eu-west-0"));
    assert!(offers(Service::Swr, "eu-west-0"));
    // IAM without a regional endpoint uses the global one.
    assert_eq!(host(Service::Iam, "af-north-1").as_deref(), Some("iam.myhuaweicloud.com"));
    assert_eq!(host(Service::Swr, "xx-nowhere-1"), None);
}
