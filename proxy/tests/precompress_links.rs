//! Issue 14, defect 6: start-up precompression never follows a symbolic
//! link out of `static_dir`, and never writes outside `static_dir` or
//! `cache_dir`.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use ferry_proxy::precompress;

fn root(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("ferry-links-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(root.join("dist")).unwrap();
    fs::create_dir_all(root.join("outside")).unwrap();
    let data = "{\"ferry\": \"outside static_dir\"}\n".repeat(100);
    fs::write(root.join("outside/data.json"), &data).unwrap();
    fs::write(root.join("outside.json"), &data).unwrap();
    fs::write(root.join("dist/app-0123456789abcdef.js"), "console.log('ferry');\n".repeat(200)).unwrap();
    // A link to a directory outside, one to a file outside, and a loop.
    symlink("../outside", root.join("dist/outlink")).unwrap();
    symlink("../outside.json", root.join("dist/file.json")).unwrap();
    symlink(".", root.join("dist/loop")).unwrap();
    root
}

/// Every file under `dir` (not following links) other than `except`.
fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let meta = fs::symlink_metadata(&path).unwrap();
        if meta.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path.display().to_string());
        }
    }
    out.sort();
    out
}

#[test]
fn compressing_in_place_never_writes_through_a_link() {
    let root = root("inplace");
    let dist = root.join("dist");
    assert_eq!(precompress::prepare(&dist, None).unwrap(), dist);
    let written = precompress::compress_tree(&dist).unwrap();
    assert_eq!(written, 2, "only the real asset: .br and .gz");
    assert!(dist.join("app-0123456789abcdef.js.br").exists());
    assert_eq!(files(&root.join("outside")), [root.join("outside/data.json").display().to_string()]);
    assert!(!root.join("outside.json.br").exists() && !root.join("outside.json.gz").exists());
    assert!(!dist.join("file.json.br").exists(), "a linked file was read from outside");
    let _ = fs::remove_dir_all(root);
}

#[test]
fn a_link_planted_where_a_sibling_goes_is_replaced_not_written_through() {
    let root = root("planted");
    let dist = root.join("dist");
    let victim = root.join("victim.txt");
    fs::write(&victim, "keep me").unwrap();
    symlink(&victim, dist.join("app-0123456789abcdef.js.gz")).unwrap();
    precompress::compress_tree(&dist).unwrap();
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
    let sibling = fs::symlink_metadata(dist.join("app-0123456789abcdef.js.gz")).unwrap();
    assert!(sibling.is_file(), "the link was replaced by the real sibling");
    let _ = fs::remove_dir_all(root);
}

#[test]
fn mirroring_into_cache_dir_never_follows_links_out() {
    let root = root("mirror");
    let (dist, cache) = (root.join("dist"), root.join("cache"));
    // A link planted in the cache where a mirrored file will go.
    fs::create_dir_all(&cache).unwrap();
    let victim = root.join("victim.js");
    fs::write(&victim, "keep me").unwrap();
    symlink(&victim, cache.join("app-0123456789abcdef.js")).unwrap();

    assert_eq!(precompress::prepare(&dist, Some(&cache)).unwrap(), cache);
    precompress::compress_tree(&cache).unwrap();
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(cache.join("app-0123456789abcdef.js.br").exists());
    assert!(
        !cache.join("outlink").exists() && !cache.join("file.json").exists() && !cache.join("loop").exists()
    );
    assert_eq!(files(&root.join("outside")), [root.join("outside/data.json").display().to_string()]);
    let _ = fs::remove_dir_all(root);
}
