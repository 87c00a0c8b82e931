//! The console's one way to the cloud: every call goes through the proxy via
//! [`http::send`] (on gloo-net), typed by [`json`] or [`no_content`]; the
//! calls that take several requests (finding an execution, reading every
//! page of a list) live beside it. Pages never build requests: `ferry-api`
//! does.

pub mod http;
pub mod swr;

pub use http::{json, no_content, send, CallError, Caller, NotReady};
