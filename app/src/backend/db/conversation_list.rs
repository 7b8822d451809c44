//! The workbench's conversation lists as indexed queries: one statement per page or count,
//! with the viewer's access rule, the view and the filters in its `WHERE`, keyset-paginated in
//! the list's order (pinned first, newest message next, then id).
use super::Db;
use super::conversation_search::{self, TextPlan};
use super::projects::decode_error;
use super::statement::Sql;
use crate::models::contact::phone_digits;
use crate::models::conversation_list::{Filters, ListCursor, SEARCH_COUNT_CAP, View};
use crate::models::{ConversationId, ProjectId, Role, TeamId, Timestamp, UserId};
use crate::realtime::chat_log::ConversationRow;
use crate::realtime::placement::ConversationPlacement;
use crate::realtime::protocol::AuthorKind;
use crate::routing::conversation_state::WaitThresholds;
use sqlx::Row;
use sqlx::any::AnyRow;

/// Who is asking: the rule that decides which conversations they may see at all.
#[derive(Debug, Clone, Copy)]
pub struct Asker {
    /// Who.
    pub id: UserId,
    /// Admins see every conversation; agents their teams', unrouted ones and their own.
    pub role: Role,
}

/// What a list query needs besides the view and filters.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    /// The server's time.
    pub now: Timestamp,
    /// The agent's last local midnight (for "today").
    pub midnight: Timestamp,
    /// The project's waiting thresholds.
    pub thresholds: WaitThresholds,
    /// Conversations whose visitor has the widget open.
    pub online: &'a [ConversationId],
    /// How the text filters are answered ([`conversation_search::plan`]).
    pub text: TextPlan,
}

/// Adds `WHERE` conditions for the project, the asker's access, the view and the filters.
fn conditions(
    sql: &mut Sql,
    project: &str,
    asker: Asker,
    view: View,
    filters: &Filters,
    context: &Context<'_>,
) {
    let project_id = sql.text(project);
    sql.push(&format!(" WHERE c.project_id = {project_id}"));
    access_condition(sql, asker);
    sql.push(match view {
        View::Mine => "",
        View::Queued => " AND c.status = 'open' AND c.assignee_id IS NULL",
        View::Unread => " AND c.status = 'open' AND c.unread_count > 0",
        View::OnHold => " AND c.status = 'open' AND c.assignee_id IS NOT NULL AND c.on_hold = 1",
        View::Replied => {
            " AND c.status = 'open' AND c.assignee_id IS NOT NULL AND c.on_hold = 0 \
             AND c.oldest_unanswered_at IS NULL"
        }
        View::Closed => " AND c.status = 'closed'",
        View::All => "",
    });
    if view == View::Mine {
        let me = sql.text(asker.id.to_string());
        sql.push(&format!(" AND c.status = 'open' AND c.assignee_id = {me}"));
    }
    filter_conditions(sql, project, filters, context);
}

/// Limits the rows to those `asker` may see: admins everything, agents their teams',
/// unrouted ones and their own.
fn access_condition(sql: &mut Sql, asker: Asker) {
    if asker.role != Role::Admin {
        let me = sql.text(asker.id.to_string());
        sql.push(&format!(
            " AND (c.team_id IS NULL OR c.assignee_id = {me} \
             OR c.team_id IN (SELECT team_id FROM team_members WHERE user_id = {me}))"
        ));
    }
}

