//! `parley agent-limit` and `parley team`: per-agent limits and teams from the command line,
//! for operators and scripts (the console's Team and Settings pages change the same).
use crate::config::Config;
use crate::error::StartupError;
use crate::startup::open_database;
use app::backend::db::{Db, agents, projects, teams, users};
use app::models::{ProjectSummary, TeamId, Timestamp, UserId};

fn internal_db(error: sqlx::Error) -> StartupError {
    StartupError::Internal(format!("database error: {error}"))
}

async fn user_by_email(
    db: &Db,
    email: &str,
) -> Result<(UserId, app::models::ProjectId), StartupError> {
    let credentials = users::find_credentials(db, &email.trim().to_lowercase())
        .await
        .map_err(internal_db)?
        .ok_or_else(|| StartupError::Invalid(format!("--email {email} names no account")))?;
    Ok((credentials.user.id, credentials.user.project_id))
}

/// Sets an agent's own conversation limit (`None`: the project's default again).
pub async fn agent_limit(
    config: &Config,
    email: &str,
    limit: Option<i64>,
) -> Result<(), StartupError> {
    if let Some(limit) = limit
        && !(1..=agents::MAX_LIMIT).contains(&limit)
    {
        return Err(StartupError::Invalid(
            "--limit must be between 1 and 100".to_owned(),
        ));
    }
    let db = open_database(config).await?;
    let (user, project) = user_by_email(&db, email).await?;
    let mut conn = db.pool().acquire().await.map_err(internal_db)?;
    agents::set_limit(&mut conn, project, user, limit)
        .await
        .map_err(internal_db)?;
    drop(conn);
    db.close().await;
    match limit {
        Some(limit) => println!("parley: {email} takes at most {limit} conversations"),
        None => println!("parley: {email} follows the project's default limit"),
    }
    Ok(())
}

/// What `parley team` was asked to do.
pub struct TeamChange<'a> {
    /// The team's name (created when the project has none by that name).
    pub name: &'a str,
    /// The project (default: the first one).
    pub project: Option<&'a str>,
    /// `auto` or `grab`.
    pub routing: Option<&'a str>,
    /// Emails of accounts to add.
    pub add: &'a [String],
    /// Emails of accounts to take out.
    pub remove: &'a [String],
}

async fn project_named(db: &Db, name: Option<&str>) -> Result<ProjectSummary, StartupError> {
    match name {
        Some(name) => projects::find_by_name(db, name.trim()).await,
        None => projects::first(db).await,
    }
    .map_err(internal_db)?
    .ok_or_else(|| StartupError::Invalid("--project names no project".to_owned()))
}

/// Creates or changes a team: its routing mode and members.
pub async fn team(config: &Config, change: TeamChange<'_>) -> Result<(), StartupError> {
    let name = app::backend::accounts::parse_name("name", change.name)
        .map_err(|_| StartupError::Invalid("--name must be 1 to 80 characters".to_owned()))?;
    let mode = match change.routing {
        Some("grab") => Some(teams::RoutingMode::Grab),
        Some(_) => Some(teams::RoutingMode::Auto),
        None => None,
    };
    let db = open_database(config).await?;
    let project = project_named(&db, change.project).await?;
    let existing = teams::for_project(&db, project.id)
        .await
        .map_err(internal_db)?
        .into_iter()
        .find(|team| team.name == name);
    let team_id = match existing {
        Some(team) => team.id,
        None => {
            let team = teams::Team {
                id: TeamId::new(),
                name: name.clone(),
                mode: mode.unwrap_or(teams::RoutingMode::Auto),
            };
            teams::insert(&db, project.id, &team, Timestamp::now())
                .await
                .map_err(internal_db)?;
            team.id
        }
    };
    if let Some(mode) = mode {
        teams::set_mode(&db, project.id, team_id, mode)
            .await
            .map_err(internal_db)?;
    }
    for (emails, adding) in [(change.add, true), (change.remove, false)] {
        for email in emails {
            let (user, user_project) = user_by_email(&db, email).await?;
            if user_project != project.id {
                return Err(StartupError::Invalid(format!(
                    "--{} {email} belongs to another project",
                    if adding { "add" } else { "remove" }
                )));
            }
            let done = if adding {
                teams::add_member(db.pool(), team_id, user).await
            } else {
                teams::remove_member(&db, team_id, user).await
            };
            done.map_err(internal_db)?;
        }
    }
    db.close().await;
    println!(
        "parley: team \"{name}\" in \"{}\" is up to date",
        project.name
    );
    Ok(())
}

/// Sets a project's subscription: how many members it pays for and until when (the day
/// `valid_until` is the last one; `None` keeps no end date). What the console shows and the
/// invitations are checked against.
pub async fn subscription(
    config: &Config,
    project: Option<&str>,
    seats: i64,
    valid_until: Option<&str>,
) -> Result<(), StartupError> {
    if !(1..=10_000).contains(&seats) {
        return Err(StartupError::Invalid(
            "--seats must be between 1 and 10000".to_owned(),
        ));
    }
    let end = match valid_until {
        Some(day) => Some(
            Timestamp::from_utc_date(day)
                .ok_or_else(|| {
                    StartupError::Invalid("--valid-until must be a date like 2027-01-31".to_owned())
                })?
                .plus_secs(86_400),
        ),
        None => None,
    };
    let db = open_database(config).await?;
    let project = project_named(&db, project).await?;
    let mut conn = db.pool().acquire().await.map_err(internal_db)?;
    app::backend::db::members::set_subscription_terms(&mut conn, project.id, seats, end)
        .await
        .map_err(internal_db)?;
    drop(conn);
    db.close().await;
    match valid_until {
        Some(day) => println!("parley: {} has {seats} seats until {day}", project.name),
        None => println!("parley: {} has {seats} seats, no end date", project.name),
    }
    Ok(())
}
