//! Path forms that a Java backend (Tomcat, Spring, Jetty) or a Unicode
//! normaliser behind the cloud's gateway could turn into `..` or `/`, and so
//! escape an endpoint template's path prefix. `target` already refuses
//! plain and percent-encoded `.`/`..` segments; this adds what it cannot see
//! byte by byte.

use crate::error::ProxyError;

/// Characters that some normalisers fold into `.`, `/` or `\`: fullwidth
/// full stop, solidus and reverse solidus, division slash, fraction slash,
/// one-dot leader, small full stop.
const LOOKALIKES: [char; 7] =
    ['\u{ff0e}', '\u{ff0f}', '\u{ff3c}', '\u{2215}', '\u{2044}', '\u{2024}', '\u{fe52}'];

/// Checks the raw API path (after the region). `;` is refused outright:
/// Ferry's APIs never use path parameters, and servlet containers strip
/// them before resolving `..;` segments.
pub fn check(path: &str) -> Result<(), ProxyError> {
    if path.contains(';') {
        return Err(ProxyError::refused("path contains ; (path parameters)"));
    }
    let decoded = percent_decode(path).ok_or(ProxyError::refused("truncated % escape"))?;
    if decoded.contains(&b';') {
        return Err(ProxyError::refused("path contains an encoded ;"));
    }
    // Overlong forms such as %c0%ae (".") or %c0%af ("/") are not UTF-8.
    let text = std::str::from_utf8(&decoded)
        .map_err(|_| ProxyError::refused("path has escapes that are not UTF-8 (overlong encodings)"))?;
    if text.chars().any(|c| LOOKALIKES.contains(&c)) {
        return Err(ProxyError::refused("path contains a look-alike of . / or \\"));
    }
    Ok(())
}

/// One round of percent-decoding; `None` for a malformed escape.
fn percent_decode(path: &str) -> Option<Vec<u8>> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn refuses_path_parameters_overlong_escapes_and_lookalikes() {
        for bad in [
            "v2/..;/..;/manage/regions",
            "v2/.;/x",
            "v2;x/y",
            "v2/%3b/x",
            "v2/%c0%ae%c0%ae/x",
            "v2/%e0%80%ae/x",
            "v2/%c0%af/x",
            "v2/%c0",
            "v2/%ef%bc%8e%ef%bc%8e/x",
            "v2/%e2%88%95x",
        ] {
            assert!(check(bad).is_err(), "{bad}");
        }
        for good in [
            "v2/manage/regions",
            "v2/p/instances/i",
            "v2/manage/namespaces/ns/repos/a$b",
            "v1/%e4%b8%ad%e6%96%87",
        ] {
            assert!(check(good).is_ok(), "{good}");
        }
    }
}