fn filter_conditions(sql: &mut Sql, project: &str, filters: &Filters, context: &Context<'_>) {
    if filters.online {
        let ids = context.online.iter().map(ToString::to_string).collect();
        let set = sql.text_set(ids);
        sql.push(&format!(" AND c.id IN ({set})"));
    }
    if filters.soon || filters.overdue {
        // Waiting longer than a threshold: "soon" means past soon but not past overdue.
        let soon_before = sql.int(context.now.0 - context.thresholds.soon_secs * 1000 - 999);
        let overdue_before = sql.int(context.now.0 - context.thresholds.overdue_secs * 1000 - 999);
        let waiting = "c.status = 'open' AND c.on_hold = 0 AND c.oldest_unanswered_at";
        let soon =
            format!("({waiting} < {soon_before} AND c.oldest_unanswered_at >= {overdue_before})");
        let overdue = format!("({waiting} < {overdue_before})");
        sql.push(&match (filters.soon, filters.overdue) {
            (true, true) => format!(" AND ({soon} OR {overdue})"),
            (true, false) => format!(" AND {soon}"),
            _ => format!(" AND {overdue}"),
        });
    }
    if let Some((from, until)) = filters.last_reply.window(context.now, context.midnight) {
        let (from, until) = (sql.int(from), sql.int(until));
        sql.push(&format!(
            " AND c.last_agent_reply_at >= {from} AND c.last_agent_reply_at < {until}"
        ));
    }
    let email = filters.email.trim().to_lowercase();
    if !email.is_empty() {
        let test = conversation_search::email_condition(sql, project, &email, &context.text.email);
        sql.push(&format!(" AND {test}"));
    }
    let digits = phone_digits(&filters.phone);
    if !digits.is_empty() {
        let test = conversation_search::phone_condition(sql, project, &digits, &context.text.phone);
        sql.push(&format!(" AND {test}"));
    }
    if let Some(tag) = filters.tag {
        let tag = sql.text(tag.0.to_string());
        sql.push(&format!(
            " AND EXISTS (SELECT 1 FROM visitor_tags vt WHERE vt.visitor_id = c.visitor_id \
             AND vt.tag_id = {tag})"
        ));
    }
    let needle = filters.search.trim();
    if !needle.is_empty() {
        let found =
            conversation_search::search_condition(sql, project, needle, &context.text.search);
        sql.push(&format!(" AND ({found})"));
    }
}

/// The row's columns and joins.
const SELECT_ROWS: &str = "SELECT c.id, c.status, c.team_id, t.routing_mode, c.assignee_id, \
     u.display_name AS assignee_name, c.queued_at, c.on_hold, c.pinned, c.last_message_at, \
     c.last_message_author, c.last_message_body, c.unread_count, c.oldest_unanswered_at, \
     c.last_agent_reply_at, v.name AS visitor_name \
     FROM conversations c JOIN visitors v ON v.id = c.visitor_id \
     LEFT JOIN users u ON u.id = c.assignee_id LEFT JOIN teams t ON t.id = c.team_id";

/// A list row and its visitor's name.
pub type Listed = (ConversationRow, Option<String>);

/// One page of `view` after `after`, at most `limit` rows, in the list's order.
#[allow(clippy::too_many_arguments)]
pub async fn page(
    db: &Db,
    project: &str,
    asker: Asker,
    view: View,
    filters: &Filters,
    context: &Context<'_>,
    after: Option<ListCursor>,
    limit: usize,
) -> Result<Vec<Listed>, sqlx::Error> {
    let mut sql = Sql::new(db.backend(), SELECT_ROWS);
    conditions(&mut sql, project, asker, view, filters, context);
    if let Some(cursor) = after {
        let pinned = sql.int(i64::from(cursor.pinned));
        let at = sql.int(cursor.last_at.0);
        let id = sql.text(cursor.id.to_string());
        sql.push(&format!(
            " AND (c.pinned < {pinned} OR (c.pinned = {pinned} AND (c.last_message_at < {at} \
             OR (c.last_message_at = {at} AND c.id < {id}))))"
        ));
    }
    let limit = sql.int(i64::try_from(limit).unwrap_or(i64::MAX));
    sql.push(&format!(
        " ORDER BY c.pinned DESC, c.last_message_at DESC, c.id DESC LIMIT {limit}"
    ));
    let rows = sql.query().fetch_all(db.pool()).await?;
    rows.iter().map(listed_from_row).collect()
}

/// Whether a text filter is in use (search, email or phone).
fn about_text(filters: &Filters) -> bool {
    !filters.email.trim().is_empty()
        || !phone_digits(&filters.phone).is_empty()
        || !filters.search.trim().is_empty()
}

/// A count reads the conversations alone (an index count); text filters test the contact
/// and the messages in subqueries.
const COUNT_CONVERSATIONS: &str = "SELECT COUNT(*) FROM conversations c";

/// How many conversations `view` holds with `filters`. With a text filter the count stops
/// one past [`SEARCH_COUNT_CAP`] ("more than 99"): counting every match of a common word
/// would read the whole history.
pub async fn count(
    db: &Db,
    project: &str,
    asker: Asker,
    view: View,
    filters: &Filters,
    context: &Context<'_>,
) -> Result<u64, sqlx::Error> {
    let capped = about_text(filters);
    let mut sql = if capped {
        Sql::new(
            db.backend(),
            "SELECT COUNT(*) FROM (SELECT 1 FROM conversations c",
        )
    } else {
        Sql::new(db.backend(), COUNT_CONVERSATIONS)
    };
    conditions(&mut sql, project, asker, view, filters, context);
    if capped {
        let cap = sql.int(i64::try_from(SEARCH_COUNT_CAP + 1).unwrap_or(i64::MAX));
        sql.push(&format!(" LIMIT {cap}) capped"));
    }
    let count: i64 = sql.query().fetch_one(db.pool()).await?.try_get(0)?;
    Ok(u64::try_from(count).unwrap_or_default())
}

