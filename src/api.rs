//! Calling the cloud through the proxy. One function sends any call;
//! per-service functions build the call and type the answer.

pub mod client;
pub mod swr;

pub use client::send;
