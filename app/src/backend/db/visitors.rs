//! `visitors` table: anonymous website visitors, known by an opaque token.
use super::Db;
use super::projects::decode_error;
use crate::models::{ProjectId, Timestamp, VisitorId};
use sqlx::Row;

/// A visitor as the realtime layer knows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VisitorRef {
    /// The visitor.
    pub id: VisitorId,
    /// Their project.
    pub project_id: ProjectId,
}

/// Stores a new visitor with the hash of their token.
pub async fn insert(
    db: &Db,
    visitor: VisitorRef,
    token_hash: &str,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO visitors (id, project_id, token_hash, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(visitor.id.to_string())
    .bind(visitor.project_id.to_string())
    .bind(token_hash)
    .bind(now.0)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// The visitor holding the token with this hash; for a merged visitor, the contact it was
/// merged into (its widget goes on with the merged history). `true` with it: blacklisted.
/// One query: it runs on every widget connect.
pub async fn find_by_token_hash(
    db: &Db,
    token_hash: &str,
) -> Result<Option<(VisitorRef, bool)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT v.id, v.project_id, v.blocked_at FROM visitors t \
         JOIN visitors v ON v.id = COALESCE(t.merged_into, t.id) WHERE t.token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(db.pool())
    .await?;
    row.map(|row| {
        let id: String = row.try_get("id")?;
        let project_id: String = row.try_get("project_id")?;
        let visitor = VisitorRef {
            id: VisitorId::parse(&id).ok_or_else(|| decode_error("visitors.id", &id))?,
            project_id: ProjectId::parse(&project_id)
                .ok_or_else(|| decode_error("visitors.project_id", &project_id))?,
        };
        Ok((
            visitor,
            row.try_get::<Option<i64>, _>("blocked_at")?.is_some(),
        ))
    })
    .transpose()
}

/// Stores a second token for an existing visitor (a return link opened on another device): a
/// row merged into `visitor`, so the token leads to their conversations like their own.
pub async fn insert_alias(
    db: &Db,
    alias: VisitorRef,
    token_hash: &str,
    visitor: VisitorId,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO visitors (id, project_id, token_hash, created_at, last_seen_at, merged_into) \
         VALUES ($1, $2, $3, $4, $4, $5)",
    )
    .bind(alias.id.to_string())
    .bind(alias.project_id.to_string())
    .bind(token_hash)
    .bind(now.0)
    .bind(visitor.to_string())
    .execute(db.pool())
    .await?;
    Ok(())
}
