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
    // Unused conditions compare a column with itself-compatible wildcards ('' / 0 / max), so
    // one statement with fixed placeholders serves every filter.
    let state = match filter.state {
        StateFilter::Any => "",
        StateFilter::Open => "open",
        StateFilter::Closed => "closed",
    };
    // Rating: -1 any, 0 unrated, 6 rated (any stars), 1..=5 exactly.
    let rating: i64 = match filter.rating {
        RatingFilter::Any => -1,
        RatingFilter::Unrated => 0,
        RatingFilter::Rated => 6,
        RatingFilter::Stars(stars) => i64::from(stars),
    };
    let rows = sqlx::query(
        "SELECT c.id, c.status, c.created_at, c.last_activity_at, c.rating_stars, \
         c.rating_comment, \
         COALESCE(v.name, v.email, v.phone) AS visitor, u.display_name AS agent, t.name AS team, \
         (SELECT COUNT(*) FROM events e WHERE e.project_id = c.project_id \
          AND e.conversation_id = c.id AND e.kind = 'message') AS messages \
         FROM conversations c \
         JOIN visitors v ON v.id = c.visitor_id \
         LEFT JOIN users u ON u.id = c.assignee_id \
         LEFT JOIN teams t ON t.id = c.team_id \
         WHERE c.project_id = $1 \
         AND ($2 = '' OR c.assignee_id = $2) \
         AND ($3 = '' OR c.team_id = $3) \
         AND ($4 = '' OR c.status = $4) \
         AND c.created_at >= $5 AND c.created_at < $6 \
         AND ($8 = '' OR EXISTS (SELECT 1 FROM conversation_tags ct \
              WHERE ct.conversation_id = c.id AND ct.tag_id = $8)) \
         AND ($9 = -1 OR ($9 = 0 AND c.rating_stars IS NULL) \
              OR ($9 = 6 AND c.rating_stars IS NOT NULL) OR c.rating_stars = $9) \
         AND (c.last_activity_at < $10 OR (c.last_activity_at = $10 AND c.id < $11)) \
         ORDER BY c.last_activity_at DESC, c.id DESC LIMIT $7",
    )
    .bind(project_id.to_string())
    .bind(filter.agent.map(|id| id.to_string()).unwrap_or_default())
    .bind(filter.team.map(|id| id.to_string()).unwrap_or_default())
    .bind(state)
    .bind(filter.from.map_or(i64::MIN, |at| at.0))
    .bind(filter.until.map_or(i64::MAX, |at| at.0))
    .bind(limit)
    .bind(filter.tag.map(|id| id.to_string()).unwrap_or_default())
    .bind(rating)
    .bind(after.map_or(i64::MAX, |cursor| cursor.at))
    .bind(
        after
            .map(|cursor| cursor.id.to_string())
            .unwrap_or_default(),
    )
    .fetch_all(conn)
    .await?;
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
