//! Background jobs. Each runs until the server stops and calls the same services as requests.
use app::backend::AppState;
use app::backend::db::sessions;
use app::models::Timestamp;
use std::time::Duration;

/// How often dead sessions are swept from the database.
const SESSION_SWEEP_INTERVAL: Duration = Duration::from_secs(15 * 60);

/// Deletes expired and idle sessions periodically, so the table holds live sessions only.
pub fn spawn_session_sweeper(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(SESSION_SWEEP_INTERVAL);
        loop {
            ticker.tick().await;
            let now = Timestamp::now();
            let idle_cutoff = now.plus_secs(-state.auth.idle_timeout_secs);
            match sessions::delete_dead(&state.db, now, idle_cutoff).await {
                Ok(0) => {}
                Ok(removed) => tracing::info!(removed, "swept dead sessions"),
                Err(error) => tracing::warn!(%error, "session sweep failed"),
            }
        }
    })
}
