//! The console's Sessions: every conversation of the admin's project, filtered, and its
//! transcript.
use super::AppState;
use super::db::history;
use crate::errors::AppError;
use crate::models::history::{SessionFilter, SessionsPage, TranscriptLine};
use crate::models::keyset::{KeysetCursor, page_of};
use crate::models::{ConversationId, CurrentUser};

/// Rows one page shows.
pub const PAGE: usize = 50;

/// A page of the conversations matching `filter`, after `after`.
pub async fn sessions(
    state: &AppState,
    admin: &CurrentUser,
    filter: &SessionFilter,
    after: Option<&KeysetCursor>,
) -> Result<SessionsPage, AppError> {
    let mut conn = state.db.pool().acquire().await?;
    let fetch = i64::try_from(PAGE + 1).unwrap_or(i64::MAX);
    let rows = history::sessions(
        &mut conn,
        state.db.backend(),
        admin.project_id,
        filter,
        after,
        fetch,
    )
    .await?;
    let (rows, next) = page_of(rows, PAGE, |row| KeysetCursor {
        at: row.last_activity_at.0,
        id: row.id.0,
    });
    Ok(SessionsPage { rows, next })
}

/// A conversation's messages; `NotFound` for another project's.
pub async fn transcript(
    state: &AppState,
    admin: &CurrentUser,
    conversation: ConversationId,
) -> Result<Vec<TranscriptLine>, AppError> {
    let mut conn = state.db.pool().acquire().await?;
    history::transcript(&mut conn, admin.project_id, conversation)
        .await?
        .ok_or(AppError::NotFound)
}
