//! Ferry's pure logic. Everything here builds for the host and for wasm32, so
//! `cargo test` checks it natively and the console and proxy share one truth.
// `ApiError` keeps the raw body, status and request ID for the user to see;
// failures are rare and shown once, so it is returned by value, not boxed.
#![allow(clippy::result_large_err)]

pub mod call;
pub mod confirm;
pub mod deploy;
pub mod endpoints;
pub mod error;
pub mod failures;
pub mod find_image;
pub mod hss;
pub mod iam;
pub mod ims;
pub mod jobs;
pub mod lenient;
pub mod op;
pub mod paging;
pub mod polling;
pub mod regions;
pub mod resource;
pub mod response;
pub mod scope;
pub mod swr_classic;
pub mod swr_ee;
pub mod swr_ee_models;
pub mod task_rows;
pub mod validate;

pub use call::{ApiCall, Method, Service};
pub use error::{ApiError, Explanation, ServiceError};
pub use response::RawResponse;
pub use scope::{ExecutionId, ExecutionRef, PolicyId, Scope};
pub use validate::{FieldError, Invalid};
