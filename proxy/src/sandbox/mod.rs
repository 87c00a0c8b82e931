//! The sandbox: an in-memory emulator of every cloud API Ferry calls, served
//! under the same `/api/{service}/{region}/…` contract as the real proxy.
//! Status codes, error bodies and validation follow api-reference.md.

mod clock;
mod hss;
mod ims;
mod reply;
mod swr_classic;
mod swr_ee;
pub mod world;

use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::{to_bytes, Body};
use axum::extract::{OriginalUri, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;

use crate::config::Settings;
use crate::{request_id, target};
use world::World;

/// One request as the emulator received it, for tests and trainers. The
/// token's value is never kept, only whether one was sent.
#[derive(Debug, Clone, Serialize)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub body: String,
    pub token_sent: bool,
    pub headers: Vec<(String, String)>,
}

#[derive(Clone)]
pub struct Sandbox {
    world: Arc<Mutex<World>>,
    received: Arc<Mutex<Vec<Received>>>,
    settings: Arc<Settings>,
}

impl Sandbox {
    pub fn new(settings: Arc<Settings>) -> Sandbox {
        Sandbox {
            world: Arc::new(Mutex::new(World::seeded())),
            received: Arc::default(),
            settings,
        }
    }

    /// A poisoned lock only means a handler panicked mid-update; the data is
    /// still the best we have, so keep serving it.
    fn world(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn received(&self) -> MutexGuard<'_, Vec<Received>> {
        self.received.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Whether the request carries the one token the sandbox accepts. Each
/// service answers a refusal in its own format.
fn token_ok(headers: &HeaderMap) -> bool {
    headers
        .get("x-auth-token")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|token| token == world::TOKEN)
}

/// Routes for `/api/…` plus the `/__sandbox/…` control endpoints.
pub fn router(settings: Arc<Settings>) -> Router {
    let sandbox = Sandbox::new(settings);
    let api = Router::new()
        .route(
            "/swr/{region}/v2/{project_id}/instances/{instance_id}/replication/executions",
            post(swr_ee::execute_policy),
        )
        .route("/swr/{region}/v2/manage/regions", get(swr_classic::list_regions))
        .route(
            "/swr/{region}/v2/manage/namespaces/{namespace}/repos/{repository}/sync_repo",
            get(swr_classic::list_sync_repos).post(swr_classic::create_sync_repo),
        )
        .route("/hss/{region}/v5/{project_id}/image/synchronize", post(hss::synchronize))
        .route("/hss/{region}/v5/{project_id}/image/image-sync/tasks", post(hss::create_sync_task))
        .route("/ims/{region}/v1/cloudimages/{image_id}/copy", post(ims::copy_image))
        .route("/ims/{region}/v1/{project_id}/jobs/{job_id}", get(ims::show_job))
        .route("/ims/{region}/v1/cloudimages/job/{job_id}", get(ims::show_job_progress))
        .fallback(|| async { reply::apig_not_found() })
        .layer(middleware::from_fn_with_state(sandbox.clone(), gate))
        .with_state(sandbox.clone());
    let control = Router::new()
        .route("/__sandbox/requests", get(list_received).delete(clear_received))
        .route("/config.json", get(console_config))
        .with_state(sandbox);
    Router::new().nest("/api", api).merge(control)
}

/// Every emulated call: the proxy's own path checks, then a record of what
/// arrived, then an `X-Request-Id` on whatever the handler answers.
async fn gate(State(sandbox): State<Sandbox>, request: Request, next: Next) -> Response {
    // Nested under /api: the path here is what follows it.
    let uri = request.uri().clone();
    let full_path = request
        .extensions()
        .get::<OriginalUri>()
        .map(|original| original.path().to_string())
        .unwrap_or_else(|| uri.path().to_string());
    if let Err(err) = target::resolve(&sandbox.settings, uri.path(), uri.query()) {
        return err.into_response();
    }
    let (parts, body) = request.into_parts();
    let bytes = match to_bytes(body, 1024 * 1024).await {
        Ok(bytes) => bytes,
        Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
    };
    let forwarded = ["content-type", "accept", "region", "x-language"];
    sandbox.received().push(Received {
        method: parts.method.to_string(),
        path: full_path,
        query: uri.query().map(str::to_string),
        body: String::from_utf8_lossy(&bytes).into_owned(),
        token_sent: parts.headers.contains_key("x-auth-token"),
        headers: forwarded
            .iter()
            .filter_map(|name| {
                let value = parts.headers.get(*name)?.to_str().ok()?;
                Some((name.to_string(), value.to_string()))
            })
            .collect(),
    });
    let mut response = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    if let Ok(id) = HeaderValue::from_str(&request_id::new()) {
        response.headers_mut().entry("x-request-id").or_insert(id);
    }
    response
}

async fn list_received(State(sandbox): State<Sandbox>) -> Json<Vec<Received>> {
    Json(sandbox.received().clone())
}

async fn clear_received(State(sandbox): State<Sandbox>) -> StatusCode {
    sandbox.received().clear();
    StatusCode::NO_CONTENT
}

/// In sandbox mode `config.json` also tells the console the demo values, so a
/// trainer's audience sees them on screen.
async fn console_config() -> Json<serde_json::Value> {
    Json(serde_json::json!({
        "api_base": "/api",
        "sandbox": {
            "token": world::TOKEN,
            "project_id": world::PROJECT_ID,
            "instance_id": world::INSTANCE_ID,
            "policy_id": world::POLICY_ID,
            "namespace": world::NAMESPACE,
            "repository": world::REPOSITORY,
            "image_id": world::IMAGE_ID,
            "full_ecs_image_id": world::FULL_ECS_IMAGE_ID,
        }
    }))
}
