//! The workbench's visitor panel: a visitor's stored details, the tags on visitors and
//! sessions, and the facts of a conversation read from its events.
use super::projects::decode_error;
use crate::backend::client_info::ClientSeen;
use crate::models::catalogues::{EntryId, TagKind};
use crate::models::search_pairs::name_pairs;
use crate::models::visitor_panel::{TagChoice, VisitorEdits};
use crate::models::{ConversationId, ProjectId, Timestamp, VisitorId};
use crate::realtime::protocol::{AuthorKind, Content};
use sqlx::{AnyConnection, Row};

/// A visitor's row as the panel reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitorRow {
    /// Name.
    pub name: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Region.
    pub region: Option<String>,
    /// Notes.
    pub notes: Option<String>,
    /// What the browser told at the last connect.
    pub client: ClientSeen,
    /// Last connect.
    pub last_seen_at: Timestamp,
}

/// One of the project's visitors (not a merged-away one).
pub async fn visitor(
    conn: &mut AnyConnection,
    project_id: ProjectId,
    id: VisitorId,
) -> Result<Option<VisitorRow>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT name, email, phone, region, notes, user_agent, ip, language, time_zone, \
         last_seen_at FROM visitors WHERE id = $1 AND project_id = $2",
    )
    .bind(id.to_string())
    .bind(project_id.to_string())
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        Ok(VisitorRow {
            name: row.try_get("name")?,
            email: row.try_get("email")?,
            phone: row.try_get("phone")?,
            region: row.try_get("region")?,
            notes: row.try_get("notes")?,
            client: ClientSeen {
                user_agent: row.try_get("user_agent")?,
                ip: row.try_get("ip")?,
                language: row.try_get("language")?,
                time_zone: row.try_get("time_zone")?,
            },
            last_seen_at: Timestamp(row.try_get("last_seen_at")?),
        })
    })
    .transpose()
}

/// Stores the fields an agent edits in the panel; false when the project has no such
/// visitor.
pub async fn update_visitor(
    conn: &mut AnyConnection,
    project_id: ProjectId,
    id: VisitorId,
    edits: &VisitorEdits,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE visitors SET name = $1, email = $2, phone = $3, region = $4, notes = $5, \
         name_pairs = $8 WHERE id = $6 AND project_id = $7",
    )
    .bind(edits.contact.name.clone())
    .bind(edits.contact.email.clone())
    .bind(edits.contact.phone.clone())
    .bind(edits.region.clone())
    .bind(edits.notes.clone())
    .bind(id.to_string())
    .bind(project_id.to_string())
    .bind(name_pairs(edits.contact.name.as_deref()))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// What tags are put on: a visitor or a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tagged {
    /// A visitor.
    Visitor(VisitorId),
    /// A conversation (session).
    Session(ConversationId),
}

impl Tagged {
    fn kind(self) -> TagKind {
        match self {
            Tagged::Visitor(_) => TagKind::Visitor,
            Tagged::Session(_) => TagKind::Session,
        }
    }

    fn id(self) -> String {
        match self {
            Tagged::Visitor(id) => id.to_string(),
            Tagged::Session(id) => id.to_string(),
        }
    }

    /// The link table and its owner column (fixed names, never user input).
    fn table(self) -> (&'static str, &'static str) {
        match self {
            Tagged::Visitor(_) => ("visitor_tags", "visitor_id"),
            Tagged::Session(_) => ("conversation_tags", "conversation_id"),
        }
    }
}

/// The project's tags of the kind that fits `on`, oldest first, those set on it marked.
pub async fn tag_choices(
    conn: &mut AnyConnection,
    project_id: ProjectId,
    on: Tagged,
) -> Result<Vec<TagChoice>, sqlx::Error> {
    let (table, owner) = on.table();
    let sql = format!(
        "SELECT t.id, t.name, l.tag_id AS linked FROM tags t \
         LEFT JOIN {table} l ON l.tag_id = t.id AND l.{owner} = $3 \
         WHERE t.project_id = $1 AND t.kind = $2 ORDER BY t.created_at, t.id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(project_id.to_string())
        .bind(on.kind().as_str())
        .bind(on.id())
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|row| {
            let id: String = row.try_get("id")?;
            Ok(TagChoice {
                id: EntryId::parse(&id).ok_or_else(|| decode_error("tags.id", &id))?,
                name: row.try_get("name")?,
                set: row.try_get::<Option<String>, _>("linked")?.is_some(),
            })
        })
        .collect()
}

