//! `#[server]` functions: thin. Each reads the state and request, calls a backend service,
//! and maps errors to statuses. Bodies compile on the server only.
pub mod auth;
pub mod catalogues;
pub mod contacts;
pub mod conversation_list;
pub mod conversations;
pub mod history;
pub mod profile;
pub mod settings;
pub mod surfaces;
pub mod team;
pub mod visitor_forms;
pub mod visitor_panel;
