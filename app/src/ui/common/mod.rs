//! Pieces every surface uses.
pub mod chat_parts;
pub mod field_error;
pub mod language;
pub mod live_chat;
pub mod message_text;
pub mod user_bar;
