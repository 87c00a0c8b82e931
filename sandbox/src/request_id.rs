//! Request IDs for the answers the sandbox writes (`X-Request-Id`, and the
//! `request_id` of gateway errors, api-reference §0.3, §0.4).

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// 32 hex characters, unique within the process and unpredictable across runs.
pub fn new() -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let state = RandomState::new();
    format!("{:016x}{:016x}", state.hash_one(n), state.hash_one(n ^ u64::MAX))
}
