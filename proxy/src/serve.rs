//! Accepting and serving connections with the limits `axum::serve` lacks: a
//! request head must arrive in time, idle keep-alive connections close, the
//! number of open connections is capped, and shutdown has a deadline.
//!
//! hyper-util's connection builder with a timer does the HTTP (as axum's
//! custom-serving examples do); a small watchdog per connection adds what
//! hyper cannot tell apart: the first head, a slow head, and idleness between
//! requests each get their own deadline.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use axum::Router;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify};
use tokio::task::JoinSet;
use tokio::time::Instant;
use tower::Service;

/// Connection limits; see `ferry-proxy.example.toml` for what each means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// A request head (request line and headers) must arrive whole within
    /// this, counted from its first byte, or from accepting the connection
    /// for its first request.
    pub header_read_timeout: Duration,
    /// A keep-alive connection with no request for this long is closed.
    pub idle_timeout: Duration,
    /// Open connections at most; past it the connection that has waited
    /// longest without a request in flight is closed to make room.
    pub max_connections: usize,
    /// After the shutdown signal, requests in flight get this long to finish;
    /// then every remaining connection is closed.
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_read_timeout: Duration::from_secs(10),
            // Above the 60 s idle timeout of common load balancers, so they
            // close first and never send on a connection we are closing.
            idle_timeout: Duration::from_secs(75),
            max_connections: 512,
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// Serve `app` on `listener` until `shutdown` resolves, then let requests in
/// flight finish for at most `limits.shutdown_grace`.
pub async fn run(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let max_connections = fit_to_file_limit(limits.max_connections);
    let mut builder = Builder::new(TokioExecutor::new()).http1_only();
    // hyper's own timer starts when it waits for a head, idle time included:
    // a backstop behind the finer watchdog below.
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.idle_timeout + limits.header_read_timeout);
    let builder = Arc::new(builder);
    let registry = Registry::default();
    let (stop, stopped) = watch::channel(false);
    let mut tasks = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            biased;
            () = &mut shutdown => break,
            Some(_) = tasks.join_next(), if !tasks.is_empty() => {}
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(err) if is_connection_error(&err) => continue,
                    Err(err) => {
                        // Out of file descriptors, most likely: free one and
                        // do not spin.
                        tracing::warn!(%err, "accept failed");
                        registry.evict_longest_waiting();
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                if !registry.make_room(max_connections) {
                    tracing::warn!(max_connections, "every connection has a request in flight: refused a new one");
                    continue;
                }
                let _ = stream.set_nodelay(true);
                let entry = registry.add();
                let conn = Conn { builder: builder.clone(), app: app.clone(), limits, stopped: stopped.clone() };
                tasks.spawn(conn.serve(stream, entry));
            }
        }
    }
    drop(listener);
    let _ = stop.send(true);
    let drained =
        tokio::time::timeout(limits.shutdown_grace, async { while tasks.join_next().await.is_some() {} })
            .await;
    if drained.is_err() {
        tracing::warn!(open = tasks.len(), "shutdown grace period over: closing the remaining connections");
        tasks.abort_all();
        while tasks.join_next().await.is_some() {}
    }
    Ok(())
}

/// Errors of one connection that leave the listener fine.
fn is_connection_error(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::ConnectionRefused | io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset
    )
}

/// The cap that fits the open-file limit: each client connection may hold an
/// upstream connection too, and files, logs and the listener need a few.
/// Raises the soft limit towards the hard one when that is what it takes.
#[cfg(unix)]
fn fit_to_file_limit(wanted: usize) -> usize {
    const RESERVE: u64 = 64;
    let needed = (wanted as u64).saturating_mul(2).saturating_add(RESERVE);
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit only writes into the struct it is given.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return wanted;
    }
    // rlim_t is u64 on Linux but not everywhere.
    #[allow(clippy::unnecessary_cast)]
    let (soft, hard) = (limit.rlim_cur as u64, limit.rlim_max as u64);
    let mut available = soft;
    if soft < needed && soft < hard {
        let raised = libc::rlimit { rlim_cur: needed.min(hard) as libc::rlim_t, rlim_max: limit.rlim_max };
        // SAFETY: setrlimit only reads the struct it is given.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
            available = needed.min(hard);
        }
    }
    let fit = usize::try_from(available.saturating_sub(RESERVE) / 2).unwrap_or(usize::MAX).max(1);
    if fit < wanted {
        tracing::warn!(
            max_connections = wanted,
            open_file_limit = available,
            using = fit,
            "max_connections does not fit the open-file limit; using less"
        );
        return fit;
    }
    wanted
}

#[cfg(not(unix))]
fn fit_to_file_limit(wanted: usize) -> usize {
    wanted
}

/// What one connection is doing, as the watchdog and the cap need to know.
struct Activity {
    phase: Mutex<Phase>,
}

struct Phase {
    in_flight: usize,
    /// Since when nothing is in flight (accepted, or the last answer ended).
    idle_since: Instant,
    /// Whether a request was ever served: before that, the first head gets
    /// only `header_read_timeout`.
    served: bool,
    /// The first byte of the next head, read while idle.
    head_since: Option<Instant>,
}

impl Activity {
    fn new() -> Activity {
        Activity {
            phase: Mutex::new(Phase {
                in_flight: 0,
                idle_since: Instant::now(),
                served: false,
                head_since: None,
            }),
        }
    }

