//! Slow and idle clients on a real port: heads must arrive in time, idle
//! keep-alive connections close, and the connection cap keeps `/healthz`
//! answering (issue 14, defect 1).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ferry_proxy::config::{FileConfig, Settings};
use ferry_proxy::serve::Limits;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn start(limits: Limits) -> SocketAddr {
    let settings = Settings::from_file(FileConfig::default()).unwrap();
    let app = ferry_proxy::app(Arc::new(settings)).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(ferry_proxy::serve_with(listener, app, limits, std::future::pending()));
    addr
}

fn limits(header_ms: u64, idle_ms: u64, max_connections: usize) -> Limits {
    Limits {
        header_read_timeout: Duration::from_millis(header_ms),
        idle_timeout: Duration::from_millis(idle_ms),
        max_connections,
        shutdown_grace: Duration::from_secs(1),
    }
}

/// Reads until the server closes the connection; the bytes it sent, or
/// `None` if it was still open after `within`.
async fn closed_within(stream: &mut TcpStream, within: Duration) -> Option<Vec<u8>> {
    let mut seen = Vec::new();
    let mut buf = [0u8; 1024];
    tokio::time::timeout(within, async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await
    .ok()
    .map(|()| seen)
}

/// One `GET /healthz` on a new connection; the whole answer and how long it took.
async fn healthz(addr: SocketAddr) -> (String, Duration) {
    let started = Instant::now();
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n").await.unwrap();
    let answer =
        closed_within(&mut stream, Duration::from_secs(5)).await.expect("healthz answered and closed");
    (String::from_utf8_lossy(&answer).into_owned(), started.elapsed())
}

/// The test opens two sockets per connection in this process; make sure
/// the open-file limit allows it rather than failing obscurely.
fn raise_file_limit(wanted: libc::rlim_t) {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: plain libc calls on a struct we own.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < wanted {
            limit.rlim_cur = wanted.min(limit.rlim_max);
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

#[tokio::test]
async fn a_connection_that_sends_nothing_is_closed_after_the_header_read_timeout() {
    let addr = start(limits(500, 5_000, 100)).await;
    let started = Instant::now();
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let answer = closed_within(&mut stream, Duration::from_secs(3)).await;
    assert!(answer.is_some(), "still open after 3 s");
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(400), "closed too early: {elapsed:?}");
}

#[tokio::test]
async fn a_head_sent_one_byte_at_a_time_is_cut_off() {
    let addr = start(limits(800, 5_000, 100)).await;
    let stream = TcpStream::connect(addr).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let started = Instant::now();
    let trickle = tokio::spawn(async move {
        for byte in b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        {
            if writer.write_all(&[*byte]).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });
    let mut buf = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(4), reader.read_to_end(&mut buf)).await;
    trickle.abort();
    assert!(closed.is_ok(), "a trickled head kept the connection open");
    assert!(started.elapsed() < Duration::from_millis(2_500), "{:?}", started.elapsed());
    assert!(!String::from_utf8_lossy(&buf).contains("200 OK"), "the trickled request was served");
}

#[tokio::test]
async fn an_idle_keep_alive_connection_closes_after_the_idle_timeout() {
    // The idle timeout is longer than the header timeout: idleness between
    // requests is measured on its own clock.
    let addr = start(limits(300, 1_500, 100)).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n").await.unwrap();
    let mut buf = [0u8; 1024];
    let n = stream.read(&mut buf).await.unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    let answered = Instant::now();
    assert!(
        closed_within(&mut stream, Duration::from_millis(900)).await.is_none(),
        "closed before the idle timeout"
    );
    assert!(
        closed_within(&mut stream, Duration::from_secs(3)).await.is_some(),
        "idle connection never closed"
    );
    let idle = answered.elapsed();
    assert!(idle >= Duration::from_millis(1_400) && idle < Duration::from_millis(3_500), "{idle:?}");

    // A second request on a kept-alive connection works, and resets the clock.
    let mut stream = TcpStream::connect(addr).await.unwrap();
    for _ in 0..3 {
        stream.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n").await.unwrap();
        let n = stream.read(&mut buf).await.unwrap();
        assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
        tokio::time::sleep(Duration::from_millis(700)).await;
    }
}

/// Opens `count` connections; every other one sends half a request head.
async fn open_idle_and_slow(addr: SocketAddr, count: usize) -> Vec<TcpStream> {
    let mut open = Vec::with_capacity(count);
    for i in 0..count {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        if i % 2 == 1 {
            stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ").await.unwrap();
        }
        open.push(stream);
    }
    open
}

async fn assert_healthz_is_quick(addr: SocketAddr) {
    for _ in 0..5 {
        let (answer, took) = healthz(addr).await;
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(answer.ends_with("ok"), "{answer}");
        assert!(took < Duration::from_millis(100), "/healthz took {took:?}");
    }
}

#[tokio::test]
async fn healthz_answers_within_100_ms_with_1000_idle_or_slow_connections_open() {
    raise_file_limit(8_192);
    let addr = start(limits(30_000, 30_000, 2_000)).await;
    let open = open_idle_and_slow(addr, 1_000).await;
    assert_healthz_is_quick(addr).await;
    drop(open);
}

#[tokio::test]
async fn past_max_connections_the_longest_waiting_connection_makes_room() {
    raise_file_limit(8_192);
    let addr = start(limits(30_000, 30_000, 64)).await;
    let mut open = open_idle_and_slow(addr, 1_000).await;
    assert_healthz_is_quick(addr).await;
    // The first connections were closed to make room for later ones.
    let first = &mut open[0];
    assert!(
        closed_within(first, Duration::from_secs(2)).await.is_some(),
        "the oldest connection is still open"
    );
    // A recent idle one is still being served.
    let last = &mut open[998];
    last.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n").await.unwrap();
    let answer = closed_within(last, Duration::from_secs(2)).await.unwrap();
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"));
}
