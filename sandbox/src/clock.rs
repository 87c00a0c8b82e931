//! UTC timestamps as the services print them, from `SystemTime`, std only.

use std::time::{SystemTime, UNIX_EPOCH};

/// `2026-11-25T10:00:00Z` (SWR classic `createdAt`/`updatedAt`).
pub fn utc_seconds(time: SystemTime) -> String {
    let (date, secs, _) = split(time);
    format!("{date}T{}Z", clock(secs))
}

/// `2024-11-06T06:14:27.168Z` (IMS `begin_time`/`end_time`).
pub fn utc_millis(time: SystemTime) -> String {
    let (date, secs, millis) = split(time);
    format!("{date}T{}.{millis:03}Z", clock(secs))
}

/// `2020-01-04T09:05:22.701000Z` (IAM `expires_at`/`issued_at`, §1.1).
pub fn utc_micros(time: SystemTime) -> String {
    let (date, secs, _) = split(time);
    let micros = time.duration_since(UNIX_EPOCH).unwrap_or_default().subsec_micros();
    format!("{date}T{}.{micros:06}Z", clock(secs))
}

/// Go's zero `time.Time` as JSON: what a Go service prints for a time that
/// never happened.
pub const ZERO_TIME: &str = "0001-01-01T00:00:00Z";

/// Date text, seconds into the day, milliseconds. Times before 1970 cannot
/// happen here (the sandbox only formats "now"), so they print as the epoch.
fn split(time: SystemTime) -> (String, u64, u32) {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = since.as_secs();
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    (format!("{y:04}-{m:02}-{d:02}"), secs % 86_400, since.subsec_millis())
}

fn clock(secs_of_day: u64) -> String {
    format!("{:02}:{:02}:{:02}", secs_of_day / 3600, secs_of_day / 60 % 60, secs_of_day % 60)
}

/// Days since 1970-01-01 to (year, month, day): Howard Hinnant's algorithm.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(millis: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_millis(millis)
    }

    #[test]
    fn formats_known_instants() {
        assert_eq!(utc_millis(at(0)), "1970-01-01T00:00:00.000Z");
        // The documented IMS example.
        assert_eq!(utc_millis(at(1_730_873_667_168)), "2024-11-06T06:14:27.168Z");
        assert_eq!(utc_seconds(at(1_730_873_667_168)), "2024-11-06T06:14:27Z");
        assert_eq!(utc_micros(at(1_578_128_722_701)), "2020-01-04T09:05:22.701000Z");
        assert_eq!(utc_seconds(at(1_795_600_800_000)), "2026-11-25T10:00:00Z");
        // Leap day, and the last second of a year.
        assert_eq!(utc_seconds(at(1_709_168_523_000)), "2024-02-29T01:02:03Z");
        assert_eq!(utc_seconds(at(1_704_067_199_000)), "2023-12-31T23:59:59Z");
    }
}
