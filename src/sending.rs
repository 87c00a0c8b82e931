//! Sending a state-changing request: one per intent, with its outcome. A
//! submit is ignored while its request is in flight, and also within a
//! double-click's time of the last one, even if a fast server already
//! answered. Lighter than a Leptos `Action` (no input or version signals),
//! which matters with one per operation page.

use std::future::Future;

use leptos::prelude::*;

/// Longer than any system's double-click interval (typically 500 ms).
const DOUBLE_CLICK_MS: f64 = 600.0;

pub struct Sending<T: Send + Sync + 'static, E: Send + Sync + 'static> {
    /// The last outcome; `None` before the first and while a new one runs.
    pub value: RwSignal<Option<Result<T, E>>>,
    pub pending: RwSignal<bool>,
    last_start: StoredValue<f64>,
}

// Signals are Copy whatever they hold; derive would demand `T: Copy`.
impl<T: Send + Sync + 'static, E: Send + Sync + 'static> Clone for Sending<T, E> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static, E: Send + Sync + 'static> Copy for Sending<T, E> {}

impl<T: Send + Sync + 'static, E: Send + Sync + 'static> Sending<T, E> {
    pub fn new() -> Self {
        Sending {
            value: RwSignal::new(None),
            pending: RwSignal::new(false),
            last_start: StoredValue::new(f64::NEG_INFINITY),
        }
    }

    /// A new attempt starts with a clean outcome.
    pub fn clear(&self) {
        self.value.set(None);
    }

    /// Runs `work` unless a request is in flight or one started a moment ago
    /// (a double click); true if it runs.
    pub fn send(&self, work: impl Future<Output = Result<T, E>> + 'static) -> bool {
        let now = js_sys::Date::now();
        if now - self.last_start.get_value() < DOUBLE_CLICK_MS {
            return false;
        }
        self.read(work)
    }

    /// For reads that change nothing: runs `work` unless one is in flight,
    /// however soon after the last (a new search right after a quick one).
    pub fn read(&self, work: impl Future<Output = Result<T, E>> + 'static) -> bool {
        if self.pending.get_untracked() {
            return false;
        }
        self.last_start.set_value(js_sys::Date::now());
        self.value.set(None);
        self.pending.set(true);
        let (value, pending) = (self.value, self.pending);
        leptos::task::spawn_local(async move {
            let result = work.await;
            let _ = value.try_set(Some(result));
            let _ = pending.try_set(false);
        });
        true
    }
}

impl<T: Send + Sync + 'static, E: Send + Sync + 'static> Default for Sending<T, E> {
    fn default() -> Self {
        Self::new()
    }
}
