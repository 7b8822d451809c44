//! `outbox` table: mail kept for the console when no SMTP server is configured.
use super::Db;
use crate::backend::mail::Mail;
use crate::models::{OutboxMail, ProjectId, Timestamp};
use sqlx::Row;

/// Keeps a mail.
pub async fn insert(db: &Db, mail: &Mail, now: Timestamp) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO outbox (id, project_id, to_address, subject, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(mail.project_id.to_string())
    .bind(mail.to.as_str())
    .bind(&mail.subject)
    .bind(&mail.body)
    .bind(now.0)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// The project's newest `limit` mails, newest first.
pub async fn newest(
    db: &Db,
    project_id: ProjectId,
    limit: i64,
) -> Result<Vec<OutboxMail>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT to_address, subject, body, created_at FROM outbox WHERE project_id = $1 \
         ORDER BY created_at DESC, id LIMIT $2",
    )
    .bind(project_id.to_string())
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            Ok(OutboxMail {
                to: row.try_get("to_address")?,
                subject: row.try_get("subject")?,
                body: row.try_get("body")?,
                created_at: Timestamp(row.try_get("created_at")?),
            })
        })
        .collect()
}
