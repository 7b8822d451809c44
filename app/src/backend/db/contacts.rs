//! Visitors as contacts: listing and searching, details, editing, blacklisting, merging.
use super::Backend;
use super::conversation_search;
use super::projects::decode_error;
use super::statement::Sql;
use crate::models::contact::{
    Contact, ContactConversation, ContactFields, ConversationContact, MAX_CONTACT_LOOKUP,
};
use crate::models::keyset::KeysetCursor;
use crate::models::{ConversationId, ProjectId, TeamId, Timestamp, UserId, VisitorId};
use crate::routing::conversation_access::Placement;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// Which contacts a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactFilter {
    /// Everyone.
    All,
    /// Those with a name, email or phone.
    Known,
    /// Blacklisted ones.
    Blocked,
}

const COLUMNS: &str = "v.id, v.name, v.email, v.phone, v.blocked_at, v.last_seen_at, \
     (SELECT COUNT(*) FROM conversations c WHERE c.visitor_id = v.id) AS conversation_count";

fn contact_from(row: &AnyRow) -> Result<Contact, sqlx::Error> {
    let id: String = row.try_get("id")?;
    Ok(Contact {
        id: VisitorId::parse(&id).ok_or_else(|| decode_error("visitors.id", &id))?,
        name: row.try_get("name")?,
        email: row.try_get("email")?,
        phone: row.try_get("phone")?,
        blocked: row.try_get::<Option<i64>, _>("blocked_at")?.is_some(),
        conversations: row.try_get("conversation_count")?,
        last_seen_at: Timestamp(row.try_get("last_seen_at")?),
    })
}

/// The project's contacts (never merged-away ones), most recently seen first, after `after`
/// (keyset: last seen, then id, both descending); `search` matches name, email or phone,
/// case-insensitively.
pub async fn list(
    conn: &mut AnyConnection,
    backend: Backend,
    project_id: ProjectId,
    search: &str,
    filter: ContactFilter,
    after: Option<&KeysetCursor>,
    limit: i64,
) -> Result<Vec<Contact>, sqlx::Error> {
    let mut sql = Sql::new(backend, &format!("SELECT {COLUMNS} FROM visitors v"));
    let project = sql.text(project_id.to_string());
    sql.push(&format!(
        " WHERE v.project_id = {project} AND v.merged_into IS NULL"
    ));
    let needle = search.trim().to_lowercase();
    // No search: no per-row text test, so the page is read straight off the index. A search
    // that few contacts match is read from the trigram indexes, a common one walked in order.
    if !needle.is_empty() {
        let project = project_id.to_string();
        let test =
            if conversation_search::contacts_indexed(conn, backend, &project, &needle).await? {
                conversation_search::among_matching_contacts(&mut sql, &project, &needle)
            } else {
                let name = sql.contains("LOWER(COALESCE(v.name, ''))", &needle);
                let email = sql.contains("LOWER(COALESCE(v.email, ''))", &needle);
                let phone = sql.contains("COALESCE(v.phone, '')", &needle);
                format!("{name} OR {email} OR {phone}")
            };
        sql.push(&format!(" AND ({test})"));
    }
    sql.push(match filter {
        ContactFilter::All => "",
        ContactFilter::Known => {
            " AND (v.name IS NOT NULL OR v.email IS NOT NULL OR v.phone IS NOT NULL)"
        }
        ContactFilter::Blocked => " AND v.blocked_at IS NOT NULL",
    });
    sql.after(after, "v.last_seen_at", "v.id");
    let limit = sql.int(limit);
    sql.push(&format!(
        " ORDER BY v.last_seen_at DESC, v.id DESC LIMIT {limit}"
    ));
    let rows = sql.query().fetch_all(conn).await?;
    rows.iter().map(contact_from).collect()
}

/// One contact of the project (not a merged-away one).
pub async fn find(
    conn: &mut AnyConnection,
    project_id: ProjectId,
    id: VisitorId,
) -> Result<Option<Contact>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM visitors v WHERE v.project_id = $1 AND v.id = $2 \
         AND v.merged_into IS NULL"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(project_id.to_string())
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(contact_from).transpose()
}

/// A contact's conversations, newest first.
pub async fn conversations_of(
    conn: &mut AnyConnection,
    id: VisitorId,
) -> Result<Vec<ContactConversation>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, status, created_at, last_activity_at FROM conversations \
         WHERE visitor_id = $1 ORDER BY created_at DESC, id",
    )
    .bind(id.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let id: String = row.try_get("id")?;
            Ok(ContactConversation {
                id: ConversationId::parse(&id)
                    .ok_or_else(|| decode_error("conversations.id", &id))?,
                open: row.try_get::<String, _>("status")? == "open",
                created_at: Timestamp(row.try_get("created_at")?),
                last_activity_at: Timestamp(row.try_get("last_activity_at")?),
            })
        })
        .collect()
}

/// The contact of a conversation with where the conversation stands (who may see it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationContactRow {
    /// The visitor's fields.
    pub contact: ConversationContact,
    /// The conversation's placement, as the permission rules see it.
    pub access: Placement,
}

