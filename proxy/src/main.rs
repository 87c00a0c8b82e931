use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use ferry_proxy::config::{FileConfig, LogFormat, Settings};
use ferry_proxy::{precompress, static_files};
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

/// Serves the Ferry console and forwards its API calls to Huawei Cloud.
/// Settings come from the file, then FERRY_* variables, then these flags.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// TOML configuration file (see ferry-proxy.example.toml).
    #[arg(long, env = "FERRY_CONFIG")]
    config: Option<PathBuf>,
    /// Validate the configuration, print the effective settings and exit
    /// (0 if valid, 2 if not).
    #[arg(long)]
    check_config: bool,
    /// Print the sandbox's demo values (token, IDs, sign-in) as JSON and exit.
    #[arg(long)]
    print_sandbox_demo: bool,
    /// Address to listen on (over FERRY_LISTEN and the file). Port 0 picks a free port.
    #[arg(long)]
    listen: Option<SocketAddr>,
    /// Directory of the built console, Trunk's dist/ (over FERRY_STATIC_DIR and the file).
    #[arg(long)]
    static_dir: Option<PathBuf>,
    /// Answer /api/… from the built-in emulator instead of the cloud.
    #[arg(long)]
    sandbox: bool,
    /// In the sandbox, how many seconds an image copy job takes (default 60).
    #[arg(long)]
    sandbox_job_seconds: Option<u64>,
    /// In the sandbox, how many seconds an SWR EE replication execution takes (default 60).
    #[arg(long)]
    sandbox_execution_seconds: Option<u64>,
    /// In the sandbox, delay every /api answer by this many milliseconds.
    #[arg(long, default_value_t = 0)]
    sandbox_latency_ms: u64,
    /// In the sandbox, answer this share (0 to 1) of /api requests with a gateway 503.
    #[arg(long, default_value_t = 0.0)]
    sandbox_fail_rate: f64,
    /// In the sandbox, cut the connection of this share (0 to 1) of /api requests.
    #[arg(long, default_value_t = 0.0)]
    sandbox_drop_rate: f64,
    /// In the sandbox, tokens expire this many seconds after first use.
    #[arg(long)]
    sandbox_token_ttl_secs: Option<u64>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    if args.print_sandbox_demo {
        println!("{}", ferry_sandbox::demo());
        return ExitCode::SUCCESS;
    }
    let settings = match settings(&args) {
        Ok(settings) => settings,
        Err(err) => {
            eprintln!("ferry-proxy: {err}");
            return ExitCode::from(2);
        }
    };
    if args.check_config {
        println!("# ferry-proxy: configuration is valid. Effective settings:");
        print!("{}", settings.describe());
        return ExitCode::SUCCESS;
    }
    init_logging(settings.log_format);
    match run(settings).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("ferry-proxy: {err}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("ferry_proxy=info"));
    // Colour codes only for a terminal, never in a journal or a log file.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder =
        tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(ansi);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

/// File, then environment, then flags; validated.
fn settings(args: &Args) -> Result<Settings, Box<dyn std::error::Error>> {
    let mut file = match &args.config {
        Some(path) => FileConfig::load(path)?,
        None => FileConfig::default(),
    };
    file.apply_env(|name| std::env::var(name).ok())?;
    if let Some(listen) = args.listen {
        file.listen = Some(listen);
    }
    if let Some(dir) = &args.static_dir {
        file.static_dir = Some(dir.clone());
    }
    let mut settings = Settings::from_file(file)?;
    settings.sandbox = args.sandbox;
    let defaults = ferry_sandbox::Options::default();
    let faults = ferry_sandbox::Faults {
        latency_ms: args.sandbox_latency_ms,
        fail_rate: args.sandbox_fail_rate,
        drop_rate: args.sandbox_drop_rate,
        token_ttl_secs: args.sandbox_token_ttl_secs,
    };
    faults.validate()?;
    settings.sandbox_options = ferry_sandbox::Options {
        job_seconds: args.sandbox_job_seconds.unwrap_or(defaults.job_seconds),
        execution_seconds: args.sandbox_execution_seconds.unwrap_or(defaults.execution_seconds),
        faults,
    };
    Ok(settings)
}

async fn run(mut settings: Settings) -> Result<(), Box<dyn std::error::Error>> {
    if let Some(dir) = settings.static_dir.clone() {
        settings.asset_dir = prepare_assets(&dir, settings.cache_dir.as_deref());
    }
    let listener = TcpListener::bind(settings.listen).await?;
    let addr = listener.local_addr()?;
    let limits = settings.limits;
    let app = ferry_proxy::app(Arc::new(settings))?;
    // One line on stdout, read by `cargo xtask` and the e2e tests.
    println!("ferry-proxy listening on http://{addr}/");
    ferry_proxy::serve_with(listener, app, limits, shutdown_signal()).await?;
    Ok(())
}

/// Checks the build and starts precompression in the background: serving
/// starts at once, and each `.br`/`.gz` is used as soon as it exists.
fn prepare_assets(dir: &Path, cache_dir: Option<&Path>) -> Option<PathBuf> {
    match std::fs::read_to_string(dir.join("index.html")) {
        Ok(html) if !html.contains(static_files::NONCE_PLACEHOLDER) => tracing::warn!(
            "index.html has no nonce placeholder: build with `create_nonce = true` in Trunk.toml, \
             or the Content-Security-Policy blocks the console's loader"
        ),
        Ok(_) => {}
        Err(err) => tracing::warn!(dir = %dir.display(), %err, "no index.html in the static directory"),
    }
    let asset_dir = match precompress::prepare(dir, cache_dir) {
        Ok(asset_dir) => asset_dir,
        Err(err) => {
            tracing::warn!(%err, "cannot precompress the console; serving it uncompressed");
            return None;
        }
    };
    let target = asset_dir.clone();
    tokio::task::spawn_blocking(move || match precompress::compress_tree(&target) {
        Ok(written) => tracing::info!(dir = %target.display(), written, "precompressed the console"),
        Err(err) => tracing::warn!(dir = %target.display(), %err, "precompression stopped"),
    });
    Some(asset_dir)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
