//! Every conversation of a project with its people and size (the console's Sessions), and
//! the messages of one of them (its transcript).
use super::Backend;
use super::projects::decode_error;
use super::statement::Sql;
use crate::models::history::{
    RatingFilter, SessionFilter, SessionRow, Speaker, StateFilter, TranscriptLine,
};
use crate::models::keyset::KeysetCursor;
use crate::models::{ConversationId, ProjectId, Timestamp};
use sqlx::{AnyConnection, Row};

/// The project's conversations matching `filter`, most recently active first, after
/// `after` (keyset: activity time, then id, both descending).
pub async fn sessions(
    conn: &mut AnyConnection,
    backend: Backend,
    project_id: ProjectId,
    filter: &SessionFilter,
    after: Option<&KeysetCursor>,
    limit: i64,
) -> Result<Vec<SessionRow>, sqlx::Error> {
    // Only the conditions in use are written (see `statement`).
    let mut sql = Sql::new(
        backend,
        "SELECT c.id, c.status, c.created_at, c.last_activity_at, c.rating_stars, \
         c.rating_comment, \
         COALESCE(v.name, v.email, v.phone) AS visitor, u.display_name AS agent, t.name AS team, \
         (SELECT COUNT(*) FROM events e WHERE e.project_id = c.project_id \
          AND e.conversation_id = c.id AND e.kind = 'message') AS messages \
         FROM conversations c \
         JOIN visitors v ON v.id = c.visitor_id \
         LEFT JOIN users u ON u.id = c.assignee_id \
         LEFT JOIN teams t ON t.id = c.team_id",
    );
    let project = sql.text(project_id.to_string());
    sql.push(&format!(" WHERE c.project_id = {project}"));
    if let Some(agent) = filter.agent {
        let agent = sql.text(agent.to_string());
        sql.push(&format!(" AND c.assignee_id = {agent}"));
    }
    if let Some(team) = filter.team {
        let team = sql.text(team.to_string());
        sql.push(&format!(" AND c.team_id = {team}"));
    }
    sql.push(match filter.state {
        StateFilter::Any => "",
        StateFilter::Open => " AND c.status = 'open'",
        StateFilter::Closed => " AND c.status = 'closed'",
    });
    if let Some(from) = filter.from {
        let from = sql.int(from.0);
        sql.push(&format!(" AND c.created_at >= {from}"));
    }
    if let Some(until) = filter.until {
        let until = sql.int(until.0);
        sql.push(&format!(" AND c.created_at < {until}"));
    }
    if let Some(tag) = filter.tag {
        let tag = sql.text(tag.to_string());
        sql.push(&format!(
            " AND EXISTS (SELECT 1 FROM conversation_tags ct WHERE ct.conversation_id = c.id \
             AND ct.tag_id = {tag})"
        ));
    }
    match filter.rating {
        RatingFilter::Any => {}
        RatingFilter::Unrated => sql.push(" AND c.rating_stars IS NULL"),
        RatingFilter::Rated => sql.push(" AND c.rating_stars IS NOT NULL"),
        RatingFilter::Stars(stars) => {
            let stars = sql.int(i64::from(stars));
            sql.push(&format!(" AND c.rating_stars = {stars}"));
        }
    }
    sql.after(after, "c.last_activity_at", "c.id");
    let limit = sql.int(limit);
    sql.push(&format!(
        " ORDER BY c.last_activity_at DESC, c.id DESC LIMIT {limit}"
    ));
    let rows = sql.query().fetch_all(conn).await?;
    rows.iter()
        .map(|row| {
            let id: String = row.try_get("id")?;
            Ok(SessionRow {
                rating_stars: row
                    .try_get::<Option<i64>, _>("rating_stars")?
                    .and_then(|stars| u8::try_from(stars).ok()),
                rating_comment: row.try_get("rating_comment")?,
                id: ConversationId::parse(&id)
                    .ok_or_else(|| decode_error("conversations.id", &id))?,
                visitor: row.try_get("visitor")?,
                agent: row.try_get("agent")?,
                team: row.try_get("team")?,
                open: row.try_get::<String, _>("status")? == "open",
                started_at: Timestamp(row.try_get("created_at")?),
                last_activity_at: Timestamp(row.try_get("last_activity_at")?),
                messages: row.try_get("messages")?,
            })
        })
        .collect()
}

/// The messages of a conversation of the project, in order; `None` when it is not theirs.
pub async fn transcript(
    conn: &mut AnyConnection,
    project_id: ProjectId,
    conversation: ConversationId,
) -> Result<Option<Vec<TranscriptLine>>, sqlx::Error> {
    let exists: Option<String> =
        sqlx::query_scalar("SELECT id FROM conversations WHERE id = $1 AND project_id = $2")
            .bind(conversation.to_string())
            .bind(project_id.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    if exists.is_none() {
        return Ok(None);
    }
    let rows = sqlx::query(
        "SELECT author_kind, author_name, body, created_at FROM events \
         WHERE project_id = $1 AND conversation_id = $2 AND kind = 'message' ORDER BY seq",
    )
    .bind(project_id.to_string())
    .bind(conversation.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let kind: String = row.try_get("author_kind")?;
            Ok(TranscriptLine {
                speaker: match kind.as_str() {
                    "visitor" => Speaker::Visitor,
                    "agent" => Speaker::Agent,
                    _ => Speaker::System,
                },
                name: row.try_get("author_name")?,
                body: row
                    .try_get::<Option<String>, _>("body")?
                    .unwrap_or_default(),
                at: Timestamp(row.try_get("created_at")?),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map(Some)
}
