//! One routed page per file (the task viewer is a folder of its own). Pages
//! hold views: requests are built by `ferry-api` and sent by `crate::client`.

pub mod auto_sync;
pub mod copy_image;
pub mod hss_sync;
pub mod jobs;
pub mod not_found;
pub mod replicate;
pub mod settings;
pub mod sign_in;
pub mod tasks;
