//! The one polling primitive every screen that follows async work uses.
//!
//! - at most one request in flight: the loop awaits each answer before it sleeps;
//! - intervals from [`ferry_api::polling::Schedule`]: short, backing off with
//!   jitter, short again when the watched state changes;
//! - paused while the tab is hidden, polling at once when it shows again;
//! - stopped on a terminal state, and when the component goes away;
//! - network errors, 5xx and 429 are retried with backoff and shown;
//! - a rejected token stops it until a new token is entered, then it resumes.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use ferry_api::polling::Schedule;
use ferry_api::ApiError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::client::CallError;
use crate::state::AppState;

/// What the poller is doing, for the UI and for `aria-live` announcements.
#[derive(Debug, Clone, PartialEq)]
pub enum PollStatus {
    Active,
    Retrying {
        attempt: u32,
        last_error: String,
    },
    /// 401: waiting for a new token in Settings.
    TokenRejected,
    /// A non-retryable error (for example 404): polling stopped.
    Failed(CallError),
    Finished,
}

#[derive(Debug)]
pub struct Poll<T: Send + Sync + 'static> {
    pub latest: RwSignal<Option<T>>,
    pub status: RwSignal<PollStatus>,
    /// Requests sent so far, shown as a reassurance that nothing runs away.
    pub requests: RwSignal<u32>,
}

// Signals are Copy whatever they hold; derive would demand `T: Copy`.
impl<T: Send + Sync + 'static> Clone for Poll<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Poll<T> {}

/// Milliseconds to wait, checked in short slices so that unmounting stops
/// the loop quickly and a tab becoming visible cuts the wait short.
const SLICE_MS: u32 = 250;

/// Start polling `fetch` until `is_terminal`. `state_key` tells when the
/// watched state changed (which resets the interval to short). Each answer
/// is handed to `on_answer` as it arrives, so callers derive their state from
/// it instead of copying `latest` around with effects.
pub fn use_poll<T, F, Fut>(
    fetch: F,
    is_terminal: fn(&T) -> bool,
    state_key: fn(&T) -> String,
    on_answer: impl Fn(&T) + 'static,
) -> Poll<T>
where
    T: Clone + Send + Sync + 'static,
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<T, CallError>> + 'static,
{
    use_pausable_poll(fetch, is_terminal, state_key, Signal::stored(false), on_answer)
}

/// [`use_poll`] that also waits while `paused` is true, and polls at once
/// when it is resumed.
pub fn use_pausable_poll<T, F, Fut>(
    fetch: F,
    is_terminal: fn(&T) -> bool,
    state_key: fn(&T) -> String,
    paused: Signal<bool>,
    on_answer: impl Fn(&T) + 'static,
) -> Poll<T>
where
    T: Clone + Send + Sync + 'static,
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<T, CallError>> + 'static,
{
    let latest = RwSignal::new(None);
    let on_answer = Rc::new(on_answer);
    // Only fetching and taking in an answer depend on `T`: the loop, its
    // schedule and its status are one function for every poller (a copy
    // per answer type cost the console several KB of wasm).
    let fetch: Fetch = Rc::new(move || {
        let (answer, on_answer) = (fetch(), on_answer.clone());
        Box::pin(async move {
            let value = answer.await?;
            Ok(Box::new(move || {
                let key = state_key(&value);
                let done = is_terminal(&value);
                on_answer(&value);
                let _ = latest.try_set(Some(value));
                (key, done)
            }) as TakeAnswer)
        })
    });
    let (status, requests) = start_polling(fetch, paused);
    Poll { latest, status, requests }
}

/// Takes in an answer (calls `on_answer`, sets `latest`) and gives its state
/// key and whether it is terminal.
type TakeAnswer = Box<dyn FnOnce() -> (String, bool)>;

/// One request of a poller, its answer not yet taken in.
type Fetch = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = Result<TakeAnswer, CallError>>>>>;

