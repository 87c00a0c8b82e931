//! Regions offered in Settings, and the shape a region ID must have.

/// Huawei Cloud regions with SWR, in the order the console lists them.
pub const REGIONS: &[(&str, &str)] = &[
    ("cn-north-4", "CN North-Beijing4"),
    ("cn-north-1", "CN North-Beijing1"),
    ("cn-east-3", "CN East-Shanghai1"),
    ("cn-east-2", "CN East-Shanghai2"),
    ("cn-south-1", "CN South-Guangzhou"),
    ("cn-southwest-2", "CN Southwest-Guiyang1"),
    ("ap-southeast-1", "CN-Hong Kong"),
    ("ap-southeast-2", "AP-Bangkok"),
    ("ap-southeast-3", "AP-Singapore"),
    ("ap-southeast-4", "AP-Jakarta"),
    ("af-south-1", "AF-Johannesburg"),
    ("la-north-2", "LA-Mexico City2"),
    ("la-south-2", "LA-Santiago"),
    ("sa-brazil-1", "LA-Sao Paulo1"),
    ("tr-west-1", "TR-Istanbul"),
    ("me-east-1", "ME-Riyadh"),
    ("eu-west-101", "EU-Dublin"),
    ("eu-west-0", "EU-Paris"),
];

pub const DEFAULT_REGION: &str = "cn-north-4";

/// A region ID looks like `cn-north-4` or `eu-west-101`: lowercase words
/// joined by `-`, ending in a number. The proxy enforces the same shape.
pub fn is_region_id(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let Some((last, words)) = parts.split_last() else {
        return false;
    };
    s.len() <= 32
        && words.len() >= 2
        && words.iter().all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
        && (1..=3).contains(&last.len())
        && last.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_region_has_the_shape() {
        for (id, _) in REGIONS {
            assert!(is_region_id(id), "{id}");
        }
    }

    #[test]
    fn hostile_regions_are_refused() {
        for bad in [
            "",
            "cn",
            "cn-north",
            "north-4",
            "cn-north-4.evil.com",
            "cn-north-4/x",
            "169.254.169.254",
            "localhost",
            "cn--4",
            "CN-north-4",
            "cn-north-1234",
            "cn-north-4@x",
            "a-b-4:80",
        ] {
            assert!(!is_region_id(bad), "{bad:?}");
        }
    }
}