/// Replaces the tags on `on` with `tags` (run in a transaction). False, and nothing written,
/// when one of them is not a tag of the project of the right kind.
pub async fn set_tags(
    conn: &mut AnyConnection,
    project_id: ProjectId,
    on: Tagged,
    tags: &[EntryId],
) -> Result<bool, sqlx::Error> {
    let known = tag_choices(&mut *conn, project_id, on).await?;
    if !tags
        .iter()
        .all(|tag| known.iter().any(|choice| choice.id == *tag))
    {
        return Ok(false);
    }
    let (table, owner) = on.table();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DELETE FROM {table} WHERE {owner} = $1"
    )))
    .bind(on.id())
    .execute(&mut *conn)
    .await?;
    for tag in tags {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO {table} ({owner}, tag_id) VALUES ($1, $2)"
        )))
        .bind(on.id())
        .bind(tag.to_string())
        .execute(&mut *conn)
        .await?;
    }
    Ok(true)
}

/// A conversation's own columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationRow {
    /// Started.
    pub started_at: Timestamp,
    /// Stars of the visitor's rating.
    pub rating_stars: Option<i64>,
    /// Its comment.
    pub rating_comment: Option<String>,
}

/// A conversation of the project.
pub async fn conversation(
    conn: &mut AnyConnection,
    project_id: ProjectId,
    id: ConversationId,
) -> Result<Option<ConversationRow>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT created_at, rating_stars, rating_comment FROM conversations \
         WHERE id = $1 AND project_id = $2",
    )
    .bind(id.to_string())
    .bind(project_id.to_string())
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        Ok(ConversationRow {
            started_at: Timestamp(row.try_get("created_at")?),
            rating_stars: row.try_get("rating_stars")?,
            rating_comment: row.try_get("rating_comment")?,
        })
    })
    .transpose()
}

/// One message of a conversation, as the panel weighs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageFact {
    /// Who wrote it.
    pub author: AuthorKind,
    /// Its text.
    pub body: String,
    /// Its kind (text, note, file, …).
    pub content: Content,
    /// When.
    pub at: Timestamp,
}

/// A conversation's messages (notes included), oldest first.
pub async fn messages(
    conn: &mut AnyConnection,
    project_id: ProjectId,
    id: ConversationId,
) -> Result<Vec<MessageFact>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT author_kind, body, detail, created_at FROM events \
         WHERE project_id = $1 AND conversation_id = $2 AND kind = 'message' ORDER BY seq",
    )
    .bind(project_id.to_string())
    .bind(id.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let author: String = row.try_get("author_kind")?;
            let detail: Option<String> = row.try_get("detail")?;
            Ok(MessageFact {
                author: match author.as_str() {
                    "visitor" => AuthorKind::Visitor,
                    "agent" => AuthorKind::Agent,
                    _ => AuthorKind::System,
                },
                body: row
                    .try_get::<Option<String>, _>("body")?
                    .unwrap_or_default(),
                content: match detail {
                    None => Content::Text,
                    Some(detail) => serde_json::from_str(&detail)
                        .map_err(|_| decode_error("events.detail", &detail))?,
                },
                at: Timestamp(row.try_get("created_at")?),
            })
        })
        .collect()
}

/// The serving agent's name after each placement change of a conversation, oldest first.
pub async fn assignee_names(
    conn: &mut AnyConnection,
    project_id: ProjectId,
    id: ConversationId,
) -> Result<Vec<Option<String>>, sqlx::Error> {
    /// Only the part of a stored placement change the panel needs.
    #[derive(serde::Deserialize)]
    struct Detail {
        placement: Placement,
    }
    #[derive(serde::Deserialize)]
    struct Placement {
        assignee_name: Option<String>,
    }
    let details: Vec<Option<String>> = sqlx::query_scalar(
        "SELECT detail FROM events WHERE project_id = $1 AND conversation_id = $2 \
         AND kind = 'conversation' ORDER BY seq",
    )
    .bind(project_id.to_string())
    .bind(id.to_string())
    .fetch_all(conn)
    .await?;
    details
        .into_iter()
        .flatten()
        .map(|detail| {
            serde_json::from_str::<Detail>(&detail)
                .map(|parsed| parsed.placement.assignee_name)
                .map_err(|_| decode_error("events.detail", &detail))
        })
        .collect()
}

/// The panel's part of a contact merge (in its transaction): `keep` takes the tags of `fold`
/// it lacks, and its region and notes when it has none.
pub async fn merge(conn: &mut AnyConnection, keep: &str, fold: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO visitor_tags (visitor_id, tag_id) SELECT $1, tag_id FROM visitor_tags \
         WHERE visitor_id = $2 AND tag_id NOT IN \
         (SELECT tag_id FROM visitor_tags WHERE visitor_id = $1)",
    )
    .bind(keep)
    .bind(fold)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM visitor_tags WHERE visitor_id = $1")
        .bind(fold)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE visitors SET \
         region = COALESCE(region, (SELECT f.region FROM visitors f WHERE f.id = $2)), \
         notes = COALESCE(notes, (SELECT f.notes FROM visitors f WHERE f.id = $2)) \
         WHERE id = $1",
    )
    .bind(keep)
    .bind(fold)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
