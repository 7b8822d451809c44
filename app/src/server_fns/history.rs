//! The console's Sessions (admins): conversations with filters, and transcripts.
// Each argument of `get_sessions` is one field of the endpoint's form (`/api/sessions`, used
// by scripts too); the macro writes a server and a browser function, so the allow is here.
#![allow(clippy::too_many_arguments)]
use crate::errors::AppError;
use crate::models::ConversationId;
use crate::models::history::{SessionsPage, TranscriptLine};
use leptos::prelude::*;

/// Conversations filtered by agent and team (ids, empty: any), `state` (`open`, `closed`,
/// anything else: both), the days they started (`YYYY-MM-DD`, empty: open-ended), a session
/// tag (id, empty: any) and `rating` (`rated`, `unrated`, `1`…`5` stars, empty: any); one
/// page at a time, `after` being empty for the first and the `next` of the page before.
#[server(endpoint = "sessions")]
pub async fn get_sessions(
    agent: String,
    team: String,
    state: String,
    from: String,
    to: String,
    #[server(default)] tag: String,
    #[server(default)] rating: String,
    #[server(default)] after: String,
) -> Result<SessionsPage, AppError> {
    use crate::backend::history;
    use crate::backend::request::as_admin;
    use crate::models::catalogues::EntryId;
    use crate::models::history::{parse_rating_filter, parse_session_filter};
    use crate::models::keyset::parse_after;
    as_admin(async |app, admin| {
        let after = parse_after(&after)?;
        let filter = parse_session_filter(&agent, &team, &state, &from, &to)?;
        let filter = crate::models::history::SessionFilter {
            tag: EntryId::parse(tag.trim()),
            rating: parse_rating_filter(&rating),
            ..filter
        };
        history::sessions(&app, &admin, &filter, after.as_ref()).await
    })
    .await
}

/// One conversation's messages in order.
#[server(endpoint = "transcript")]
pub async fn get_transcript(conversation: ConversationId) -> Result<Vec<TranscriptLine>, AppError> {
    use crate::backend::history;
    use crate::backend::request::as_admin;
    as_admin(async |app, admin| history::transcript(&app, &admin, conversation).await).await
}
