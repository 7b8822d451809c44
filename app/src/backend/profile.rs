//! What every member changes about their own account: display name, working language and
//! password. Email and project are not theirs to change.
use super::AppState;
use super::accounts::parse_name;
use super::auth::{password, sessions};
use super::db::users;
use crate::errors::{AppError, FieldError, FieldProblem};
use crate::models::{CurrentUser, Language, Password, Timestamp};
use std::time::Instant;

/// Stores a new display name and language; the account as it is now.
pub async fn update(
    state: &AppState,
    user: &CurrentUser,
    name: &str,
    language: Language,
) -> Result<CurrentUser, AppError> {
    let display_name = parse_name("name", name)?;
    users::update_profile(&state.db, user.id, &display_name, language).await?;
    Ok(CurrentUser {
        display_name,
        language,
        ..user.clone()
    })
}

/// Changes the password after checking the current one; then every session of the account
/// ends (this one too) and its sockets close.
pub async fn change_password(
    state: &AppState,
    user: &CurrentUser,
    current: &str,
    new: &str,
) -> Result<(), AppError> {
    if current.is_empty() {
        return Err(FieldError::new("current_password", FieldProblem::Required).into());
    }
    let new = Password::parse("new_password", new)?;
    // Guessing the current password from a stolen session is as limited as signing in.
    let keys = [format!("password-change:{}", user.id)];
    state
        .login_limiter
        .check(&keys, Instant::now())
        .map_err(|wait| AppError::RateLimited {
            retry_after_secs: wait.as_secs().max(1),
        })?;
    let stored = users::password_hash(&state.db, user.id).await?;
    if !password::verify(current.to_owned(), stored).await {
        state.login_limiter.record_failure(&keys, Instant::now());
        return Err(FieldError::new("current_password", FieldProblem::Incorrect).into());
    }
    state.login_limiter.clear(&keys);
    let hash = password::hash(new.expose().to_owned()).await?;
    users::set_password_hash(&state.db, user.id, &hash, Timestamp::now()).await?;
    sessions::end_all(state, user.id).await?;
    tracing::info!(user = %user.id, "changed password; sessions ended");
    Ok(())
}
