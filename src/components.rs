//! Reusable, props-only components.

pub mod error_panel;
pub mod field;
pub mod header;
pub mod page_title;
pub mod token_entry;
