//! Fills in the CJK character pairs ([`crate::models::search_pairs`]) of messages written
//! before messages carried them, a batch at a time. Idempotent: several server processes may
//! run it at once.
use super::Db;
use crate::models::search_pairs::cjk_pairs;
use sqlx::Row;

/// Fills the pairs of up to `limit` messages that have none yet; returns how many it filled.
pub async fn fill_missing(db: &Db, limit: i64) -> Result<usize, sqlx::Error> {
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
