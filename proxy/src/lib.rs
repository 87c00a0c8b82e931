//! ferry-proxy: serves the console and forwards `/api/{service}/{region}/…`
//! only to allow-listed cloud endpoints, or to the built-in sandbox.

pub mod api_guard;
pub mod body_limit;
pub mod cache_control;
pub mod config;
pub mod cors;
pub mod error;
pub mod forward;
pub mod path_guard;
pub mod precompress;
pub mod request_id;
pub mod security_headers;
pub mod serve;
pub mod static_files;
pub mod target;

use std::future::Future;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use tokio::net::TcpListener;

use config::Settings;

/// The whole application, for `main` and for tests.
pub fn app(settings: Arc<Settings>) -> Result<Router, reqwest::Error> {
    let api = if settings.sandbox {
        ferry_sandbox::router(settings.sandbox_options.clone())
            .layer(middleware::from_fn_with_state(settings.clone(), sandbox_path_checks))
    } else {
        Router::new()
            .route("/api/{*rest}", any(forward::handle))
            .with_state(forward::Forwarder::new(settings.clone())?)
    };
    let api = cors::apply(body_limit::apply(api, settings.max_body_bytes), &settings.cors_origins);
    let mut app = Router::new().route("/healthz", get(|| async { "ok" })).merge(api);
    if let Some(dir) = &settings.static_dir {
        app = app.merge(static_files::router(&settings, dir));
    }
    Ok(security_headers::apply(cache_control::apply(api_guard::apply(app)), &settings.csp_connect_src))
}

/// In sandbox mode the proxy still applies its own path checks (traversal,
/// region shape and allow-list, known service) to `/api/…` before the
/// emulator sees the request, exactly as it would before forwarding.
async fn sandbox_path_checks(
    State(settings): State<Arc<Settings>>,
    request: Request,
    next: Next,
) -> Response {
    let uri = request.uri();
    if let Some(rest) =
        uri.path().strip_prefix("/api").filter(|rest| rest.is_empty() || rest.starts_with('/'))
    {
        if let Err(err) = target::resolve(&settings, rest, uri.query()) {
            return err.into_response();
        }
    }
    next.run(request).await
}

/// Serve until `shutdown` resolves, then finish the requests in flight,
/// with the default [`serve::Limits`].
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve::run(listener, app, serve::Limits::default(), shutdown).await
}

/// [`serve`] with the limits of the configuration (or a test's).
pub async fn serve_with(
    listener: TcpListener,
    app: Router,
    limits: serve::Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve::run(listener, app, limits, shutdown).await
}
