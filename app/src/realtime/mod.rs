//! Live updates: the WebSocket protocol shared by widget and workbench.
pub mod chat_log;
#[cfg(feature = "browser")]
pub mod client;
pub mod placement;
pub mod protocol;
pub mod wire;
