//! Brotli and gzip siblings (`app.js.br`, `app.js.gz`) for ServeDir's
//! `precompressed_br()`/`precompressed_gzip()`, made once at start-up so no
//! request pays for compression. Written beside the files when `dist/` is
//! writable, else into a mirror in the cache directory.

use std::fs;
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Text-like formats worth compressing; images other than SVG already are.
const EXTENSIONS: [&str; 9] = ["js", "css", "wasm", "html", "svg", "json", "txt", "map", "xml"];
/// Below this, headers cost more than compression saves.
const MIN_BYTES: u64 = 512;

/// The directory to serve assets from: `cache_dir` (a mirror) if given, else
/// `static_dir` if writable, else a mirror under the system temp directory.
pub fn prepare(static_dir: &Path, cache_dir: Option<&Path>) -> io::Result<PathBuf> {
    let mirror = match cache_dir {
        Some(dir) => dir.to_path_buf(),
        None if writable(static_dir) => return Ok(static_dir.to_path_buf()),
        None => {
            // Stable per static dir, so a restart reuses earlier work.
            let key = BuildHasherDefault::<DefaultHasher>::default().hash_one(static_dir);
            std::env::temp_dir().join(format!("ferry-proxy-assets-{key:016x}"))
        }
    };
    mirror_tree(static_dir, &mirror)?;
    Ok(mirror)
}

fn writable(dir: &Path) -> bool {
    let probe = dir.join(format!(".ferry-write-probe-{}", std::process::id()));
    let ok = fs::File::create_new(&probe).is_ok();
    let _ = fs::remove_file(&probe);
    ok
}

/// Copies files whose size or mtime differ; keeps the source mtime so
/// siblings stay comparable. Symbolic links are never followed: a link in
/// `static_dir` is skipped (it could lead anywhere, or loop), and a link
/// found in the mirror is replaced, never written through.
fn mirror_tree(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        let meta = fs::symlink_metadata(&src)?;
        if meta.file_type().is_symlink() {
            tracing::warn!(path = %src.display(), "not mirroring a symbolic link in the static directory");
            continue;
        }
        if fs::symlink_metadata(&dst).is_ok_and(|d| d.file_type().is_symlink()) {
            fs::remove_file(&dst)?;
        }
        if meta.is_dir() {
            mirror_tree(&src, &dst)?;
            continue;
        }
        let same = fs::metadata(&dst)
            .is_ok_and(|d| d.len() == meta.len() && d.modified().ok() == meta.modified().ok());
        if !same {
            fs::copy(&src, &dst)?;
            fs::File::options().write(true).open(&dst)?.set_modified(meta.modified()?)?;
        }
    }
    Ok(())
}

/// How many siblings were written; up-to-date ones are skipped. Symbolic
/// links (to files or directories) are never followed, so nothing is read
/// from or written to outside `dir`.
pub fn compress_tree(dir: &Path) -> io::Result<usize> {
    let mut written = 0;
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let meta = fs::symlink_metadata(&path)?;
        if meta.file_type().is_symlink() {
            continue;
        }
        if meta.is_dir() {
            written += compress_tree(&path)?;
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
        // index.html is only ever served by the proxy, with a nonce filled in;
        // a compressed copy would hold the placeholder.
        let is_index = path.file_name().is_some_and(|n| n == "index.html");
        if meta.len() < MIN_BYTES || !EXTENSIONS.contains(&ext) || is_index {
            continue;
        }
        for encoding in [Encoding::Brotli, Encoding::Gzip] {
            if compress_file(&path, encoding, meta.modified()?)? {
                written += 1;
            }
        }
    }
    Ok(written)
}

#[derive(Clone, Copy)]
enum Encoding {
    Brotli,
    Gzip,
}

fn compress_file(path: &Path, encoding: Encoding, source_time: SystemTime) -> io::Result<bool> {
    let suffix = match encoding {
        Encoding::Brotli => "br",
        Encoding::Gzip => "gz",
    };
    let mut sibling = path.as_os_str().to_owned();
    sibling.push(format!(".{suffix}"));
    let sibling = PathBuf::from(sibling);
    // A link in the sibling's place counts as missing: it gets replaced.
    let current = fs::symlink_metadata(&sibling).ok().filter(|m| !m.file_type().is_symlink());
    if current.and_then(|m| m.modified().ok()).is_some_and(|t| t >= source_time) {
        return Ok(false);
    }
    let data = fs::read(path)?;
    let packed = match encoding {
        Encoding::Brotli => {
            let mut w = brotli::CompressorWriter::new(Vec::new(), 64 * 1024, 11, 22);
            w.write_all(&data)?;
            w.into_inner()
        }
        Encoding::Gzip => {
            let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            w.write_all(&data)?;
            w.finish()?
        }
    };
    if packed.len() >= data.len() {
        return Ok(false);
    }
    // Write then rename: a request never sees half a file, and two proxies
    // sharing a directory do not clobber each other's temporary file.
    // `create_new` fails on an existing path, a planted link included, and
    // rename replaces a link at `sibling` rather than writing through it.
    let mut tmp = sibling.as_os_str().to_owned();
    tmp.push(format!(".{}.tmp", std::process::id()));
    let _ = fs::remove_file(&tmp);
    fs::File::create_new(&tmp)?.write_all(&packed)?;
    fs::rename(&tmp, &sibling)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_smaller_siblings_once_and_skips_small_files() {
        let dir = std::env::temp_dir().join(format!("ferry-precompress-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("snippets")).unwrap();
        fs::write(dir.join("app-0123456789abcdef.js"), "console.log('ferry');\n".repeat(200)).unwrap();
        fs::write(dir.join("snippets/x.css"), "body { color: red }\n".repeat(100)).unwrap();
        fs::write(dir.join("tiny.js"), "1").unwrap();
        fs::write(dir.join("logo.png"), vec![7u8; 4096]).unwrap();

        assert_eq!(prepare(&dir, None).unwrap(), dir);
        assert_eq!(compress_tree(&dir).unwrap(), 4);
        assert!(dir.join("app-0123456789abcdef.js.br").exists());
        assert!(dir.join("snippets/x.css.gz").exists());
        assert!(!dir.join("tiny.js.br").exists());
        assert!(!dir.join("logo.png.gz").exists());
        assert_eq!(compress_tree(&dir).unwrap(), 0, "up-to-date siblings are kept");

        let mut gz =
            flate2::read::GzDecoder::new(fs::File::open(dir.join("app-0123456789abcdef.js.gz")).unwrap());
        let mut text = String::new();
        std::io::Read::read_to_string(&mut gz, &mut text).unwrap();
        assert_eq!(text, "console.log('ferry');\n".repeat(200));

        let mirror = dir.with_extension("mirror");
        assert_eq!(prepare(&dir, Some(&mirror)).unwrap(), mirror);
        assert!(mirror.join("snippets/x.css").exists());
        let _ = fs::remove_dir_all(&dir);
        let _ = fs::remove_dir_all(&mirror);
    }
}
