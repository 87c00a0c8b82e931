//! ferry-sandbox: an in-memory emulator of the Huawei Cloud APIs Ferry
//! calls, served under `/api/{service}/{region}/…`. Every answer and check
//! is written from the documentation (`docs/api-reference.md`, the doc pages
//! in `seeds/`, the official Go SDK models), never from Ferry's own code, so
//! the sandbox can disagree with the console when the console is wrong.

// Checks return the error answer itself (`Result<_, Response>`) so handlers
// can `?` it; boxing every refusal would only add an allocation.
#![allow(clippy::result_large_err)]

mod clock;
mod codes;
mod ee_catalog;
mod faults;
mod hss;
pub mod iam;
mod ids;
mod ims;
mod paging;
mod replication;
mod reply;
mod request_id;
mod rules;
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

use faults::Fault;
pub use faults::{Faults, FaultsError};
use tokens::{FirstSeen, Issued};
use world::World;

/// How the sandbox behaves. `Default` is the one place the durations'
/// defaults live.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// How many seconds an IMS copy job takes.
    pub job_seconds: u64,
    /// How many seconds a new SWR EE replication execution takes.
    pub execution_seconds: u64,
    /// Faults the sandbox starts with; `/__sandbox/faults` changes them live.
    pub faults: Faults,
}

impl Default for Options {
    fn default() -> Options {
        Options { job_seconds: 60, execution_seconds: 60, faults: Faults::default() }
    }
}

/// One request as the emulator received it, for tests and trainers. The
/// token's value is never kept, only whether one was sent.
#[derive(Debug, Clone, Serialize)]
struct Received {
    method: String,
    path: String,
    query: Option<String>,
    body: String,
    token_sent: bool,
    headers: Vec<(String, String)>,
    /// `"fail"` or `"drop"` when a fault answered instead of the service.
    fault: Option<String>,
}

#[derive(Clone)]
struct Sandbox {
    world: Arc<Mutex<World>>,
    received: Arc<Mutex<Vec<Received>>>,
    options: Arc<Options>,
    faults: Arc<Mutex<Faults>>,
    first_seen: Arc<Mutex<FirstSeen>>,
    issued: Arc<Mutex<Issued>>,
}

/// A poisoned lock only means a handler panicked mid-update; the data is
/// still the best we have, so keep serving it.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Sandbox {
    fn new(options: Options) -> Sandbox {
        Sandbox {
            world: Arc::new(Mutex::new(World::seeded())),
            received: Arc::default(),
            faults: Arc::new(Mutex::new(options.faults.clone())),
            first_seen: Arc::default(),
            issued: Arc::default(),
            options: Arc::new(options),
        }
    }

    fn world(&self) -> MutexGuard<'_, World> {
        lock(&self.world)
    }

    fn received(&self) -> MutexGuard<'_, Vec<Received>> {
        lock(&self.received)
    }

    fn faults(&self) -> Faults {
        lock(&self.faults).clone()
    }

    fn set_faults(&self, faults: Faults) {
        *lock(&self.faults) = faults;
    }

    /// The project the request's token is scoped to, or `None` when the
    /// token is missing, empty or not one the sandbox accepts. Tokens from
    /// sign-in keep the project they were scoped to; the demo tokens belong
    /// to the cn-north-4 main project.
    fn caller(&self, headers: &HeaderMap) -> Option<&'static iam::Project> {
        let token = token_of(headers)?;
        if let Some(project) = lock(&self.issued).project_of(token) {
            return Some(project);
        }
        tokens::accepted(token).then(iam::main_project)
    }

    /// An accepted token past the TTL fault. The gateway refuses it before
    /// any service sees it, so this is checked once, in `gate`.
    fn token_expired(&self, headers: &HeaderMap, ttl_secs: Option<u64>) -> bool {
        if self.caller(headers).is_none() {
            return false;
        }
        let Some(token) = token_of(headers) else {
            return false;
        };
        lock(&self.first_seen).expired(token, ttl_secs.map(Duration::from_secs))
    }
}

/// The `X-Auth-Token` value; an empty header counts as no token.
fn token_of(headers: &HeaderMap) -> Option<&str> {
    headers.get("x-auth-token").and_then(|v| v.to_str().ok()).filter(|t| !t.is_empty())
}

