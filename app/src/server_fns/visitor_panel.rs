//! The workbench's visitor panel: read it, edit the visitor, set tags. For any signed-in
//! member, on conversations they may see (others are `NotFound`).
use crate::errors::AppError;
use crate::models::ConversationId;
use crate::models::catalogues::EntryId;
use crate::models::visitor_panel::VisitorPanel;
use leptos::prelude::*;

/// The visitor of a conversation and the conversation's facts.
#[server(endpoint = "visitor_panel")]
pub async fn get_visitor_panel(conversation_id: ConversationId) -> Result<VisitorPanel, AppError> {
    use crate::backend::request::as_member;
    use crate::backend::visitor_panel;
    as_member(async |state, agent| visitor_panel::panel(&state, &agent, conversation_id).await)
        .await
}

/// Stores the conversation's visitor's name, email, phone, region and notes (each may be
/// empty: unknown).
#[server(endpoint = "visitor_panel_fields")]
pub async fn update_visitor_fields(
    conversation_id: ConversationId,
    name: String,
    email: String,
    phone: String,
    region: String,
    notes: String,
) -> Result<(), AppError> {
    use crate::backend::request::as_member;
    use crate::backend::visitor_panel;
    use crate::models::visitor_panel::parse_visitor_edits;
    as_member(async |state, agent| {
        let edits = parse_visitor_edits(&name, &email, &phone, &region, &notes)?;
        visitor_panel::update_visitor(&state, &agent, conversation_id, &edits).await
    })
    .await
}

/// Replaces the tags on the conversation's visitor (`on`: `visitor`) or on the conversation
/// itself (`on`: `session`).
#[server(endpoint = "visitor_panel_tags")]
pub async fn set_panel_tags(
    conversation_id: ConversationId,
    on: String,
    #[server(default)] tags: Vec<EntryId>,
) -> Result<(), AppError> {
    use crate::backend::request::as_member;
    use crate::backend::visitor_panel;
    use crate::errors::{FieldError, FieldProblem};
    use crate::models::catalogues::TagKind;
    as_member(async |state, agent| {
        let kind = match on.as_str() {
            "visitor" => TagKind::Visitor,
            "session" => TagKind::Session,
            _ => return Err(FieldError::new("on", FieldProblem::Incorrect).into()),
        };
        visitor_panel::set_tags(&state, &agent, conversation_id, kind, &tags).await
    })
    .await
}
