//! `ferry-proxy --check-config`: the effective settings and the exit codes.

use std::process::Command;

fn check(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ferry-proxy"));
    command.arg("--check-config").args(args);
    for key in ["FERRY_CONFIG", "FERRY_LISTEN", "FERRY_STATIC_DIR", "FERRY_ALLOWED_REGIONS", "FERRY_CORS_ORIGINS",
        "FERRY_UPSTREAM_TIMEOUT_SECS", "FERRY_MAX_BODY_BYTES", "FERRY_LOG_FORMAT", "FERRY_PRESET"] {
        command.env_remove(key);
    }
    command.envs(env.iter().copied());
    let out = command.output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

#[test]
fn check_config_prints_the_effective_settings_with_file_env_flag_precedence() {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/ferry-proxy.example.toml");
    let (code, out, err) = check(
        &["--config", example, "--listen", "127.0.0.1:9999"],
        &[("FERRY_LISTEN", "127.0.0.1:7777"), ("FERRY_ALLOWED_REGIONS", "cn-north-4, eu-west-101"),
          ("FERRY_CORS_ORIGINS", "https://console.example"), ("FERRY_LOG_FORMAT", "json"), ("FERRY_MAX_BODY_BYTES", "2048")],
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
    let (code, out, err) = check(&[], &[("FERRY_PRESET", "opentelekomcloud"), ("FERRY_ALLOWED_REGIONS", "eu-de")]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ims = \"https://ims.{region}.otc.t-systems.com\""), "{out}");
    assert!(out.contains("# swr: not available in this cloud"), "{out}");
    assert!(out.contains("# hss: not available in this cloud"), "{out}");
}
