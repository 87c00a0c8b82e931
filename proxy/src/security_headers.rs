//! Headers on every answer: no sniffing, no referrer, no framing, and a
//! Content-Security-Policy the console runs under.

use axum::http::{header, HeaderName, HeaderValue};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

/// The console's policy. `nonce` admits Trunk's inline module loader in
/// `index.html`; `'wasm-unsafe-eval'` lets it compile the wasm; nothing
/// inline besides that runs. `connect_src` adds origins the console may call.
pub fn csp(nonce: Option<&str>, connect_src: &[String]) -> String {
    let nonce = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    let connect: String = connect_src.iter().map(|o| format!(" {o}")).collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{nonce}; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'{connect}; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    )
}

/// `connect_src` was checked to be plain origins, so the value is a valid
/// header; should it not be, the strictest policy is used instead.
pub fn apply(router: Router, connect_src: &[String]) -> Router {
    let policy = HeaderValue::from_str(&csp(None, connect_src))
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"));
    let headers = [
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        // `if_not_present`: index.html sets its own, with the nonce.
        (header::CONTENT_SECURITY_POLICY, policy),
        (HeaderName::from_static("cross-origin-opener-policy"), HeaderValue::from_static("same-origin")),
    ];
    headers.into_iter().fold(router, |router, (name, value)| {
        router.layer(SetResponseHeaderLayer::if_not_present(name, value))
    })
}

/// 128 random bits as hex (hex is valid in a CSP nonce-source).
pub fn new_nonce() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}
