//! Background jobs. Each runs until the server stops and calls the same services as requests.
use app::backend::AppState;
use app::backend::conversation_actions;
use app::backend::db::{agents, placements, search_pairs, sessions};
use app::models::Timestamp;
use std::time::Duration;

/// How often dead sessions are swept from the database.
const SESSION_SWEEP_INTERVAL: Duration = Duration::from_secs(15 * 60);

/// Deletes expired and idle sessions periodically, so the table holds live sessions only, and
/// uploads that were never sent (with their files).
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
            match app::backend::uploads::sweep_unsent(&state).await {
                Ok(0) => {}
                Ok(removed) => tracing::info!(removed, "removed uploads nobody sent"),
                Err(error) => tracing::warn!(%error, "upload sweep failed"),
            }
        }
    })
}

/// Messages given their CJK pairs per batch of the backfill.
const PAIRS_BATCH: i64 = 500;

/// Gives messages written before they carried CJK character pairs their pairs, a batch at a
/// time, then stops (new messages are written with theirs). Until it is done a two-character
/// Chinese search may miss those older messages when answered from the index.
pub fn spawn_search_pairs_backfill(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut filled = 0;
        loop {
            match search_pairs::fill_missing(&state.db, PAIRS_BATCH).await {
                Ok(0) => break,
                Ok(count) => filled += count,
                Err(error) => {
                    tracing::warn!(%error, "cannot fill in search pairs; retrying");
                    tokio::time::sleep(Duration::from_secs(30)).await;
                }
            }
            // Leaves room for the chat's own writes.
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        if filled > 0 {
            tracing::info!(
                filled,
                "older messages and contact names indexed for two-character search"
            );
        }
    })
}

/// Conversations auto-closed per timer run at most (the rest wait for the next run).
const AUTO_CLOSE_BATCH: i64 = 200;

/// The conversation timers: keeps the presence of agents with a workbench on this node
/// vouched for (it lapses a grace period after the last one closes, even if this node dies),
/// closes conversations whose visitor has been silent for the project's auto-close hours, and
/// drains queues whose capacity appeared outside this process (a limit raised elsewhere).
pub fn spawn_conversation_timers(state: AppState, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(every);
        loop {
            ticker.tick().await;
            if let Err(error) = vouch_for_connected_agents(&state).await {
                tracing::warn!(%error, "cannot refresh agents' presence");
            }
            if let Err(error) = close_silent_conversations(&state).await {
                tracing::warn!(%error, "auto-close failed");
            }
            if let Err(error) = drain_waiting_queues(&state).await {
                tracing::warn!(%error, "cannot drain the queues");
            }
        }
    })
}

async fn vouch_for_connected_agents(state: &AppState) -> Result<(), sqlx::Error> {
    let connected = state.presence.connected_agents();
    if connected.is_empty() {
        return Ok(());
    }
    let until = Timestamp::now().plus_secs(state.presence_grace_secs);
    let mut conn = state.db.pool().acquire().await?;
    agents::vouch(&mut conn, &connected, until).await
}

async fn close_silent_conversations(state: &AppState) -> Result<(), sqlx::Error> {
    let due = {
        let mut conn = state.db.pool().acquire().await?;
        placements::due_for_auto_close(&mut conn, Timestamp::now(), AUTO_CLOSE_BATCH).await?
    };
    for (project_id, conversation_id) in due {
        if let Err(error) =
            conversation_actions::auto_close(state, project_id, conversation_id).await
        {
            tracing::warn!(?error, "cannot auto-close a conversation");
        }
    }
    Ok(())
}

async fn drain_waiting_queues(state: &AppState) -> Result<(), sqlx::Error> {
    let projects = {
        let mut conn = state.db.pool().acquire().await?;
        placements::projects_with_queue(&mut conn).await?
    };
    for project_id in projects {
        if let Err(error) = conversation_actions::drain_queue(state, project_id).await {
            tracing::warn!(?error, "cannot drain a queue");
        }
    }
    Ok(())
}

/// The email fallback: every fifth of the batch window, mails agents' unread replies to
/// visitors who left an email (see `app::backend::email_fallback`).
pub fn spawn_email_fallback(state: AppState, window_secs: i64) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let every = Duration::from_secs(u64::try_from(window_secs / 5).unwrap_or(1).max(1));
        let mut ticker = tokio::time::interval(every);
        loop {
            ticker.tick().await;
            match app::backend::email_fallback::send_due(&state, window_secs).await {
                Ok(0) => {}
                Ok(sent) => tracing::info!(sent, "email fallback mailed replies"),
                Err(error) => tracing::warn!(%error, "email fallback failed"),
            }
        }
    })
}
