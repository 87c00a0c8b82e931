//! Adds up the results of every test runner into one closing line.

#[derive(Debug, Default)]
pub struct Summary {
    passed: u64,
    failed: u64,
    skipped: u64,
}

impl Summary {
    /// Understands cargo/libtest and wasm-bindgen-test-runner
    /// (`test result: ok. 3 passed; 0 failed; 1 ignored; …`) and node's test
    /// runner (`ℹ pass 7`, `ℹ fail 0`, `ℹ skipped 0`, or `# pass 7` in TAP).
    pub fn read_line(&mut self, line: &str) {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("test result: ") {
            for part in rest.split(';') {
                let mut words = part.split_whitespace().rev();
                let (Some(kind), Some(n)) = (words.next(), words.next()) else { continue };
                let Ok(n) = n.parse::<u64>() else { continue };
                match kind {
                    "passed" => self.passed += n,
                    "failed" => self.failed += n,
                    "ignored" => self.skipped += n,
                    _ => {}
                }
            }
            return;
        }
        let node = line.strip_prefix("ℹ ").or_else(|| line.strip_prefix("# "));
        if let Some((kind, n)) = node.and_then(|rest| rest.split_once(' ')) {
            let Ok(n) = n.trim().parse::<u64>() else { return };
            match kind {
                "pass" => self.passed += n,
                "fail" => self.failed += n,
                "skipped" | "todo" => self.skipped += n,
                _ => {}
            }
        }
    }

    pub fn line(&self) -> String {
        format!("total: {} passed, {} failed, {} skipped", self.passed, self.failed, self.skipped)
    }

    pub fn check(&self) -> crate::Result {
        match (self.passed, self.failed) {
            (_, f) if f > 0 => Err(format!("{f} test(s) failed")),
            (0, _) => Err("no test ran".into()),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_up_every_runner() {
        let mut s = Summary::default();
        for line in [
            "test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s",
            "test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 filtered out; finished in 0.04s",
            "ℹ pass 7",
            "ℹ fail 1",
            "# pass 2",
            "ℹ duration_ms 4293.8",
            "ℹ tests 8",
        ] {
            s.read_line(line);
        }
        assert_eq!((s.passed, s.failed, s.skipped), (24, 3, 1));
        assert_eq!(s.line(), "total: 24 passed, 3 failed, 1 skipped");
        assert!(s.check().is_err());
    }

    #[test]
    fn nothing_run_is_a_failure() {
        assert!(Summary::default().check().is_err());
    }
}
