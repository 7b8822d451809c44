//! `page_views` table: the visitor's access trace.
use super::Db;
use super::visitors::VisitorRef;
use crate::models::{PageView, Timestamp};
use sqlx::Row;

/// Records one page view of a visitor.
pub async fn insert(db: &Db, visitor: VisitorRef, view: &PageView) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO page_views (project_id, visitor_id, url, title, referrer, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(visitor.project_id.to_string())
    .bind(visitor.id.to_string())
    .bind(&view.url)
    .bind(&view.title)
    .bind(&view.referrer)
    .bind(view.at.0)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// A visitor's newest page views, newest first, at most `limit`.
pub async fn for_visitor(
    db: &Db,
    visitor: VisitorRef,
    limit: i64,
) -> Result<Vec<PageView>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT url, title, referrer, created_at FROM page_views WHERE project_id = $1 AND visitor_id = $2 ORDER BY created_at DESC LIMIT $3",
    )
    .bind(visitor.project_id.to_string())
    .bind(visitor.id.to_string())
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            Ok(PageView {
                url: row.try_get("url")?,
                title: row.try_get("title")?,
                referrer: row.try_get("referrer")?,
                at: Timestamp(row.try_get("created_at")?),
            })
        })
        .collect()
}
