//! Why tasks failed, sorted by cause. A registry's error text names the
//! digest, tag, repository and host of each task, so no two reasons are
//! equal; [`normalise`] removes what varies, [`Cause::of`] recognises the
//! causes registries commonly report (Docker distribution and Harbor
//! messages), and [`group`] puts tasks with one cause together, largest first.

use crate::swr_ee::RunStatus;
use crate::task_rows::TaskRow;

/// A cause Ferry can explain, with who can fix it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cause {
    /// `blob upload unauthorized`, `unauthorized: authentication required`.
    DestinationCredentials,
    /// `pull access denied`, `repository does not exist`.
    SourceAccess,
    /// `context deadline exceeded`, timeouts, refused or reset connections.
    Network,
    /// Quota or storage exhausted.
    Quota,
    /// `manifest unknown`, `not found`.
    NotFound,
    /// `x509`, certificates, TLS.
    Certificate,
    /// `toomanyrequests`, rate limits.
    RateLimited,
}

impl Cause {
    /// The cause of a failure reason, if it is one Ferry knows. Checked in
    /// an order where the more specific wording wins (a rate limit answered
    /// as "denied" is a rate limit).
    pub fn of(reason: &str) -> Option<Cause> {
        let text = reason.to_ascii_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
        if has(&["toomanyrequests", "too many requests", "rate limit", "429"]) {
            Some(Cause::RateLimited)
        } else if has(&["x509", "certificate", "tls:", "tls handshake"]) {
            Some(Cause::Certificate)
        } else if has(&["quota", "storage", "no space left", "insufficient"]) {
            Some(Cause::Quota)
        } else if has(&[
            "pull access denied",
            "repository does not exist",
            "requested access to the resource is denied",
        ]) {
            Some(Cause::SourceAccess)
        } else if has(&["unauthorized", "authentication required", "401"]) {
            Some(Cause::DestinationCredentials)
        } else if has(&[
            "deadline exceeded",
            "timeout",
            "timed out",
            "connection refused",
            "connection reset",
            "no such host",
            "unexpected eof",
            "broken pipe",
        ]) {
            Some(Cause::Network)
        } else if has(&["manifest unknown", "not found", "404", "blob unknown"]) {
            Some(Cause::NotFound)
        } else {
            None
        }
    }

    /// The cause in a few words.
    pub fn title(self) -> &'static str {
        match self {
            Cause::DestinationCredentials => "The destination registry refused the credentials",
            Cause::SourceAccess => "The source repository is missing or not readable",
            Cause::Network => "The registries could not reach each other in time",
            Cause::Quota => "Storage or quota ran out",
            Cause::NotFound => "An image or layer was not found",
            Cause::Certificate => "A registry's TLS certificate was not trusted",
            Cause::RateLimited => "A registry limited the rate of requests",
        }
    }

    /// What to do, and who can do it.
    pub fn advice(self) -> &'static str {
        match self {
            Cause::DestinationCredentials => {
                "Whoever manages the instance's registries: update the destination registry's credentials, then run the policy again."
            }
            Cause::SourceAccess => {
                "Check that the repository exists in the source and that the source registry's account may pull it; the owner of the source registry can grant it."
            }
            Cause::Network => {
                "Usually passing: run the policy again. If it keeps happening, the network team should check the route between the two registries."
            }
            Cause::Quota => {
                "The owner of the destination: free space or raise the quota, then run the policy again."
            }
            Cause::NotFound => {
                "The image changed while it was copied (a tag moved or was deleted). Run the policy again; if it persists, check the image in the source."
            }
            Cause::Certificate => {
                "Whoever manages the registries: install a trusted certificate, or mark the registry endpoint as insecure if that is acceptable."
            }
            Cause::RateLimited => {
                "Wait and run the policy again, or copy fewer images at once (Docker Hub limits anonymous pulls)."
            }
        }
    }
}

/// A reason with what varies between tasks removed: digests, IDs, URLs,
/// addresses, repositories with their tags, and numbers. Words stay, in
/// order, so an unknown cause still reads as the registry wrote it.
pub fn normalise(reason: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for raw in reason.split_whitespace() {
        // Keep a token's trailing punctuation out of the comparison.
        let token =
            raw.trim_matches(|c: char| matches!(c, ',' | ';' | '.' | '"' | '\'' | '(' | ')' | '[' | ']'));
        let stand_in = stand_in(token);
        let word = stand_in.unwrap_or(token);
        // Runs of one stand-in read as one ("<n> <n>" → "<n>").
        if out.last() != Some(&word) || stand_in.is_none() {
            out.push(word);
        }
    }
    out.join(" ")
}

