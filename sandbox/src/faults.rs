//! Fault injection for `/api` requests, to test resilient polling: latency,
//! gateway 503s, cut connections and expiring tokens. Configured at start-up
//! through `Options::faults` and changed live through `GET/PUT /__sandbox/faults`.

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
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncRead, ReadBuf};
use tower_http::services::fs::AsyncReadBody;

use super::Sandbox;

/// Misbehaviour the sandbox injects into `/api` answers. The same JSON is
/// read and written by `/__sandbox/faults`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faults {
    /// Delay before every answer.
    #[serde(default)]
    pub latency_ms: u64,
    /// Share of requests answered 503 by the "gateway", 0 to 1.
    #[serde(default)]
    pub fail_rate: f64,
    /// Share of requests whose connection is cut, 0 to 1.
    #[serde(default)]
    pub drop_rate: f64,
    /// Tokens expire this long after the sandbox first saw them.
    #[serde(default)]
    pub token_ttl_secs: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FaultsError {
    #[error("{name} must be between 0 and 1, got {value}")]
    Rate { name: &'static str, value: f64 },
    #[error("latency_ms must be at most {max}")]
    Latency { max: u64 },
}

impl Faults {
    /// Ten minutes: longer would only look like a hang.
    pub const MAX_LATENCY_MS: u64 = 600_000;

    pub fn validate(&self) -> Result<(), FaultsError> {
        for (name, value) in [("fail_rate", self.fail_rate), ("drop_rate", self.drop_rate)] {
            if !(0.0..=1.0).contains(&value) {
                return Err(FaultsError::Rate { name, value });
            }
        }
        if self.latency_ms > Self::MAX_LATENCY_MS {
            return Err(FaultsError::Latency { max: Self::MAX_LATENCY_MS });
        }
        Ok(())
    }
}

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
pub fn roll(faults: &Faults) -> Option<Fault> {
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
pub async fn show(State(sandbox): State<Sandbox>) -> Json<Faults> {
    Json(sandbox.faults())
}

/// `PUT /__sandbox/faults`: replaces the whole set; omitted keys reset to
/// "no fault", so a body is always the complete new state.
pub async fn replace(State(sandbox): State<Sandbox>, body: Bytes) -> Result<Response, Response> {
    let faults: Faults =
        serde_json::from_slice(&body).map_err(|err| refuse(&format!("invalid faults: {err}")))?;
    faults.validate().map_err(|err| refuse(&err.to_string()))?;
    sandbox.set_faults(faults.clone());
    Ok(Json(faults).into_response())
}

fn refuse(msg: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(serde_json::json!({ "error": msg }))).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_rates_are_fractions() {
        assert!(Faults::default().validate().is_ok());
        for bad in [-0.1, 1.5, f64::NAN] {
            assert!(Faults { fail_rate: bad, ..Default::default() }.validate().is_err(), "{bad}");
            assert!(Faults { drop_rate: bad, ..Default::default() }.validate().is_err(), "{bad}");
        }
        assert!(Faults { latency_ms: 600_001, ..Default::default() }.validate().is_err());
        let parsed: Faults = serde_json::from_str(r#"{"fail_rate":1.0}"#).unwrap();
        assert_eq!(parsed, Faults { fail_rate: 1.0, ..Default::default() });
        assert!(serde_json::from_str::<Faults>(r#"{"fail_rat":1.0}"#).is_err());
    }
}
