//! Creating projects and accounts: used by the CLI, the demo seed and (later) invitations.
use super::auth::{password, token::random_token};
use super::db::{self, Db, projects, teams, users};
use crate::errors::{AppError, FieldError, FieldProblem};
use crate::models::{
    CurrentUser, Email, Language, Password, ProjectId, ProjectKey, ProjectSummary, Role, Timestamp,
    UserId,
};

/// Longest project or display name accepted.
pub const MAX_NAME_LEN: usize = 80;

/// Trims and length-checks a name typed into the form field `field`.
pub fn parse_name(field: &str, input: &str) -> Result<String, FieldError> {
    let name = input.trim();
    if name.is_empty() {
        return Err(FieldError::new(field, FieldProblem::Required));
    }
    if name.chars().count() > MAX_NAME_LEN {
        return Err(FieldError::new(
            field,
            FieldProblem::TooLong { max: MAX_NAME_LEN },
        ));
    }
    Ok(name.to_owned())
}

/// Creates a project with a fresh random public key.
pub async fn create_project(db: &Db, name: &str) -> Result<ProjectSummary, AppError> {
    let name = parse_name("project", name)?;
    let key = ProjectKey::parse(&random_token(16)).ok_or_else(|| {
        tracing::error!("generated project key failed its own parser");
        AppError::Internal
    })?;
    let project = ProjectSummary {
        id: ProjectId::new(),
        name,
        key,
    };
    let now = Timestamp::now();
    projects::insert(db, &project, now).await?;
    teams::insert_default(db, project.id, now).await?;
    Ok(project)
}

/// Creates an admin account in a project. The display name defaults to the email's local part.
pub async fn create_admin(
    db: &Db,
    project_id: ProjectId,
    email: &Email,
    password: &Password,
    display_name: Option<&str>,
) -> Result<CurrentUser, AppError> {
    create_account(db, project_id, email, password, display_name, Role::Admin).await
}

/// Creates an account with `role` in a project; it joins the project's default team.
pub async fn create_account(
    db: &Db,
    project_id: ProjectId,
    email: &Email,
    password: &Password,
    display_name: Option<&str>,
    role: Role,
) -> Result<CurrentUser, AppError> {
    let fallback_name = email.as_str().split('@').next().unwrap_or("Admin");
    let display_name = parse_name("name", display_name.unwrap_or(fallback_name))?;
    let password_hash = password::hash(password.expose().to_owned()).await?;
    let user = CurrentUser {
        id: UserId::new(),
        project_id,
        email: email.as_str().to_owned(),
        display_name,
        role,
        language: Language::En,
    };
    let new_user = users::NewUser {
        user: user.clone(),
        password_hash,
    };
    match users::insert(db.pool(), &new_user, Timestamp::now()).await {
        Ok(()) => {
            teams::add_member(db.pool(), teams::default_team_id(project_id), user.id).await?;
            Ok(user)
        }
        Err(error) if db::is_unique_violation(&error) => {
            Err(FieldError::new("email", FieldProblem::AlreadyTaken).into())
        }
        Err(error) => Err(error.into()),
    }
}
