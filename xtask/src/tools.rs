//! Installing what a fresh machine lacks. Each check is cheap and says
//! nothing when the tool is already there, so a second run installs nothing.

use std::path::Path;
use std::process::Command;

use crate::{cargo, root, step, Result};

const TRUNK_VERSION: &str = "0.21.14";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
const NGINX: &str = "/usr/sbin/nginx";

/// Output of `program args…`, or None if it cannot run.
fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn say(what: &str) {
    eprintln!("xtask: installing {what} (missing on this machine)");
}

/// The wasm target, trunk, wasm-bindgen-cli and wasm-opt.
pub fn ensure_build_tools() -> Result {
    let targets = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !targets.lines().any(|t| t.trim() == WASM_TARGET) {
        say("the wasm32-unknown-unknown Rust target");
        step(Command::new("rustup").args(["target", "add", WASM_TARGET]))?;
    }

    let trunk = output("trunk", &["--version"]).unwrap_or_default();
    if !trunk.split_whitespace().any(|w| w == TRUNK_VERSION) {
        say(&format!("trunk {TRUNK_VERSION} (about 12 minutes from source)"));
        step(Command::new(cargo()).args(["install", "--locked", &format!("trunk@{TRUNK_VERSION}")]))?;
    }

    let bindgen = locked_version("wasm-bindgen")?;
    let pinned = trunk_pin("wasm_bindgen")?;
    if pinned != bindgen {
        return Err(format!(
            "Trunk.toml pins wasm_bindgen = \"{pinned}\" but Cargo.lock has wasm-bindgen {bindgen}: make them equal"
        ));
    }
    let installed = output("wasm-bindgen", &["--version"]).unwrap_or_default();
    if !installed.split_whitespace().any(|w| w == bindgen) {
        say(&format!("wasm-bindgen-cli {bindgen} (must equal Cargo.lock)"));
        // Not --locked: the registry mirror can lag behind the CLI's own lockfile.
        step(Command::new(cargo()).args(["install", "wasm-bindgen-cli", "--version", &bindgen]))?;
    }

    let wasm_opt = trunk_pin("wasm_opt")?;
    let number = wasm_opt.strip_prefix("version_").unwrap_or(&wasm_opt).to_string();
    let installed = output("wasm-opt", &["--version"]).unwrap_or_default();
    if !installed.contains(&format!("version {number}")) {
        say(&format!("wasm-opt {number} (npm package binaryen)"));
        if output("npm", &["--version"]).is_none() {
            return Err("npm is needed to install wasm-opt: install Node.js and npm (Debian: apt-get install nodejs npm)".into());
        }
        step(Command::new("npm").args([
            "install",
            "--global",
            "--no-audit",
            "--no-fund",
            &format!("binaryen@{number}.0.0"),
        ]))?;
    }
    Ok(())
}

/// Chromium, chromedriver and the e2e tests' npm packages.
pub fn ensure_test_tools() -> Result {
    // nginx: the e2e test of the equivalent nginx configuration (docs/nginx/).
    if !Path::new(&chromium()).exists() || !Path::new(&chromedriver()).exists() || !Path::new(NGINX).exists()
    {
        if !is_root() {
            return Err("the tests need Chromium, ChromeDriver and nginx: run `sudo apt-get install chromium chromium-driver nginx` \
                        (or set CHROMIUM and CHROMEDRIVER to their paths), then try again"
                .into());
        }
        say("chromium, chromium-driver and nginx (Debian packages)");
        step(Command::new("apt-get").arg("update"))?;
        step(
            Command::new("apt-get")
                .args(["install", "-y", "--no-install-recommends", "chromium", "chromium-driver", "nginx"])
                .env("DEBIAN_FRONTEND", "noninteractive"),
        )?;
    }
    // Every package the e2e tests pin (playwright-core drives Chromium,
    // axe-core checks accessibility): one `npm ci` when any is missing or
    // another version.
    let e2e = root().join("e2e");
    for package in E2E_PACKAGES {
        let wanted = e2e_pinned_version(package)?;
        let have = std::fs::read_to_string(e2e.join("node_modules").join(package).join("package.json"))
            .unwrap_or_default();
        if !have.contains(&format!("\"version\": \"{wanted}\"")) {
            say(&format!("{package} {wanted} for the e2e tests (npm ci in e2e/)"));
            step(Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--prefix"]).arg(&e2e))?;
            break;
        }
    }
    Ok(())
}

/// The npm packages in e2e/package.json that the e2e tests need installed.
const E2E_PACKAGES: [&str; 2] = ["playwright-core", "axe-core"];

pub fn chromium() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

pub fn chromedriver() -> String {
    std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into())
}

fn is_root() -> bool {
    output("id", &["-u"]).is_some_and(|uid| uid.trim() == "0")
}

/// The version of `package` in Cargo.lock.
fn locked_version(package: &str) -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let needle = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == needle {
            if let Some(version) = lines.next().and_then(|l| l.trim().strip_prefix("version = ")) {
                return Ok(version.trim_matches('"').to_string());
            }
        }
    }
    Err(format!("{package} is not in Cargo.lock"))
}

/// A `[tools]` pin from Trunk.toml.
fn trunk_pin(key: &str) -> Result<String> {
    let text = std::fs::read_to_string(root().join("Trunk.toml")).map_err(|e| format!("Trunk.toml: {e}"))?;
    text.lines()
        .filter_map(|line| line.split_once('='))
        .find(|(k, _)| k.trim() == key)
        .map(|(_, v)| v.trim().trim_matches('"').to_string())
        .ok_or_else(|| format!("Trunk.toml has no [tools] {key} pin"))
}

/// The exact version e2e/package.json pins `package` to.
fn e2e_pinned_version(package: &str) -> Result<String> {
    let text = std::fs::read_to_string(root().join("e2e/package.json"))
        .map_err(|e| format!("e2e/package.json: {e}"))?;
    let key = format!("\"{package}\":");
    text.lines()
        .find_map(|line| line.trim().strip_prefix(key.as_str()))
        .map(|v| v.trim().trim_matches(|c| c == '"' || c == ',').to_string())
        .ok_or_else(|| format!("e2e/package.json does not name {package}"))
}
