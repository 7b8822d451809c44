//! `sessions` table: server-side sign-in sessions, keyed by the token's SHA-256.
use super::Db;
use super::users::user_from_row;
use crate::models::{CurrentUser, Timestamp, UserId};
use sqlx::Row;

/// A live session and its account.
#[derive(Debug, Clone)]
pub struct LiveSession {
    /// The signed-in account.
    pub user: CurrentUser,
    /// When the session was last used.
    pub last_seen_at: Timestamp,
}

/// Stores a new session.
pub async fn insert(
    db: &Db,
    token_hash: &str,
    user_id: UserId,
    now: Timestamp,
    expires_at: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) \
         VALUES ($1, $2, $3, $3, $4)",
    )
    .bind(token_hash)
    .bind(user_id.to_string())
    .bind(now.0)
    .bind(expires_at.0)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// The session for this token hash, if it is neither expired, idle since before `idle_cutoff`,
/// nor owned by a deactivated account.
pub async fn find_live(
    db: &Db,
    token_hash: &str,
    now: Timestamp,
    idle_cutoff: Timestamp,
) -> Result<Option<LiveSession>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT u.id, u.project_id, u.email, u.display_name, u.role, u.language, s.last_seen_at \
         FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 AND u.active = 1",
    )
    .bind(token_hash)
    .bind(now.0)
    .bind(idle_cutoff.0)
    .fetch_optional(db.pool())
    .await?;
    row.map(|row| {
        Ok(LiveSession {
            user: user_from_row(&row)?,
            last_seen_at: Timestamp(row.try_get("last_seen_at")?),
        })
    })
    .transpose()
}

/// Records use of a session (slides the idle timeout).
pub async fn touch(db: &Db, token_hash: &str, now: Timestamp) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(now.0)
        .bind(token_hash)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Ends one session.
pub async fn delete(db: &Db, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Ends every session of an account (password change, deactivation).
pub async fn delete_for_user(db: &Db, user_id: UserId) -> Result<u64, sqlx::Error> {
    let result = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id.to_string())
        .execute(db.pool())
        .await?;
    Ok(result.rows_affected())
}

/// Removes sessions that can no longer be used.
pub async fn delete_dead(
    db: &Db,
    now: Timestamp,
    idle_cutoff: Timestamp,
) -> Result<u64, sqlx::Error> {
    let result = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2")
        .bind(now.0)
        .bind(idle_cutoff.0)
        .execute(db.pool())
        .await?;
    Ok(result.rows_affected())
}
