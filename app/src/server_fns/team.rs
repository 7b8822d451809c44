//! The console's Team page: members, invitations, seats, outbox; and joining by invitation.
use crate::errors::AppError;
use crate::models::team::{InviteResult, JoinPreview, TeamOverview};
use crate::models::{Role, UserId};
use leptos::prelude::*;

/// The admin's team, pending invitations, seats and outbox.
#[server(endpoint = "team")]
pub async fn get_team() -> Result<TeamOverview, AppError> {
    use crate::backend::request::as_admin;
    use crate::backend::team_admin;
    as_admin(async |state, admin| team_admin::overview(&state, &admin).await).await
}

/// Invites up to ten addresses (separated by commas, spaces or lines) with `role`.
#[server(endpoint = "invite")]
pub async fn invite_members(emails: String, role: Role) -> Result<Vec<InviteResult>, AppError> {
    use crate::backend::invitations;
    use crate::backend::request::as_admin;
    as_admin(async |state, admin| invitations::invite(&state, &admin, &emails, role).await).await
}

/// Makes a member an admin or an agent.
#[server(endpoint = "member_role")]
pub async fn set_member_role(member: UserId, role: Role) -> Result<(), AppError> {
    use crate::backend::request::as_admin;
    use crate::backend::team_admin;
    as_admin(async |state, admin| team_admin::set_role(&state, &admin, member, role).await).await
}

/// Sets a member's conversation limit; empty: the project's default.
#[server(endpoint = "member_limit")]
pub async fn set_member_limit(member: UserId, limit: String) -> Result<(), AppError> {
    use crate::backend::request::as_admin;
    use crate::backend::team_admin;
    as_admin(async |state, admin| {
        let limit = team_admin::parse_limit(&limit)?;
        team_admin::set_limit(&state, &admin, member, limit).await
    })
    .await
}

/// Deactivates (`active: false`) or reactivates a member.
#[server(endpoint = "member_active")]
pub async fn set_member_active(member: UserId, active: bool) -> Result<(), AppError> {
    use crate::backend::request::as_admin;
    use crate::backend::team_admin;
    as_admin(async |state, admin| {
        if active {
            team_admin::reactivate(&state, &admin, member).await
        } else {
            team_admin::deactivate(&state, &admin, member).await
        }
    })
    .await
}

/// What a join link leads to.
#[server(endpoint = "join_preview")]
pub async fn get_join_preview(token: String) -> Result<JoinPreview, AppError> {
    use crate::backend::invitations;
    use crate::backend::request::{state, with_status};
    with_status(async { invitations::preview(&state()?, &token).await }.await)
}

/// Joins with a link: creates the account, signs in and goes to the workbench.
#[server(endpoint = "join")]
pub async fn join(token: String, name: String, password: String) -> Result<(), AppError> {
    use crate::backend::auth::cookies;
    use crate::backend::invitations;
    use crate::backend::request::{set_cookie, state, with_status};
    with_status(
        async {
            let state = state()?;
            let signed_in = invitations::accept(&state, &token, &name, &password).await?;
            set_cookie(&cookies::session_cookie(&signed_in.token, &state.auth));
            leptos_axum::redirect("/workbench");
            Ok(())
        }
        .await,
    )
}

/// Changes a member's sign-in email (admins).
#[server(endpoint = "member_email")]
pub async fn set_member_email(member: UserId, email: String) -> Result<(), AppError> {
    use crate::backend::member_credentials;
    use crate::backend::request::as_admin;
    as_admin(async |state, admin| {
        member_credentials::set_email(&state, &admin, member, &email).await
    })
    .await
}

/// Sets a new password for a member (admins); every session of that account ends.
#[server(endpoint = "member_password")]
pub async fn set_member_password(member: UserId, password: String) -> Result<(), AppError> {
    use crate::backend::member_credentials;
    use crate::backend::request::as_admin;
    as_admin(async |state, admin| {
        member_credentials::set_password(&state, &admin, member, &password).await
    })
    .await
}
