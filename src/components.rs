//! Reusable components, one concern each. Some take everything as props
//! (fields, badges); others read the app's `Copy` contexts (`AppState`,
//! `JobsState`, `ToastsState`), as thaw's components do.

pub mod choice;
pub mod error_panel;
pub mod field;
pub mod find_image;
pub mod header;
pub mod image_picker;
pub mod job_card;
pub mod list_pages;
pub mod modal;
pub mod operation_page;
pub mod outcome;
pub mod pickers;
pub mod policy_context;
pub mod region_select;
pub mod repo_picker;
pub mod request_preview;
pub mod service_notice;
pub mod sign_in;
pub mod status_badge;
pub mod toasts;
pub mod token_entry;
pub mod unreadable;
