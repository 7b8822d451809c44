//! Where each conversation stands: team, serving agent, queue, closed, on hold, pinned. Every
//! write runs inside a routing transaction that holds the project's numbering lock, so the
//! decisions made on what it read still hold when it commits.
use super::Backend;
use super::events::ConversationRef;
use super::projects::decode_error;
use super::statement::Sql;
use super::teams::RoutingMode;
use crate::models::{ConversationId, ProjectId, TeamId, Timestamp, UserId, VisitorId};
use crate::realtime::placement::ConversationPlacement;
use crate::routing::assignment::Queued;
use crate::routing::conversation_access::Placement;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// A conversation's placement as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacementRow {
    /// Which conversation.
    pub conversation: ConversationRef,
    /// Its team.
    pub team_id: Option<TeamId>,
    /// The team's routing mode.
    pub mode: RoutingMode,
    /// The serving agent.
    pub assignee_id: Option<UserId>,
    /// Their name.
    pub assignee_name: Option<String>,
    /// In the queue since.
    pub queued_at: Option<Timestamp>,
    /// Closed.
    pub closed: bool,
    /// Marked "processing".
    pub on_hold: bool,
    /// Pinned.
    pub pinned: bool,
}

impl PlacementRow {
    /// As events carry it.
    pub fn placement(&self) -> ConversationPlacement {
        ConversationPlacement {
            team_id: self.team_id,
            assignee_id: self.assignee_id,
            assignee_name: self.assignee_name.clone(),
            queued_at: self.queued_at,
            closed: self.closed,
            on_hold: self.on_hold,
            pinned: self.pinned,
            grab: self.mode == RoutingMode::Grab,
        }
    }

    /// As the permission rules see it.
    pub fn access(&self) -> Placement {
        Placement {
            assignee: self.assignee_id,
            team: self.team_id,
            closed: self.closed,
        }
    }
}

fn optional_id<T>(
    row: &AnyRow,
    column: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>, sqlx::Error> {
    let text: Option<String> = row.try_get(column)?;
    text.map(|text| parse(&text).ok_or_else(|| decode_error(column, &text)))
        .transpose()
}

fn placement_from_row(row: &AnyRow) -> Result<PlacementRow, sqlx::Error> {
    let id: String = row.try_get("id")?;
    let project_id: String = row.try_get("project_id")?;
    let visitor_id: String = row.try_get("visitor_id")?;
    let status: String = row.try_get("status")?;
    let mode: Option<String> = row.try_get("routing_mode")?;
    Ok(PlacementRow {
        conversation: ConversationRef {
            id: ConversationId::parse(&id).ok_or_else(|| decode_error("conversations.id", &id))?,
            project_id: ProjectId::parse(&project_id)
                .ok_or_else(|| decode_error("conversations.project_id", &project_id))?,
            visitor_id: VisitorId::parse(&visitor_id)
                .ok_or_else(|| decode_error("conversations.visitor_id", &visitor_id))?,
        },
        team_id: optional_id(row, "team_id", TeamId::parse)?,
        mode: mode
            .as_deref()
            .map_or(Ok(RoutingMode::Auto), RoutingMode::from_db)?,
        assignee_id: optional_id(row, "assignee_id", UserId::parse)?,
        assignee_name: row.try_get("assignee_name")?,
        queued_at: row.try_get::<Option<i64>, _>("queued_at")?.map(Timestamp),
        closed: status == "closed",
        on_hold: row.try_get::<i64, _>("on_hold")? != 0,
        pinned: row.try_get::<i64, _>("pinned")? != 0,
    })
}

/// A conversation's placement with its team's mode and its agent's name.
const SELECT_PLACEMENTS: &str = "SELECT c.id, c.project_id, c.visitor_id, c.team_id, \
     t.routing_mode, c.assignee_id, u.display_name AS assignee_name, c.queued_at, c.status, \
     c.on_hold, c.pinned FROM conversations c LEFT JOIN teams t ON t.id = c.team_id \
     LEFT JOIN users u ON u.id = c.assignee_id";

/// A conversation's placement, if the project has it.
pub async fn find(
    conn: &mut AnyConnection,
    project_id: ProjectId,
    id: ConversationId,
) -> Result<Option<PlacementRow>, sqlx::Error> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT_PLACEMENTS} WHERE c.id = $1 AND c.project_id = $2"
    )))
    .bind(id.to_string())
    .bind(project_id.to_string())
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(placement_from_row).transpose()
}

