//! One routed page per file.

pub mod coming_soon;
pub mod not_found;
pub mod replicate;
pub mod settings;
