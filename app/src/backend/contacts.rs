//! The console's contacts: list and search, detail, edit, blacklist, merge. All scoped to the
//! admin's project; a merge is one transaction under the project's lock. And the workbench's
//! view of them: the contacts of the conversations an agent may see.
use super::AppState;
use super::db::contacts::{self, ContactFilter};
use super::db::{events, teams};
use super::hub::Topic;
use crate::errors::AppError;
use crate::models::contact::{
    ContactDetail, ContactFields, ContactsPage, ConversationContact, contact_lookup, suggest_merges,
};
use crate::models::keyset::{KeysetCursor, page_of};
use crate::models::{ConversationId, CurrentUser, Timestamp, VisitorId};
use crate::routing::conversation_access::{Action, Viewer, may};

/// Contacts one page lists.
pub const PAGE: usize = 100;

/// A page of the contacts matching `search` and `filter` after `after`, with merge
/// suggestions among them.
pub async fn list(
    state: &AppState,
    admin: &CurrentUser,
    search: &str,
    filter: ContactFilter,
    after: Option<&KeysetCursor>,
) -> Result<ContactsPage, AppError> {
    let mut conn = state.db.pool().acquire().await?;
    let fetch = i64::try_from(PAGE + 1).unwrap_or(i64::MAX);
    let rows = contacts::list(
        &mut conn,
        state.db.backend(),
        admin.project_id,
        search,
        filter,
        after,
        fetch,
    )
    .await?;
    let (contacts, next) = page_of(rows, PAGE, |contact| KeysetCursor {
        at: contact.last_seen_at.0,
        id: contact.id.0,
    });
    let suggestions = suggest_merges(&contacts);
    Ok(ContactsPage {
        contacts,
        suggestions,
        next,
    })
}

/// The contacts of those of `conversations` the member may see, by the socket's rule (their
/// teams', the unrouted ones and what they serve; admins: the project's). The others are left
/// out, as are unknown ids and other projects' conversations.
pub async fn of_conversations(
    state: &AppState,
    member: &CurrentUser,
    conversations: &[ConversationId],
) -> Result<Vec<ConversationContact>, AppError> {
    let ids = contact_lookup(conversations)?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut tx = state.db.pool().begin().await?;
    let member_teams = teams::of_user(&mut tx, member.id).await?;
    let rows = contacts::of_conversations(&mut tx, member.project_id, &ids).await?;
    tx.rollback().await?;
    let viewer = Viewer {
        id: member.id,
        role: member.role,
        teams: &member_teams,
    };
    Ok(rows
        .into_iter()
        .filter(|row| may(viewer, row.access, Action::See))
        .map(|row| row.contact)
        .collect())
}

/// One contact with all their conversations.
pub async fn detail(
    state: &AppState,
    admin: &CurrentUser,
    id: VisitorId,
) -> Result<ContactDetail, AppError> {
    let mut conn = state.db.pool().acquire().await?;
    let contact = contacts::find(&mut conn, admin.project_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(ContactDetail {
        conversations: contacts::conversations_of(&mut conn, id).await?,
        contact,
    })
}

/// Stores checked fields.
pub async fn update(
    state: &AppState,
    admin: &CurrentUser,
    id: VisitorId,
    fields: &ContactFields,
) -> Result<(), AppError> {
    let mut conn = state.db.pool().acquire().await?;
    if contacts::update_fields(&mut conn, admin.project_id, id, fields).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Blacklists or un-blacklists a contact; a blacklisted one's open widgets are disconnected
/// (they reconnect, are refused and say so).
pub async fn set_blocked(
    state: &AppState,
    admin: &CurrentUser,
    id: VisitorId,
    blocked: bool,
) -> Result<(), AppError> {
    let mut conn = state.db.pool().acquire().await?;
    let at = blocked.then(Timestamp::now);
    if !contacts::set_blocked(&mut conn, admin.project_id, id, at).await? {
        return Err(AppError::NotFound);
    }
    if blocked {
        state.hub.close_topic(Topic::Visitor(id));
        state.relay.announce_visitor_closed(id);
    }
    tracing::info!(visitor = %id, blocked, by = %admin.id, "contact blacklist changed");
    Ok(())
}

/// Blacklists the visitor of a conversation, from the chat window: any agent who may see
/// the conversation may (the console's un-blacklist stays with admins).
pub async fn block_visitor_of(
    state: &AppState,
    agent: &CurrentUser,
    conversation: crate::models::ConversationId,
) -> Result<(), AppError> {
    let participant = super::chat::Participant::Agent(agent.clone());
    let seen = super::chat::visible(state, &participant, conversation)
        .await
        .map_err(super::chat::ChatError::into_app_error)?;
    set_blocked(state, agent, seen.visitor_id, true).await
}

/// Folds `fold` into `keep`: every conversation, event and page view moves, nothing is lost.
/// `fold`'s open widgets reconnect as `keep`.
pub async fn merge(
    state: &AppState,
    admin: &CurrentUser,
    keep: VisitorId,
    fold: VisitorId,
) -> Result<(), AppError> {
    if keep == fold {
        return Err(AppError::NotFound);
    }
    let mut tx = state.db.pool().begin().await?;
    events::lock_numbering(&mut tx, admin.project_id).await?;
    for id in [keep, fold] {
        if contacts::find(&mut tx, admin.project_id, id)
            .await?
            .is_none()
        {
            return Err(AppError::NotFound);
        }
    }
    contacts::merge(&mut tx, keep, fold).await?;
    tx.commit().await?;
    state.hub.close_topic(Topic::Visitor(fold));
    state.relay.announce_visitor_closed(fold);
    tracing::info!(%keep, %fold, by = %admin.id, "contacts merged");
    Ok(())
}
