use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::Parser;
use ferry_proxy::config::{FileConfig, SandboxFaults, Settings};
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

/// Serves the Ferry console and forwards its API calls to Huawei Cloud.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// TOML configuration file (see ferry-proxy.example.toml).
    #[arg(long, env = "FERRY_CONFIG")]
    config: Option<PathBuf>,
    /// Address to listen on; overrides the file. Port 0 picks a free port.
    #[arg(long, env = "FERRY_LISTEN")]
    listen: Option<SocketAddr>,
    /// Directory of the built console (Trunk's dist/); overrides the file.
    #[arg(long, env = "FERRY_STATIC_DIR")]
    static_dir: Option<PathBuf>,
    /// Answer /api/… from the built-in emulator instead of the cloud.
    #[arg(long)]
    sandbox: bool,
    /// In the sandbox, how many seconds an image copy job takes.
    #[arg(long, default_value_t = 12)]
    sandbox_job_seconds: u64,
    /// In the sandbox, how many seconds an SWR EE replication execution takes.
    #[arg(long, default_value_t = 30)]
    sandbox_execution_seconds: u64,
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
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("ferry_proxy=info")))
        .with_writer(std::io::stderr)
        .init();
    match run(Args::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("ferry-proxy: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let file = match &args.config {
        Some(path) => FileConfig::load(path)?,
        None => FileConfig::default(),
    };
    let mut settings = Settings::from_file(file)?;
    if let Some(listen) = args.listen {
        settings.listen = listen;
    }
    if let Some(dir) = args.static_dir {
        settings.static_dir = Some(dir);
    }
    settings.sandbox = args.sandbox;
    settings.sandbox_job_seconds = args.sandbox_job_seconds;
    settings.sandbox_execution_seconds = args.sandbox_execution_seconds;
    settings.sandbox_faults = SandboxFaults {
        latency_ms: args.sandbox_latency_ms,
        fail_rate: args.sandbox_fail_rate,
        drop_rate: args.sandbox_drop_rate,
        token_ttl_secs: args.sandbox_token_ttl_secs,
    };
    settings.sandbox_faults.validate()?;

    let listener = TcpListener::bind(settings.listen).await?;
    let addr = listener.local_addr()?;
    let app = ferry_proxy::app(Arc::new(settings))?;
    // One line on stdout, read by `cargo xtask` and the e2e tests.
    println!("ferry-proxy listening on http://{addr}/");
    ferry_proxy::serve(listener, app, shutdown_signal()).await?;
    Ok(())
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
