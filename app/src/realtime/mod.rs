//! Live updates: the WebSocket protocol shared by widget and workbench.
pub mod protocol;
