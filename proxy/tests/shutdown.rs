//! Graceful shutdown with a deadline, on a real port and with the real
//! binary and SIGTERM (issue 14, defect 2).

mod support;

use std::net::SocketAddr;
use std::process::Stdio;
use std::time::{Duration, Instant};

use axum::routing::get;
use axum::Router;
use ferry_proxy::serve::Limits;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A server whose `/slow?ms=N` answers after N ms, stopped by the sender.
async fn start(grace: Duration) -> (SocketAddr, oneshot::Sender<()>, JoinHandle<std::io::Result<()>>) {
    let app = Router::new().route(
        "/slow",
        get(|axum::extract::RawQuery(query): axum::extract::RawQuery| async move {
            let ms = query.and_then(|q| q.strip_prefix("ms=").and_then(|n| n.parse().ok())).unwrap_or(0);
            tokio::time::sleep(Duration::from_millis(ms)).await;
            "done"
        }),
    );
    let limits = Limits { shutdown_grace: grace, ..Limits::default() };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(ferry_proxy::serve_with(listener, app, limits, async {
        let _ = stopped.await;
    }));
    (addr, stop, server)
}

async fn read_all(stream: &mut TcpStream, within: Duration) -> Option<String> {
    let mut buf = Vec::new();
    tokio::time::timeout(within, async {
        let _ = stream.read_to_end(&mut buf).await;
    })
    .await
    .ok()
    .map(|()| String::from_utf8_lossy(&buf).into_owned())
}

#[tokio::test]
async fn a_half_sent_head_does_not_hold_up_shutdown() {
    let (addr, stop, server) = start(Duration::from_secs(10)).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ").await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    stop.send(()).unwrap();
    let result = tokio::time::timeout(Duration::from_secs(3), server).await;
    assert!(result.is_ok(), "serve did not return");
    assert!(started.elapsed() < Duration::from_secs(1), "{:?}", started.elapsed());
    assert!(read_all(&mut stream, Duration::from_secs(1)).await.is_some(), "the connection is still open");
}

#[tokio::test]
async fn requests_in_flight_finish_within_the_grace_period() {
    let (addr, stop, server) = start(Duration::from_secs(5)).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(b"GET /slow?ms=600 HTTP/1.1\r\nhost: x\r\n\r\n").await.unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    stop.send(()).unwrap();
    let answer = read_all(&mut stream, Duration::from_secs(3)).await.expect("answered and closed");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with("done"), "{answer}");
    let result = tokio::time::timeout(Duration::from_secs(2), server).await;
    assert!(matches!(result, Ok(Ok(Ok(())))), "{result:?}");
}

#[tokio::test]
async fn past_the_grace_period_remaining_connections_are_closed() {
    let (addr, stop, server) = start(Duration::from_millis(500)).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(b"GET /slow?ms=30000 HTTP/1.1\r\nhost: x\r\n\r\n").await.unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    let started = Instant::now();
    stop.send(()).unwrap();
    let result = tokio::time::timeout(Duration::from_secs(3), server).await;
    assert!(result.is_ok(), "serve waited for the slow request");
    let took = started.elapsed();
    assert!(took >= Duration::from_millis(450) && took < Duration::from_millis(2_000), "{took:?}");
    let answer = read_all(&mut stream, Duration::from_secs(1)).await.expect("connection closed");
    assert!(!answer.contains("done"), "{answer}");
}

/// The binary itself: SIGTERM with a client stuck mid-head exits promptly.
#[test]
fn sigterm_exits_within_the_grace_period_despite_a_half_sent_head() {
    use std::io::{Read, Write};
    let (mut child, addr) = support::spawn_proxy(
        &[("FERRY_SHUTDOWN_GRACE_SECS", "2"), ("FERRY_HEADER_READ_TIMEOUT_SECS", "60")],
        Stdio::null(),
    );
    let mut client = std::net::TcpStream::connect(&addr).unwrap();
    client.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ").unwrap();
    std::thread::sleep(Duration::from_millis(200));

    let started = Instant::now();
    // SAFETY: signalling our own child process.
    assert_eq!(unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) }, 0);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > Duration::from_secs(5) {
            let _ = child.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let status = status.expect("still running 5 s after SIGTERM");
    assert!(status.success(), "{status:?}");
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    client.set_read_timeout(Some(Duration::from_secs(1))).unwrap();
    let mut rest = Vec::new();
    assert!(client.read_to_end(&mut rest).is_ok(), "the client's connection was not closed");
}
