//! "Where is my image?": `repository[:tag]` looked up in the tasks of a
//! policy's recent executions. Each execution either copied it, failed to
//! (with the cause), or did not include it.

use crate::failures::{normalise, Cause};
use crate::swr_ee::RunStatus;
use crate::task_rows::TaskRow;

/// Executions searched, newest first.
pub const RECENT_EXECUTIONS: usize = 10;

/// What the user typed: a repository, optionally with a tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageQuery {
    pub repository: String,
    pub tag: Option<String>,
}

impl ImageQuery {
    /// `app`, `team/app`, `team/app:1.2`; `None` when empty or malformed.
    pub fn parse(text: &str) -> Option<ImageQuery> {
        let text = text.trim();
        // The tag follows the last ':' after the last '/' (a port is not a tag).
        let (repository, tag) = match text.rsplit_once(':') {
            Some((repo, tag)) if !tag.contains('/') => (repo, Some(tag)),
            _ => (text, None),
        };
        let repository = repository.trim_matches('/');
        let ok = |s: &str| !s.is_empty() && !s.contains(char::is_whitespace);
        (ok(repository) && tag.is_none_or(ok))
            .then(|| ImageQuery { repository: repository.to_string(), tag: tag.map(str::to_string) })
    }

    /// A task copied this image: same repository (with or without its
    /// organization) and, if a tag was given, that tag.
    pub fn matches(&self, row: &TaskRow) -> bool {
        let repo = row.source.as_str();
        let same_repo = repo == self.repository || repo.ends_with(&format!("/{}", self.repository));
        same_repo && self.tag.as_ref().is_none_or(|t| row.tags.iter().any(|x| x == t))
    }
}

/// What one execution did with the image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    Copied {
        task_id: i64,
    },
    /// Failed, with the cause in words (a known one, else the normalised reason).
    Failed {
        task_id: i64,
        cause: String,
    },
    /// Still running, or stopped, in that task.
    Other {
        task_id: i64,
        status: String,
    },
    NotIncluded,
}

impl Found {
    /// For a matching task; the failure reason when it failed.
    pub fn of(row: &TaskRow) -> Found {
        match row.run_status() {
            RunStatus::Succeeded => Found::Copied { task_id: row.id },
            RunStatus::Failed => {
                let reason = row.reason.clone().unwrap_or_default();
                let cause = match Cause::of(&reason) {
                    Some(c) => c.title().to_string(),
                    None if reason.trim().is_empty() => "No reason given".into(),
                    None => normalise(&reason),
                };
                Found::Failed { task_id: row.id, cause }
            }
            other => Found::Other { task_id: row.id, status: other.label() },
        }
    }

    pub fn text(&self) -> String {
        match self {
            Found::Copied { task_id } => format!("Copied (task {task_id})"),
            Found::Failed { task_id, cause } => format!("Failed (task {task_id}): {cause}"),
            Found::Other { task_id, status } => format!("{status} (task {task_id})"),
            Found::NotIncluded => "Not included".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, status: &str, source: &str, tags: &[&str], reason: Option<&str>) -> TaskRow {
        TaskRow {
            id,
            status: status.into(),
            source: source.into(),
            destination: String::new(),
            digests: Vec::new(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            operation: String::new(),
            start_time: String::new(),
            end_time: String::new(),
            reason: reason.map(str::to_string),
        }
    }

    #[test]
    fn queries_parse_with_and_without_a_tag() {
        assert_eq!(
            ImageQuery::parse("team/app:1.2"),
            Some(ImageQuery { repository: "team/app".into(), tag: Some("1.2".into()) })
        );
        assert_eq!(ImageQuery::parse(" app "), Some(ImageQuery { repository: "app".into(), tag: None }));
        assert_eq!(
            ImageQuery::parse("host:5000/team/app"),
            Some(ImageQuery { repository: "host:5000/team/app".into(), tag: None })
        );
        assert_eq!(ImageQuery::parse(""), None);
        assert_eq!(ImageQuery::parse("app:"), None);
        assert_eq!(ImageQuery::parse("a b"), None);
    }

    #[test]
    fn tasks_match_by_repository_and_tag_and_say_what_happened() {
        let q = ImageQuery::parse("app:1.2").unwrap_or(ImageQuery { repository: String::new(), tag: None });
        assert!(q.matches(&row(1, "Succeed", "ferry/app", &["1.2", "latest"], None)));
        assert!(!q.matches(&row(2, "Succeed", "ferry/app", &["1.3"], None)));
        assert!(!q.matches(&row(3, "Succeed", "ferry/webapp", &["1.2"], None)));
        let failed = row(
            4,
            "Failed",
            "ferry/app",
            &["1.2"],
            Some("failed to push blob sha256:aa: blob upload unauthorized"),
        );
        assert_eq!(
            Found::of(&failed).text(),
            "Failed (task 4): The destination registry refused the credentials"
        );
        assert_eq!(Found::of(&row(5, "Succeed", "ferry/app", &["1.2"], None)).text(), "Copied (task 5)");
        assert_eq!(Found::NotIncluded.text(), "Not included");
    }
}
