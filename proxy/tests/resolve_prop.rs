//! Property: whatever the path, query and region, a resolved target is on
//! the host the endpoint template gives for an allowed region.

use ferry_proxy::config::{FileConfig, Settings};
use ferry_proxy::target;
use proptest::prelude::*;

const ALLOWED: [&str; 2] = ["cn-north-4", "eu-west-101"];

fn settings() -> Settings {
    let file: FileConfig = toml::from_str(
        "allowed_regions = ['cn-north-4', 'eu-west-101']\n[endpoints]\nims = 'https://ims.{region}.example.com/prefix'",
    )
    .unwrap();
    Settings::from_file(file).unwrap()
}

fn host_and_port(url: &str) -> Option<(String, Option<u16>)> {
    let url = reqwest::Url::parse(url).ok()?;
    Some((url.host_str()?.to_string(), url.port_or_known_default()))
}

fn region() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(ALLOWED.to_vec()).prop_map(str::to_string),
        prop::sample::select(vec![
            "169.254.169.254",
            "localhost",
            "cn-north-4.evil.com",
            "cn-north-4@evil",
            "cn-east-3",
            "%2e%2e",
            ""
        ])
        .prop_map(str::to_string),
        "[a-z0-9.:@%/-]{0,20}",
    ]
}

fn path_part() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~]{0,40}",
        prop::collection::vec(
            prop_oneof![
                Just("v2".to_string()),
                Just("..".to_string()),
                Just(".".to_string()),
                Just("".to_string()),
                Just("%2e%2e".to_string()),
                Just("@evil.com".to_string()),
                Just("http:".to_string()),
                Just("%2f".to_string()),
                Just("%40".to_string()),
                Just("169.254.169.254".to_string()),
                "[a-zA-Z0-9%._~:@!$&'()*+,;=-]{1,12}",
            ],
            0..6,
        )
        .prop_map(|segments| segments.join("/")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn resolved_hosts_come_only_from_the_template(
        service in prop::sample::select(vec!["swr", "hss", "ims", "iam", "obs", ""]),
        region in region(),
        rest in path_part(),
        query in prop::option::of("[ -~]{0,30}"),
    ) {
        let s = settings();
        let path = format!("/{service}/{region}/{rest}");
        if let Ok(t) = target::resolve(&s, &path, query.as_deref()) {
            prop_assert!(ALLOWED.contains(&t.region.as_str()), "{}", t.region);
            let expected = host_and_port(&s.endpoints[t.service.as_str()].base_for(&t.region).unwrap_or_default());
            prop_assert!(expected.is_some());
            prop_assert_eq!(host_and_port(&t.url), expected, "{}", t.url);
        }
    }

    #[test]
    fn arbitrary_raw_paths_never_leave_the_templates(path in "[ -~]{0,60}", query in prop::option::of("[ -~]{0,30}")) {
        let s = settings();
        if let Ok(t) = target::resolve(&s, &path, query.as_deref()) {
            let expected = host_and_port(&s.endpoints[t.service.as_str()].base_for(&t.region).unwrap_or_default());
            prop_assert_eq!(host_and_port(&t.url), expected, "{}", t.url);
            prop_assert!(ALLOWED.contains(&t.region.as_str()));
        }
    }
}
