//! `ferry-proxy --check-config`: the effective settings and the exit codes.

use std::process::Command;

fn check(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ferry-proxy"));
    command.arg("--check-config").args(args);
    for (key, _) in std::env::vars().filter(|(key, _)| key.starts_with("FERRY_")) {
        command.env_remove(key);
    }
    command.envs(env.iter().copied());
    let out = command.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn check_config_prints_the_effective_settings_with_file_env_flag_precedence() {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/ferry-proxy.example.toml");
    let (code, out, err) = check(
        &["--config", example, "--listen", "127.0.0.1:9999"],
        &[
            ("FERRY_LISTEN", "127.0.0.1:7777"),
            ("FERRY_ALLOWED_REGIONS", "cn-north-4, eu-west-101"),
            ("FERRY_CORS_ORIGINS", "https://console.example"),
            ("FERRY_LOG_FORMAT", "json"),
            ("FERRY_MAX_BODY_BYTES", "2048"),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("listen = \"127.0.0.1:9999\""), "flags beat env: {out}");
    assert!(out.contains(r#"allowed_regions = ["cn-north-4", "eu-west-101"]"#), "{out}");
    assert!(out.contains(r#"cors_origins = ["https://console.example"]"#), "{out}");
    assert!(out.contains("log_format = \"json\""), "{out}");
    assert!(out.contains("max_body_bytes = 2048"), "{out}");
    // No template: the SDK's per-region host table.
    assert!(out.contains("# swr: the SDK's host per region"), "{out}");
    assert!(!out.to_lowercase().contains("token"), "{out}");
}

#[test]
fn check_config_reports_errors_with_exit_code_2() {
    for (args, env, needle) in [
        (vec!["--config", "/nonexistent/ferry.toml"], vec![], "cannot read"),
        (vec![], vec![("FERRY_UPSTREAM_TIMEOUT_SECS", "soon")], "FERRY_UPSTREAM_TIMEOUT_SECS"),
        (vec![], vec![("FERRY_CORS_ORIGINS", "https://console.example/")], "not an origin"),
        (vec![], vec![("FERRY_ALLOWED_REGIONS", "169.254.169.254")], "169.254.169.254"),
        (vec![], vec![("FERRY_LOG_FORMAT", "xml")], "text or json"),
    ] {
        let (code, _, err) = check(&args, &env);
        assert_eq!(code, 2, "{args:?} {env:?}: {err}");
        assert!(err.contains(needle), "{err}");
    }
}

#[test]
fn otc_preset_lists_swr_and_hss_as_unavailable() {
    let (code, out, err) =
        check(&[], &[("FERRY_PRESET", "opentelekomcloud"), ("FERRY_ALLOWED_REGIONS", "eu-de")]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ims = \"https://ims.{region}.otc.t-systems.com\""), "{out}");
    assert!(out.contains("# swr: not available in this cloud"), "{out}");
    assert!(out.contains("# hss: not available in this cloud"), "{out}");
}

/// Issue 14, item 11: a zero timeout or body limit is refused, never taken
/// to mean "unlimited"; the new connection limits are shown and settable.
#[test]
fn check_config_refuses_zero_timeouts_and_limits() {
    let dir = std::env::temp_dir().join(format!("ferry-cli-zero-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for key in [
        "upstream_timeout_secs",
        "connect_timeout_secs",
        "request_body_timeout_secs",
        "header_read_timeout_secs",
        "idle_timeout_secs",
        "shutdown_grace_secs",
        "max_body_bytes",
        "max_connections",
    ] {
        let file = dir.join(format!("{key}.toml"));
        std::fs::write(&file, format!("{key} = 0\n")).unwrap();
        let (code, _, err) = check(&["--config", file.to_str().unwrap()], &[]);
        assert_eq!(code, 2, "{key}: {err}");
        assert!(err.contains(key) && err.contains("greater than 0"), "{key}: {err}");
    }
    for var in [
        "FERRY_UPSTREAM_TIMEOUT_SECS",
        "FERRY_REQUEST_BODY_TIMEOUT_SECS",
        "FERRY_MAX_BODY_BYTES",
        "FERRY_HEADER_READ_TIMEOUT_SECS",
        "FERRY_IDLE_TIMEOUT_SECS",
        "FERRY_MAX_CONNECTIONS",
        "FERRY_SHUTDOWN_GRACE_SECS",
    ] {
        let (code, _, err) = check(&[], &[(var, "0")]);
        assert_eq!(code, 2, "{var}: {err}");
    }
    let _ = std::fs::remove_dir_all(dir);

    let (code, out, err) = check(&[], &[]);
    assert_eq!(code, 0, "{err}");
    for line in [
        "header_read_timeout_secs = 10",
        "idle_timeout_secs = 75",
        "max_connections = 512",
        "shutdown_grace_secs = 10",
    ] {
        assert!(out.contains(line), "{line}: {out}");
    }
    let (code, out, err) = check(
        &[],
        &[
            ("FERRY_HEADER_READ_TIMEOUT_SECS", "5"),
            ("FERRY_IDLE_TIMEOUT_SECS", "30"),
            ("FERRY_MAX_CONNECTIONS", "100"),
            ("FERRY_SHUTDOWN_GRACE_SECS", "3"),
        ],
    );
    assert_eq!(code, 0, "{err}");
    for line in [
        "header_read_timeout_secs = 5",
        "idle_timeout_secs = 30",
        "max_connections = 100",
        "shutdown_grace_secs = 3",
    ] {
        assert!(out.contains(line), "{line}: {out}");
    }
}
