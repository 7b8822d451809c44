//! The command line: `parley serve | migrate | create-admin | create-agent | agent-limit | team
//! | chat-settings`.
use crate::config::{Config, LogFormat};
use crate::demo::describe_problem;
use crate::error::StartupError;
use crate::startup::{Application, open_database, shutdown_signal};
use app::backend::accounts;
use app::backend::db::{chat_settings, projects, teams};
use app::errors::AppError;
use app::models::{Email, Password, Role};
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

/// Who `create-admin` and `create-agent` create.
#[derive(Debug, clap::Args)]
pub struct AccountArgs {
    /// The sign-in email.
    #[arg(long)]
    email: String,
    /// The password (at least 8 characters).
    #[arg(long)]
    password: String,
    /// The project to add the account to; created when no project has this name.
    /// Default: the first project, or a new "My project".
    #[arg(long, value_name = "NAME")]
    project: Option<String>,
    /// The name colleagues and visitors see; default: the email's local part.
    #[arg(long)]
    name: Option<String>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate the database and serve the widget, workbench and console.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create an admin account (and its project when needed).
    CreateAdmin(AccountArgs),
    /// Create an agent account in a project (it joins the project's default team).
    CreateAgent(AccountArgs),
    /// Set an agent's own conversation limit (or back to the project's default).
    AgentLimit {
        /// The agent's sign-in email.
        #[arg(long)]
        email: String,
        /// Most open conversations assigned to them at once (1 to 100).
        #[arg(long, conflicts_with = "default", required_unless_present = "default")]
        limit: Option<i64>,
        /// Follow the project's default limit again.
        #[arg(long)]
        default: bool,
    },
    /// Create a team or change its routing mode and members.
    Team {
        /// The team's name (created when the project has no team by that name).
        #[arg(long)]
        name: String,
        /// The project (default: the first project).
        #[arg(long, value_name = "NAME")]
        project: Option<String>,
        /// The routing mode: `auto` or `grab`.
        #[arg(long, value_parser = ["auto", "grab"])]
        routing: Option<String>,
        /// An account's email to add (repeatable).
        #[arg(long, value_name = "EMAIL")]
        add: Vec<String>,
        /// An account's email to take out (repeatable).
        #[arg(long, value_name = "EMAIL")]
        remove: Vec<String>,
    },
    /// Set a project's subscription: its seats and the last day it is paid for.
    Subscription {
        /// The project (default: the first project).
        #[arg(long, value_name = "NAME")]
        project: Option<String>,
        /// Members (active ones plus pending invitations) it pays for.
        #[arg(long)]
        seats: i64,
        /// The last day it is paid for (`YYYY-MM-DD`, UTC); left out: no end date.
        #[arg(long, value_name = "DATE")]
        valid_until: Option<String>,
    },
    /// Change a project's chat settings and its default team's routing mode; options left
    /// out keep their value.
    ChatSettings {
        /// The project (default: the first project).
        #[arg(long, value_name = "NAME")]
        project: Option<String>,
        /// A visitor waiting longer than this many seconds is "soon" (default 180).
        #[arg(long)]
        soon_secs: Option<i64>,
        /// A visitor waiting longer than this many seconds is "overdue" (default 300).
        #[arg(long)]
        overdue_secs: Option<i64>,
        /// Close conversations after this many hours without a visitor message (default 24).
        #[arg(long)]
        auto_close_hours: Option<i64>,
        /// The conversation limit of agents without their own (default 5).
        #[arg(long)]
        default_limit: Option<i64>,
        /// The default team's routing mode: `auto` or `grab`.
        #[arg(long, value_parser = ["auto", "grab"])]
        routing: Option<String>,
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
        Command::CreateAdmin(account) => create_account(&config, &account, Role::Admin).await,
        Command::CreateAgent(account) => create_account(&config, &account, Role::Agent).await,
        Command::AgentLimit {
            email,
            limit,
            default: _,
        } => crate::team_commands::agent_limit(&config, &email, limit).await,
        Command::Team {
            name,
            project,
            routing,
            add,
            remove,
        } => {
            let change = crate::team_commands::TeamChange {
                name: &name,
                project: project.as_deref(),
                routing: routing.as_deref(),
                add: &add,
                remove: &remove,
            };
            crate::team_commands::team(&config, change).await
        }
        Command::Subscription {
            project,
            seats,
            valid_until,
        } => {
            crate::team_commands::subscription(
                &config,
                project.as_deref(),
                seats,
                valid_until.as_deref(),
            )
            .await
        }
        Command::ChatSettings {
            project,
            soon_secs,
            overdue_secs,
            auto_close_hours,
            default_limit,
            routing,
        } => {
            let change = SettingsChange {
                soon_secs,
                overdue_secs,
                auto_close_hours,
                default_limit,
                routing,
            };
            chat_settings(&config, project.as_deref(), change).await
        }
    }
}

