//! The console's Sessions: every conversation of the admin's project, filtered, and its
//! transcript.
use super::AppState;
use super::db::history;
use crate::errors::AppError;
use crate::models::history::{SessionFilter, SessionRow, TranscriptLine};
use crate::models::{ConversationId, CurrentUser};

/// Most rows one list shows.
const PAGE: i64 = 500;

/// Conversations matching `filter`.
pub async fn sessions(
    state: &AppState,
    admin: &CurrentUser,
    filter: &SessionFilter,
) -> Result<Vec<SessionRow>, AppError> {
    let mut conn = state.db.pool().acquire().await?;
    Ok(history::sessions(&mut conn, admin.project_id, filter, PAGE).await?)
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