/// Open conversations with unread visitor messages that `asker` serves or nobody serves (the
/// tab title's number), among those they may see.
pub async fn attention(
    db: &Db,
    project: &str,
    asker: Asker,
    context: &Context<'_>,
) -> Result<u64, sqlx::Error> {
    let filters = Filters::default();
    let mut sql = Sql::new(db.backend(), COUNT_CONVERSATIONS);
    conditions(&mut sql, project, asker, View::Unread, &filters, context);
    let me = sql.text(asker.id.to_string());
    sql.push(&format!(
        " AND (c.assignee_id IS NULL OR c.assignee_id = {me})"
    ));
    let count: i64 = sql.query().fetch_one(db.pool()).await?.try_get(0)?;
    Ok(u64::try_from(count).unwrap_or_default())
}

/// Those of `conversations` that `asker` may see, in order.
pub async fn visible_among(
    db: &Db,
    project_id: ProjectId,
    asker: Asker,
    mut conversations: Vec<ConversationId>,
) -> Result<Vec<ConversationId>, sqlx::Error> {
    conversations.sort_unstable();
    if asker.role == Role::Admin || conversations.is_empty() {
        return Ok(conversations);
    }
    let mut sql = Sql::new(db.backend(), "SELECT c.id FROM conversations c");
    let ids = conversations.iter().map(ToString::to_string).collect();
    let set = sql.text_set(ids);
    let project = sql.text(project_id.to_string());
    sql.push(&format!(
        " WHERE c.id IN ({set}) AND c.project_id = {project}"
    ));
    access_condition(&mut sql, asker);
    let rows = sql.query().fetch_all(db.pool()).await?;
    let mut visible = rows
        .iter()
        .map(|row| {
            let id: String = row.try_get("id")?;
            ConversationId::parse(&id).ok_or_else(|| decode_error("conversations.id", &id))
        })
        .collect::<Result<Vec<_>, _>>()?;
    visible.sort_unstable();
    Ok(visible)
}

fn listed_from_row(row: &AnyRow) -> Result<Listed, sqlx::Error> {
    let id: String = row.try_get("id")?;
    let parse_user = |column: &str| -> Result<Option<UserId>, sqlx::Error> {
        let text: Option<String> = row.try_get(column)?;
        text.map(|text| UserId::parse(&text).ok_or_else(|| decode_error(column, &text)))
            .transpose()
    };
    let team: Option<String> = row.try_get("team_id")?;
    let mode: Option<String> = row.try_get("routing_mode")?;
    let author: Option<String> = row.try_get("last_message_author")?;
    let placement = ConversationPlacement {
        team_id: team
            .map(|text| TeamId::parse(&text).ok_or_else(|| decode_error("team_id", &text)))
            .transpose()?,
        assignee_id: parse_user("assignee_id")?,
        assignee_name: row.try_get("assignee_name")?,
        queued_at: row.try_get::<Option<i64>, _>("queued_at")?.map(Timestamp),
        closed: row.try_get::<String, _>("status")? == "closed",
        on_hold: row.try_get::<i64, _>("on_hold")? != 0,
        pinned: row.try_get::<i64, _>("pinned")? != 0,
        grab: mode.as_deref() == Some("grab"),
    };
    let conversation = ConversationRow {
        id: ConversationId::parse(&id).ok_or_else(|| decode_error("conversations.id", &id))?,
        last_body: row
            .try_get::<Option<String>, _>("last_message_body")?
            .unwrap_or_default(),
        last_author: match author.as_deref() {
            Some("agent") => AuthorKind::Agent,
            Some("system") => AuthorKind::System,
            _ => AuthorKind::Visitor,
        },
        last_at: Timestamp(row.try_get("last_message_at")?),
        unread: usize::try_from(row.try_get::<i64, _>("unread_count")?).unwrap_or_default(),
        oldest_unanswered_at: row
            .try_get::<Option<i64>, _>("oldest_unanswered_at")?
            .map(Timestamp),
        last_agent_reply_at: row
            .try_get::<Option<i64>, _>("last_agent_reply_at")?
            .map(Timestamp),
        placement,
    };
    Ok((conversation, row.try_get("visitor_name")?))
}
