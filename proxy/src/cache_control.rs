//! `Cache-Control` by path: Trunk's hashed assets forever, everything else
//! revalidated, and API answers (tokens, live state) never stored.

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

pub fn apply(router: Router) -> Router {
    router.layer(middleware::from_fn(set))
}

async fn set(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    if response.headers().contains_key(header::CACHE_CONTROL) {
        return response;
    }
    let ok = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    let value = if path == "/api" || path.starts_with("/api/") || path.starts_with("/__sandbox/") {
        "no-store"
    } else if ok && is_hashed(path.rsplit('/').next().unwrap_or_default()) {
        IMMUTABLE
    } else {
        "no-cache"
    };
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

/// Trunk's `name-<hash>.ext` (and wasm-bindgen's `name-<hash>_bg.wasm`),
/// optionally with a precompressed `.br`/`.gz` suffix. Trunk writes its
/// 64-bit hash in hex without leading zeros (a build here produced
/// `ferry-60e9709de0d04d0_bg.wasm`, 15 digits), so 12 to 16 digits count: a
/// shorter one is a 1-in-65,536 case, served `no-cache`, which is safe.
pub fn is_hashed(file_name: &str) -> bool {
    file_name.match_indices('-').any(|(i, _)| {
        let rest = &file_name[i + 1..];
        let digits = rest.bytes().take_while(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')).count();
        if !(12..=16).contains(&digits) {
            return false;
        }
        // The digits are ASCII, so `digits` is a char boundary.
        let tail = &rest[digits..];
        tail.strip_prefix("_bg.").or_else(|| tail.strip_prefix('.')).is_some_and(|ext| !ext.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn recognises_trunk_hashes() {
        for yes in [
            "ferry-e5af1d8775a4ca7b.js",
            "ferry-e5af1d8775a4ca7b_bg.wasm",
            "base-c2959454e20993b6.css",
            "my-app-0123456789abcdef.svg",
            // Trunk drops leading zeros: 15 digits.
            "ferry-60e9709de0d04d0_bg.wasm",
            "ferry-e5af1d8775a4ca7.js",
        ] {
            assert!(is_hashed(yes), "{yes}");
        }
        for no in [
            "index.html",
            "config.json",
            "ferry-e5af1d87.js",
            "ferry-e5af1d8775a4ca7b9.js",
            "ferry-E5AF1D8775A4CA7B.js",
            "ferry-e5af1d8775a4ca7b",
            "ferry-e5af1d8775a4ca7bx.js",
            "ferry-e5af1d8775a4ca7b.",
            "x-0123456789abcdef_bg.",
        ] {
            assert!(!is_hashed(no), "{no}");
        }
    }
}
