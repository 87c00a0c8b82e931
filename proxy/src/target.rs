//! Which upstream URL an `/api/{service}/{region}/{rest}` request may reach.
//! Everything is decided here, before any connection: the host comes only
//! from a configured template, and suspicious paths are refused outright.

use ferry_api::Service;

use crate::config::Settings;
use crate::error::ProxyError;

/// A request that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub service: Service,
    pub region: String,
    /// `/v2/...` with the query, as sent upstream.
    pub path_and_query: String,
    pub url: String,
}

/// `path` is the raw (still percent-encoded) path after `/api`.
pub fn resolve(settings: &Settings, path: &str, query: Option<&str>) -> Result<Target, ProxyError> {
    let rest = path.strip_prefix('/').ok_or(ProxyError::refused("path must start with /"))?;
    let mut parts = rest.splitn(3, '/');
    let service_name = parts.next().unwrap_or_default();
    let region = parts.next().unwrap_or_default();
    let upstream_path = parts.next().unwrap_or_default();

    let service = Service::parse(service_name).ok_or(ProxyError::UnknownService)?;
    let endpoint = settings.endpoints.get(service.as_str()).ok_or(ProxyError::NotInThisCloud)?;
    if !settings.region_allowed(region) {
        return Err(ProxyError::RegionNotAllowed);
    }
    check_path(upstream_path)?;
    if let Some(q) = query {
        check_query(q)?;
    }
    let path_and_query = match query {
        Some(q) if !q.is_empty() => format!("/{upstream_path}?{q}"),
        _ => format!("/{upstream_path}"),
    };
    let base = endpoint.base_for(region).ok_or(ProxyError::NotInThisRegion)?;
    let url = format!("{base}{path_and_query}");
    // Defence in depth: the parsed URL must still be on the template's host.
    let parsed = reqwest::Url::parse(&url).map_err(|_| ProxyError::refused("not a valid URL"))?;
    let expected = reqwest::Url::parse(&base).map_err(|_| ProxyError::refused("bad endpoint"))?;
    if parsed.host_str() != expected.host_str()
        || parsed.port_or_known_default() != expected.port_or_known_default()
    {
        return Err(ProxyError::refused("host mismatch"));
    }
    Ok(Target { service, region: region.to_string(), path_and_query, url })
}

/// Encoded forms that could turn into `.`, `/`, `\`, `@`, `%` or a control
/// character after one or two rounds of decoding.
fn is_forbidden_escape(hex: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(hex) else { return true };
    let Ok(byte) = u8::from_str_radix(text, 16) else { return true };
    matches!(byte, b'.' | b'/' | b'\\' | b'@' | b'%' | b'?' | b'#') || byte < 0x20 || byte == 0x7f
}

fn check_path(path: &str) -> Result<(), ProxyError> {
    if path.is_empty() {
        return Err(ProxyError::refused("no API path after the region"));
    }
    // A leading '/' here is an empty segment right after the region: `//`.
    if path.starts_with('/') || path.contains("//") || path.contains('\\') || path.contains('@') {
        return Err(ProxyError::refused("path contains //, \\ or @"));
    }
    if path.split('/').any(|seg| seg == "." || seg == "..") {
        return Err(ProxyError::refused("path contains . or .. segments"));
    }
    if path.contains("://") {
        return Err(ProxyError::refused("path contains an absolute URL"));
    }
    check_chars(path.as_bytes(), b"-._~!$&'()*+,;=:/")?;
    crate::path_guard::check(path)
}

fn check_query(query: &str) -> Result<(), ProxyError> {
    // `|` appears in SWR classic's `filter=limit::10|offset::0`.
    check_chars(query.as_bytes(), b"-._~!$&'()*+,;=:/?|")
}

fn check_chars(bytes: &[u8], allowed: &[u8]) -> Result<(), ProxyError> {
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(ProxyError::refused("truncated % escape"))?;
            if is_forbidden_escape(hex) {
                return Err(ProxyError::refused("encoded traversal or control character"));
            }
            i += 3;
            continue;
        }
        if !(b.is_ascii_alphanumeric() || allowed.contains(&b)) {
            return Err(ProxyError::refused("character not allowed in an API path"));
        }
        i += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::FileConfig;

    fn settings() -> Settings {
        Settings::from_file(FileConfig::default()).unwrap()
    }

    #[test]
    fn builds_the_upstream_url() {
        let t = resolve(
            &settings(),
            "/swr/cn-north-4/v2/p/instances/i/replication/executions",
            Some("offset=0&limit=10"),
        )
        .unwrap();
        assert_eq!(t.url, "https://swr-api.cn-north-4.myhuaweicloud.com/v2/p/instances/i/replication/executions?offset=0&limit=10");
        let classic = resolve(
            &settings(),
            "/swr/cn-north-4/v2/manage/namespaces/ns/repos/a$b/sync_job",
            Some("filter=limit::10|offset::0"),
        )
        .unwrap();
        assert!(classic.url.ends_with("/repos/a$b/sync_job?filter=limit::10|offset::0"));
    }

    #[test]
    fn refuses_hostile_paths() {
        let s = settings();
        for (path, query) in [
            ("/obs/cn-north-4/x", None),
            ("/swr/169.254.169.254/latest", None),
            ("/swr/localhost/x", None),
            ("/swr/cn-north-4.evil.com/x", None),
            ("/swr/cn-north-4/../x", None),
            ("/swr/cn-north-4/v2/%2e%2e/x", None),
            ("/swr/cn-north-4/v2/%252e%252e/x", None),
            ("/swr/cn-north-4/v2//x", None),
            ("/swr/cn-north-4//evil.example", None),
            ("/swr/cn-north-4/v2/@evil.com", None),
            ("/swr/cn-north-4/v2\\x", None),
            ("/swr/cn-north-4/http://evil.com/", None),
            ("/swr/cn-north-4/v2/%0d%0aHost:%20x", None),
            ("/swr/cn-north-4/v2/x", Some("a=%0d%0a")),
            ("/swr/cn-north-4/v2/x", Some("a=b#c")),
            ("/swr/cn-north-4/", None),
            ("/swr/cn-north-4/v2/%2f%2fevil", None),
            ("/swr/cn-north-4/v2/%", None),
        ] {
            assert!(resolve(&s, path, query).is_err(), "{path} {query:?}");
        }
    }
}
