//! Fills in the CJK character pairs ([`crate::models::search_pairs`]) of messages and contact
//! names written before they carried them, a batch at a time. Idempotent: several server
//! processes may run it at once.
use super::Db;
use crate::models::search_pairs::{cjk_pairs, name_pairs};
use sqlx::Row;

/// Fills the pairs of up to `limit` messages and `limit` named contacts that have none yet;
/// returns how many it filled.
pub async fn fill_missing(db: &Db, limit: i64) -> Result<usize, sqlx::Error> {
    Ok(fill_messages(db, limit).await? + fill_names(db, limit).await?)
}

async fn fill_names(db: &Db, limit: i64) -> Result<usize, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, name FROM visitors WHERE name IS NOT NULL AND name_pairs IS NULL LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    let mut tx = db.pool().begin().await?;
    for row in &rows {
        let name: Option<String> = row.try_get("name")?;
        // Only while the name is still the one read: a rename meanwhile wrote its own pairs.
        sqlx::query("UPDATE visitors SET name_pairs = $1 WHERE id = $2 AND name_pairs IS NULL AND name = $3")
            .bind(name_pairs(name.as_deref()))
            .bind(row.try_get::<String, _>("id")?)
            .bind(name)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(rows.len())
}

async fn fill_messages(db: &Db, limit: i64) -> Result<usize, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT project_id, seq, body FROM events \
         WHERE kind = 'message' AND search_pairs IS NULL LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    let mut tx = db.pool().begin().await?;
    for row in &rows {
        let body: Option<String> = row.try_get("body")?;
        sqlx::query(
            "UPDATE events SET search_pairs = $1 \
             WHERE project_id = $2 AND seq = $3 AND search_pairs IS NULL",
        )
        .bind(cjk_pairs(body.as_deref().unwrap_or_default()))
        .bind(row.try_get::<String, _>("project_id")?)
        .bind(row.try_get::<i64, _>("seq")?)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(rows.len())
}
