//! Live updates: the WebSocket protocol shared by widget and workbench.
pub mod chat_log;
#[cfg(feature = "hydrate")]
pub mod client;
pub mod protocol;
