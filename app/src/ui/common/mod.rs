//! Pieces every surface uses.
pub mod field_error;
pub mod language;
pub mod user_bar;
