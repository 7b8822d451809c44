//! The three surfaces and what they share. One page per file.
pub mod app;
pub mod common;
pub mod console;
pub mod join;
pub mod login;
pub mod not_found;
pub mod profile;
pub mod widget;
pub mod workbench;
