//! What the console shows, and the widget's visitor sign-up.
use crate::errors::AppError;
use crate::models::ProjectSummary;
use crate::models::appearance::Appearance;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The console's overview card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleOverview {
    /// The admin's project.
    pub project: ProjectSummary,
    /// The line to paste into the website.
    pub install_snippet: String,
    /// Active admins and agents.
    pub team_size: i64,
    /// How the widget looks.
    pub appearance: Appearance,
}

/// The overview of the signed-in admin's project.
#[server(endpoint = "console_overview")]
pub async fn get_console_overview() -> Result<ConsoleOverview, AppError> {
    use crate::backend::auth::sessions;
    use crate::backend::db::{projects, users};
    use crate::backend::request::{parts, state, with_status};
    use crate::models::project::install_snippet;

    with_status(
        async {
            let state = state()?;
            let admin = sessions::require_admin(&state, &parts()?).await?;
            let project = projects::find(&state.db, admin.project_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let team_size = users::count_active_in_project(&state.db, project.id).await?;
            let appearance = projects::appearance(&state.db, project.id)
                .await?
                .unwrap_or_default();
            Ok(ConsoleOverview {
                appearance,
                install_snippet: install_snippet(&state.public_url, &project.key),
                project,
                team_size,
            })
        }
        .await,
    )
}

/// Stores the project's name and widget appearance (`position`: `left` or `right`).
#[server(endpoint = "widget_settings")]
pub async fn update_widget(
    project_name: String,
    color: String,
    greeting: String,
    position: String,
) -> Result<Appearance, AppError> {
    use crate::backend::project_settings;
    use crate::backend::request::as_admin;
    as_admin(async |state, admin| {
        project_settings::update(&state, &admin, &project_name, &color, &greeting, &position).await
    })
    .await
}

/// Issues a visitor token for a project's widget (stored by the widget, sent at `/ws`).
#[server(endpoint = "start_visitor")]
pub async fn start_visitor(key: String) -> Result<String, AppError> {
    use crate::backend::chat;
    use crate::backend::request::{state, with_status};
    use crate::models::ProjectKey;

    with_status(
        async {
            let state = state()?;
            let key = ProjectKey::parse(&key).ok_or(AppError::NotFound)?;
            chat::start_visitor(&state, &key).await
        }
        .await,
    )
}
