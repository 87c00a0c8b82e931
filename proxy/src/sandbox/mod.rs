//! The sandbox: an in-memory emulator of every cloud API Ferry calls, served
//! under the same `/api/{service}/{region}/…` contract as the real proxy.
//! Status codes, error bodies and validation follow api-reference.md.

mod clock;
mod ee_catalog;
mod faults;
mod hss;
pub mod iam;
mod ims;
mod paging;
mod replication;
mod reply;
mod swr_classic;
mod swr_ee;
mod swr_ee_lists;
mod swr_ee_tasks;
mod tokens;
pub mod world;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::{OriginalUri, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Serialize;

use crate::config::{SandboxFaults, Settings};
use crate::{request_id, target};
use faults::Fault;
use tokens::FirstSeen;
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
    /// `"fail"` or `"drop"` when a fault answered instead of the service.
    pub fault: Option<String>,
}

#[derive(Clone)]
pub struct Sandbox {
    world: Arc<Mutex<World>>,
    received: Arc<Mutex<Vec<Received>>>,
    settings: Arc<Settings>,
    faults: Arc<Mutex<SandboxFaults>>,
    first_seen: Arc<Mutex<FirstSeen>>,
}

impl Sandbox {
    pub fn new(settings: Arc<Settings>) -> Sandbox {
        Sandbox {
            world: Arc::new(Mutex::new(World::seeded())),
            received: Arc::default(),
            faults: Arc::new(Mutex::new(settings.sandbox_faults.clone())),
            first_seen: Arc::default(),
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

    fn faults(&self) -> SandboxFaults {
        self.faults.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    fn set_faults(&self, faults: SandboxFaults) {
        *self.faults.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = faults;
    }

    /// An accepted token past the TTL fault. The gateway refuses it before
    /// any service sees it, so this is checked once, in `gate`.
    fn token_expired(&self, headers: &HeaderMap, ttl_secs: Option<u64>) -> bool {
        let Some(token) = token_of(headers).filter(|t| tokens::accepted(t)) else {
            return false;
        };
        let mut first_seen = self.first_seen.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        first_seen.expired(token, ttl_secs.map(Duration::from_secs))
    }
}

fn token_of(headers: &HeaderMap) -> Option<&str> {
    headers.get("x-auth-token").and_then(|v| v.to_str().ok())
}

/// Whether the request carries a token the sandbox accepts (see
/// `tokens::accepted`). Each service answers a refusal in its own format.
fn token_ok(headers: &HeaderMap) -> bool {
    token_of(headers).is_some_and(tokens::accepted)
}

/// Routes for `/api/…` plus the `/__sandbox/…` control endpoints.
pub fn router(settings: Arc<Settings>) -> Router {
    let sandbox = Sandbox::new(settings);
    let api = Router::new()
        .route("/swr/{region}/v2/{project_id}/instances", get(swr_ee_lists::list_instances))
        .route("/swr/{region}/v2/{project_id}/instances/{instance_id}/registries", get(swr_ee_lists::list_registries))
        .route(
            "/swr/{region}/v2/{project_id}/instances/{instance_id}/replication/policies",
            get(swr_ee_lists::list_policies),
        )
        .route(
            "/swr/{region}/v2/{project_id}/instances/{instance_id}/replication/policies/{policy_id}",
            get(swr_ee_lists::show_policy),
        )
        .route(
            "/swr/{region}/v2/{project_id}/instances/{instance_id}/replication/executions",
            post(swr_ee::execute_policy).get(swr_ee::list_executions),
        )
        .route(
            "/swr/{region}/v2/{project_id}/instances/{instance_id}/replication/executions/{execution_id}",
            put(swr_ee::stop_execution),
        )
        .route(
            "/swr/{region}/v2/{project_id}/instances/{instance_id}/replication/executions/{execution_id}/tasks",
            get(swr_ee_tasks::list_tasks),
        )
        .route(
            "/swr/{region}/v2/{project_id}/instances/{instance_id}/replication/executions/{execution_id}/tasks/{task_id}/subtasks",
            get(swr_ee_tasks::list_subtasks),
        )
        .route("/swr/{region}/v2/manage/regions", get(swr_classic::list_regions))
        .route(
            "/swr/{region}/v2/manage/namespaces/{namespace}/repos/{repository}/sync_repo",
            get(swr_classic::list_sync_repos).post(swr_classic::create_sync_repo),
        )
        .route("/iam/{region}/v3/auth/tokens", post(iam::create_token))
        .route("/iam/{region}/v3/auth/projects", get(iam::list_projects))
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
        .route("/__sandbox/faults", get(faults::show).put(faults::replace))
        .route("/config.json", get(console_config))
        .with_state(sandbox);
    Router::new().nest("/api", api).merge(control)
}

/// Every emulated call: the proxy's own path checks, then a record of what
/// arrived, then the injected faults (the "gateway" in front of the
/// services), then an `X-Request-Id` on whatever was answered.
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
    let active = sandbox.faults();
    let fault = faults::roll(&active);
    // Recorded even when a fault answers, so tests can count attempts.
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
        fault: fault.map(|f| f.name().to_string()),
    });
    if active.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(active.latency_ms)).await;
    }
    // Checked even for faulted requests: it also starts the token's clock.
    let expired = sandbox.token_expired(&parts.headers, active.token_ttl_secs);
    let mut response = match fault {
        Some(Fault::Drop) => return faults::dropped_connection(),
        Some(Fault::Fail) => reply::apig_backend_unavailable(),
        None if expired => reply::apig_token_expired(),
        None => next.run(Request::from_parts(parts, Body::from(bytes))).await,
    };
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
        // The emulator answers all four services.
        "services": ["swr", "hss", "ims", "iam"],
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
