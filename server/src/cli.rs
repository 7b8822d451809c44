//! The command line: `parley serve | migrate | create-admin`.
use crate::config::{Config, LogFormat};
use crate::demo::describe_problem;
use crate::error::StartupError;
use crate::startup::{Application, open_database, shutdown_signal};
use app::backend::accounts;
use app::backend::db::projects;
use app::errors::AppError;
use app::models::{Email, Password};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Parley: self-hosted live chat for customer service.
#[derive(Debug, Parser)]
#[command(name = "parley", version, about)]
pub struct Cli {
    /// TOML configuration file (values there are overridden by PARLEY_* variables).
    #[arg(long, global = true, env = "PARLEY_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate the database and serve the widget, workbench and console.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create an admin account (and its project when needed).
    CreateAdmin {
        /// The admin's sign-in email.
        #[arg(long)]
        email: String,
        /// The admin's password (at least 8 characters).
        #[arg(long)]
        password: String,
        /// The project to add the admin to; created when no project has this name.
        /// Default: the first project, or a new "My project".
        #[arg(long, value_name = "NAME")]
        project: Option<String>,
        /// The name colleagues and visitors see; default: the email's local part.
        #[arg(long)]
        name: Option<String>,
    },
}

/// Runs a parsed command line.
pub async fn run(cli: Cli) -> Result<(), StartupError> {
    let config = Config::load(cli.config.as_deref())?;
    init_tracing(&config.log, config.log_format);
    match cli.command {
        Command::Serve => serve(&config).await,
        Command::Migrate => {
            open_database(&config).await?.close().await;
            println!("parley: database is up to date");
            Ok(())
        }
        Command::CreateAdmin {
            email,
            password,
            project,
            name,
        } => {
            create_admin(
                &config,
                &email,
                &password,
                project.as_deref(),
                name.as_deref(),
            )
            .await
        }
    }
}

async fn serve(config: &Config) -> Result<(), StartupError> {
    // Every socket is a file: take the whole hard limit, not the 1024 soft default.
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => tracing::info!(limit, "open-file limit"),
        Err(error) => tracing::warn!(%error, "cannot raise the open-file limit"),
    }
    let application = Application::build(config).await?;
    let url = application.public_url().to_owned();
    println!("Parley is running at {url}");
    println!("  workbench  {url}/workbench");
    println!("  console    {url}/console");
    println!("  demo site  {url}/demo");
    if let Some(demo) = application.demo() {
        println!("  demo admin {}", demo.email);
        match &demo.password {
            Some(password) => println!("  password   {password}"),
            None => println!("  password   (as set when the demo was created)"),
        }
    }
    tracing::info!(addr = %application.local_addr(), "listening");
    application.run_until(shutdown_signal()).await
}

async fn create_admin(
    config: &Config,
    email: &str,
    password: &str,
    project_name: Option<&str>,
    display_name: Option<&str>,
) -> Result<(), StartupError> {
    let invalid = |flag: &str, problem: &app::errors::FieldProblem| {
        StartupError::Invalid(format!("--{flag} {}", describe_problem(problem)))
    };
    let email = Email::parse("email", email).map_err(|error| invalid("email", &error.problem))?;
    let password = Password::parse("password", password)
        .map_err(|error| invalid("password", &error.problem))?;
    let db = open_database(config).await?;
    let project = match project_name {
        Some(name) => match projects::find_by_name(&db, name.trim())
            .await
            .map_err(internal_db)?
        {
            Some(project) => project,
            None => accounts::create_project(&db, name)
                .await
                .map_err(|error| describe(error, "project"))?,
        },
        None => match projects::first(&db).await.map_err(internal_db)? {
            Some(project) => project,
            None => accounts::create_project(&db, "My project")
                .await
                .map_err(|error| describe(error, "project"))?,
        },
    };
    let admin = accounts::create_admin(&db, project.id, &email, &password, display_name)
        .await
        .map_err(|error| describe(error, "name"))?;
    db.close().await;
    println!(
        "parley: created admin {} in project \"{}\" (key {})",
        admin.email,
        project.name,
        project.key.as_str()
    );
    Ok(())
}

fn internal_db(error: sqlx::Error) -> StartupError {
    StartupError::Internal(format!("database error: {error}"))
}

fn describe(error: AppError, default_flag: &str) -> StartupError {
    match error {
        AppError::Invalid(field) => {
            let flag = if field.field == "email" {
                "email"
            } else {
                default_flag
            };
            StartupError::Invalid(format!("--{flag} {}", describe_problem(&field.problem)))
        }
        other => StartupError::Internal(other.to_string()),
    }
}

fn init_tracing(filter: &str, format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(filter))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    // A second initialisation (tests run several servers in one process) is harmless.
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}
