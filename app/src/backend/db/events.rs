//! `events` and `conversations`: the durable, numbered log every message and receipt goes
//! through. Writes run inside a caller's transaction so sequence, event and conversation
//! change commit together.
use super::Db;
use super::projects::decode_error;
use crate::models::{ConversationId, ProjectId, Timestamp, VisitorId};
use crate::realtime::protocol::{AuthorKind, Event, Message};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use uuid::Uuid;

fn author_kind_text(kind: AuthorKind) -> &'static str {
    match kind {
        AuthorKind::Visitor => "visitor",
        AuthorKind::Agent => "agent",
        AuthorKind::System => "system",
    }
}

fn author_kind_from(text: &str) -> Result<AuthorKind, sqlx::Error> {
    match text {
        "visitor" => Ok(AuthorKind::Visitor),
        "agent" => Ok(AuthorKind::Agent),
        "system" => Ok(AuthorKind::System),
        other => Err(decode_error("events.author_kind", other)),
    }
}

fn event_from_row(row: &AnyRow) -> Result<Event, sqlx::Error> {
    let conversation: String = row.try_get("conversation_id")?;
    let conversation_id = ConversationId::parse(&conversation)
        .ok_or_else(|| decode_error("events.conversation_id", &conversation))?;
    let kind: String = row.try_get("kind")?;
    let author_kind: String = row.try_get("author_kind")?;
    let by = author_kind_from(&author_kind)?;
    let seq: i64 = row.try_get("seq")?;
    let at = Timestamp(row.try_get("created_at")?);
    match kind.as_str() {
        "message" => {
            let client_id: Option<String> = row.try_get("client_id")?;
            let client_id = client_id.unwrap_or_default();
            Ok(Event::Message(Message {
                conversation_id,
                seq,
                client_id: Uuid::parse_str(&client_id)
                    .map_err(|_| decode_error("events.client_id", &client_id))?,
                author: by,
                author_name: row.try_get("author_name")?,
                body: row
                    .try_get::<Option<String>, _>("body")?
                    .unwrap_or_default(),
                at,
            }))
        }
        "read" => Ok(Event::Read {
            seq,
            conversation_id,
            by,
            up_to: row.try_get::<Option<i64>, _>("up_to")?.unwrap_or_default(),
            at,
        }),
        other => Err(decode_error("events.kind", other)),
    }
}

/// Takes the project's next sequence number. Run it first in a write transaction: the
/// update takes the write lock, so numbers are handed out in commit order.
pub async fn next_seq(
    tx: &mut Transaction<'_, Any>,
    project_id: ProjectId,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE projects SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq",
    )
    .bind(project_id.to_string())
    .fetch_one(&mut **tx)
    .await
}

