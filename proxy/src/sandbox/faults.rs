//! Fault injection for `/api` requests, to test resilient polling: latency,
//! gateway 503s, cut connections and expiring tokens. Configured by flags
//! and changed live through `GET/PUT /__sandbox/faults`.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use tokio::io::{AsyncRead, ReadBuf};
use tower_http::services::fs::AsyncReadBody;

use super::Sandbox;
use crate::config::SandboxFaults;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Fail,
    Drop,
}

impl Fault {
    /// As recorded in `Received::fault`.
    pub fn name(self) -> &'static str {
        match self {
            Fault::Fail => "fail",
            Fault::Drop => "drop",
        }
    }
}

/// Whether this request is failed or dropped; drops are drawn first.
pub fn roll(faults: &SandboxFaults) -> Option<Fault> {
    if faults.drop_rate > 0.0 && fraction() < faults.drop_rate {
        Some(Fault::Drop)
    } else if faults.fail_rate > 0.0 && fraction() < faults.fail_rate {
        Some(Fault::Fail)
    } else {
        None
    }
}

/// A uniform number in [0, 1). std has no RNG; `RandomState` is randomly
/// keyed per process, which is all a fault rate needs.
fn fraction() -> f64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let bits = RandomState::new().hash_one(COUNTER.fetch_add(1, Ordering::Relaxed));
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// A reader that fails at once: as the response body it makes hyper abort
/// the connection, so the client sees a network error, not an HTTP answer.
struct Severed;

impl AsyncRead for Severed {
    fn poll_read(self: Pin<&mut Self>, _: &mut Context<'_>, _: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Err(io::Error::new(io::ErrorKind::ConnectionReset, "sandbox fault: connection dropped")))
    }
}

pub fn dropped_connection() -> Response {
    Response::new(Body::new(AsyncReadBody::with_capacity(Severed, 64)))
}

/// `GET /__sandbox/faults`.
pub async fn show(State(sandbox): State<Sandbox>) -> Json<SandboxFaults> {
    Json(sandbox.faults())
}

/// `PUT /__sandbox/faults`: replaces the whole set; omitted keys reset to
/// "no fault", so a body is always the complete new state.
pub async fn replace(State(sandbox): State<Sandbox>, body: Bytes) -> Response {
    let faults: SandboxFaults = match serde_json::from_slice(&body) {
        Ok(faults) => faults,
        Err(err) => return refuse(&format!("invalid faults: {err}")),
    };
    if let Err(msg) = faults.validate() {
        return refuse(&msg);
    }
    sandbox.set_faults(faults.clone());
    Json(faults).into_response()
}

fn refuse(msg: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(serde_json::json!({ "error": msg }))).into_response()
}
