//! The real ferry-proxy binary for tests that need a process (signals, log
//! output): started with a clean `FERRY_*`/`RUST_LOG` environment plus
//! `env`, on a free port, returned once it printed its address.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

pub fn spawn_proxy(env: &[(&str, &str)], stderr: Stdio) -> (Child, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ferry-proxy"));
    for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("FERRY_") || k == "RUST_LOG") {
        command.env_remove(key);
    }
    let mut child = command
        .args(["--listen", "127.0.0.1:0"])
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("ferry-proxy starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("piped stdout")).read_line(&mut line).expect("an address line");
    let addr =
        line.trim().trim_start_matches("ferry-proxy listening on http://").trim_end_matches('/').to_string();
    (child, addr)
}