async fn serve(config: &Config) -> Result<(), StartupError> {
    // Before anything else: a signal during start-up then ends the server gracefully.
    let shutdown = shutdown_signal();
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
    application.run_until(shutdown).await
}

async fn create_account(
    config: &Config,
    account: &AccountArgs,
    role: Role,
) -> Result<(), StartupError> {
    let (email, password) = (account.email.as_str(), account.password.as_str());
    let (project_name, display_name) = (account.project.as_deref(), account.name.as_deref());
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
    let user = accounts::create_account(&db, project.id, &email, &password, display_name, role)
        .await
        .map_err(|error| describe(error, "name"))?;
    db.close().await;
    println!(
        "parley: created {} {} in project \"{}\" (key {})",
        role.as_str(),
        user.email,
        project.name,
        project.key.as_str()
    );
    Ok(())
}

/// What `chat-settings` was asked to change.
struct SettingsChange {
    soon_secs: Option<i64>,
    overdue_secs: Option<i64>,
    auto_close_hours: Option<i64>,
    default_limit: Option<i64>,
    routing: Option<String>,
}

async fn chat_settings(
    config: &Config,
    project_name: Option<&str>,
    change: SettingsChange,
) -> Result<(), StartupError> {
    let db = open_database(config).await?;
    let project = match project_name {
        Some(name) => projects::find_by_name(&db, name.trim()).await,
        None => projects::first(&db).await,
    }
    .map_err(internal_db)?
    .ok_or_else(|| StartupError::Invalid("--project names no project".to_owned()))?;
    let mut settings = chat_settings::find(&db, project.id)
        .await
        .map_err(internal_db)?
        .ok_or_else(|| StartupError::Invalid("--project names no project".to_owned()))?;
    settings.soon_secs = change.soon_secs.unwrap_or(settings.soon_secs);
    settings.overdue_secs = change.overdue_secs.unwrap_or(settings.overdue_secs);
    settings.auto_close_hours = change.auto_close_hours.unwrap_or(settings.auto_close_hours);
    settings.default_conversation_limit = change
        .default_limit
        .unwrap_or(settings.default_conversation_limit);
    let settings = chat_settings::validate(settings).map_err(StartupError::Invalid)?;
    chat_settings::update(&db, project.id, settings)
        .await
        .map_err(internal_db)?;
    if let Some(mode) = change.routing {
        let mode = if mode == "grab" {
            teams::RoutingMode::Grab
        } else {
            teams::RoutingMode::Auto
        };
        teams::set_mode(&db, project.id, teams::default_team_id(project.id), mode)
            .await
            .map_err(internal_db)?;
    }
    db.close().await;
    println!(
        "parley: \"{}\": soon after {} s, overdue after {} s, auto-close after {} h, default limit {}",
        project.name,
        settings.soon_secs,
        settings.overdue_secs,
        settings.auto_close_hours,
        settings.default_conversation_limit
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
