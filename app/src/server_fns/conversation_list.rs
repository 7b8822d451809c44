//! The workbench's conversation lists, counts and paged history: thin wrappers over
//! `backend::conversations`. JSON in, because the requests nest (filters, cursors).
use crate::errors::AppError;
use crate::models::conversation_list::{Filters, HistoryPage, ListPage, ListRequest, ViewCounts};
use crate::models::{ConversationId, Timestamp};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// One page of a view with its filters, for the signed-in member.
#[server(endpoint = "list_conversations", input = Json)]
pub async fn list_conversations(request: ListRequest) -> Result<ListPage, AppError> {
    use crate::backend::conversations::list;
    use crate::backend::request::as_member;
    as_member(async |state, member| list::page(&state, &member, &request).await).await
}

/// How many conversations each of the member's views holds with `filters`.
#[server(endpoint = "conversation_counts", input = Json)]
pub async fn conversation_counts(
    #[server(default)] filters: Filters,
    #[server(default)] midnight: Option<Timestamp>,
) -> Result<ViewCounts, AppError> {
    use crate::backend::conversations::list;
    use crate::backend::request::as_member;
    as_member(async |state, member| list::counts(&state, &member, &filters, midnight).await).await
}

/// A page of one conversation's history: the newest messages, or those before `before`.
#[server(endpoint = "conversation_history", input = Json)]
pub async fn conversation_history(
    conversation: ConversationId,
    #[server(default)] before: Option<i64>,
) -> Result<HistoryPage, AppError> {
    use crate::backend::conversations::history;
    use crate::backend::request::as_member;
    as_member(async |state, member| history::page(&state, &member, conversation, before).await)
        .await
}
