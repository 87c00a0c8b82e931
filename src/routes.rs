//! Every page's path in one place: the router matches [`Route::matcher`],
//! links and redirects use [`Route::href`] (or [`tasks_href`] for the task
//! viewer), so no other module writes a path.

use std::sync::Arc;

use ferry_api::paging::Page;
use ferry_api::{ExecutionId, PolicyId};
use leptos_router::{ParamSegment, PossibleRouteMatch, StaticSegment};

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

/// The task viewer's path parameters.
pub const INSTANCE_PARAM: &str = "instance";
pub const EXECUTION_PARAM: &str = "execution";

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

    /// The same path as router segments.
    pub fn matcher(self) -> Arc<dyn PossibleRouteMatch + Send + Sync> {
        match self {
            Route::Home => Arc::new(StaticSegment("")),
            Route::TaskViewer => Arc::new((
                StaticSegment("executions"),
                ParamSegment(INSTANCE_PARAM),
                ParamSegment(EXECUTION_PARAM),
                StaticSegment("tasks"),
            )),
            other => Arc::new(StaticSegment(other.path().trim_start_matches('/'))),
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
