//! The project's name and its widget's appearance, as an admin edits them in the console.
use super::AppState;
use super::accounts::parse_name;
use super::db::projects;
use crate::errors::AppError;
use crate::models::CurrentUser;
use crate::models::appearance::{Appearance, WidgetPosition, parse_color, parse_greeting};

/// Checks and stores what the admin typed; the widget shows it from its next page load.
pub async fn update(
    state: &AppState,
    admin: &CurrentUser,
    name: &str,
    color: &str,
    greeting: &str,
    position: &str,
) -> Result<Appearance, AppError> {
    let name = parse_name("project_name", name)?;
    let appearance = Appearance {
        color: parse_color(color)?,
        greeting: parse_greeting(greeting)?,
        position: WidgetPosition::from_text(position),
    };
    projects::update_settings(&state.db, admin.project_id, &name, &appearance).await?;
    tracing::info!(project = %admin.project_id, "widget settings changed");
    Ok(appearance)
}
