//! `cargo xtask run` and `cargo xtask test`: the two commands in README.md.
//! Both first install whatever this machine lacks (idempotently, saying what
//! they install), so a fresh Debian machine with Rust and npm needs nothing else.

mod bench;
mod summary;
mod tools;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use summary::Summary;

const USAGE: &str = "\
usage: cargo xtask <command>

  run [--port N]   build the release console and serve it on the sandbox
                   at http://127.0.0.1:N/ (default 8080)
  test             formatting and lints, then every test: native, wasm in
                   Chromium, end-to-end
  fmt              format the code (leptosfmt for view! when installed, then rustfmt)
  dist             build the release console into dist/
  setup            install the tools only
  screenshots      refresh docs/screenshots/ from the real UI
  bench console    measure size, time to interactive and the task page
                   against Swagger UI; one table (docs/benchmarks.md)
  bench proxy      ferry-proxy vs nginx with wrk (docs/benchmarks.md)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") => test(),
        Some("fmt") => fmt(),
        Some("dist") => tools::ensure_build_tools().and_then(|()| dist()),
        Some("setup") => tools::ensure_build_tools().and_then(|()| tools::ensure_test_tools()),
        Some("screenshots") => screenshots(),
        Some("bench") => bench::bench(&args[1..]),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown or missing command\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

pub type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// Where cargo builds: `CARGO_TARGET_DIR` if set (relative to the root),
/// else `target/`. Shared by run, test and bench.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(|d| root().join(d)).unwrap_or_else(|| root().join("target"))
}

pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// Runs a command in the workspace root, echoing it first.
pub fn step(cmd: &mut Command) -> Result {
    eprintln!("xtask: $ {}", describe(cmd));
    let status =
        cmd.current_dir(root()).status().map_err(|e| format!("cannot start {}: {e}", describe(cmd)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(cmd)))
    }
}

fn describe(cmd: &Command) -> String {
    std::iter::once(cmd.get_program().to_string_lossy().into_owned())
        .chain(cmd.get_args().map(|a| a.to_string_lossy().into_owned()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs a test command, echoing its output and counting its results.
fn test_step(cmd: &mut Command, summary: &mut Summary) -> Result {
    eprintln!("xtask: $ {}", describe(cmd));
    let mut child = cmd
        .current_dir(root())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", describe(cmd)))?;
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(std::result::Result::ok) {
            println!("{line}");
            summary.read_line(&line);
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(cmd)))
    }
}

fn dist() -> Result {
    step(Command::new("trunk").args(["build", "--release", "--offline"]))
}

fn test() -> Result {
    tools::ensure_build_tools()?;
    tools::ensure_test_tools()?;
    let mut summary = Summary::default();
    let result = (|| {
        // Gates first: formatting, then lints natively and for the console's
        // wasm target (the console only ever builds for wasm32).
        step(Command::new(cargo()).args(["fmt", "--all", "--", "--check"]))
            .map_err(|e| format!("{e}: run `cargo xtask fmt`"))?;
        step(Command::new(cargo()).args([
            "clippy",
            "--workspace",
            "--exclude",
            "ferry",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))?;
        step(Command::new(cargo()).args([
            "clippy",
            "-p",
            "ferry",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))?;
        // Native: pure logic and the proxy (builds target/debug/ferry-proxy).
        test_step(Command::new(cargo()).args(["test", "--workspace", "--exclude", "ferry"]), &mut summary)?;
        step(Command::new(cargo()).args(["build", "-p", "ferry-proxy"]))?;
        // The console in Chromium, as wasm.
        test_step(
            Command::new(cargo())
                .args(["test", "-p", "ferry", "--target", "wasm32-unknown-unknown", "--test", "web"])
                .env("CHROMEDRIVER", tools::chromedriver()),
            &mut summary,
        )?;
        // End to end: the release console on the sandbox, driven in Chromium.
        dist()?;
        // Size budget: counted as a test; the e2e tests run even if it fails.
        let size = bench::size_check(&mut summary);
        let e2e = test_step(
            Command::new("node")
                .args(["--test", "--test-concurrency=2", "--test-reporter=spec", "e2e/"])
                .env("FERRY_PROXY_BIN", target_dir().join("debug/ferry-proxy"))
                .env("FERRY_DIST", root().join("dist"))
                .env("CHROMIUM", tools::chromium()),
            &mut summary,
        );
        size.and(e2e)
    })();
    println!("{}", summary.line());
    result.and_then(|()| summary.check())
}

fn run(args: &[String]) -> Result {
    let port = match args {
        [] => 8080,
        [flag, port] if flag == "--port" => {
            port.parse::<u16>().map_err(|_| format!("--port needs a number, not {port:?}"))?
        }
        _ => return Err(format!("usage: cargo xtask run [--port N]\n\n{USAGE}")),
    };
    tools::ensure_build_tools()?;
    dist()?;
    step(Command::new(cargo()).args(["build", "--release", "-p", "ferry-proxy"]))?;
    let mut child = Command::new(target_dir().join("release/ferry-proxy"))
        .args(["--sandbox", "--static-dir"])
        .arg(root().join("dist"))
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .env("RUST_LOG", std::env::var("RUST_LOG").unwrap_or_else(|_| "ferry_proxy=warn".into()))
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start ferry-proxy: {e}"))?;
    if let Some(stdout) = child.stdout.take() {
        let mut lines = BufReader::new(stdout).lines();
        if let Some(Ok(line)) = lines.next() {
            match line.split_once("listening on ") {
                Some((_, url)) => println!("Ferry is running at {url}"),
                None => println!("{line}"),
            }
        }
        // Keep draining so the proxy never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("ferry-proxy stopped ({status}); is port {port} already in use? Try --port"))
    }
}

fn screenshots() -> Result {
    tools::ensure_build_tools()?;
    tools::ensure_test_tools()?;
    dist()?;
    step(Command::new(cargo()).args(["build", "-p", "ferry-proxy"]))?;
    step(Command::new("node").arg("xtask/screenshots.js").env("CHROMIUM", tools::chromium()))
}

/// `cargo xtask fmt`: leptosfmt formats the `view!` macros (rustfmt leaves
/// them alone) when it is installed, then rustfmt formats the rest.
fn fmt() -> Result {
    let leptosfmt = Command::new("leptosfmt").arg("--version").output().is_ok_and(|o| o.status.success());
    if leptosfmt {
        step(Command::new("leptosfmt").args(["--quiet", "src"]))?;
    } else {
        eprintln!("xtask: leptosfmt is not installed (cargo install leptosfmt); formatting Rust only");
    }
    step(Command::new(cargo()).args(["fmt", "--all"]))
}
