//! What the email fallback reads and claims: conversations whose visitor left an email and
//! has agents' replies they have not read, and the links that bring them back.
use super::Db;
use super::projects::decode_error;
use crate::models::{ConversationId, ProjectId, Timestamp, VisitorId};
use sqlx::Row;

/// A conversation with replies to mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueConversation {
    /// Which.
    pub id: ConversationId,
    /// Its project.
    pub project_id: ProjectId,
    /// The project's name (the mail's sender line) and widget key (the link).
    pub project_name: String,
    /// The widget key of the project.
    pub project_key: String,
    /// Its visitor.
    pub visitor_id: VisitorId,
    /// Their address.
    pub email: String,
    /// Their browser's `Accept-Language`, as last seen (the mail's language).
    pub language: Option<String>,
    /// Replies up to here were mailed already (0: none).
    pub mailed_up_to: i64,
    /// The visitor has read up to here (0: nothing).
    pub read_up_to: i64,
}

/// One reply as the mail quotes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailedReply {
    /// Its sequence number.
    pub seq: i64,
    /// The agent's name.
    pub author_name: Option<String>,
    /// The text (or a file's caption).
    pub body: String,
    /// The attached file's name, if it is one.
    pub file_name: Option<String>,
}

/// Agents' messages the visitor receives and that count as replies (text and files, not
/// review prompts; notes never reach visitors at all).
const REPLY: &str = "e.kind = 'message' AND e.author_kind = 'agent' AND e.audience = 'all' \
                     AND (e.detail IS NULL OR e.detail LIKE '{\"attachment\"%')";

/// Conversations with a reply older than `ripe` the visitor has neither read nor been mailed,
/// whose last mail (if any) went out before `window_start`.
pub async fn due(
    db: &Db,
    ripe: Timestamp,
    window_start: Timestamp,
    limit: i64,
) -> Result<Vec<DueConversation>, sqlx::Error> {
    let read = "COALESCE((SELECT MAX(r.up_to) FROM events r WHERE r.conversation_id = c.id \
                AND r.kind = 'read' AND r.author_kind = 'visitor'), 0)";
    let sql = format!(
        "SELECT c.id, c.project_id, p.name, p.public_key, c.visitor_id, v.email, v.language, \
         COALESCE(c.mailed_up_to, 0) AS mailed_up_to, {read} AS read_up_to \
         FROM conversations c JOIN visitors v ON v.id = c.visitor_id JOIN projects p ON p.id = c.project_id \
         WHERE v.email IS NOT NULL AND v.blocked_at IS NULL \
         AND (c.mailed_at IS NULL OR c.mailed_at <= $1) \
         AND EXISTS (SELECT 1 FROM events e WHERE e.conversation_id = c.id AND {REPLY} \
             AND e.seq > COALESCE(c.mailed_up_to, 0) AND e.created_at <= $2 AND e.seq > {read}) \
         ORDER BY c.last_activity_at LIMIT $3"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(window_start.0)
        .bind(ripe.0)
        .bind(limit)
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|row| {
            let id: String = row.try_get("id")?;
            let project: String = row.try_get("project_id")?;
            let visitor: String = row.try_get("visitor_id")?;
            Ok(DueConversation {
                id: ConversationId::parse(&id)
                    .ok_or_else(|| decode_error("conversations.id", &id))?,
                project_id: ProjectId::parse(&project)
                    .ok_or_else(|| decode_error("conversations.project_id", &project))?,
                project_name: row.try_get("name")?,
                project_key: row.try_get("public_key")?,
                visitor_id: VisitorId::parse(&visitor)
                    .ok_or_else(|| decode_error("conversations.visitor_id", &visitor))?,
                email: row.try_get("email")?,
                language: row.try_get("language")?,
                mailed_up_to: row.try_get("mailed_up_to")?,
                read_up_to: row.try_get("read_up_to")?,
            })
        })
        .collect()
}

/// The replies after `after` in a conversation, oldest first.
pub async fn replies_after(
    db: &Db,
    conversation: ConversationId,
    after: i64,
) -> Result<Vec<MailedReply>, sqlx::Error> {
    let sql = format!(
        "SELECT e.seq, e.author_name, e.body, e.detail FROM events e \
         WHERE e.conversation_id = $1 AND e.seq > $2 AND {REPLY} ORDER BY e.seq"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(conversation.to_string())
        .bind(after)
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|row| {
            let detail: Option<String> = row.try_get("detail")?;
            let file_name = detail
                .and_then(|detail| {
                    serde_json::from_str::<crate::realtime::protocol::Content>(&detail).ok()
                })
                .and_then(|content| match content {
                    crate::realtime::protocol::Content::Attachment(file) => Some(file.name),
                    _ => None,
                });
            Ok(MailedReply {
                seq: row.try_get("seq")?,
                author_name: row.try_get("author_name")?,
                body: row
                    .try_get::<Option<String>, _>("body")?
                    .unwrap_or_default(),
                file_name,
            })
        })
        .collect()
}

/// Takes the batch `(mailed_up_to, up_to]` of a conversation for this process: true when no
/// one else took it first (the window is checked again, atomically).
pub async fn claim(
    db: &Db,
    conversation: ConversationId,
    mailed_up_to: i64,
    up_to: i64,
    now: Timestamp,
    window_start: Timestamp,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE conversations SET mailed_up_to = $1, mailed_at = $2 WHERE id = $3 \
         AND COALESCE(mailed_up_to, 0) = $4 AND (mailed_at IS NULL OR mailed_at <= $5)",
    )
    .bind(up_to)
    .bind(now.0)
    .bind(conversation.to_string())
    .bind(mailed_up_to)
    .bind(window_start.0)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives a claimed batch back (its mail could not be sent): the next run tries again.
pub async fn release(
    db: &Db,
    conversation: ConversationId,
    mailed_up_to: i64,
    up_to: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE conversations SET mailed_up_to = $1, mailed_at = NULL WHERE id = $2 AND mailed_up_to = $3",
    )
    .bind(mailed_up_to)
    .bind(conversation.to_string())
    .bind(up_to)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Stores a return link for a visitor.
pub async fn insert_link(
    db: &Db,
    token_hash: &str,
    visitor: VisitorId,
    project: ProjectId,
    now: Timestamp,
    expires_at: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO visitor_links (token_hash, visitor_id, project_id, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(visitor.to_string())
    .bind(project.to_string())
    .bind(now.0)
    .bind(expires_at.0)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// The visitor a live return link of `project` leads to.
pub async fn find_link(
    db: &Db,
    token_hash: &str,
    project: ProjectId,
    now: Timestamp,
) -> Result<Option<VisitorId>, sqlx::Error> {
    let visitor: Option<String> = sqlx::query_scalar(
        "SELECT visitor_id FROM visitor_links WHERE token_hash = $1 AND project_id = $2 AND expires_at > $3",
    )
    .bind(token_hash)
    .bind(project.to_string())
    .bind(now.0)
    .fetch_optional(db.pool())
    .await?;
    Ok(visitor.as_deref().and_then(VisitorId::parse))
}
