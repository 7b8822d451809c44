//! What an admin changes on the console's Settings page: the chat settings and the teams
//! (routing mode, members). Everything is scoped to the admin's project: a team or account of
//! another project is "not found". Whatever may create capacity drains the queue at once.
use super::AppState;
use super::conversation_actions::drain_queue;
use super::db::chat_settings::{self, ChatSettings};
use super::db::teams::{self, RoutingMode, Team};
use super::db::{events, members};
use crate::errors::{AppError, FieldError, FieldProblem};
use crate::models::settings::{
    ChatSettingsForm, RoutingChoice, SettingsOverview, TeamSummary, team_name_taken,
};
use crate::models::{CurrentUser, ProjectId, TeamId, Timestamp, UserId};

fn choice_of(mode: RoutingMode) -> RoutingChoice {
    match mode {
        RoutingMode::Auto => RoutingChoice::Auto,
        RoutingMode::Grab => RoutingChoice::Grab,
    }
}

fn mode_of(choice: RoutingChoice) -> RoutingMode {
    match choice {
        RoutingChoice::Auto => RoutingMode::Auto,
        RoutingChoice::Grab => RoutingMode::Grab,
    }
}

/// The stored settings as the form shows them.
pub fn form_of(settings: ChatSettings) -> ChatSettingsForm {
    ChatSettingsForm {
        soon_minutes: ChatSettingsForm::minutes_of(settings.soon_secs),
        overdue_minutes: ChatSettingsForm::minutes_of(settings.overdue_secs),
        auto_close_hours: settings.auto_close_hours,
        default_limit: settings.default_conversation_limit,
    }
}

/// The form's settings as stored.
pub fn settings_of(form: ChatSettingsForm) -> ChatSettings {
    ChatSettings {
        soon_secs: form.soon_secs(),
        overdue_secs: form.overdue_secs(),
        auto_close_hours: form.auto_close_hours,
        default_conversation_limit: form.default_limit,
    }
}

/// The teams with their members, the default team first.
pub fn summaries(
    teams: Vec<Team>,
    memberships: &[(TeamId, UserId)],
    default_team: TeamId,
) -> Vec<TeamSummary> {
    let mut summaries: Vec<TeamSummary> = teams
        .into_iter()
        .map(|team| TeamSummary {
            members: memberships
                .iter()
                .filter(|(of, _)| *of == team.id)
                .map(|(_, member)| *member)
                .collect(),
            is_default: team.id == default_team,
            routing: choice_of(team.mode),
            name: team.name,
            id: team.id,
        })
        .collect();
    // Stable: the others keep their creation order.
    summaries.sort_by_key(|team| !team.is_default);
    summaries
}

async fn drain(state: &AppState, project_id: ProjectId) -> Result<(), AppError> {
    drain_queue(state, project_id)
        .await
        .map_err(|error| error.into_app_error())
}

