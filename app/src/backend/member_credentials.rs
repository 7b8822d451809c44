//! Admins manage the sign-in details of their project's accounts: another member's email, or
//! a new password for them (then every session of that account ends, as after a password
//! change of their own). Everyone changes their own password in their profile.
use super::AppState;
use super::auth::{password, sessions};
use super::db::users;
use crate::errors::{AppError, FieldError, FieldProblem};
use crate::models::{CurrentUser, Email, Password, Timestamp, UserId};

/// Gives a member of the admin's project a new sign-in email (not used by any account).
pub async fn set_email(
    state: &AppState,
    admin: &CurrentUser,
    member: UserId,
    email: &str,
) -> Result<(), AppError> {
    let email = Email::parse("email", email)?;
    if let Some(existing) = users::find_credentials(&state.db, email.as_str()).await? {
        if existing.user.id == member {
            return Ok(());
        }
        return Err(FieldError::new("email", FieldProblem::AlreadyTaken).into());
    }
    if !users::set_email(&state.db, admin.project_id, member, email.as_str()).await? {
        return Err(AppError::NotFound);
    }
    tracing::info!(user = %member, by = %admin.id, "changed a member's email");
    Ok(())
}

/// Sets a new password for a member of the admin's project; their sessions and sockets end.
pub async fn set_password(
    state: &AppState,
    admin: &CurrentUser,
    member: UserId,
    new: &str,
) -> Result<(), AppError> {
    let new = Password::parse("password", new)?;
    let in_project = users::find_active(&state.db, member)
        .await?
        .is_some_and(|user| user.project_id == admin.project_id);
    if !in_project {
        return Err(AppError::NotFound);
    }
    let hash = password::hash(new.expose().to_owned()).await?;
    users::set_password_hash(&state.db, member, &hash, Timestamp::now()).await?;
    sessions::end_all(state, member).await?;
    tracing::info!(user = %member, by = %admin.id, "set a member's password; sessions ended");
    Ok(())
}