/// The visitors of the project's conversations among `ids` (at most
/// [`MAX_CONTACT_LOOKUP`]; others of the project and unknown ids are left out), in one query.
pub async fn of_conversations(
    conn: &mut AnyConnection,
    project_id: ProjectId,
    ids: &[ConversationId],
) -> Result<Vec<ConversationContactRow>, sqlx::Error> {
    let ids = &ids[..ids.len().min(MAX_CONTACT_LOOKUP)];
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders = (2..ids.len() + 2)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT c.id, c.team_id, c.assignee_id, c.status, v.name, v.email, v.phone \
         FROM conversations c JOIN visitors v ON v.id = c.visitor_id \
         WHERE c.project_id = $1 AND c.id IN ({placeholders}) ORDER BY c.id"
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(project_id.to_string());
    for id in ids {
        query = query.bind(id.to_string());
    }
    let rows = query.fetch_all(conn).await?;
    rows.iter().map(conversation_contact_from).collect()
}

fn conversation_contact_from(row: &AnyRow) -> Result<ConversationContactRow, sqlx::Error> {
    let id: String = row.try_get("id")?;
    let team: Option<String> = row.try_get("team_id")?;
    let assignee: Option<String> = row.try_get("assignee_id")?;
    Ok(ConversationContactRow {
        contact: ConversationContact {
            conversation_id: ConversationId::parse(&id)
                .ok_or_else(|| decode_error("conversations.id", &id))?,
            name: row.try_get("name")?,
            email: row.try_get("email")?,
            phone: row.try_get("phone")?,
        },
        access: Placement {
            assignee: assignee
                .map(|text| {
                    UserId::parse(&text)
                        .ok_or_else(|| decode_error("conversations.assignee_id", &text))
                })
                .transpose()?,
            team: team
                .map(|text| {
                    TeamId::parse(&text).ok_or_else(|| decode_error("conversations.team_id", &text))
                })
                .transpose()?,
            closed: row.try_get::<String, _>("status")? == "closed",
        },
    })
}

/// Stores a contact's fields; false when the project has no such contact.
pub async fn update_fields(
    conn: &mut AnyConnection,
    project_id: ProjectId,
    id: VisitorId,
    fields: &ContactFields,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE visitors SET name = $1, email = $2, phone = $3, name_pairs = $6 \
         WHERE id = $4 AND project_id = $5 AND merged_into IS NULL",
    )
    .bind(fields.name.clone())
    .bind(fields.email.clone())
    .bind(fields.phone.clone())
    .bind(id.to_string())
    .bind(project_id.to_string())
    .bind(crate::models::search_pairs::name_pairs(
        fields.name.as_deref(),
    ))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Blacklists (`Some(now)`) or un-blacklists (`None`) a contact; false when there is none.
pub async fn set_blocked(
    conn: &mut AnyConnection,
    project_id: ProjectId,
    id: VisitorId,
    blocked_at: Option<Timestamp>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE visitors SET blocked_at = $1 WHERE id = $2 AND project_id = $3 \
         AND merged_into IS NULL",
    )
    .bind(blocked_at.map(|at| at.0))
    .bind(id.to_string())
    .bind(project_id.to_string())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Folds contact `fold` into `keep` (both checked to be live contacts of the project by the
/// caller, in the same transaction): their conversations, events and page views move; fields
/// `keep` lacks are taken from `fold`; a block on either stays; tokens of `fold` (and of
/// anything merged into it before) now lead to `keep`.
pub async fn merge(
    conn: &mut AnyConnection,
    keep: VisitorId,
    fold: VisitorId,
) -> Result<(), sqlx::Error> {
    let (keep, fold) = (keep.to_string(), fold.to_string());
    for table in ["conversations", "events", "page_views"] {
        let sql = format!("UPDATE {table} SET visitor_id = $1 WHERE visitor_id = $2");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&keep)
            .bind(&fold)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query(
        "UPDATE visitors SET \
         name = COALESCE(name, (SELECT f.name FROM visitors f WHERE f.id = $2)), \
         name_pairs = CASE WHEN name IS NULL \
         THEN (SELECT f.name_pairs FROM visitors f WHERE f.id = $2) ELSE name_pairs END, \
         email = COALESCE(email, (SELECT f.email FROM visitors f WHERE f.id = $2)), \
         phone = COALESCE(phone, (SELECT f.phone FROM visitors f WHERE f.id = $2)), \
         blocked_at = COALESCE(blocked_at, (SELECT f.blocked_at FROM visitors f WHERE f.id = $2)), \
         last_seen_at = CASE WHEN (SELECT f.last_seen_at FROM visitors f WHERE f.id = $2) > last_seen_at \
         THEN (SELECT f.last_seen_at FROM visitors f WHERE f.id = $2) ELSE last_seen_at END \
         WHERE id = $1",
    )
    .bind(&keep)
    .bind(&fold)
    .execute(&mut *conn)
    .await?;
    super::visitor_panel::merge(&mut *conn, &keep, &fold).await?;
    sqlx::query("UPDATE visitors SET merged_into = $1 WHERE id = $2 OR merged_into = $2")
        .bind(&keep)
        .bind(&fold)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
