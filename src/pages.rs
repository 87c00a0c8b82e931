//! One routed page per file.

pub mod auto_sync;
pub mod coming_soon;
pub mod copy_image;
pub mod hss_sync;
pub mod not_found;
pub mod replicate;
pub mod settings;