    fn phase(&self) -> MutexGuard<'_, Phase> {
        // A panic elsewhere cannot leave these few fields inconsistent.
        self.phase.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// When the connection must close unless something happens first;
    /// `None` while a request is in flight (its own deadlines apply).
    fn deadline(&self, limits: &Limits) -> Option<Instant> {
        let phase = self.phase();
        if phase.in_flight > 0 {
            return None;
        }
        Some(match phase.head_since {
            Some(first_byte) => first_byte + limits.header_read_timeout,
            None if !phase.served => phase.idle_since + limits.header_read_timeout,
            None => phase.idle_since + limits.idle_timeout,
        })
    }

    /// Since when the connection has waited without a request in flight.
    fn waiting_since(&self) -> Option<Instant> {
        let phase = self.phase();
        (phase.in_flight == 0).then(|| phase.head_since.unwrap_or(phase.idle_since))
    }

    fn bytes_read(&self) {
        let mut phase = self.phase();
        if phase.in_flight == 0 && phase.head_since.is_none() {
            phase.head_since = Some(Instant::now());
        }
    }

    fn enter(self: &Arc<Activity>) -> InFlight {
        let mut phase = self.phase();
        phase.in_flight += 1;
        phase.served = true;
        phase.head_since = None;
        InFlight(self.clone())
    }
}

/// A request in flight until its answer's body is dropped (sent or abandoned).
struct InFlight(Arc<Activity>);

impl InFlight {
    /// Called from the body's frame mapper only to keep the guard alive there.
    fn keep(&self) {}
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut phase = self.0.phase();
        phase.in_flight = phase.in_flight.saturating_sub(1);
        if phase.in_flight == 0 {
            phase.idle_since = Instant::now();
        }
    }
}

/// The socket, noting when bytes arrive.
struct Watched {
    stream: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let result = Pin::new(&mut this.stream).poll_read(cx, buf);
        if matches!(result, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            this.activity.bytes_read();
        }
        result
    }
}

impl AsyncWrite for Watched {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
    }
    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write_vectored(cx, bufs)
    }
    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

/// Open connections, for the cap.
#[derive(Clone, Default)]
struct Registry {
    inner: Arc<Mutex<Open>>,
}

#[derive(Default)]
struct Open {
    next_id: u64,
    connections: BTreeMap<u64, Tracked>,
}

struct Tracked {
    activity: Arc<Activity>,
    close: Arc<Notify>,
    evicted: bool,
}

/// A connection's place in the registry, given up when its task ends or is
/// aborted.
struct Entry {
    registry: Registry,
    id: u64,
    activity: Arc<Activity>,
    close: Arc<Notify>,
}

impl Drop for Entry {
    fn drop(&mut self) {
        self.registry.open().connections.remove(&self.id);
    }
}

impl Registry {
    fn open(&self) -> MutexGuard<'_, Open> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn add(&self) -> Entry {
        let activity = Arc::new(Activity::new());
        let close = Arc::new(Notify::new());
        let mut open = self.open();
        let id = open.next_id;
        open.next_id += 1;
        open.connections
            .insert(id, Tracked { activity: activity.clone(), close: close.clone(), evicted: false });
        Entry { registry: self.clone(), id, activity, close }
    }

    /// Whether one more connection may be served: under the cap, or after
    /// closing the one that has waited longest without a request in flight.
    fn make_room(&self, max: usize) -> bool {
        let live = self.open().connections.values().filter(|c| !c.evicted).count();
        live < max || self.evict_longest_waiting()
    }

    fn evict_longest_waiting(&self) -> bool {
        let mut open = self.open();
        let victim = open
            .connections
            .values_mut()
            .filter(|c| !c.evicted)
            .filter_map(|c| c.activity.waiting_since().map(|since| (since, c)))
            .min_by_key(|(since, _)| *since);
        match victim {
            Some((_, tracked)) => {
                tracked.evicted = true;
                tracked.close.notify_one();
                true
            }
            None => false,
        }
    }
}

/// What every connection task shares.
struct Conn {
    builder: Arc<Builder<TokioExecutor>>,
    app: Router,
    limits: Limits,
    stopped: watch::Receiver<bool>,
}

impl Conn {
    async fn serve(mut self, stream: TcpStream, entry: Entry) {
        let activity = entry.activity.clone();
        let app = self.app.clone();
        let tracker = activity.clone();
        let service = hyper::service::service_fn(move |request: Request<Incoming>| {
            let guard = tracker.enter();
            let mut app = app.clone();
            async move {
                let response: Result<Response, Infallible> = app.call(request).await;
                // The request stays in flight until its answer is sent.
                response.map(|r| {
                    r.map(|body| {
                        Body::new(body.map_frame(move |frame| {
                            guard.keep();
                            frame
                        }))
                    })
                })
            }
        });
        let io = TokioIo::new(Watched { stream, activity: activity.clone() });
        let conn = self.builder.serve_connection(io, service);
        tokio::pin!(conn);
        let mut draining = false;
        loop {
            // While busy, look again after the shorter timeout: the request
            // may end at any moment and start the idle clock.
            let wake = activity.deadline(&self.limits).unwrap_or_else(|| {
                Instant::now() + self.limits.header_read_timeout.min(self.limits.idle_timeout)
            });
            tokio::select! {
                result = conn.as_mut() => {
                    if let Err(err) = result {
                        tracing::debug!(%err, "connection ended with an error");
                    }
                    return;
                }
                // Evicted to make room: dropping the connection closes it.
                () = entry.close.notified() => return,
                _ = self.stopped.changed(), if !draining => {
                    draining = true;
                    // A half-sent head is not a request: close at once.
                    if activity.waiting_since().is_some() {
                        return;
                    }
                    conn.as_mut().graceful_shutdown();
                }
                () = tokio::time::sleep_until(wake) => {
                    if activity.deadline(&self.limits).is_some_and(|deadline| deadline <= Instant::now()) {
                        return;
                    }
                }
            }
        }
    }
}
