//! `quick_replies`, `tags` and `faq_entries`: the console's catalogues. Every statement is
//! scoped to one project, so an id of another project matches nothing.
use super::Db;
use super::projects::decode_error;
use crate::models::catalogues::{EntryId, FaqEntry, QuickReply, Tag, TagKind};
use crate::models::{ProjectId, Timestamp};
use sqlx::Row;
use sqlx::any::AnyRow;

/// Which catalogue a statement is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Catalogue {
    /// `quick_replies`.
    QuickReplies,
    /// `tags`.
    Tags,
    /// `faq_entries`.
    Faq,
}

fn entry_id(row: &AnyRow, column: &str) -> Result<EntryId, sqlx::Error> {
    let id: String = row.try_get("id")?;
    EntryId::parse(&id).ok_or_else(|| decode_error(column, &id))
}

/// Stored keywords: separated by commas (a keyword never holds one).
fn keywords_text(keywords: &[String]) -> String {
    keywords.join(",")
}

fn keywords_of(text: &str) -> Vec<String> {
    text.split(',')
        .filter(|keyword| !keyword.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The project's quick replies, oldest first.
pub async fn quick_replies(db: &Db, project_id: ProjectId) -> Result<Vec<QuickReply>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, title, body, shortcut FROM quick_replies WHERE project_id = $1 \
         ORDER BY created_at, id",
    )
    .bind(project_id.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            let shortcut: String = row.try_get("shortcut")?;
            Ok(QuickReply {
                id: entry_id(row, "quick_replies.id")?,
                title: row.try_get("title")?,
                body: row.try_get("body")?,
                shortcut: (!shortcut.is_empty()).then_some(shortcut),
            })
        })
        .collect()
}

/// Stores a new quick reply; a shortcut the project already uses is a unique violation.
pub async fn insert_quick_reply(
    db: &Db,
    project_id: ProjectId,
    reply: &QuickReply,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO quick_replies (id, project_id, title, body, shortcut, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(reply.id.to_string())
    .bind(project_id.to_string())
    .bind(&reply.title)
    .bind(&reply.body)
    .bind(reply.shortcut.clone().unwrap_or_default())
    .bind(now.0)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Replaces a quick reply's title, text and shortcut; false when the project has no such reply.
pub async fn update_quick_reply(
    db: &Db,
    project_id: ProjectId,
    reply: &QuickReply,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE quick_replies SET title = $1, body = $2, shortcut = $3 \
         WHERE id = $4 AND project_id = $5",
    )
    .bind(&reply.title)
    .bind(&reply.body)
    .bind(reply.shortcut.clone().unwrap_or_default())
    .bind(reply.id.to_string())
    .bind(project_id.to_string())
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The project's tags of both kinds, oldest first.
pub async fn tags(db: &Db, project_id: ProjectId) -> Result<Vec<Tag>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, kind, name FROM tags WHERE project_id = $1 ORDER BY created_at, id",
    )
    .bind(project_id.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            let kind: String = row.try_get("kind")?;
            Ok(Tag {
                id: entry_id(row, "tags.id")?,
                kind: TagKind::from_text(&kind).ok_or_else(|| decode_error("tags.kind", &kind))?,
                name: row.try_get("name")?,
            })
        })
        .collect()
}

/// The kind of one of the project's tags, if it has it.
pub async fn tag_kind(
    conn: &mut sqlx::AnyConnection,
    project_id: ProjectId,
    id: EntryId,
) -> Result<Option<TagKind>, sqlx::Error> {
    let kind: Option<String> =
        sqlx::query_scalar("SELECT kind FROM tags WHERE id = $1 AND project_id = $2")
            .bind(id.to_string())
            .bind(project_id.to_string())
            .fetch_optional(conn)
            .await?;
    kind.map(|kind| TagKind::from_text(&kind).ok_or_else(|| decode_error("tags.kind", &kind)))
        .transpose()
}

/// Id and name of each of the project's tags of one kind.
pub async fn tag_names(
    conn: &mut sqlx::AnyConnection,
    project_id: ProjectId,
    kind: TagKind,
) -> Result<Vec<(EntryId, String)>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, name FROM tags WHERE project_id = $1 AND kind = $2")
        .bind(project_id.to_string())
        .bind(kind.as_str())
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|row| Ok((entry_id(row, "tags.id")?, row.try_get("name")?)))
        .collect()
}

/// Stores a new tag.
pub async fn insert_tag(
    conn: &mut sqlx::AnyConnection,
    project_id: ProjectId,
    tag: &Tag,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO tags (id, project_id, kind, name, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(tag.id.to_string())
    .bind(project_id.to_string())
    .bind(tag.kind.as_str())
    .bind(&tag.name)
    .bind(now.0)
    .execute(conn)
    .await?;
    Ok(())
}

/// Renames a tag; false when the project has no such tag.
pub async fn rename_tag(
    conn: &mut sqlx::AnyConnection,
    project_id: ProjectId,
    id: EntryId,
    name: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE tags SET name = $1 WHERE id = $2 AND project_id = $3")
        .bind(name)
        .bind(id.to_string())
        .bind(project_id.to_string())
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The project's FAQ entries, oldest first.
pub async fn faq_entries(db: &Db, project_id: ProjectId) -> Result<Vec<FaqEntry>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, question, answer, keywords FROM faq_entries WHERE project_id = $1 \
         ORDER BY created_at, id",
    )
    .bind(project_id.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            let keywords: String = row.try_get("keywords")?;
            Ok(FaqEntry {
                id: entry_id(row, "faq_entries.id")?,
                question: row.try_get("question")?,
                answer: row.try_get("answer")?,
                keywords: keywords_of(&keywords),
            })
        })
        .collect()
}

/// Stores a new FAQ entry.
pub async fn insert_faq_entry(
    db: &Db,
    project_id: ProjectId,
    entry: &FaqEntry,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO faq_entries (id, project_id, question, answer, keywords, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(entry.id.to_string())
    .bind(project_id.to_string())
    .bind(&entry.question)
    .bind(&entry.answer)
    .bind(keywords_text(&entry.keywords))
    .bind(now.0)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Replaces an FAQ entry's question, answer and keywords; false when the project has no such
/// entry.
pub async fn update_faq_entry(
    db: &Db,
    project_id: ProjectId,
    entry: &FaqEntry,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE faq_entries SET question = $1, answer = $2, keywords = $3 \
         WHERE id = $4 AND project_id = $5",
    )
    .bind(&entry.question)
    .bind(&entry.answer)
    .bind(keywords_text(&entry.keywords))
    .bind(entry.id.to_string())
    .bind(project_id.to_string())
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes an entry of a catalogue; false when the project has no such entry.
pub async fn delete(
    db: &Db,
    project_id: ProjectId,
    catalogue: Catalogue,
    id: EntryId,
) -> Result<bool, sqlx::Error> {
    let sql = match catalogue {
        Catalogue::QuickReplies => "DELETE FROM quick_replies WHERE id = $1 AND project_id = $2",
        Catalogue::Tags => "DELETE FROM tags WHERE id = $1 AND project_id = $2",
        Catalogue::Faq => "DELETE FROM faq_entries WHERE id = $1 AND project_id = $2",
    };
    let done = sqlx::query(sql)
        .bind(id.to_string())
        .bind(project_id.to_string())
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_keywords_survive_storage() {
        let keywords = vec!["shipping".to_owned(), "lieferung".to_owned()];
        assert_eq!(keywords_of(&keywords_text(&keywords)), keywords);
        assert!(keywords_of(&keywords_text(&[])).is_empty());
    }
}
