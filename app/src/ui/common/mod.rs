//! Pieces every surface uses.
#[cfg(feature = "agent-frames")]
pub mod agent_feeds;
pub mod attach_control;
pub mod attachment_view;
pub mod chat_parts;
#[cfg(feature = "browser")]
pub mod chime;
pub mod confirm;
pub mod emoji_picker;
pub mod field_error;
pub mod language;
pub mod live_chat;
pub mod message_text;
pub mod user_bar;
