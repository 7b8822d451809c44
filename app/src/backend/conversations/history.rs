//! One conversation's history in pages: it opens with its newest messages, and older ones
//! load as the agent scrolls up.
use crate::backend::AppState;
use crate::backend::chat::{self, Participant};
use crate::backend::db::events;
use crate::errors::AppError;
use crate::models::conversation_list::{HISTORY_PAGE, HistoryPage};
use crate::models::{ConversationId, CurrentUser};
use crate::realtime::protocol::{ErrorCode, Event};

/// The page of `conversation` before `before` (none: the newest), if the agent may see it;
/// "not found" otherwise, whether it exists or not.
pub async fn page(
    state: &AppState,
    user: &CurrentUser,
    conversation: ConversationId,
    before: Option<i64>,
) -> Result<HistoryPage, AppError> {
    chat::visible(state, &Participant::Agent(user.clone()), conversation)
        .await
        .map_err(|error| match error.code {
            ErrorCode::Internal => AppError::Internal,
            _ => AppError::NotFound,
        })?;
    let (events, more) = events::page_of_conversation(
        &state.db,
        user.project_id,
        conversation,
        before,
        HISTORY_PAGE,
    )
    .await?;
    let next_before = more
        .then(|| {
            events.iter().find_map(|event| match event {
                Event::Message(message) => Some(message.seq),
                _ => None,
            })
        })
        .flatten();
    Ok(HistoryPage {
        events,
        next_before,
    })
}
