//! `teams` and `team_members`: groups of agents with a routing mode. Every project has a
//! default team whose id is the project's own id; new accounts join it.
use super::Db;
use super::projects::decode_error;
use crate::models::{ProjectId, TeamId, Timestamp, UserId};
use sqlx::{Any, Row, Transaction};

/// How a team hands out conversations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoutingMode {
    /// Capacity-based assignment.
    Auto,
    /// Every online member is offered it; the first to join wins.
    Grab,
}

impl RoutingMode {
    /// Stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            RoutingMode::Auto => "auto",
            RoutingMode::Grab => "grab",
        }
    }

    /// Reads the stored form.
    pub fn from_db(text: &str) -> Result<Self, sqlx::Error> {
        match text {
            "auto" => Ok(RoutingMode::Auto),
            "grab" => Ok(RoutingMode::Grab),
            other => Err(decode_error("teams.routing_mode", other)),
        }
    }
}

/// A team of a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    /// Which.
    pub id: TeamId,
    /// Its name.
    pub name: String,
    /// Auto or grab.
    pub mode: RoutingMode,
}

/// The default team's id: the project's own.
pub fn default_team_id(project_id: ProjectId) -> TeamId {
    TeamId(project_id.0)
}

/// Creates a project's default team ("Support", auto routing) and makes it the default.
pub async fn insert_default(
    db: &Db,
    project_id: ProjectId,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    let mut tx = db.pool().begin().await?;
    sqlx::query(
        "INSERT INTO teams (id, project_id, name, routing_mode, created_at) VALUES ($1, $2, 'Support', 'auto', $3)",
    )
    .bind(default_team_id(project_id).to_string())
    .bind(project_id.to_string())
    .bind(now.0)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE projects SET default_team_id = $1 WHERE id = $2")
        .bind(default_team_id(project_id).to_string())
        .bind(project_id.to_string())
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// Creates a team.
pub async fn insert(
    db: &Db,
    project_id: ProjectId,
    team: &Team,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    insert_with(db.pool(), project_id, team, now).await
}

/// Creates a team with any executor (inside a transaction, say).
pub async fn insert_with<'c>(
    executor: impl sqlx::Executor<'c, Database = sqlx::Any>,
    project_id: ProjectId,
    team: &Team,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO teams (id, project_id, name, routing_mode, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(team.id.to_string())
    .bind(project_id.to_string())
    .bind(&team.name)
    .bind(team.mode.as_str())
    .bind(now.0)
    .execute(executor)
    .await?;
    Ok(())
}

/// The names of the project's teams.
pub async fn names(
    conn: &mut sqlx::AnyConnection,
    project_id: ProjectId,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM teams WHERE project_id = $1")
        .bind(project_id.to_string())
        .fetch_all(conn)
        .await
}

/// Whether the project has this team.
pub async fn exists(
    conn: &mut sqlx::AnyConnection,
    project_id: ProjectId,
    team_id: TeamId,
) -> Result<bool, sqlx::Error> {
    let found: Option<String> =
        sqlx::query_scalar("SELECT id FROM teams WHERE id = $1 AND project_id = $2")
            .bind(team_id.to_string())
            .bind(project_id.to_string())
            .fetch_optional(conn)
            .await?;
    Ok(found.is_some())
}

/// Whether the account belongs to the project (teams hold only their project's accounts).
pub async fn user_in_project(
    conn: &mut sqlx::AnyConnection,
    project_id: ProjectId,
    user_id: UserId,
) -> Result<bool, sqlx::Error> {
    let found: Option<String> =
        sqlx::query_scalar("SELECT id FROM users WHERE id = $1 AND project_id = $2")
            .bind(user_id.to_string())
            .bind(project_id.to_string())
            .fetch_optional(conn)
            .await?;
    Ok(found.is_some())
}

/// Every membership of the project's teams: (team, member).
pub async fn memberships(
    db: &Db,
    project_id: ProjectId,
) -> Result<Vec<(TeamId, UserId)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT m.team_id, m.user_id FROM team_members m JOIN teams t ON t.id = m.team_id \
         WHERE t.project_id = $1 ORDER BY m.team_id, m.user_id",
    )
    .bind(project_id.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            let team: String = row.try_get("team_id")?;
            let user: String = row.try_get("user_id")?;
            Ok((
                TeamId::parse(&team).ok_or_else(|| decode_error("team_members.team_id", &team))?,
                UserId::parse(&user).ok_or_else(|| decode_error("team_members.user_id", &user))?,
            ))
        })
        .collect()
}

/// Changes a team's routing mode; false when the project has no such team.
pub async fn set_mode(
    db: &Db,
    project_id: ProjectId,
    team_id: TeamId,
    mode: RoutingMode,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE teams SET routing_mode = $1 WHERE id = $2 AND project_id = $3")
        .bind(mode.as_str())
        .bind(team_id.to_string())
        .bind(project_id.to_string())
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Puts a user in a team (nothing happens if they are in it already).
pub async fn add_member<'c>(
    executor: impl sqlx::Executor<'c, Database = sqlx::Any>,
    team_id: TeamId,
    user_id: UserId,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO team_members (team_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(team_id.to_string())
    .bind(user_id.to_string())
    .execute(executor)
    .await?;
    Ok(())
}

/// Takes a user out of a team.
pub async fn remove_member(db: &Db, team_id: TeamId, user_id: UserId) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM team_members WHERE team_id = $1 AND user_id = $2")
        .bind(team_id.to_string())
        .bind(user_id.to_string())
        .execute(db.pool())
        .await?;
    Ok(())
}

/// The project's teams.
pub async fn for_project(db: &Db, project_id: ProjectId) -> Result<Vec<Team>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, name, routing_mode FROM teams WHERE project_id = $1 ORDER BY created_at, id",
    )
    .bind(project_id.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            let id: String = row.try_get("id")?;
            let mode: String = row.try_get("routing_mode")?;
            Ok(Team {
                id: TeamId::parse(&id).ok_or_else(|| decode_error("teams.id", &id))?,
                name: row.try_get("name")?,
                mode: RoutingMode::from_db(&mode)?,
            })
        })
        .collect()
}

/// The teams a user belongs to.
pub async fn of_user(
    tx: &mut Transaction<'_, Any>,
    user_id: UserId,
) -> Result<Vec<TeamId>, sqlx::Error> {
    let rows = sqlx::query("SELECT team_id FROM team_members WHERE user_id = $1")
        .bind(user_id.to_string())
        .fetch_all(&mut **tx)
        .await?;
    rows.iter()
        .map(|row| {
            let id: String = row.try_get("team_id")?;
            TeamId::parse(&id).ok_or_else(|| decode_error("team_members.team_id", &id))
        })
        .collect()
}

/// A project's default team and its routing mode.
pub async fn default_of(
    tx: &mut Transaction<'_, Any>,
    project_id: ProjectId,
) -> Result<Option<(TeamId, RoutingMode)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT t.id, t.routing_mode FROM projects p JOIN teams t ON t.id = p.default_team_id \
         WHERE p.id = $1",
    )
    .bind(project_id.to_string())
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|row| {
        let id: String = row.try_get("id")?;
        let mode: String = row.try_get("routing_mode")?;
        Ok((
            TeamId::parse(&id).ok_or_else(|| decode_error("teams.id", &id))?,
            RoutingMode::from_db(&mode)?,
        ))
    })
    .transpose()
}
