//! `avatars` table: one re-encoded PNG per account.
use super::Db;
use crate::models::{Timestamp, UserId};

/// Stores (or replaces) an account's picture.
pub async fn put(db: &Db, user: UserId, png: &[u8], now: Timestamp) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO avatars (user_id, png, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id) DO UPDATE SET png = excluded.png, updated_at = excluded.updated_at",
    )
    .bind(user.to_string())
    .bind(png.to_vec())
    .bind(now.0)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// An account's picture, if it has one.
pub async fn get(db: &Db, user: UserId) -> Result<Option<Vec<u8>>, sqlx::Error> {
    sqlx::query_scalar("SELECT png FROM avatars WHERE user_id = $1")
        .bind(user.to_string())
        .fetch_optional(db.pool())
        .await
}
