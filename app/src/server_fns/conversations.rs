//! What the workbench reads about a conversation beyond its live events.
use crate::errors::AppError;
use crate::models::{ConversationId, PageView};
use leptos::prelude::*;

/// Page views kept per visitor in the workbench's list.
pub const TRACE_LIMIT: i64 = 50;

/// The access trace of the visitor in a conversation of the agent's project, newest first.
#[server(endpoint = "visitor_trace")]
pub async fn get_visitor_trace(conversation_id: ConversationId) -> Result<Vec<PageView>, AppError> {
    use crate::backend::auth::sessions;
    use crate::backend::db::visitors::VisitorRef;
    use crate::backend::db::{events, page_views};
    use crate::backend::request::{parts, state, with_status};

    with_status(
        async {
            let state = state()?;
            let agent = sessions::require_user(&state, &parts()?).await?;
            let mut tx = state.db.pool().begin().await?;
            let conversation =
                events::find_conversation(&mut tx, agent.project_id, conversation_id)
                    .await?
                    .ok_or(AppError::NotFound)?;
            tx.rollback().await?;
            let visitor = VisitorRef {
                id: conversation.visitor_id,
                project_id: conversation.project_id,
            };
            Ok(page_views::for_visitor(&state.db, visitor, TRACE_LIMIT).await?)
        }
        .await,
    )
}
