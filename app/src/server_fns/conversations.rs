//! What the workbench reads about a conversation beyond its live events.
use crate::errors::AppError;
use crate::models::contact::ConversationContact;
use crate::models::{ConversationId, PageView};
use leptos::prelude::*;

/// Page views kept per visitor in the workbench's list.
pub const TRACE_LIMIT: i64 = 50;

/// The access trace of the visitor in a conversation the agent may see, newest first.
#[server(endpoint = "visitor_trace")]
pub async fn get_visitor_trace(conversation_id: ConversationId) -> Result<Vec<PageView>, AppError> {
    use crate::backend::auth::sessions;
    use crate::backend::chat::{self, Participant};
    use crate::backend::db::page_views;
    use crate::backend::db::visitors::VisitorRef;
    use crate::backend::request::{parts, state, with_status};
    use crate::realtime::protocol::ErrorCode;

    with_status(
        async {
            let state = state()?;
            let agent = sessions::require_user(&state, &parts()?).await?;
            // The same rule as on the socket: their teams', the queue and what they serve.
            let conversation = chat::visible(&state, &Participant::Agent(agent), conversation_id)
                .await
                .map_err(|error| match error.code {
                    ErrorCode::Internal => AppError::Internal,
                    _ => AppError::NotFound,
                })?;
            let visitor = VisitorRef {
                id: conversation.visitor_id,
                project_id: conversation.project_id,
            };
            Ok(page_views::for_visitor(&state.db, visitor, TRACE_LIMIT).await?)
        }
        .await,
    )
}

/// The visitors' names, emails and phones of those of `conversations` the agent may see
/// (the rest are left out, never refused one by one); at most
/// [`MAX_CONTACT_LOOKUP`](crate::models::contact::MAX_CONTACT_LOOKUP) at once.
#[server(endpoint = "conversation_contacts")]
pub async fn get_conversation_contacts(
    #[server(default)] conversations: Vec<ConversationId>,
) -> Result<Vec<ConversationContact>, AppError> {
    use crate::backend::contacts;
    use crate::backend::request::as_member;
    as_member(async |state, agent| contacts::of_conversations(&state, &agent, &conversations).await)
        .await
}
