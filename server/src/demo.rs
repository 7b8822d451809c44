//! The demo project a fresh install starts with, so the two README commands show a working
//! product: a project, an admin whose sign-in is printed at start, and the `/demo` host page.
use crate::config::Config;
use crate::error::StartupError;
use app::backend::accounts;
use app::backend::auth::token::random_token;
use app::backend::db::{Db, projects};
use app::models::{Email, Password};
use std::path::Path;

/// The demo admin's email.
pub const DEMO_EMAIL: &str = "admin@demo.parley.chat";
/// The demo project's name.
pub const DEMO_PROJECT: &str = "Demo Shop";
/// The file (in the data directory) that keeps the generated demo password for later starts.
const CREDENTIALS_FILE: &str = "demo-admin.txt";

/// How to sign in as the demo admin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAccess {
    /// Sign-in email.
    pub email: String,
    /// Sign-in password, when known (generated on first start, or configured).
    pub password: Option<String>,
}

/// Creates the demo project and admin when the database has no project yet; otherwise returns
/// the credentials remembered from the first start (if the demo was created then).
pub async fn ensure_demo(db: &Db, config: &Config) -> Result<Option<DemoAccess>, StartupError> {
    let internal = |error: app::errors::AppError| {
        StartupError::Internal(format!("cannot create the demo project: {error}"))
    };
    let existing = projects::count(db)
        .await
        .map_err(|error| internal(error.into()))?;
    let credentials_path = config.data_dir.join(CREDENTIALS_FILE);
    if existing > 0 {
        return Ok(read_credentials(&credentials_path).or_else(|| {
            config.demo_password.as_ref().map(|password| DemoAccess {
                email: DEMO_EMAIL.to_owned(),
                password: Some(password.clone()),
            })
        }));
    }
    let password_text = config
        .demo_password
        .clone()
        .unwrap_or_else(|| random_token(12));
    let password = Password::parse("demo_password", &password_text).map_err(|error| {
        StartupError::Invalid(format!(
            "PARLEY_DEMO_PASSWORD: {}",
            describe_problem(&error.problem)
        ))
    })?;
    let email = Email::parse("email", DEMO_EMAIL)
        .map_err(|_| StartupError::Internal("the demo email does not parse".to_owned()))?;
    let project = accounts::create_project(db, DEMO_PROJECT)
        .await
        .map_err(internal)?;
    accounts::create_admin(db, project.id, &email, &password, Some("Demo Admin"))
        .await
        .map_err(internal)?;
    let access = DemoAccess {
        email: DEMO_EMAIL.to_owned(),
        password: Some(password_text),
    };
    write_credentials(&credentials_path, &access);
    tracing::info!(project = %project.id, "created the demo project");
    Ok(Some(access))
}

/// A person-readable reason for a field problem (CLI and start-up messages).
pub fn describe_problem(problem: &app::errors::FieldProblem) -> String {
    use app::errors::FieldProblem;
    match problem {
        FieldProblem::Required => "is required".to_owned(),
        FieldProblem::InvalidEmail => "is not a valid email address".to_owned(),
        FieldProblem::TooShort { min } => format!("must be at least {min} characters"),
        FieldProblem::TooLong { max } => format!("must be at most {max} characters"),
        FieldProblem::AlreadyTaken => "is already in use".to_owned(),
        FieldProblem::Incorrect => "is not correct".to_owned(),
        FieldProblem::InvalidColor => "must be a colour like #4f46e5".to_owned(),
        FieldProblem::InvalidPhone => "is not a phone number".to_owned(),
        FieldProblem::InvalidHours => "must be opening hours like 09:00-17:00".to_owned(),
        FieldProblem::InvalidTimeZone => "must be a time zone like Europe/Berlin".to_owned(),
        FieldProblem::OutOfRange { min, max } => format!("must be between {min} and {max}"),
    }
}

fn write_credentials(path: &Path, access: &DemoAccess) {
    let Some(password) = &access.password else {
        return;
    };
    let text = format!("{}\n{}\n", access.email, password);
    if let Err(error) = std::fs::write(path, text) {
        tracing::warn!(%error, path = %path.display(), "cannot remember the demo credentials");
        return;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Err(error) = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)) {
            tracing::warn!(%error, "cannot restrict the demo credentials file");
        }
    }
}

fn read_credentials(path: &Path) -> Option<DemoAccess> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    let email = lines.next()?.trim().to_owned();
    let password = lines.next().map(|line| line.trim().to_owned());
    Some(DemoAccess { email, password })
}
