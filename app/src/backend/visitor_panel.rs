//! The workbench's visitor panel: what is known about the visitor of a conversation and the
//! conversation's facts, and the agent's edits (fields, notes, tags). Every call is checked
//! against the socket's rule: an agent reaches only conversations they may see.
use super::AppState;
use super::chat::{self, Participant};
use super::client_info;
use super::db::contacts;
use super::db::events::ConversationRef;
use super::db::page_views;
use super::db::visitor_panel::{self as db, MessageFact, Tagged};
use super::db::visitors::VisitorRef;
use crate::errors::AppError;
use crate::models::catalogues::{EntryId, TagKind};
use crate::models::visitor_panel::{
    ConversationInfo, Rating, TagChoice, VisitorDetails, VisitorEdits, VisitorPanel,
    conversation_title, serving_agents, tag_selection,
};
use crate::models::{ConversationId, CurrentUser, Timestamp};
use crate::realtime::protocol::{AuthorKind, ErrorCode};

/// The conversation, if the agent may see it; `NotFound` otherwise (never "forbidden": that
/// would tell that it exists).
async fn visible(
    state: &AppState,
    agent: &CurrentUser,
    id: ConversationId,
) -> Result<ConversationRef, AppError> {
    chat::visible(state, &Participant::Agent(agent.clone()), id)
        .await
        .map_err(|error| match error.code {
            ErrorCode::Internal => AppError::Internal,
            _ => AppError::NotFound,
        })
}

