//! Every page's path in one place: the app chooses the page with
//! [`Route::parse`], links and redirects use [`Route::href`] (or
//! [`tasks_href`] for the task viewer), so no other module writes a path.
//! One wildcard route and this match, rather than a router table of ten
//! routes, keeps the console's wasm smaller (docs/benchmarks.md).

use ferry_api::paging::Page;
use ferry_api::{ExecutionId, PolicyId};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Home,
    Replicate,
    /// Finding an execution whose tasks to view.
    Tasks,
    /// `/executions/{instance}/{execution}/tasks?limit=&offset=[&policy=]`.
    TaskViewer,
    HssSync,
    AutoSync,
    CopyImage,
    Jobs,
    Settings,
    SignIn,
}

/// Every page without parameters, for [`Route::parse`].
const ALL: [Route; 8] = [
    Route::Replicate,
    Route::Tasks,
    Route::HssSync,
    Route::AutoSync,
    Route::CopyImage,
    Route::Jobs,
    Route::Settings,
    Route::SignIn,
];

impl Route {
    /// The path as the router matches it.
    pub fn path(self) -> &'static str {
        match self {
            Route::Home => "/",
            Route::Replicate => "/replicate",
            Route::Tasks => "/tasks",
            Route::TaskViewer => "/executions/:instance/:execution/tasks",
            Route::HssSync => "/hss-sync",
            Route::AutoSync => "/auto-sync",
            Route::CopyImage => "/copy-image",
            Route::Jobs => "/jobs",
            Route::Settings => "/settings",
            Route::SignIn => "/sign-in",
        }
    }

    /// Which page `path` shows; the task viewer also gives its instance and
    /// execution (still to be validated). `None`: no such page.
    pub fn parse(path: &str) -> Option<(Route, Option<(String, String)>)> {
        let trimmed = path.trim_end_matches('/');
        let segments: Vec<&str> = trimmed.split('/').skip(1).collect();
        match segments.as_slice() {
            [] | [""] => Some((Route::Home, None)),
            ["executions", instance, execution, "tasks"] => {
                Some((Route::TaskViewer, Some((instance.to_string(), execution.to_string()))))
            }
            [one] => ALL.iter().find(|r| r.path() == format!("/{one}")).map(|r| (*r, None)),
            _ => None,
        }
    }

    /// A link to a page that takes no parameters.
    pub fn href(self) -> &'static str {
        self.path()
    }
}

/// A link to one page of an execution's tasks.
pub fn tasks_href(
    instance_id: &str,
    execution_id: ExecutionId,
    policy_id: Option<PolicyId>,
    page: Page,
) -> String {
    let policy = policy_id.map(|p| format!("&policy={p}")).unwrap_or_default();
    format!(
        "/executions/{instance_id}/{execution_id}/tasks?limit={}&offset={}{policy}",
        page.limit, page.offset
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_parses_back_from_its_path() {
        for route in ALL {
            assert_eq!(Route::parse(route.path()), Some((route, None)), "{route:?}");
        }
        assert_eq!(Route::parse("/"), Some((Route::Home, None)));
        assert_eq!(
            Route::parse("/executions/i-1/902/tasks"),
            Some((Route::TaskViewer, Some(("i-1".into(), "902".into()))))
        );
        assert_eq!(Route::parse("/no/such/page"), None);
        assert_eq!(Route::parse("/replicate/extra"), None);
    }
}
