//! Issue 14, tighten 12: text logs carry no ANSI colour codes when stderr is
//! not a terminal (a journal, a pipe, a file).

mod support;

use std::io::{Read, Write};
use std::process::Stdio;
use std::time::{Duration, Instant};

#[test]
fn text_logs_have_no_colour_codes_when_stderr_is_a_pipe() {
    let (mut child, addr) = support::spawn_proxy(
        &[
            ("FERRY_LOG_FORMAT", "text"),
            ("FERRY_SHUTDOWN_GRACE_SECS", "1"),
            ("RUST_LOG", "ferry_proxy=debug"),
        ],
        Stdio::piped(),
    );
    // A refused request makes a WARN line, which a terminal would colour.
    let mut client = std::net::TcpStream::connect(&addr).unwrap();
    client
        .write_all(b"GET /api/swr/cn-north-4/../x HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    client.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");

    // SAFETY: signalling our own child process.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() && started.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let mut log = String::new();
    child.stderr.take().unwrap().read_to_string(&mut log).unwrap();
    assert!(log.contains("WARN") && log.contains("refused"), "{log}");
    assert!(!log.contains('\u{1b}'), "ANSI escape codes in a piped log: {log:?}");
}
