//! The console's Settings page: chat settings and teams. Admins only.
use crate::errors::AppError;
use crate::models::settings::{RoutingChoice, SettingsOverview};
use crate::models::{TeamId, UserId};
use leptos::prelude::*;

/// The chat settings, the teams and the members who can join them.
#[server(endpoint = "settings")]
pub async fn get_settings() -> Result<SettingsOverview, AppError> {
    use crate::backend::request::as_admin;
    use crate::backend::settings_admin;
    as_admin(async |state, admin| settings_admin::overview(&state, &admin).await).await
}

/// Stores the chat settings as typed (minutes, hours, a limit).
#[server(endpoint = "chat_settings")]
pub async fn update_chat_settings(
    soon_minutes: String,
    overdue_minutes: String,
    auto_close_hours: String,
    default_limit: String,
) -> Result<(), AppError> {
    use crate::backend::request::as_admin;
    use crate::backend::settings_admin;
    use crate::models::settings::parse_chat_settings;
    as_admin(async |state, admin| {
        let form = parse_chat_settings(
            &soon_minutes,
            &overdue_minutes,
            &auto_close_hours,
            &default_limit,
        )?;
        settings_admin::update_chat_settings(&state, &admin, form).await
    })
    .await
}

/// Creates a team named `name`.
#[server(endpoint = "create_team")]
pub async fn create_team(name: String) -> Result<TeamId, AppError> {
    use crate::backend::request::as_admin;
    use crate::backend::settings_admin;
    as_admin(async |state, admin| settings_admin::create_team(&state, &admin, &name).await).await
}

/// Sets a team's routing mode.
#[server(endpoint = "team_routing")]
pub async fn set_team_routing(team: TeamId, routing: RoutingChoice) -> Result<(), AppError> {
    use crate::backend::request::as_admin;
    use crate::backend::settings_admin;
    as_admin(async |state, admin| settings_admin::set_routing(&state, &admin, team, routing).await)
        .await
}

/// Puts `member` in `team` (`member_of: true`) or takes them out.
#[server(endpoint = "team_member")]
pub async fn set_team_member(
    team: TeamId,
    member: UserId,
    member_of: bool,
) -> Result<(), AppError> {
    use crate::backend::request::as_admin;
    use crate::backend::settings_admin;
    as_admin(async |state, admin| {
        settings_admin::set_member(&state, &admin, team, member, member_of).await
    })
    .await
}

/// The largest file visitors and agents may attach, in megabytes.
#[server(endpoint = "upload_limit")]
pub async fn get_upload_limit() -> Result<u32, AppError> {
    use crate::backend::request::as_admin;
    use crate::backend::uploads;
    as_admin(async |state, admin| uploads::admin_limit(&state, &admin).await).await
}

/// Stores the largest attachment as typed (1 to 100 MB).
#[server(endpoint = "set_upload_limit")]
pub async fn set_upload_limit(max_upload_mb: String) -> Result<(), AppError> {
    use crate::backend::request::as_admin;
    use crate::backend::uploads;
    as_admin(async |state, admin| uploads::set_admin_limit(&state, &admin, &max_upload_mb).await)
        .await
}
