//! Server-only code: shared state, the repository layer (the only code that speaks SQL),
//! authentication, and the services that server functions and HTTP handlers call.
pub mod accounts;
pub mod arrivals;
pub mod assign;
pub mod auth;
pub mod avatars;
pub mod broadcasts;
pub mod catalogues;
pub mod chat;
pub mod client_info;
pub mod contacts;
pub mod conversation_actions;
pub mod conversations;
pub mod db;
pub mod email_fallback;
pub mod history;
pub mod hub;
pub mod invitations;
pub mod mail;
pub mod member_credentials;
pub mod message_content;
pub mod message_writer;
pub mod presence;
pub mod profile;
pub mod project_settings;
pub mod relay;
pub mod request;
pub mod settings_admin;
pub mod state;
pub mod team_admin;
pub mod uploads;
pub mod visitor_forms;
pub mod visitor_panel;

pub use state::{AppState, AuthSettings};