/// Everything the panel shows for a conversation.
pub async fn panel(
    state: &AppState,
    agent: &CurrentUser,
    id: ConversationId,
) -> Result<VisitorPanel, AppError> {
    let conversation = visible(state, agent, id).await?;
    let project = conversation.project_id;
    let visitor_id = conversation.visitor_id;
    let current_page = page_views::for_visitor(
        &state.db,
        VisitorRef {
            id: visitor_id,
            project_id: project,
        },
        1,
    )
    .await?
    .into_iter()
    .next();
    let mut conn = state.db.pool().acquire().await?;
    let row = db::visitor(&mut conn, project, visitor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let facts = db::conversation(&mut conn, project, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let messages = db::messages(&mut conn, project, id).await?;
    let assignees = db::assignee_names(&mut conn, project, id).await?;
    let session_tags = db::tag_choices(&mut conn, project, Tagged::Session(id)).await?;
    let visitor_tags = db::tag_choices(&mut conn, project, Tagged::Visitor(visitor_id)).await?;
    let past_conversations = contacts::conversations_of(&mut conn, visitor_id)
        .await?
        .into_iter()
        .filter(|past| past.id != id)
        .collect();
    let software = row
        .client
        .user_agent
        .as_deref()
        .map(client_info::software)
        .unwrap_or_default();
    let now = Timestamp::now();
    let last_seen_at = current_page
        .as_ref()
        .map_or(row.last_seen_at, |page: &crate::models::PageView| {
            page.at.max(row.last_seen_at)
        });
    let visitor = VisitorDetails {
        id: visitor_id,
        name: row.name,
        email: row.email,
        phone: row.phone,
        region: row.region,
        notes: row.notes,
        browser: software.browser,
        os: software.os,
        device: software.device,
        ip: row.client.ip,
        language: row.client.language,
        utc_offset_minutes: row
            .client
            .time_zone
            .as_deref()
            .and_then(|zone| client_info::utc_offset_minutes(zone, now)),
        time_zone: row.client.time_zone,
        last_seen_at,
        current_page,
        tags: visitor_tags,
        past_conversations,
    };
    Ok(VisitorPanel {
        visitor,
        conversation: conversation_info(id, facts, &messages, assignees, session_tags),
    })
}

/// The conversation's facts from its row, messages and placement changes: the title is the
/// first visitor text, the first response the first agent message the visitor could read
/// (text or file; internal notes and review prompts do not count).
fn conversation_info(
    id: ConversationId,
    facts: db::ConversationRow,
    messages: &[MessageFact],
    assignees: Vec<Option<String>>,
    tags: Vec<TagChoice>,
) -> ConversationInfo {
    let title = messages
        .iter()
        .find(|message| {
            message.author == AuthorKind::Visitor
                && message.content.is_conversation()
                && !message.body.trim().is_empty()
        })
        .map(|message| conversation_title(&message.body))
        .unwrap_or_default();
    let first_response_at = messages
        .iter()
        .find(|message| message.author == AuthorKind::Agent && message.content.is_conversation())
        .map(|message| message.at);
    let rating = facts
        .rating_stars
        .and_then(|stars| u8::try_from(stars).ok())
        .map(|stars| Rating {
            stars,
            comment: facts.rating_comment,
        });
    ConversationInfo {
        id,
        title,
        started_at: facts.started_at,
        first_response_at,
        agents: serving_agents(assignees),
        tags,
        rating,
    }
}

/// Stores the visitor fields an agent edited.
pub async fn update_visitor(
    state: &AppState,
    agent: &CurrentUser,
    id: ConversationId,
    edits: &VisitorEdits,
) -> Result<(), AppError> {
    let conversation = visible(state, agent, id).await?;
    let mut conn = state.db.pool().acquire().await?;
    if db::update_visitor(
        &mut conn,
        conversation.project_id,
        conversation.visitor_id,
        edits,
    )
    .await?
    {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Replaces the visitor's (`TagKind::Visitor`) or the conversation's (`TagKind::Session`)
/// tags; a tag of another project or kind is `NotFound`.
pub async fn set_tags(
    state: &AppState,
    agent: &CurrentUser,
    id: ConversationId,
    kind: TagKind,
    tags: &[EntryId],
) -> Result<(), AppError> {
    let tags = tag_selection(tags)?;
    let conversation = visible(state, agent, id).await?;
    let on = match kind {
        TagKind::Visitor => Tagged::Visitor(conversation.visitor_id),
        TagKind::Session => Tagged::Session(id),
    };
    let mut tx = state.db.pool().begin().await?;
    if !db::set_tags(&mut tx, conversation.project_id, on, &tags).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::realtime::protocol::Content;

    fn message(author: AuthorKind, body: &str, content: Content, at: i64) -> MessageFact {
        MessageFact {
            author,
            body: body.to_owned(),
            content,
            at: Timestamp(at),
        }
    }

    #[test]
    fn first_response_ignores_notes_and_the_title_is_the_first_visitor_text() {
        let messages = [
            message(AuthorKind::Agent, "internal", Content::Note, 10),
            message(
                AuthorKind::Visitor,
                "  Where is\nmy order?",
                Content::Text,
                20,
            ),
            message(AuthorKind::Agent, "another note", Content::Note, 30),
            message(AuthorKind::Agent, "Let me check", Content::Text, 40),
            message(AuthorKind::Visitor, "Thanks", Content::Text, 50),
        ];
        let facts = db::ConversationRow {
            started_at: Timestamp(5),
            rating_stars: Some(4),
            rating_comment: Some("quick".to_owned()),
        };
        let info = conversation_info(
            ConversationId::new(),
            facts,
            &messages,
            vec![None, Some("Ann".to_owned()), Some("Ann".to_owned())],
            Vec::new(),
        );
        assert_eq!(info.title, "Where is my order?");
        assert_eq!(info.first_response_at, Some(Timestamp(40)));
        assert_eq!(info.agents, vec!["Ann".to_owned()]);
        assert_eq!(
            info.rating,
            Some(Rating {
                stars: 4,
                comment: Some("quick".to_owned())
            })
        );
    }

    #[test]
    fn a_conversation_with_only_notes_has_no_response_yet() {
        let messages = [message(AuthorKind::Agent, "psst", Content::Note, 10)];
        let facts = db::ConversationRow {
            started_at: Timestamp(5),
            rating_stars: None,
            rating_comment: None,
        };
        let info = conversation_info(ConversationId::new(), facts, &messages, vec![], vec![]);
        assert_eq!(info.first_response_at, None);
        assert_eq!(info.title, "");
        assert_eq!(info.rating, None);
    }
}