fn stand_in(token: &str) -> Option<&'static str> {
    let lower = token.to_ascii_lowercase();
    let is_hex = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_hexdigit());
    if token.is_empty() {
        return None;
    }
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Some("<url>");
    }
    if lower.contains("sha256:") || lower.contains("sha512:") {
        return Some("<digest>");
    }
    let bare = lower.trim_end_matches(':');
    if (bare.len() >= 12 && is_hex(bare))
        || (bare.len() == 36 && bare.split('-').all(is_hex) && bare.contains('-'))
    {
        return Some("<id>");
    }
    if bare.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ':'))
        && bare.chars().any(|c| c.is_ascii_digit())
    {
        // 42, 1.5, 10.0.0.7:443
        return Some(if bare.contains('.') && bare.matches('.').count() >= 3 { "<address>" } else { "<n>" });
    }
    let digits_then_unit = bare.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    if digits_then_unit.len() < bare.len()
        && matches!(digits_then_unit, "s" | "ms" | "m" | "h" | "b" | "kb" | "mb" | "gb")
    {
        return Some("<n>");
    }
    if bare.contains('/') || (bare.contains(':') && !bare.ends_with(':') && !bare.starts_with(':')) {
        // team/app, team/app:1.2, host:5000/team/app, nginx:latest
        return Some("<image>");
    }
    None
}

/// Tasks that failed for one cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureGroup {
    /// The cause, when Ferry knows it.
    pub cause: Option<Cause>,
    /// The known cause's title, or the normalised reason.
    pub text: String,
    /// One reason in full, as the registry wrote it.
    pub example: String,
    pub task_ids: Vec<i64>,
}

/// The failed tasks grouped by cause (a known cause, else the normalised
/// reason), largest group first.
pub fn group(rows: &[TaskRow]) -> Vec<FailureGroup> {
    let mut groups: Vec<FailureGroup> = Vec::new();
    for row in rows.iter().filter(|r| r.run_status() == RunStatus::Failed) {
        let reason =
            row.reason.clone().filter(|r| !r.trim().is_empty()).unwrap_or_else(|| "No reason given".into());
        let cause = Cause::of(&reason);
        let text = cause.map_or_else(|| normalise(&reason), |c| c.title().to_string());
        match groups.iter_mut().find(|g| g.text == text) {
            Some(g) => g.task_ids.push(row.id),
            None => groups.push(FailureGroup { cause, text, example: reason, task_ids: vec![row.id] }),
        }
    }
    groups.sort_by(|a, b| b.task_ids.len().cmp(&a.task_ids.len()).then_with(|| a.text.cmp(&b.text)));
    groups
}

/// What a support summary is about.
#[derive(Debug, Clone, Default)]
pub struct SummaryOf<'a> {
    pub instance_id: &'a str,
    pub policy_id: Option<i64>,
    pub execution_id: i64,
    /// The execution's start, as shown.
    pub started: &'a str,
    /// `X-Request-Id`s of the calls that failed while Ferry looked.
    pub request_ids: &'a [String],
}