/// Takes the project's numbering lock for this transaction without taking a number: the
/// write lock in SQLite, the project row in PostgreSQL. Numbers handed out afterwards in the
/// transaction follow commit order.
pub async fn lock_numbering(
    tx: &mut Transaction<'_, Any>,
    project_id: ProjectId,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE projects SET last_seq = last_seq WHERE id = $1")
        .bind(project_id.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The message an author already stored under `client_id`, if any.
pub async fn find_by_client_id(
    tx: &mut Transaction<'_, Any>,
    project_id: ProjectId,
    author: AuthorKind,
    author_id: &str,
    client_id: Uuid,
) -> Result<Option<Message>, sqlx::Error> {
    let sql = "SELECT seq, conversation_id, kind, author_kind, author_name, client_id, body, up_to, created_at \
               FROM events WHERE project_id = $1 AND author_kind = $2 AND author_id = $3 AND client_id = $4";
    let row = sqlx::query(sql)
        .bind(project_id.to_string())
        .bind(author_kind_text(author))
        .bind(author_id)
        .bind(client_id.to_string())
        .fetch_optional(&mut **tx)
        .await?;
    match row.as_ref().map(event_from_row).transpose()? {
        Some(Event::Message(message)) => Ok(Some(message)),
        _ => Ok(None),
    }
}

/// Who wrote an event, for storage.
#[derive(Debug, Clone)]
pub struct Author {
    /// Visitor, agent or system.
    pub kind: AuthorKind,
    /// The visitor's or user's id.
    pub id: String,
    /// Shown beside agents' messages.
    pub name: Option<String>,
}

/// Appends a message event.
pub async fn insert_message(
    tx: &mut Transaction<'_, Any>,
    project_id: ProjectId,
    visitor_id: VisitorId,
    author: &Author,
    message: &Message,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO events (project_id, seq, conversation_id, visitor_id, kind, author_kind, author_id, \
         author_name, client_id, body, created_at) VALUES ($1, $2, $3, $4, 'message', $5, $6, $7, $8, $9, $10)",
    )
    .bind(project_id.to_string())
    .bind(message.seq)
    .bind(message.conversation_id.to_string())
    .bind(visitor_id.to_string())
    .bind(author_kind_text(author.kind))
    .bind(&author.id)
    .bind(&author.name)
    .bind(message.client_id.to_string())
    .bind(&message.body)
    .bind(message.at.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Appends a read-receipt event.
#[allow(clippy::too_many_arguments)]
pub async fn insert_read(
    tx: &mut Transaction<'_, Any>,
    project_id: ProjectId,
    visitor_id: VisitorId,
    author: &Author,
    seq: i64,
    conversation_id: ConversationId,
    up_to: i64,
    at: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO events (project_id, seq, conversation_id, visitor_id, kind, author_kind, author_id, \
         up_to, created_at) VALUES ($1, $2, $3, $4, 'read', $5, $6, $7, $8)",
    )
    .bind(project_id.to_string())
    .bind(seq)
    .bind(conversation_id.to_string())
    .bind(visitor_id.to_string())
    .bind(author_kind_text(author.kind))
    .bind(&author.id)
    .bind(up_to)
    .bind(at.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Events after `after` of one visitor's conversations, oldest first.
pub async fn for_visitor_after(
    db: &Db,
    project_id: ProjectId,
    visitor_id: VisitorId,
    after: i64,
    limit: i64,
) -> Result<Vec<Event>, sqlx::Error> {
    let sql = "SELECT seq, conversation_id, kind, author_kind, author_name, client_id, body, up_to, created_at \
               FROM events WHERE project_id = $1 AND visitor_id = $2 AND seq > $3 ORDER BY seq LIMIT $4";
    let rows = sqlx::query(sql)
        .bind(project_id.to_string())
        .bind(visitor_id.to_string())
        .bind(after)
        .bind(limit)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(event_from_row).collect()
}

/// Events after `after` of a whole project, oldest first (what agents see).
pub async fn for_project_after(
    db: &Db,
    project_id: ProjectId,
    after: i64,
    limit: i64,
) -> Result<Vec<Event>, sqlx::Error> {
    let sql = "SELECT seq, conversation_id, kind, author_kind, author_name, client_id, body, up_to, created_at \
               FROM events WHERE project_id = $1 AND seq > $2 ORDER BY seq LIMIT $3";
    let rows = sqlx::query(sql)
        .bind(project_id.to_string())
        .bind(after)
        .bind(limit)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(event_from_row).collect()
}

/// A conversation's owner and project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConversationRef {
    /// The conversation.
    pub id: ConversationId,
    /// Its project.
    pub project_id: ProjectId,
    /// Its visitor.
    pub visitor_id: VisitorId,
}

fn conversation_from_row(row: &AnyRow) -> Result<ConversationRef, sqlx::Error> {
    let id: String = row.try_get("id")?;
    let project_id: String = row.try_get("project_id")?;
    let visitor_id: String = row.try_get("visitor_id")?;
    Ok(ConversationRef {
        id: ConversationId::parse(&id).ok_or_else(|| decode_error("conversations.id", &id))?,
        project_id: ProjectId::parse(&project_id)
            .ok_or_else(|| decode_error("conversations.project_id", &project_id))?,
        visitor_id: VisitorId::parse(&visitor_id)
            .ok_or_else(|| decode_error("conversations.visitor_id", &visitor_id))?,
    })
}

/// The conversation with this id in this project.
pub async fn find_conversation(
    tx: &mut Transaction<'_, Any>,
    project_id: ProjectId,
    id: ConversationId,
) -> Result<Option<ConversationRef>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, project_id, visitor_id FROM conversations WHERE id = $1 AND project_id = $2",
    )
    .bind(id.to_string())
    .bind(project_id.to_string())
    .fetch_optional(&mut **tx)
    .await?;
    row.as_ref().map(conversation_from_row).transpose()
}

/// The visitor's most recent conversation.
pub async fn latest_conversation_of(
    tx: &mut Transaction<'_, Any>,
    visitor_id: VisitorId,
) -> Result<Option<ConversationRef>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, project_id, visitor_id FROM conversations WHERE visitor_id = $1 \
         ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    .bind(visitor_id.to_string())
    .fetch_optional(&mut **tx)
    .await?;
    row.as_ref().map(conversation_from_row).transpose()
}

/// Starts a conversation.
pub async fn insert_conversation(
    tx: &mut Transaction<'_, Any>,
    conversation: ConversationRef,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO conversations (id, project_id, visitor_id, status, created_at, last_activity_at) \
         VALUES ($1, $2, $3, 'open', $4, $4)",
    )
    .bind(conversation.id.to_string())
    .bind(conversation.project_id.to_string())
    .bind(conversation.visitor_id.to_string())
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Marks activity (and reopens a closed conversation).
pub async fn touch_conversation(
    tx: &mut Transaction<'_, Any>,
    id: ConversationId,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE conversations SET last_activity_at = $1, status = 'open' WHERE id = $2")
        .bind(now.0)
        .bind(id.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}
