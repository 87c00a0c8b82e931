//! `cargo xtask bench console`: transfer size, time to interactive and the
//! task page, against Swagger UI, in one table (see docs/benchmarks.md). And
//! the size budget that `cargo xtask test` checks after it builds dist/.
//!
//! Brotli is not in Rust's standard library, so both call Node scripts in
//! bench/ (Node's zlib has gzip and brotli).

use std::process::Command;

use crate::summary::Summary;
use crate::{cargo, dist, root, step, test_step, tools, Result};

/// `cargo xtask bench <what>`.
pub fn bench(args: &[String]) -> Result {
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["console", rest @ ..] => console(rest),
        ["proxy"] => proxy(),
        _ => {
            Err("usage: cargo xtask bench console [--runs N] [--task-runs N] | cargo xtask bench proxy"
                .into())
        }
    }
}

fn console(rest: &[&str]) -> Result {
    tools::ensure_build_tools()?;
    tools::ensure_test_tools()?;
    ensure_bench_packages()?;
    dist()?;
    step(Command::new(cargo()).args(["build", "-p", "ferry-proxy"]))?;
    step(
        Command::new("node")
            .arg("bench/console.mjs")
            .args(rest)
            .env("FERRY_PROXY_BIN", crate::target_dir().join("debug/ferry-proxy"))
            .env("FERRY_DIST", root().join("dist"))
            .env("CHROMIUM", tools::chromium()),
    )
}

/// ferry-proxy and nginx in front of the same local upstream, driven by wrk
/// at several concurrencies in one run (bench/proxy.mjs).
fn proxy() -> Result {
    tools::ensure_test_tools()?;
    if !std::path::Path::new("/usr/bin/wrk").exists() {
        eprintln!("xtask: installing wrk (missing on this machine)");
        step(
            Command::new("apt-get")
                .args(["install", "-y", "--no-install-recommends", "wrk"])
                .env("DEBIAN_FRONTEND", "noninteractive"),
        )?;
    }
    step(Command::new(cargo()).args(["build", "--release", "-p", "ferry-proxy"]))?;
    step(
        Command::new("node")
            .arg("bench/proxy.mjs")
            .env("FERRY_PROXY_RELEASE_BIN", crate::target_dir().join("release/ferry-proxy")),
    )
}

/// The size ceiling (see BROTLI_CEILING in bench/size.mjs), as one test that the
/// summary counts. Needs no npm package: only Node's zlib.
pub fn size_check(summary: &mut Summary) -> Result {
    test_step(
        Command::new("node")
            .args(["--test", "--test-reporter=spec", "bench/size.test.mjs"])
            .env("FERRY_DIST", root().join("dist")),
        summary,
    )
}

/// Swagger UI (the peer) from npm, once. `--ignore-scripts`: its only
/// dependency's install script sends usage analytics.
fn ensure_bench_packages() -> Result {
    let bench = root().join("bench");
    let wanted = package_version(&bench.join("package.json"), "swagger-ui-dist")?;
    let have = package_version(&bench.join("node_modules/swagger-ui-dist/package.json"), "version")
        .unwrap_or_default();
    if have != wanted {
        eprintln!("xtask: installing swagger-ui-dist {wanted} for the benchmark (npm ci in bench/)");
        step(
            Command::new("npm")
                .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--prefix"])
                .arg(&bench),
        )?;
    }
    Ok(())
}

/// `"key": "value"` from a package.json, read line by line (std only).
fn package_version(file: &std::path::Path, key: &str) -> Result<String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    text.lines()
        .find_map(|line| line.trim().strip_prefix(&format!("\"{key}\":")))
        .map(|v| v.trim().trim_matches(|c| c == '"' || c == ',').to_string())
        .ok_or_else(|| format!("{} does not name {key}", file.display()))
}