/// Routes for `/api/…` plus the `/__sandbox/…` control endpoints.
pub fn router(options: Options) -> Router {
    let sandbox = Sandbox::new(options);
    let ee = "/swr/{region}/v2/{project_id}/instances";
    let executions = format!("{ee}/{{instance_id}}/replication/executions");
    let api = Router::new()
        .route(ee, get(swr_ee_lists::list_instances))
        .route(&format!("{ee}/{{instance_id}}/registries"), get(swr_ee_lists::list_registries))
        .route(&format!("{ee}/{{instance_id}}/replication/policies"), get(swr_ee_lists::list_policies))
        .route(
            &format!("{ee}/{{instance_id}}/replication/policies/{{policy_id}}"),
            get(swr_ee_lists::show_policy),
        )
        .route(&executions, post(swr_ee::execute_policy).get(swr_ee::list_executions))
        .route(&format!("{executions}/{{execution_id}}"), put(swr_ee::stop_execution))
        .route(&format!("{executions}/{{execution_id}}/tasks"), get(swr_ee_tasks::list_tasks))
        .route(
            &format!("{executions}/{{execution_id}}/tasks/{{task_id}}/subtasks"),
            get(swr_ee_tasks::list_subtasks),
        )
        .route("/swr/{region}/v2/manage/regions", get(swr_classic::list_regions))
        .route("/swr/{region}/v2/manage/namespaces", get(swr_classic::list_namespaces))
        .route("/swr/{region}/v2/manage/repos", get(swr_classic::list_repos))
        .route(
            "/swr/{region}/v2/manage/namespaces/{namespace}/repos/{repository}/sync_repo",
            get(swr_classic::list_sync_repos).post(swr_classic::create_sync_repo),
        )
        .route("/iam/{region}/v3/auth/tokens", post(iam::create_token))
        .route("/iam/{region}/v3/auth/projects", get(iam::list_projects))
        .route("/hss/{region}/v5/{project_id}/image/synchronize", post(hss::synchronize))
        .route("/hss/{region}/v5/{project_id}/image/image-sync/tasks", post(hss::create_sync_task))
        .route("/ims/{region}/v2/cloudimages", get(ims::list_images))
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

/// Every emulated call: a record of what arrived, then the injected faults
/// (the "gateway" in front of the services), then an `X-Request-Id` on
/// whatever was answered.
async fn gate(State(sandbox): State<Sandbox>, request: Request, next: Next) -> Response {
    // Nested under /api: the path here is what follows it.
    let uri = request.uri().clone();
    let full_path = request
        .extensions()
        .get::<OriginalUri>()
        .map(|original| original.path().to_string())
        .unwrap_or_else(|| uri.path().to_string());
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
        token_sent: token_of(&parts.headers).is_some(),
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

async fn list_received(State(sandbox): State<Sandbox>) -> Response {
    Json(sandbox.received().clone()).into_response()
}

async fn clear_received(State(sandbox): State<Sandbox>) -> StatusCode {
    sandbox.received().clear();
    StatusCode::NO_CONTENT
}

/// In sandbox mode `config.json` also tells the console the demo values, so a
/// trainer's audience sees them on screen, and the demo sign-in, so the
/// console need not hard-code it. (Its shape is `ferry_api::deploy`'s
/// `DeployConfig`; this crate depends on no Ferry crate, so the proxy's tests
/// check that they agree.)
async fn console_config() -> Json<serde_json::Value> {
    Json(serde_json::json!({
        "api_base": "/api",
        // The emulator answers all four services.
        "services": ["swr", "hss", "ims", "iam"],
        "sandbox": demo(),
    }))
}

/// The demo values: what `config.json` advertises, and what tests and
/// trainers read (`ferry-proxy --print-sandbox-demo`) instead of a copy.
pub fn demo() -> serde_json::Value {
    serde_json::json!({
            "token": world::TOKEN,
            "project_id": world::PROJECT_ID,
            "instance_id": world::INSTANCE_ID,
            "policy_id": world::POLICY_ID,
            "namespace": world::NAMESPACE,
            "repository": world::REPOSITORY,
            "image_id": world::IMAGE_ID,
            "full_ecs_image_id": world::FULL_ECS_IMAGE_ID,
            "account": iam::ACCOUNT,
            "user": iam::USER,
            "password": iam::PASSWORD,
            "mfa_user": iam::MFA_USER,
            "mfa_user_id": iam::MFA_USER_ID,
            "mfa_code": iam::MFA_CODE,
    })
}
