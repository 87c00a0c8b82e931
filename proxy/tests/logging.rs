//! Issue 14, tighten 12: text logs carry no ANSI colour codes when stderr is
//! not a terminal (a journal, a pipe, a file).

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn text_logs_have_no_colour_codes_when_stderr_is_a_pipe() {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ferry-proxy"));
    for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("FERRY_") || k == "RUST_LOG") {
        command.env_remove(key);
    }
    let mut child = command
        .args(["--listen", "127.0.0.1:0"])
        .env("FERRY_LOG_FORMAT", "text")
        .env("FERRY_SHUTDOWN_GRACE_SECS", "1")
        .env("RUST_LOG", "ferry_proxy=debug")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr =
        line.trim().trim_start_matches("ferry-proxy listening on http://").trim_end_matches('/').to_string();
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