/// Plain text for a support ticket: the execution, counts per status, each
/// cause with its count and up to three task IDs, and the request IDs.
pub fn support_summary(of: &SummaryOf, rows: &[TaskRow]) -> String {
    let mut out = format!("Instance: {}\n", of.instance_id);
    if let Some(policy) = of.policy_id {
        out.push_str(&format!("Policy: {policy}\n"));
    }
    out.push_str(&format!("Execution: {}\nStarted: {}\n", of.execution_id, of.started));
    let mut counts: Vec<(String, usize)> = Vec::new();
    for row in rows {
        let label = row.run_status().label();
        match counts.iter_mut().find(|(l, _)| *l == label) {
            Some((_, n)) => *n += 1,
            None => counts.push((label, 1)),
        }
    }
    let counts: Vec<String> = counts.iter().map(|(label, n)| format!("{label} {n}")).collect();
    out.push_str(&format!("Tasks: {} ({})\n", rows.len(), counts.join(", ")));
    for g in group(rows) {
        let ids: Vec<String> = g.task_ids.iter().take(3).map(i64::to_string).collect();
        let more = if g.task_ids.len() > 3 { ", …" } else { "" };
        out.push_str(&format!(
            "Cause: {} ({} tasks, e.g. {}{more})\n  Example: {}\n",
            g.text,
            g.task_ids.len(),
            ids.join(", "),
            g.example
        ));
    }
    if !of.request_ids.is_empty() {
        out.push_str(&format!("Failed requests (X-Request-Id): {}\n", of.request_ids.join(", ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Failure texts as Docker distribution, Harbor's replication jobs and
    /// the Docker Hub answer them (digests, hosts and repositories vary).
    const CORPUS: [(&str, Option<Cause>); 14] = [
        (
            "failed to push blob sha256:9f3c2a1b7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a: blob upload unauthorized",
            Some(Cause::DestinationCredentials),
        ),
        (
            "unauthorized: authentication required, url: https://swr.ap-southeast-3.myhuaweicloud.com/v2/team/app/blobs/uploads/",
            Some(Cause::DestinationCredentials),
        ),
        (
            "pull access denied for ferry/web, repository does not exist or may require 'docker login'",
            Some(Cause::SourceAccess),
        ),
        ("Get \"https://10.12.0.7:443/v2/\": context deadline exceeded", Some(Cause::Network)),
        (
            "dial tcp 10.12.0.7:443: i/o timeout (Client.Timeout exceeded while awaiting headers)",
            Some(Cause::Network),
        ),
        ("read tcp 192.168.1.4:51234->10.12.0.7:443: read: connection reset by peer", Some(Cause::Network)),
        ("denied: requested access to the resource is denied", Some(Cause::SourceAccess)),
        ("quota exceeded: the storage usage of project ferry-eu exceeds 100GB", Some(Cause::Quota)),
        ("manifest unknown: manifest unknown", Some(Cause::NotFound)),
        ("failed to fetch blob sha256:abc: blob unknown to registry", Some(Cause::NotFound)),
        (
            "Get \"https://harbor.dc1.example.internal/v2/\": x509: certificate signed by unknown authority",
            Some(Cause::Certificate),
        ),
        ("remote error: tls: handshake failure", Some(Cause::Certificate)),
        (
            "toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading",
            Some(Cause::RateLimited),
        ),
        ("something the registry invented", None),
    ];

    #[test]
    fn known_causes_are_recognised_in_real_registry_messages() {
        for (reason, cause) in CORPUS {
            assert_eq!(Cause::of(reason), cause, "{reason}");
        }
    }

    #[test]
    fn normalising_removes_what_varies() {
        assert_eq!(
            normalise("failed to copy team/app:1.4.2 (sha256:0123456789abcdef) to https://a.example/v2: 3 retries in 30s"),
            "failed to copy <image> <digest> to <url> <n> retries in <n>"
        );
        assert_eq!(
            normalise("layer 5f1d3c0e-7b2a-4e58-9c1f-0a2b3c4d5e6f rejected by 10.0.0.7:5000"),
            "layer <id> rejected by <address>"
        );
        let a = normalise("push ferry/a:1 failed: layer sha256:aa rejected (size 123)");
        let b = normalise("push ferry/b:2 failed: layer sha256:bb rejected (size 456)");
        assert_eq!(a, b);
    }

    fn row(id: i64, status: &str, reason: Option<&str>) -> TaskRow {
        TaskRow {
            id,
            status: status.into(),
            source: String::new(),
            destination: String::new(),
            digests: Vec::new(),
            tags: Vec::new(),
            operation: String::new(),
            start_time: String::new(),
            end_time: String::new(),
            reason: reason.map(str::to_string),
        }
    }

    fn failed(id: i64, reason: &str) -> TaskRow {
        row(id, "Failed", Some(reason))
    }

    #[test]
    fn groups_by_cause_largest_first_with_an_example() {
        let mut rows = Vec::new();
        for i in 0..7 {
            rows.push(failed(i, &format!("failed to push blob sha256:{i:064x}: blob upload unauthorized")));
        }
        for i in 7..13 {
            rows.push(failed(i, &format!("Get \"https://10.0.0.{i}:443/v2/\": context deadline exceeded")));
        }
        for i in 13..19 {
            rows.push(failed(i, &format!("layer {i} of ferry/app-{i}:v{i} was rejected by policy")));
        }
        rows.push(row(99, "Succeed", None));
        let groups = group(&rows);
        let sizes: Vec<(Option<Cause>, usize)> = groups.iter().map(|g| (g.cause, g.task_ids.len())).collect();
        assert_eq!(
            sizes,
            vec![(Some(Cause::DestinationCredentials), 7), (Some(Cause::Network), 6), (None, 6)]
        );
        assert_eq!(groups[2].text, "layer <n> of <image> was rejected by policy");
        assert!(groups[0].example.contains("blob upload unauthorized"));

        let ids = ["r-1".to_string()];
        let of = SummaryOf {
            instance_id: "inst",
            policy_id: Some(12),
            execution_id: 902,
            started: "2026-12-02 01:00:00 UTC",
            request_ids: &ids,
        };
        let text = support_summary(&of, &rows);
        assert!(
            text.starts_with(
                "Instance: inst\nPolicy: 12\nExecution: 902\nStarted: 2026-12-02 01:00:00 UTC\n"
            ),
            "{text}"
        );
        assert!(text.contains("Tasks: 20 (Failed 19, Succeeded 1)"), "{text}");
        assert!(
            text.contains(
                "Cause: The destination registry refused the credentials (7 tasks, e.g. 0, 1, 2, …)"
            ),
            "{text}"
        );
        assert!(text.ends_with("Failed requests (X-Request-Id): r-1\n"), "{text}");
    }
}