fn start_polling(fetch: Fetch, paused: Signal<bool>) -> (RwSignal<PollStatus>, RwSignal<u32>) {
    let status = RwSignal::new(PollStatus::Active);
    let requests = RwSignal::new(0);
    let alive = Arc::new(AtomicBool::new(true));
    {
        let alive = alive.clone();
        on_cleanup(move || alive.store(false, Ordering::Relaxed));
    }
    let running = Rc::new(Cell::new(false));
    let start = move || {
        if running.replace(true) {
            return; // never two loops, so never two requests
        }
        let (alive, running, fetch) = (alive.clone(), running.clone(), fetch.clone());
        spawn_local(async move {
            run(status, requests, &alive, paused, fetch.as_ref()).await;
            running.set(false);
        });
    };
    start();

    // After a 401, a new token in Settings resumes polling by itself.
    let state = AppState::expect();
    Effect::new(move |previous: Option<Option<String>>| {
        let token = state.token();
        let changed = previous.is_some_and(|p| p != token);
        if changed && token.is_some() && status.get_untracked() == PollStatus::TokenRejected {
            status.set(PollStatus::Active);
            start();
        }
        token
    });
    (status, requests)
}

async fn run(
    status: RwSignal<PollStatus>,
    requests: RwSignal<u32>,
    alive: &AtomicBool,
    paused: Signal<bool>,
    fetch: &dyn Fn() -> Pin<Box<dyn Future<Output = Result<TakeAnswer, CallError>>>>,
) {
    let schedule = Schedule::default();
    let mut quiet = 0u32;
    let mut failures = 0u32;
    let mut last_key: Option<String> = None;
    loop {
        wait_until_visible(alive, paused).await;
        if !alive.load(Ordering::Relaxed) {
            return;
        }
        let _ = requests.try_update(|n| *n += 1);
        let result = fetch().await;
        if !alive.load(Ordering::Relaxed) {
            return;
        }
        match result {
            Ok(take) => {
                failures = 0;
                let (key, done) = take();
                if last_key.as_ref() == Some(&key) {
                    quiet += 1;
                } else {
                    quiet = 0;
                    last_key = Some(key);
                }
                if done {
                    let _ = status.try_set(PollStatus::Finished);
                    return;
                }
                let _ = status.try_set(PollStatus::Active);
            }
            Err(error) if error.needs_sign_in() => {
                let _ = status.try_set(PollStatus::TokenRejected);
                return;
            }
            Err(CallError::Api(error)) if is_retryable(&error) => {
                failures += 1;
                let _ =
                    status.try_set(PollStatus::Retrying { attempt: failures, last_error: error.to_string() });
            }
            Err(error) => {
                let _ = status.try_set(PollStatus::Failed(error));
                return;
            }
        }
        let delay = schedule.next_delay_ms(quiet + failures, js_sys::Math::random());
        sleep_unless_shown(delay, alive, paused).await;
    }
}

/// Worth trying again: the network, a timeout, 429, 5xx, and an answer
/// that could not be read (a bad page, or a list that does not show the
/// execution yet): those are reported as retries, never as a lost job.
pub fn is_retryable(error: &ApiError) -> bool {
    match error {
        ApiError::Network { .. } | ApiError::Timeout { .. } | ApiError::Decode { .. } => true,
        ApiError::Http { status, .. } => *status == 429 || *status >= 500,
    }
}

/// `document.hidden`, read as a plain property so that tests can emulate a
/// hidden tab by overriding it.
fn page_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| js_sys::Reflect::get(&d, &JsValue::from_str("hidden")).ok())
        .is_some_and(|v| v.as_bool() == Some(true))
}

fn is_paused(paused: Signal<bool>) -> bool {
    paused.try_get_untracked().unwrap_or(false)
}

async fn wait_until_visible(alive: &AtomicBool, paused: Signal<bool>) {
    while (page_hidden() || is_paused(paused)) && alive.load(Ordering::Relaxed) {
        sleep(SLICE_MS).await;
    }
}

/// Sleep `ms`, but return early if the page was hidden (or paused) and
/// became visible (or resumed).
async fn sleep_unless_shown(ms: u32, alive: &AtomicBool, paused: Signal<bool>) {
    let mut left = ms;
    let mut was_hidden = false;
    while left > 0 && alive.load(Ordering::Relaxed) {
        let step = left.min(SLICE_MS);
        sleep(step).await;
        left -= step;
        let hidden = page_hidden() || is_paused(paused);
        if was_hidden && !hidden {
            return;
        }
        was_hidden |= hidden;
    }
}

pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        } else {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}
