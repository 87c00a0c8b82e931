//! Sending a request and keeping its outcome: one at a time. A state-changing
//! request is only sent from its confirmation dialog, which closes on the
//! first click, so a double click cannot send twice; while a request is in
//! flight, another is refused. Lighter than a Leptos `Action` (no input or
//! version signals), which matters with one per operation page.

use std::future::Future;

use leptos::prelude::*;

pub struct Sending<T: Send + Sync + 'static, E: Send + Sync + 'static> {
    /// The last outcome; `None` before the first and while a new one runs.
    pub value: RwSignal<Option<Result<T, E>>>,
    pub pending: RwSignal<bool>,
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
        Sending { value: RwSignal::new(None), pending: RwSignal::new(false) }
    }

    /// A new attempt starts with a clean outcome.
    pub fn clear(&self) {
        self.value.set(None);
    }

    /// Runs `work` unless a request is in flight; true if it runs.
    pub fn send(&self, work: impl Future<Output = Result<T, E>> + 'static) -> bool {
        if self.pending.get_untracked() {
            return false;
        }
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
