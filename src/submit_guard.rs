//! One submission per intent: a form ignores a submit while its request is in
//! flight, and also a second submit within a double-click's time of the
//! first, even if a fast server already answered.

use leptos::prelude::*;

/// Longer than any system's double-click interval (typically 500 ms).
const DOUBLE_CLICK_MS: f64 = 600.0;

#[derive(Debug, Clone, Copy)]
pub struct SubmitGuard {
    pending: Memo<bool>,
    last_start: StoredValue<f64>,
}

impl SubmitGuard {
    pub fn new(pending: Memo<bool>) -> SubmitGuard {
        SubmitGuard { pending, last_start: StoredValue::new(f64::NEG_INFINITY) }
    }

    /// True if this submit may send; records it as started.
    pub fn try_begin(&self) -> bool {
        let now = js_sys::Date::now();
        if self.pending.get_untracked() || now - self.last_start.get_value() < DOUBLE_CLICK_MS {
            return false;
        }
        self.last_start.set_value(now);
        true
    }
}