/// The chat settings, teams and active members of the admin's project.
pub async fn overview(state: &AppState, admin: &CurrentUser) -> Result<SettingsOverview, AppError> {
    let project_id = admin.project_id;
    let settings = chat_settings::find(&state.db, project_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let all_teams = teams::for_project(&state.db, project_id).await?;
    let memberships = teams::memberships(&state.db, project_id).await?;
    let mut conn = state.db.pool().acquire().await?;
    let agents = members::list(&mut conn, project_id)
        .await?
        .into_iter()
        .filter(|member| member.active)
        .map(|member| (member.id, member.name))
        .collect();
    Ok(SettingsOverview {
        chat: form_of(settings),
        teams: summaries(all_teams, &memberships, teams::default_team_id(project_id)),
        agents,
    })
}

/// Stores the chat settings (already parsed); a raised default limit drains the queue.
pub async fn update_chat_settings(
    state: &AppState,
    admin: &CurrentUser,
    form: ChatSettingsForm,
) -> Result<(), AppError> {
    let settings = chat_settings::validate(settings_of(form)).map_err(|problem| {
        // The form's parser already enforces these rules.
        tracing::error!(%problem, "parsed chat settings failed validation");
        AppError::Internal
    })?;
    chat_settings::update(&state.db, admin.project_id, settings).await?;
    tracing::info!(project = %admin.project_id, by = %admin.id, "chat settings changed");
    drain(state, admin.project_id).await
}

/// Creates a team (auto routing, no members) with a name no other team of the project has.
pub async fn create_team(
    state: &AppState,
    admin: &CurrentUser,
    name: &str,
) -> Result<TeamId, AppError> {
    let name = super::accounts::parse_name("name", name)?;
    let mut tx = state.db.pool().begin().await?;
    // Two admins creating the same name at once: the second sees the first's.
    events::lock_numbering(&mut tx, admin.project_id).await?;
    let existing = teams::names(&mut tx, admin.project_id).await?;
    if team_name_taken(&name, existing.iter().map(String::as_str)) {
        return Err(FieldError::new("name", FieldProblem::AlreadyTaken).into());
    }
    let team = Team {
        id: TeamId::new(),
        name,
        mode: RoutingMode::Auto,
    };
    teams::insert_with(&mut *tx, admin.project_id, &team, Timestamp::now()).await?;
    tx.commit().await?;
    tracing::info!(team = %team.id, by = %admin.id, "created a team");
    Ok(team.id)
}

/// Changes a team's routing mode; queued conversations of a team now on `auto` are handed out.
pub async fn set_routing(
    state: &AppState,
    admin: &CurrentUser,
    team_id: TeamId,
    choice: RoutingChoice,
) -> Result<(), AppError> {
    if !teams::set_mode(&state.db, admin.project_id, team_id, mode_of(choice)).await? {
        return Err(AppError::NotFound);
    }
    drain(state, admin.project_id).await
}

/// Puts a member of the project in a team (`member_of`) or takes them out. Their sockets
/// close so they reconnect seeing their teams' conversations; a new member drains the queue.
pub async fn set_member(
    state: &AppState,
    admin: &CurrentUser,
    team_id: TeamId,
    user_id: UserId,
    member_of: bool,
) -> Result<(), AppError> {
    let mut conn = state.db.pool().acquire().await?;
    if !teams::exists(&mut conn, admin.project_id, team_id).await?
        || !teams::user_in_project(&mut conn, admin.project_id, user_id).await?
    {
        return Err(AppError::NotFound);
    }
    if member_of {
        teams::add_member(&mut *conn, team_id, user_id).await?;
    } else {
        drop(conn);
        teams::remove_member(&state.db, team_id, user_id).await?;
    }
    super::auth::sessions::close_sockets(state, user_id);
    if member_of {
        drain(state, admin.project_id).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_convert_between_minutes_and_stored_seconds() {
        let stored = ChatSettings {
            soon_secs: 180,
            overdue_secs: 600,
            auto_close_hours: 24,
            default_conversation_limit: 5,
        };
        let form = form_of(stored);
        assert_eq!((form.soon_minutes, form.overdue_minutes), (3, 10));
        assert_eq!(settings_of(form), stored);
    }

    #[test]
    fn routing_modes_map_both_ways() {
        for mode in [RoutingMode::Auto, RoutingMode::Grab] {
            assert_eq!(mode_of(choice_of(mode)), mode);
        }
    }

    #[test]
    fn settings_list_the_default_team_first_with_its_members() {
        let (default, sales) = (TeamId::new(), TeamId::new());
        let (ann, bo) = (UserId::new(), UserId::new());
        let teams = vec![
            Team {
                id: sales,
                name: "Sales".to_owned(),
                mode: RoutingMode::Grab,
            },
            Team {
                id: default,
                name: "Support".to_owned(),
                mode: RoutingMode::Auto,
            },
        ];
        let listed = summaries(
            teams,
            &[(default, ann), (sales, bo), (default, bo)],
            default,
        );
        assert_eq!(listed[0].name, "Support");
        assert!(listed[0].is_default);
        assert_eq!(listed[0].members, vec![ann, bo]);
        assert_eq!(listed[1].routing, RoutingChoice::Grab);
        assert_eq!(listed[1].members, vec![bo]);
        assert!(!listed[1].is_default);
    }
}
