//! `events` and `conversations`: the durable, numbered log every message and receipt goes
//! through. Writes run inside a caller's transaction so sequence, event and conversation
//! change commit together.
use super::Db;
use super::projects::decode_error;
use crate::models::search_pairs::cjk_pairs;
use crate::models::{ConversationId, ProjectId, Timestamp, VisitorId};
use crate::realtime::placement::{Change, ConversationEvent, ConversationPlacement};
use crate::realtime::protocol::{AuthorKind, Content, Event, Message};
use serde::{Deserialize, Serialize};
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
                content: content_from(row.try_get("detail")?)?,
                at,
            }))
        }
        "conversation" => {
            let detail: Option<String> = row.try_get("detail")?;
            let detail = detail.unwrap_or_default();
            let ChangeDetail {
                change,
                by_name,
                comment,
                placement,
            } = serde_json::from_str(&detail)
                .map_err(|_| decode_error("events.detail", &detail))?;
            Ok(Event::Conversation(ConversationEvent {
                seq,
                conversation_id,
                change,
                by_name,
                comment,
                placement,
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

/// A message's content as stored in `events.detail` (none: plain text).
fn content_detail(content: &Content) -> Result<Option<String>, sqlx::Error> {
    if content.is_text() {
        return Ok(None);
    }
    serde_json::to_string(content)
        .map(Some)
        .map_err(|error| sqlx::Error::Encode(Box::new(error)))
}

fn content_from(detail: Option<String>) -> Result<Content, sqlx::Error> {
    match detail {
        None => Ok(Content::Text),
        Some(detail) => {
            serde_json::from_str(&detail).map_err(|_| decode_error("events.detail", &detail))
        }
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
    let sql = "SELECT seq, conversation_id, kind, author_kind, author_name, client_id, body, up_to, detail, created_at \
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

/// Appends a message event (an internal note for agents only).
pub async fn insert_message(
    tx: &mut Transaction<'_, Any>,
    project_id: ProjectId,
    visitor_id: VisitorId,
    author: &Author,
    message: &Message,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO events (project_id, seq, conversation_id, visitor_id, kind, author_kind, author_id, \
         author_name, client_id, body, created_at, audience, detail, search_pairs) \
         VALUES ($1, $2, $3, $4, 'message', $5, $6, $7, $8, $9, $10, $11, $12, $13)",
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
    .bind(if message.content.is_note() {
        "agents"
    } else {
        "all"
    })
    .bind(content_detail(&message.content)?)
    .bind(cjk_pairs(&message.body))
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

/// A placement change as stored in `events.detail`.
#[derive(Serialize, Deserialize)]
struct ChangeDetail {
    change: Change,
    by_name: Option<String>,
    comment: Option<String>,
    placement: ConversationPlacement,
}

/// Appends a placement change (agents only). `by` is the acting agent, or Parley itself.
pub async fn insert_conversation_event(
    tx: &mut Transaction<'_, Any>,
    conversation: ConversationRef,
    by: &Author,
    event: &ConversationEvent,
) -> Result<(), sqlx::Error> {
    let detail = serde_json::to_string(&ChangeDetail {
        change: event.change,
        by_name: event.by_name.clone(),
        comment: event.comment.clone(),
        placement: event.placement.clone(),
    })
    .map_err(|error| sqlx::Error::Encode(Box::new(error)))?;
    sqlx::query(
        "INSERT INTO events (project_id, seq, conversation_id, visitor_id, kind, author_kind, author_id, \
         author_name, audience, detail, created_at) \
         VALUES ($1, $2, $3, $4, 'conversation', $5, $6, $7, 'agents', $8, $9)",
    )
    .bind(conversation.project_id.to_string())
    .bind(event.seq)
    .bind(conversation.id.to_string())
    .bind(conversation.visitor_id.to_string())
    .bind(author_kind_text(by.kind))
    .bind(&by.id)
    .bind(&by.name)
    .bind(detail)
    .bind(event.at.0)
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
    let sql = "SELECT seq, conversation_id, kind, author_kind, author_name, client_id, body, up_to, detail, created_at \
               FROM events WHERE project_id = $1 AND visitor_id = $2 AND audience = 'all' AND seq > $3 ORDER BY seq LIMIT $4";
    let rows = sqlx::query(sql)
        .bind(project_id.to_string())
        .bind(visitor_id.to_string())
        .bind(after)
        .bind(limit)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(event_from_row).collect()
}

/// Where a project's numbering stands for a socket resuming after `after`: the newest
/// sequence number, and when the first event after `after` was written (none: nothing new).
pub async fn resume_point(
    db: &Db,
    project_id: ProjectId,
    after: i64,
) -> Result<(i64, Option<Timestamp>), sqlx::Error> {
    let head: i64 = sqlx::query_scalar("SELECT last_seq FROM projects WHERE id = $1")
        .bind(project_id.to_string())
        .fetch_one(db.pool())
        .await?;
    let first: Option<i64> = sqlx::query_scalar(
        "SELECT created_at FROM events WHERE project_id = $1 AND seq > $2 ORDER BY seq LIMIT 1",
    )
    .bind(project_id.to_string())
    .bind(after)
    .fetch_optional(db.pool())
    .await?;
    Ok((head, first.map(Timestamp)))
}

/// Events after `after` of a whole project, oldest first (what agents see).
pub async fn for_project_after(
    db: &Db,
    project_id: ProjectId,
    after: i64,
    limit: i64,
) -> Result<Vec<Event>, sqlx::Error> {
    let sql = "SELECT seq, conversation_id, kind, author_kind, author_name, client_id, body, up_to, detail, created_at \
               FROM events WHERE project_id = $1 AND seq > $2 ORDER BY seq LIMIT $3";
    let rows = sqlx::query(sql)
        .bind(project_id.to_string())
        .bind(after)
        .bind(limit)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(event_from_row).collect()
}

/// Events after `after` of the conversations an agent may see (their teams', unrouted ones,
/// and those they serve), oldest first.
pub async fn for_agent_after(
    db: &Db,
    project_id: ProjectId,
    agent: crate::models::UserId,
    after: i64,
    limit: i64,
) -> Result<Vec<Event>, sqlx::Error> {
    let sql = "SELECT e.seq, e.conversation_id, e.kind, e.author_kind, e.author_name, e.client_id, e.body, \
               e.up_to, e.detail, e.created_at FROM events e JOIN conversations c ON c.id = e.conversation_id \
               WHERE e.project_id = $1 AND e.seq > $2 AND (c.team_id IS NULL OR c.assignee_id = $4 \
               OR c.team_id IN (SELECT team_id FROM team_members WHERE user_id = $4)) \
               ORDER BY e.seq LIMIT $3";
    let rows = sqlx::query(sql)
        .bind(project_id.to_string())
        .bind(after)
        .bind(limit)
        .bind(agent.to_string())
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(event_from_row).collect()
}

/// An event as another node reads it back to publish it to its own sockets.
#[derive(Debug, Clone)]
pub struct Relayed {
    /// The event.
    pub event: Event,
    /// Its conversation's visitor.
    pub visitor_id: VisitorId,
    /// Agents only (placement changes).
    pub agents_only: bool,
    /// Its conversation's team now.
    pub team_id: Option<crate::models::TeamId>,
    /// Its conversation's serving agent now.
    pub assignee_id: Option<crate::models::UserId>,
    /// The agent who wrote or acted, if an agent did.
    pub author_agent: Option<crate::models::UserId>,
}

/// Event `seq` of a project with what publishing it needs.
pub async fn for_relay(
    db: &Db,
    project_id: ProjectId,
    seq: i64,
) -> Result<Option<Relayed>, sqlx::Error> {
    let sql = "SELECT e.seq, e.conversation_id, e.kind, e.author_kind, e.author_id, e.author_name, \
               e.client_id, e.body, e.up_to, e.detail, e.created_at, e.visitor_id, e.audience, \
               c.team_id, c.assignee_id FROM events e JOIN conversations c ON c.id = e.conversation_id \
               WHERE e.project_id = $1 AND e.seq = $2";
    let Some(row) = sqlx::query(sql)
        .bind(project_id.to_string())
        .bind(seq)
        .fetch_optional(db.pool())
        .await?
    else {
        return Ok(None);
    };
    let visitor: String = row.try_get("visitor_id")?;
    let audience: String = row.try_get("audience")?;
    let team: Option<String> = row.try_get("team_id")?;
    let assignee: Option<String> = row.try_get("assignee_id")?;
    let author_kind: String = row.try_get("author_kind")?;
    let author_id: String = row.try_get("author_id")?;
    Ok(Some(Relayed {
        event: event_from_row(&row)?,
        visitor_id: VisitorId::parse(&visitor)
            .ok_or_else(|| decode_error("events.visitor_id", &visitor))?,
        agents_only: audience == "agents",
        team_id: team.as_deref().and_then(crate::models::TeamId::parse),
        assignee_id: assignee.as_deref().and_then(crate::models::UserId::parse),
        author_agent: (author_kind == "agent")
            .then(|| crate::models::UserId::parse(&author_id))
            .flatten(),
    }))
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
        "INSERT INTO conversations (id, project_id, visitor_id, status, created_at, last_activity_at, \
         last_message_at) VALUES ($1, $2, $3, 'open', $4, $4, $4)",
    )
    .bind(conversation.id.to_string())
    .bind(conversation.project_id.to_string())
    .bind(conversation.visitor_id.to_string())
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Marks activity.
pub async fn touch_conversation(
    tx: &mut Transaction<'_, Any>,
    id: ConversationId,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE conversations SET last_activity_at = $1 WHERE id = $2")
        .bind(now.0)
        .bind(id.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// One conversation's history before `before` (none: up to now): its newest `limit` messages
/// and every receipt and placement change from the oldest of them on, oldest first, led by
/// the newest older placement change and receipts (so the page alone tells where the
/// conversation stands and what was seen); and whether older messages remain.
pub async fn page_of_conversation(
    db: &Db,
    project_id: ProjectId,
    conversation: ConversationId,
    before: Option<i64>,
    limit: i64,
) -> Result<(Vec<Event>, bool), sqlx::Error> {
    let before = before.unwrap_or(i64::MAX);
    // The (limit + 1)th newest message says whether there is more, and where this page starts.
    let starts: Vec<i64> = sqlx::query_scalar(
        "SELECT seq FROM events WHERE conversation_id = $1 AND project_id = $2 \
         AND kind = 'message' AND seq < $3 ORDER BY seq DESC LIMIT $4",
    )
    .bind(conversation.to_string())
    .bind(project_id.to_string())
    .bind(before)
    .bind(limit + 1)
    .fetch_all(db.pool())
    .await?;
    let more = starts.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    // With more: everything after the first message left out; else the whole beginning.
    let from = if more {
        starts.last().copied().unwrap_or(0)
    } else {
        0
    };
    let sql = "SELECT seq, conversation_id, kind, author_kind, author_name, client_id, body, up_to, detail, created_at \
               FROM events WHERE conversation_id = $1 AND project_id = $2 AND seq > $3 AND seq < $4 ORDER BY seq";
    let rows = sqlx::query(sql)
        .bind(conversation.to_string())
        .bind(project_id.to_string())
        .bind(from)
        .bind(before)
        .fetch_all(db.pool())
        .await?;
    let mut events: Vec<Event> = rows.iter().map(event_from_row).collect::<Result<_, _>>()?;
    if more {
        // Where the conversation stands and who read what may be older than the page: its
        // newest placement change and newest receipt of each side come with it.
        let sql = "SELECT seq, conversation_id, kind, author_kind, author_name, client_id, body, up_to, detail, created_at \
                   FROM events WHERE conversation_id = $1 AND project_id = $2 AND seq <= $3 \
                   AND kind = $4 AND author_kind LIKE $5 ORDER BY seq DESC LIMIT 1";
        let latest = [
            ("conversation", "%"),
            ("read", "visitor"),
            ("read", "agent"),
        ];
        let mut older = Vec::new();
        for (kind, author) in latest {
            let row = sqlx::query(sql)
                .bind(conversation.to_string())
                .bind(project_id.to_string())
                .bind(from)
                .bind(kind)
                .bind(author)
                .fetch_optional(db.pool())
                .await?;
            if let Some(row) = row {
                older.push(event_from_row(&row)?);
            }
        }
        older.sort_by_key(Event::seq);
        older.append(&mut events);
        events = older;
    }
    Ok((events, more))
}
