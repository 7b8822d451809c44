//! `users` table: admins and agents.
use super::Db;
use super::projects::decode_error;
use crate::models::{CurrentUser, Language, ProjectId, Role, Timestamp, UserId};
use sqlx::Row;
use sqlx::any::AnyRow;

/// A user row plus what sign-in needs.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// The account.
    pub user: CurrentUser,
    /// Its argon2id PHC string.
    pub password_hash: String,
    /// Deactivated accounts cannot sign in.
    pub active: bool,
}

/// Everything needed to store a new account.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// The account (id, project, email, name, role, language).
    pub user: CurrentUser,
    /// argon2id PHC string.
    pub password_hash: String,
}

pub(super) fn user_from_row(row: &AnyRow) -> Result<CurrentUser, sqlx::Error> {
    let id: String = row.try_get("id")?;
    let project_id: String = row.try_get("project_id")?;
    let role: String = row.try_get("role")?;
    let language: String = row.try_get("language")?;
    Ok(CurrentUser {
        id: UserId::parse(&id).ok_or_else(|| decode_error("users.id", &id))?,
        project_id: ProjectId::parse(&project_id)
            .ok_or_else(|| decode_error("users.project_id", &project_id))?,
        email: row.try_get("email")?,
        display_name: row.try_get("display_name")?,
        role: Role::from_db(&role).ok_or_else(|| decode_error("users.role", &role))?,
        language: Language::from_tag(&language),
    })
}

/// Stores a new account. Fails with a unique violation when the email is taken.
pub async fn insert<'c>(
    executor: impl sqlx::Executor<'c, Database = sqlx::Any>,
    new_user: &NewUser,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    let user = &new_user.user;
    sqlx::query(
        "INSERT INTO users (id, project_id, email, password_hash, display_name, role, language, \
         active, created_at, password_changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8)",
    )
    .bind(user.id.to_string())
    .bind(user.project_id.to_string())
    .bind(&user.email)
    .bind(&new_user.password_hash)
    .bind(&user.display_name)
    .bind(user.role.as_str())
    .bind(user.language.tag())
    .bind(now.0)
    .execute(executor)
    .await?;
    Ok(())
}

/// The account signing in with this (normalised) email.
pub async fn find_credentials(db: &Db, email: &str) -> Result<Option<Credentials>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT u.id, u.project_id, u.email, u.display_name, u.role, u.language, \
         u.password_hash, u.active FROM users u WHERE u.email = $1",
    )
    .bind(email)
    .fetch_optional(db.pool())
    .await?;
    row.map(|row| {
        Ok(Credentials {
            user: user_from_row(&row)?,
            password_hash: row.try_get("password_hash")?,
            active: row.try_get::<i64, _>("active")? == 1,
        })
    })
    .transpose()
}

/// The active account with this id.
pub async fn find_active(db: &Db, id: UserId) -> Result<Option<CurrentUser>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT u.id, u.project_id, u.email, u.display_name, u.role, u.language \
         FROM users u WHERE u.id = $1 AND u.active = 1",
    )
    .bind(id.to_string())
    .fetch_optional(db.pool())
    .await?;
    row.as_ref().map(user_from_row).transpose()
}

/// How many active accounts a project has.
pub async fn count_active_in_project(db: &Db, project_id: ProjectId) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE project_id = $1 AND active = 1")
        .bind(project_id.to_string())
        .fetch_one(db.pool())
        .await
}

/// Changes what an account may change about itself: display name and working language.
pub async fn update_profile(
    db: &Db,
    id: UserId,
    display_name: &str,
    language: Language,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET display_name = $1, language = $2 WHERE id = $3")
        .bind(display_name)
        .bind(language.tag())
        .bind(id.to_string())
        .execute(db.pool())
        .await?;
    Ok(())
}

/// The account's argon2id PHC string.
pub async fn password_hash(db: &Db, id: UserId) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(db.pool())
        .await
}

/// Stores a new password hash and when it changed.
pub async fn set_password_hash(
    db: &Db,
    id: UserId,
    password_hash: &str,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3")
        .bind(password_hash)
        .bind(now.0)
        .bind(id.to_string())
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Changes the sign-in email of a project's account; false when there is no such account.
pub async fn set_email(
    db: &Db,
    project_id: ProjectId,
    id: UserId,
    email: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE users SET email = $1 WHERE id = $2 AND project_id = $3")
        .bind(email)
        .bind(id.to_string())
        .bind(project_id.to_string())
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}
