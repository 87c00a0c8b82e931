//! The fixed IDs the catalog and the world both name: a module of their own
//! so that neither has to import the other.

/// The demo project (cn-north-4's main project).
pub const PROJECT_ID: &str = "0b5f2a4c8e6d4f1a9c3b7e2d1f0a6c5b";
/// A Running SWR Enterprise Edition instance.
pub const INSTANCE_ID: &str = "5b8d2a47-6f1e-4c3a-9d0b-7e2f1a3c4b5d";
