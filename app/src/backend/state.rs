//! `AppState`: what every handler and server function can reach.
use super::auth::rate_limit::AttemptLimiter;
use super::db::Db;
use super::hub::Hub;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

/// How sign-in sessions behave.
#[derive(Debug, Clone)]
pub struct AuthSettings {
    /// Mark the session cookie `Secure` (the site is served over https).
    pub cookie_secure: bool,
    /// A session unused for this many seconds ends.
    pub idle_timeout_secs: i64,
    /// A session ends this many seconds after sign-in, however active.
    pub absolute_timeout_secs: i64,
}

/// Shared, cheaply cloned server state.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// Leptos rendering options (site root, output name).
    pub leptos_options: LeptosOptions,
    /// The URL visitors' browsers reach Parley at, without a trailing slash.
    pub public_url: Arc<str>,
    /// Session behaviour.
    pub auth: AuthSettings,
    /// Failed sign-ins per IP and per email.
    pub login_limiter: Arc<AttemptLimiter>,
    /// Fan-out of committed events to open sockets.
    pub hub: Arc<Hub>,
    /// One batching writer per project for messages (group commit).
    pub writers: Arc<super::message_writer::MessageWriters>,
    /// Sockets open on this node (agents' workbenches, visitors' widgets).
    pub presence: Arc<super::presence::Presence>,
    /// Roster, visitors-online and queue-place frames, gathered per project.
    pub broadcasts: Arc<super::broadcasts::Broadcasts>,
    /// Fan-out to and from the other server processes (PostgreSQL only).
    pub relay: Arc<super::relay::Relay>,
    /// Outgoing mail: SMTP, or the console's outbox.
    pub mailer: Arc<super::mail::Mailer>,
    /// How long an agent whose last workbench closed still counts as present (seconds).
    pub presence_grace_secs: i64,
    /// Reverse proxies whose forwarding headers name the client's address.
    pub trusted_proxies: Arc<[ipnet::IpNet]>,
    /// Where uploaded files are kept (`{data_dir}/uploads`, never under the web root).
    pub uploads_dir: Arc<std::path::Path>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
