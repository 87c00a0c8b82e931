//! Serving the built console: `index.html` with a fresh CSP nonce per
//! answer, `config.json` with the services this proxy can reach, hashed
//! assets (precompressed when a `.br`/`.gz` sibling exists), and the
//! single-page-app fallback.

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::State;
use axum::handler::HandlerWithoutStateExt;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use ferry_api::deploy::DeployConfig;
use tower_http::services::ServeDir;

use crate::config::Settings;
use crate::security_headers;

/// What Trunk writes into `nonce="…"` with `create_nonce = true` (its default
/// `nonce_placeholder`).
pub const NONCE_PLACEHOLDER: &str = "{{__TRUNK NONCE__}}";

#[derive(Clone)]
struct Site {
    dir: PathBuf,
    connect_src: Arc<Vec<String>>,
    services: Arc<Vec<&'static str>>,
    regions: Arc<Option<Vec<String>>>,
}

/// `dir` is Trunk's `dist/`; assets are read from `settings.asset_dir` when
/// set (a mirror with compressed siblings). Deep links get `index.html`; a
/// missing asset (`.wasm`, `.js`, `.css`, …) stays a real 404 so a broken
/// deploy fails loudly instead of serving HTML as wasm.
pub fn router(settings: &Settings, dir: &std::path::Path) -> Router {
    let site = Site {
        dir: dir.to_path_buf(),
        connect_src: Arc::new(settings.csp_connect_src.clone()),
        services: Arc::new(settings.services()),
        regions: Arc::new(settings.console_regions()),
    };
    let fallback_site = site.clone();
    let fallback = move |uri: Uri| spa_fallback(fallback_site.clone(), uri);
    let assets = ServeDir::new(settings.asset_dir.as_deref().unwrap_or(dir))
        .precompressed_br()
        .precompressed_gzip()
        // Directories are deep links too, never a raw (nonce-less) index.html.
        .append_index_html_on_directories(false)
        .fallback(fallback.into_service());
    let mut router = Router::new().route("/", get(index)).route("/index.html", get(index));
    // In sandbox mode the emulator answers /config.json with its demo values.
    if !settings.sandbox {
        router = router.route("/config.json", get(console_config));
    }
    router.fallback_service(assets).with_state(site)
}

async fn index(State(site): State<Site>) -> Response {
    serve_index(&site).await
}

async fn spa_fallback(site: Site, uri: Uri) -> Response {
    let last = uri.path().rsplit('/').next().unwrap_or_default();
    if last.contains('.') && !last.ends_with(".html") {
        return StatusCode::NOT_FOUND.into_response();
    }
    serve_index(&site).await
}

/// `index.html` with every placeholder replaced by one fresh nonce, and the
/// same nonce in the CSP. Read per request, so an in-place redeploy of
/// `dist/` needs no restart.
async fn serve_index(site: &Site) -> Response {
    let path = site.dir.join("index.html");
    let html = match tokio::fs::read_to_string(&path).await {
        Ok(html) => html,
        Err(err) => {
            tracing::error!(path = %path.display(), %err, "index.html missing: was the console built?");
            return (StatusCode::NOT_FOUND, "The Ferry console is not built here. Run `cargo xtask run`.")
                .into_response();
        }
    };
    let nonce = match security_headers::new_nonce() {
        Ok(nonce) => nonce,
        Err(err) => {
            tracing::error!(%err, "no randomness for a CSP nonce");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let html = html.replace(NONCE_PLACEHOLDER, &nonce);
    let csp = security_headers::csp(Some(&nonce), &site.connect_src);
    let mut response = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// The deploy's `config.json` (if any) plus `services` and, when limited,
/// `regions`: the console learns what this proxy (and so this cloud) offers.
/// The fields Ferry knows go through [`DeployConfig`] (defaults filled in);
/// any other key of the deploy's file is passed on unchanged.
async fn console_config(State(site): State<Site>) -> Response {
    let path = site.dir.join("config.json");
    let fail = |reason: &'static str| {
        tracing::error!(path = %path.display(), "{reason}");
        (StatusCode::INTERNAL_SERVER_ERROR, reason).into_response()
    };
    let mut file = serde_json::Value::Object(serde_json::Map::new());
    if let Ok(text) = tokio::fs::read_to_string(&path).await {
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(value @ serde_json::Value::Object(_)) => file = value,
            _ => return fail("config.json is not a JSON object"),
        }
    }
    let Ok(mut config) = serde_json::from_value::<DeployConfig>(file.clone()) else {
        return fail("config.json does not match Ferry's config.json fields");
    };
    config.services = Some(site.services.iter().map(|s| s.to_string()).collect());
    if let Some(regions) = site.regions.as_ref() {
        config.regions = Some(regions.clone());
    }
    match serde_json::to_value(&config) {
        Ok(typed) => merge(&mut file, typed),
        Err(_) => return fail("config.json could not be written"),
    }
    let mut response = Json(file).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// `typed` over `file`, object by object: typed values win, and keys only
/// the file has (at any depth) stay.
fn merge(file: &mut serde_json::Value, typed: serde_json::Value) {
    match (file, typed) {
        (serde_json::Value::Object(file), serde_json::Value::Object(typed)) => {
            for (key, value) in typed {
                merge(file.entry(key).or_insert(serde_json::Value::Null), value);
            }
        }
        (file, typed) => *file = typed,
    }
}
