//! Every conversation of a project with its people and size (the console's Sessions), and
//! the messages of one of them (its transcript).
use super::projects::decode_error;
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
    project_id: ProjectId,
    filter: &SessionFilter,
    after: Option<&KeysetCursor>,
    limit: i64,
) -> Result<Vec<SessionRow>, sqlx::Error> {
    // Only the conditions in use are written, so each statement's plan fits its filters (a
    // PostgreSQL plan cached for "any agent, any day" would otherwise scan every row).
    enum Bind {
        Text(String),
        Int(i64),
    }
    let mut binds = Vec::new();
    let mut bind = |value: Bind| {
        binds.push(value);
        format!("${}", binds.len())
    };
    let mut conditions = vec![format!(
        "c.project_id = {}",
        bind(Bind::Text(project_id.to_string()))
    )];
    if let Some(agent) = filter.agent {
        conditions.push(format!(
            "c.assignee_id = {}",
            bind(Bind::Text(agent.to_string()))
        ));
    }
    if let Some(team) = filter.team {
        conditions.push(format!(
            "c.team_id = {}",
            bind(Bind::Text(team.to_string()))
        ));
    }
    match filter.state {
        StateFilter::Any => {}
        StateFilter::Open => conditions.push("c.status = 'open'".to_owned()),
        StateFilter::Closed => conditions.push("c.status = 'closed'".to_owned()),
    }
    if let Some(from) = filter.from {
        conditions.push(format!("c.created_at >= {}", bind(Bind::Int(from.0))));
    }
    if let Some(until) = filter.until {
        conditions.push(format!("c.created_at < {}", bind(Bind::Int(until.0))));
    }
    if let Some(tag) = filter.tag {
        conditions.push(format!(
            "EXISTS (SELECT 1 FROM conversation_tags ct WHERE ct.conversation_id = c.id \
             AND ct.tag_id = {})",
            bind(Bind::Text(tag.to_string()))
        ));
    }
    match filter.rating {
        RatingFilter::Any => {}
        RatingFilter::Unrated => conditions.push("c.rating_stars IS NULL".to_owned()),
        RatingFilter::Rated => conditions.push("c.rating_stars IS NOT NULL".to_owned()),
        RatingFilter::Stars(stars) => conditions.push(format!(
            "c.rating_stars = {}",
            bind(Bind::Int(i64::from(stars)))
        )),
    }
    if let Some(cursor) = after {
        let at = bind(Bind::Int(cursor.at));
        let id = bind(Bind::Text(cursor.id.to_string()));
        conditions.push(format!(
            "(c.last_activity_at < {at} OR (c.last_activity_at = {at} AND c.id < {id}))"
        ));
    }
    let limit = bind(Bind::Int(limit));
    let sql = format!(
        "SELECT c.id, c.status, c.created_at, c.last_activity_at, c.rating_stars, \
         c.rating_comment, \
         COALESCE(v.name, v.email, v.phone) AS visitor, u.display_name AS agent, t.name AS team, \
         (SELECT COUNT(*) FROM events e WHERE e.project_id = c.project_id \
          AND e.conversation_id = c.id AND e.kind = 'message') AS messages \
         FROM conversations c \
         JOIN visitors v ON v.id = c.visitor_id \
         LEFT JOIN users u ON u.id = c.assignee_id \
         LEFT JOIN teams t ON t.id = c.team_id \
         WHERE {} ORDER BY c.last_activity_at DESC, c.id DESC LIMIT {limit}",
        conditions.join(" AND ")
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for value in &binds {
        query = match value {
            Bind::Text(text) => query.bind(text.as_str()),
            Bind::Int(number) => query.bind(*number),
        };
    }
    let rows = query.fetch_all(conn).await?;
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