/// The placements of those of `ids` the project has.
pub async fn find_many(
    conn: &mut AnyConnection,
    backend: Backend,
    project_id: ProjectId,
    ids: &[ConversationId],
) -> Result<Vec<PlacementRow>, sqlx::Error> {
    let mut sql = Sql::new(backend, SELECT_PLACEMENTS);
    let set = sql.text_set(ids.iter().map(ToString::to_string).collect());
    let project = sql.text(project_id.to_string());
    sql.push(&format!(
        " WHERE c.id IN ({set}) AND c.project_id = {project}"
    ));
    let rows = sql.query().fetch_all(conn).await?;
    rows.iter().map(placement_from_row).collect()
}

async fn execute(
    conn: &mut AnyConnection,
    query: sqlx::query::Query<'_, sqlx::Any, sqlx::any::AnyArguments>,
) -> Result<bool, sqlx::Error> {
    Ok(query.execute(conn).await?.rows_affected() == 1)
}

/// Routes a conversation to a team.
pub async fn set_team(
    conn: &mut AnyConnection,
    id: ConversationId,
    team: TeamId,
) -> Result<(), sqlx::Error> {
    let query = sqlx::query("UPDATE conversations SET team_id = $1 WHERE id = $2")
        .bind(team.to_string())
        .bind(id.to_string());
    execute(conn, query).await?;
    Ok(())
}

/// Makes `agent` the serving agent of an open conversation (it leaves the queue). False when
/// the conversation is closed.
pub async fn assign(
    conn: &mut AnyConnection,
    id: ConversationId,
    agent: UserId,
) -> Result<bool, sqlx::Error> {
    let query = sqlx::query(
        "UPDATE conversations SET assignee_id = $1, queued_at = NULL, queue_seq = NULL \
         WHERE id = $2 AND status = 'open'",
    )
    .bind(agent.to_string())
    .bind(id.to_string());
    execute(conn, query).await
}

/// Puts an open conversation at the back of the queue from `at`, served by nobody. Its place
/// is the project's newest event number: every enqueue is followed by its own event, so
/// places strictly increase in arrival order.
pub async fn enqueue(
    conn: &mut AnyConnection,
    id: ConversationId,
    at: Timestamp,
) -> Result<(), sqlx::Error> {
    let query = sqlx::query(
        "UPDATE conversations SET assignee_id = NULL, queued_at = $1, on_hold = 0, \
         queue_seq = (SELECT last_seq FROM projects WHERE projects.id = conversations.project_id) \
         WHERE id = $2 AND status = 'open'",
    )
    .bind(at.0)
    .bind(id.to_string());
    execute(conn, query).await?;
    Ok(())
}

/// Closes a conversation (its serving agent is kept as who served it).
pub async fn close(conn: &mut AnyConnection, id: ConversationId) -> Result<(), sqlx::Error> {
    let query = sqlx::query(
        "UPDATE conversations SET status = 'closed', queued_at = NULL, queue_seq = NULL, on_hold = 0 \
         WHERE id = $1",
    )
    .bind(id.to_string());
    execute(conn, query).await?;
    Ok(())
}

/// Opens a closed conversation again, served by nobody until it is routed.
pub async fn reopen(conn: &mut AnyConnection, id: ConversationId) -> Result<(), sqlx::Error> {
    let query = sqlx::query(
        "UPDATE conversations SET status = 'open', assignee_id = NULL, on_hold = 0 WHERE id = $1",
    )
    .bind(id.to_string());
    execute(conn, query).await?;
    Ok(())
}

/// Sets or clears "processing".
pub async fn set_on_hold(
    conn: &mut AnyConnection,
    id: ConversationId,
    on_hold: bool,
) -> Result<(), sqlx::Error> {
    let query = sqlx::query("UPDATE conversations SET on_hold = $1 WHERE id = $2")
        .bind(i64::from(on_hold))
        .bind(id.to_string());
    execute(conn, query).await?;
    Ok(())
}

/// Pins or unpins.
pub async fn set_pinned(
    conn: &mut AnyConnection,
    id: ConversationId,
    pinned: bool,
) -> Result<(), sqlx::Error> {
    let query = sqlx::query("UPDATE conversations SET pinned = $1 WHERE id = $2")
        .bind(i64::from(pinned))
        .bind(id.to_string());
    execute(conn, query).await?;
    Ok(())
}

/// Records when the visitor last wrote (auto-close counts from it).
pub async fn visitor_wrote(
    conn: &mut AnyConnection,
    id: ConversationId,
    at: Timestamp,
) -> Result<(), sqlx::Error> {
    let query = sqlx::query("UPDATE conversations SET last_visitor_message_at = $1 WHERE id = $2")
        .bind(at.0)
        .bind(id.to_string());
    execute(conn, query).await?;
    Ok(())
}

