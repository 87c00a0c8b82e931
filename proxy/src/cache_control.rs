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

/// Trunk's `name-<16 hex>.ext` (and wasm-bindgen's `name-<16 hex>_bg.wasm`),
/// optionally with a precompressed `.br`/`.gz` suffix.
pub fn is_hashed(file_name: &str) -> bool {
    file_name.match_indices('-').any(|(i, _)| {
        let rest = &file_name[i + 1..];
        let Some(hash) = rest.as_bytes().get(..16) else { return false };
        if !hash.iter().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return false;
        }
        // The 16 bytes are ASCII, so 16 is a char boundary.
        let tail = &rest[16..];
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
        ] {
            assert!(is_hashed(yes), "{yes}");
        }
        for no in [
            "index.html",
            "config.json",
            "ferry-e5af1d8775a4ca7.js",
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
