//! Agents as routing sees them: chosen status, presence, limit, load, teams.
use super::Db;
use super::projects::decode_error;
use crate::models::{ProjectId, TeamId, Timestamp, UserId};
use crate::realtime::placement::AgentPresence;
use crate::routing::agent_status::{ChosenStatus, status_at};
use crate::routing::assignment::AgentLoad;
use sqlx::{AnyConnection, Row};

/// Most conversations an agent's limit may be set to.
pub const MAX_LIMIT: i64 = 100;

fn chosen_from(text: &str) -> Result<ChosenStatus, sqlx::Error> {
    match text {
        "online" => Ok(ChosenStatus::Online),
        "away" => Ok(ChosenStatus::Away),
        other => Err(decode_error("users.chosen_status", other)),
    }
}

fn chosen_text(status: ChosenStatus) -> &'static str {
    match status {
        ChosenStatus::Online => "online",
        ChosenStatus::Away => "away",
    }
}

/// One active agent with their load and status at a moment.
#[derive(Debug, Clone)]
pub struct AgentRow {
    /// What routing needs.
    pub load: AgentLoad,
    /// Display name.
    pub name: String,
    /// What they chose.
    pub chosen: ChosenStatus,
}

impl AgentRow {
    /// As the workbench's team list shows them.
    pub fn presence(&self) -> AgentPresence {
        AgentPresence {
            id: self.load.id,
            name: self.name.clone(),
            status: self.load.status,
            chosen: self.chosen,
            open: self.load.open,
            limit: self.load.limit,
            teams: self.load.teams.clone(),
        }
    }
}

/// Every active agent of a project with their open conversations, limit and teams, as seen
/// at `now`. Inside a routing transaction this is what the claim is decided on.
pub async fn rows(
    conn: &mut AnyConnection,
    project_id: ProjectId,
    now: Timestamp,
) -> Result<Vec<AgentRow>, sqlx::Error> {
    let agents = sqlx::query(
        "SELECT u.id, u.display_name, u.chosen_status, u.present_until, u.last_assigned_at, \
         COALESCE(u.conversation_limit, p.default_conversation_limit) AS conversation_limit, \
         (SELECT COUNT(*) FROM conversations c WHERE c.assignee_id = u.id AND c.status = 'open') AS open_count \
         FROM users u JOIN projects p ON p.id = u.project_id \
         WHERE u.project_id = $1 AND u.active = 1 ORDER BY u.id",
    )
    .bind(project_id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let members = sqlx::query(
        "SELECT tm.user_id, tm.team_id FROM team_members tm JOIN users u ON u.id = tm.user_id \
         WHERE u.project_id = $1",
    )
    .bind(project_id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let mut memberships: Vec<(UserId, TeamId)> = Vec::with_capacity(members.len());
    for row in &members {
        let user: String = row.try_get("user_id")?;
        let team: String = row.try_get("team_id")?;
        memberships.push((
            UserId::parse(&user).ok_or_else(|| decode_error("team_members.user_id", &user))?,
            TeamId::parse(&team).ok_or_else(|| decode_error("team_members.team_id", &team))?,
        ));
    }
    agents
        .iter()
        .map(|row| {
            let id: String = row.try_get("id")?;
            let id = UserId::parse(&id).ok_or_else(|| decode_error("users.id", &id))?;
            let chosen = chosen_from(&row.try_get::<String, _>("chosen_status")?)?;
            let present_until: Option<i64> = row.try_get("present_until")?;
            let limit: i64 = row.try_get("conversation_limit")?;
            let open: i64 = row.try_get("open_count")?;
            let last_assigned_at: Option<i64> = row.try_get("last_assigned_at")?;
            Ok(AgentRow {
                load: AgentLoad {
                    id,
                    status: status_at(chosen, present_until.map(Timestamp), now),
                    limit: u32::try_from(limit.max(0)).unwrap_or(0),
                    open: u32::try_from(open.max(0)).unwrap_or(u32::MAX),
                    last_assigned_at: last_assigned_at.map(Timestamp),
                    teams: memberships
                        .iter()
                        .filter(|(user, _)| *user == id)
                        .map(|(_, team)| *team)
                        .collect(),
                },
                name: row.try_get("display_name")?,
                chosen,
            })
        })
        .collect()
}

/// The project's agents as the workbench's team list shows them.
pub async fn roster(
    db: &Db,
    project_id: ProjectId,
    now: Timestamp,
) -> Result<Vec<AgentPresence>, sqlx::Error> {
    let mut conn = db.pool().acquire().await?;
    Ok(rows(&mut conn, project_id, now)
        .await?
        .iter()
        .map(AgentRow::presence)
        .collect())
}

/// Stores what an agent chose in their profile menu.
pub async fn set_chosen_status(
    conn: &mut AnyConnection,
    user_id: UserId,
    status: ChosenStatus,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET chosen_status = $1 WHERE id = $2")
        .bind(chosen_text(status))
        .bind(user_id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// Moves the presence of agents with a workbench on this node forward to `until`.
pub async fn vouch(
    conn: &mut AnyConnection,
    users: &[UserId],
    until: Timestamp,
) -> Result<(), sqlx::Error> {
    for user in users {
        sqlx::query("UPDATE users SET present_until = $1 WHERE id = $2")
            .bind(until.0)
            .bind(user.to_string())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Records that an agent was just given a conversation (ties go to the one idle longest).
pub async fn mark_assigned(
    conn: &mut AnyConnection,
    user_id: UserId,
    at: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET last_assigned_at = $1 WHERE id = $2")
        .bind(at.0)
        .bind(user_id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// Sets an agent's own conversation limit (`None`: the project's default); false when the
/// project has no such agent.
pub async fn set_limit(
    conn: &mut AnyConnection,
    project_id: ProjectId,
    user_id: UserId,
    limit: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE users SET conversation_limit = $1 WHERE id = $2 AND project_id = $3")
            .bind(limit)
            .bind(user_id.to_string())
            .bind(project_id.to_string())
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}
