//! The task viewer, in one folder: finding an execution, its header, the
//! paged task table, and loading every task to filter and export.

mod all_tasks;
mod failure_groups;
mod finder;
mod header;
mod pager;
mod table;
mod target;
mod viewer;

pub use finder::TasksPage;
pub use target::Target;
pub use viewer::TaskViewerPage;
