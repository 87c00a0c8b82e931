//! Serving the built console, with the single-page-app fallback.

use std::path::{Path, PathBuf};

use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::handler::HandlerWithoutStateExt;
use axum::Router;
use tower_http::services::ServeDir;

/// `dir` is Trunk's `dist/`. Deep links get `index.html`; a missing asset
/// (`.wasm`, `.js`, `.css`, …) stays a real 404 so a broken deploy fails loudly
/// instead of serving HTML as wasm.
pub fn router(dir: &Path) -> Router {
    let index = dir.join("index.html");
    let fallback = move |uri: Uri| spa_fallback(index.clone(), uri);
    Router::new().fallback_service(ServeDir::new(dir).fallback(fallback.into_service()))
}

async fn spa_fallback(index: PathBuf, uri: Uri) -> Response {
    let last = uri.path().rsplit('/').next().unwrap_or_default();
    if last.contains('.') && !last.ends_with(".html") {
        return StatusCode::NOT_FOUND.into_response();
    }
    match tokio::fs::read(&index).await {
        Ok(html) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        Err(err) => {
            tracing::error!(path = %index.display(), %err, "index.html missing: was the console built?");
            (StatusCode::NOT_FOUND, "The Ferry console is not built here. Run `cargo xtask run`.").into_response()
        }
    }
}