fn queued_from_row(row: &AnyRow) -> Result<(Queued, VisitorId), sqlx::Error> {
    let id: String = row.try_get("id")?;
    let team: String = row.try_get("team_id")?;
    let visitor: String = row.try_get("visitor_id")?;
    Ok((
        Queued {
            id: ConversationId::parse(&id).ok_or_else(|| decode_error("conversations.id", &id))?,
            team: TeamId::parse(&team)
                .ok_or_else(|| decode_error("conversations.team_id", &team))?,
            queued_at: Timestamp(row.try_get("queued_at")?),
            arrival: row.try_get("queue_seq")?,
        },
        VisitorId::parse(&visitor)
            .ok_or_else(|| decode_error("conversations.visitor_id", &visitor))?,
    ))
}

/// The oldest `limit` queued conversations of a team, oldest first.
pub async fn oldest_queued(
    conn: &mut AnyConnection,
    project_id: ProjectId,
    team: TeamId,
    limit: i64,
) -> Result<Vec<Queued>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, team_id, visitor_id, queued_at, queue_seq FROM conversations \
         WHERE project_id = $1 AND team_id = $2 AND queued_at IS NOT NULL \
         ORDER BY queue_seq, id LIMIT $3",
    )
    .bind(project_id.to_string())
    .bind(team.to_string())
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| queued_from_row(row).map(|(queued, _)| queued))
        .collect()
}

/// A queued conversation's place in its team's queue (1 = next) and its team; `None` when it
/// does not wait.
pub async fn queue_place(
    conn: &mut AnyConnection,
    project_id: ProjectId,
    id: ConversationId,
) -> Result<Option<(usize, TeamId)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT c.team_id, (SELECT COUNT(*) FROM conversations q WHERE q.project_id = c.project_id \
         AND q.team_id = c.team_id AND q.queued_at IS NOT NULL \
         AND (q.queue_seq < c.queue_seq OR (q.queue_seq = c.queue_seq AND q.id <= c.id))) AS place \
         FROM conversations c WHERE c.id = $1 AND c.project_id = $2 AND c.queued_at IS NOT NULL",
    )
    .bind(id.to_string())
    .bind(project_id.to_string())
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        let team: String = row.try_get("team_id")?;
        let place: i64 = row.try_get("place")?;
        Ok((
            usize::try_from(place).unwrap_or(0),
            TeamId::parse(&team).ok_or_else(|| decode_error("conversations.team_id", &team))?,
        ))
    })
    .transpose()
}

/// Every queued conversation of a project with its visitor, in queue order per team.
pub async fn queue_of_project(
    conn: &mut AnyConnection,
    project_id: ProjectId,
) -> Result<Vec<(Queued, VisitorId)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, team_id, visitor_id, queued_at, queue_seq FROM conversations \
         WHERE project_id = $1 AND queued_at IS NOT NULL ORDER BY team_id, queue_seq, id",
    )
    .bind(project_id.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter().map(queued_from_row).collect()
}

/// Open conversations whose visitor has not written for their project's auto-close hours.
pub async fn due_for_auto_close(
    conn: &mut AnyConnection,
    now: Timestamp,
    limit: i64,
) -> Result<Vec<(ProjectId, ConversationId)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT c.project_id, c.id FROM conversations c JOIN projects p ON p.id = c.project_id \
         WHERE c.status = 'open' \
         AND COALESCE(c.last_visitor_message_at, c.created_at) + p.auto_close_hours * 3600000 <= $1 \
         ORDER BY c.last_activity_at LIMIT $2",
    )
    .bind(now.0)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let project: String = row.try_get("project_id")?;
            let id: String = row.try_get("id")?;
            Ok((
                ProjectId::parse(&project)
                    .ok_or_else(|| decode_error("conversations.project_id", &project))?,
                ConversationId::parse(&id).ok_or_else(|| decode_error("conversations.id", &id))?,
            ))
        })
        .collect()
}

/// The projects with someone waiting in a queue.
pub async fn projects_with_queue(conn: &mut AnyConnection) -> Result<Vec<ProjectId>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT DISTINCT project_id FROM conversations WHERE queued_at IS NOT NULL")
            .fetch_all(conn)
            .await?;
    rows.iter()
        .map(|row| {
            let id: String = row.try_get("project_id")?;
            ProjectId::parse(&id).ok_or_else(|| decode_error("conversations.project_id", &id))
        })
        .collect()
}

/// The open conversations `agent` serves, oldest first.
pub async fn open_of_agent(
    conn: &mut AnyConnection,
    agent: UserId,
) -> Result<Vec<ConversationId>, sqlx::Error> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM conversations WHERE assignee_id = $1 AND status = 'open' \
         ORDER BY created_at, id",
    )
    .bind(agent.to_string())
    .fetch_all(conn)
    .await?;
    Ok(ids
        .iter()
        .filter_map(|id| ConversationId::parse(id))
        .collect())
}
