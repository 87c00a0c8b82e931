//! Reusable, props-only components.

pub mod choice;
pub mod error_panel;
pub mod field;
pub mod header;
pub mod outcome;
pub mod page_title;
pub mod request_preview;
pub mod token_entry;
