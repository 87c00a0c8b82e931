//! Ferry's console: a Leptos single-page app compiled to WebAssembly.

pub mod app;
pub mod client;
pub mod components;
pub mod config;
pub mod dom;
pub mod form_errors;
pub mod jobs;
pub mod nav;
pub mod pages;
pub mod poll;
pub mod routes;
pub mod sending;
pub mod state;
pub mod storage;

pub use app::App;
