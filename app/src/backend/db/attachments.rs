//! `attachments`: uploaded files' metadata (the bytes live under the data directory, named by
//! `storage_key`). An upload is its uploader's until a message claims it.
use super::Db;
use super::projects::decode_error;
use crate::models::{ConversationId, ProjectId, Timestamp, VisitorId};
use crate::realtime::protocol::{Attachment, AuthorKind};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use uuid::Uuid;

/// An uploaded file as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    /// Id, name, detected type and size.
    pub attachment: Attachment,
    /// Its project.
    pub project_id: ProjectId,
    /// Visitor or agent.
    pub uploader_kind: AuthorKind,
    /// The visitor's or user's id.
    pub uploader_id: String,
    /// Where the bytes are, relative to the uploads directory.
    pub storage_key: String,
    /// The conversation of the message that carries it (none: not sent yet).
    pub conversation_id: Option<ConversationId>,
    /// That conversation's visitor (or the uploading visitor before it is sent).
    pub visitor_id: Option<VisitorId>,
}

const COLUMNS: &str = "id, project_id, uploader_kind, uploader_id, name, mime, size, storage_key, \
                       conversation_id, visitor_id";

fn from_row(row: &AnyRow) -> Result<StoredFile, sqlx::Error> {
    let id: String = row.try_get("id")?;
    let project: String = row.try_get("project_id")?;
    let kind: String = row.try_get("uploader_kind")?;
    let conversation: Option<String> = row.try_get("conversation_id")?;
    let visitor: Option<String> = row.try_get("visitor_id")?;
    let size: i64 = row.try_get("size")?;
    Ok(StoredFile {
        attachment: Attachment {
            id: Uuid::parse_str(&id).map_err(|_| decode_error("attachments.id", &id))?,
            name: row.try_get("name")?,
            mime: row.try_get("mime")?,
            size: u64::try_from(size).unwrap_or_default(),
        },
        project_id: ProjectId::parse(&project)
            .ok_or_else(|| decode_error("attachments.project_id", &project))?,
        uploader_kind: match kind.as_str() {
            "visitor" => AuthorKind::Visitor,
            "agent" => AuthorKind::Agent,
            other => return Err(decode_error("attachments.uploader_kind", other)),
        },
        uploader_id: row.try_get("uploader_id")?,
        storage_key: row.try_get("storage_key")?,
        conversation_id: conversation.as_deref().and_then(ConversationId::parse),
        visitor_id: visitor.as_deref().and_then(VisitorId::parse),
    })
}

/// Records an upload (its bytes are already on disk).
pub async fn insert(db: &Db, file: &StoredFile, now: Timestamp) -> Result<(), sqlx::Error> {
    let kind = match file.uploader_kind {
        AuthorKind::Visitor => "visitor",
        _ => "agent",
    };
    sqlx::query(
        "INSERT INTO attachments (id, project_id, uploader_kind, uploader_id, name, mime, size, \
         storage_key, created_at, conversation_id, visitor_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(file.attachment.id.to_string())
    .bind(file.project_id.to_string())
    .bind(kind)
    .bind(&file.uploader_id)
    .bind(&file.attachment.name)
    .bind(&file.attachment.mime)
    .bind(i64::try_from(file.attachment.size).unwrap_or(i64::MAX))
    .bind(&file.storage_key)
    .bind(now.0)
    .bind(file.conversation_id.map(|id| id.to_string()))
    .bind(file.visitor_id.map(|id| id.to_string()))
    .execute(db.pool())
    .await?;
    Ok(())
}

/// A project's file by id.
pub async fn find(
    db: &Db,
    project_id: ProjectId,
    id: Uuid,
) -> Result<Option<StoredFile>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM attachments WHERE project_id = $1 AND id = $2");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(project_id.to_string())
        .bind(id.to_string())
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The upload `id` if `uploader` sent it and no message carries it yet (inside the writer's
/// transaction).
pub async fn find_unsent(
    tx: &mut Transaction<'_, Any>,
    project_id: ProjectId,
    uploader_id: &str,
    id: Uuid,
) -> Result<Option<StoredFile>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM attachments WHERE project_id = $1 AND id = $2 AND uploader_id = $3 \
         AND message_seq IS NULL"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(project_id.to_string())
        .bind(id.to_string())
        .bind(uploader_id)
        .fetch_optional(&mut **tx)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Hands an upload to the message carrying it: from now on it is the conversation's.
pub async fn claim(
    tx: &mut Transaction<'_, Any>,
    id: Uuid,
    conversation_id: ConversationId,
    visitor_id: VisitorId,
    seq: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE attachments SET conversation_id = $1, visitor_id = $2, message_seq = $3 \
         WHERE id = $4 AND message_seq IS NULL",
    )
    .bind(conversation_id.to_string())
    .bind(visitor_id.to_string())
    .bind(seq)
    .bind(id.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The project's largest upload, in megabytes (none: no such project).
pub async fn max_upload_mb(db: &Db, project_id: ProjectId) -> Result<Option<u32>, sqlx::Error> {
    let row = sqlx::query("SELECT max_upload_mb FROM projects WHERE id = $1")
        .bind(project_id.to_string())
        .fetch_optional(db.pool())
        .await?;
    row.map(|row| {
        let mb: i64 = row.try_get("max_upload_mb")?;
        Ok(u32::try_from(mb).unwrap_or_default())
    })
    .transpose()
}

/// Changes the project's largest upload (already validated).
pub async fn set_max_upload_mb(db: &Db, project_id: ProjectId, mb: u32) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE projects SET max_upload_mb = $1 WHERE id = $2")
        .bind(i64::from(mb))
        .bind(project_id.to_string())
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Uploads no message claimed and that were made before `before` (abandoned: the sender
/// never sent them), at most `limit`: their ids and where their bytes are.
pub async fn unsent_before(
    db: &Db,
    before: Timestamp,
    limit: i64,
) -> Result<Vec<(Uuid, String)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, storage_key FROM attachments WHERE message_seq IS NULL AND created_at < $1 \
         ORDER BY created_at LIMIT $2",
    )
    .bind(before.0)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            let id: String = row.try_get("id")?;
            Ok((
                Uuid::parse_str(&id).map_err(|_| decode_error("attachments.id", &id))?,
                row.try_get("storage_key")?,
            ))
        })
        .collect()
}

/// Forgets an upload if no message claimed it meanwhile; true when it was removed (then its
/// bytes may go).
pub async fn delete_unsent(db: &Db, id: Uuid) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM attachments WHERE id = $1 AND message_seq IS NULL")
        .bind(id.to_string())
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}
