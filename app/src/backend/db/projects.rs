//! `projects` table.
use super::Db;
use crate::models::appearance::{Appearance, WidgetPosition};
use crate::models::{ProjectId, ProjectKey, ProjectSummary, Timestamp};
use sqlx::Row;
use sqlx::any::AnyRow;

fn from_row(row: &AnyRow) -> Result<ProjectSummary, sqlx::Error> {
    let id: String = row.try_get("id")?;
    let key: String = row.try_get("public_key")?;
    Ok(ProjectSummary {
        id: ProjectId::parse(&id).ok_or_else(|| decode_error("projects.id", &id))?,
        name: row.try_get("name")?,
        key: ProjectKey::parse(&key).ok_or_else(|| decode_error("projects.public_key", &key))?,
    })
}

pub(super) fn decode_error(column: &str, value: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("unexpected value {value:?} in {column}").into())
}

/// Stores a new project.
pub async fn insert(db: &Db, project: &ProjectSummary, now: Timestamp) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO projects (id, name, public_key, created_at) VALUES ($1, $2, $3, $4)")
        .bind(project.id.to_string())
        .bind(&project.name)
        .bind(project.key.as_str())
        .bind(now.0)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// The project with this public key.
pub async fn find_by_key(db: &Db, key: &ProjectKey) -> Result<Option<ProjectSummary>, sqlx::Error> {
    let row = sqlx::query("SELECT id, name, public_key FROM projects WHERE public_key = $1")
        .bind(key.as_str())
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The project with this id.
pub async fn find(db: &Db, id: ProjectId) -> Result<Option<ProjectSummary>, sqlx::Error> {
    let row = sqlx::query("SELECT id, name, public_key FROM projects WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The oldest project, if any (the demo project on a fresh install).
pub async fn first(db: &Db) -> Result<Option<ProjectSummary>, sqlx::Error> {
    let row =
        sqlx::query("SELECT id, name, public_key FROM projects ORDER BY created_at, id LIMIT 1")
            .fetch_optional(db.pool())
            .await?;
    row.as_ref().map(from_row).transpose()
}

/// How many projects exist.
pub async fn count(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM projects")
        .fetch_one(db.pool())
        .await
}

/// The project with this exact name (the oldest, if several share it).
pub async fn find_by_name(db: &Db, name: &str) -> Result<Option<ProjectSummary>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, name, public_key FROM projects WHERE name = $1 ORDER BY created_at, id LIMIT 1",
    )
    .bind(name)
    .fetch_optional(db.pool())
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// The project's widget appearance.
pub async fn appearance(db: &Db, id: ProjectId) -> Result<Option<Appearance>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT widget_color, widget_greeting, widget_position FROM projects WHERE id = $1",
    )
    .bind(id.to_string())
    .fetch_optional(db.pool())
    .await?;
    row.map(|row| {
        Ok(Appearance {
            color: row.try_get("widget_color")?,
            greeting: row.try_get("widget_greeting")?,
            position: WidgetPosition::from_text(&row.try_get::<String, _>("widget_position")?),
        })
    })
    .transpose()
}

/// Stores the project's name and widget appearance (already checked).
pub async fn update_settings(
    db: &Db,
    id: ProjectId,
    name: &str,
    appearance: &Appearance,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE projects SET name = $1, widget_color = $2, widget_greeting = $3, \
         widget_position = $4 WHERE id = $5",
    )
    .bind(name)
    .bind(&appearance.color)
    .bind(&appearance.greeting)
    .bind(appearance.position.as_str())
    .bind(id.to_string())
    .execute(db.pool())
    .await?;
    Ok(())
}
