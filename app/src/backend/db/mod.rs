//! The repository layer: the only code in Parley that speaks SQL.
//!
//! One portable dialect runs on both backends through sqlx's `Any` driver: `$n` placeholders,
//! text UUIDs, integer millisecond timestamps, 0/1 flags. Each backend has its own migration
//! folder for the few type names that differ.
pub mod agents;
pub mod attachments;
pub mod avatars;
pub mod catalogues;
pub mod chat_settings;
pub mod contacts;
pub mod conversation_facts;
pub mod conversation_list;
pub mod conversation_search;
pub mod email_fallback;
pub mod events;
pub mod history;
pub mod invitations;
pub mod members;
pub mod outbox;
pub mod page_views;
pub mod placements;
pub mod projects;
pub mod reviews;
pub mod search_pairs;
pub mod sessions;
pub mod statement;
pub mod teams;
pub mod users;
pub mod visitor_forms;
pub mod visitor_panel;
pub mod visitors;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};
use std::time::Duration;

/// Which database engine a URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite file (the default).
    Sqlite,
    /// PostgreSQL server (scale-out).
    Postgres,
}

impl Backend {
    /// The backend named by a connection URL's scheme.
    pub fn for_url(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

/// Why the database could not be opened or migrated.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The URL names no supported backend.
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://USER@HOST/DB")]
    UnsupportedUrl(String),
    /// The server could not be reached or refused the connection.
    #[error("cannot connect to the database at {url}: {source}")]
    Connect {
        /// The URL without its password.
        url: String,
        /// What sqlx reported.
        source: sqlx::Error,
    },
    /// A migration failed.
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// A connection pool plus the backend it speaks to.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
}

impl Db {
    /// Opens a pool. SQLite files are created when missing and switched to WAL.
    pub async fn connect(url: &str) -> Result<Self, DbError> {
        install_default_drivers();
        let backend =
            Backend::for_url(url).ok_or_else(|| DbError::UnsupportedUrl(redact_password(url)))?;
        let options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(5));
        let options = match backend {
            Backend::Sqlite => options.max_connections(8).after_connect(|connection, _| {
                Box::pin(async move {
                    connection.execute("PRAGMA foreign_keys = ON").await?;
                    connection.execute("PRAGMA busy_timeout = 5000").await?;
                    Ok(())
                })
            }),
            Backend::Postgres => options.max_connections(16),
        };
        let connect_error = |source| DbError::Connect {
            url: redact_password(url),
            source,
        };
        let pool = options.connect(url).await.map_err(connect_error)?;
        if backend == Backend::Sqlite {
            pool.execute("PRAGMA journal_mode = WAL")
                .await
                .map_err(connect_error)?;
        }
        Ok(Self { pool, backend })
    }

    /// Applies every pending migration for this backend.
    pub async fn migrate(&self) -> Result<(), DbError> {
        match self.backend {
            Backend::Sqlite => {
                sqlx::migrate!("./migrations/sqlite")
                    .run(&self.pool)
                    .await?
            }
            Backend::Postgres => {
                sqlx::migrate!("./migrations/postgres")
                    .run(&self.pool)
                    .await?
            }
        }
        Ok(())
    }

    /// The pool, for repositories.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Which engine this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes every connection (used on shutdown and by tests).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The URL with any password replaced by `***`, safe for logs and error lines.
pub fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

/// True when the error is a unique-constraint violation (e.g. an email already taken).
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .is_some_and(|database_error| database_error.is_unique_violation())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_error_lines() {
        assert_eq!(
            redact_password("postgres://parley:hunter2@db:5432/parley"),
            "postgres://parley:***@db:5432/parley"
        );
        assert_eq!(
            redact_password("postgres://postgres@127.0.0.1/x"),
            "postgres://postgres@127.0.0.1/x"
        );
        assert_eq!(
            redact_password("sqlite://data/parley.db"),
            "sqlite://data/parley.db"
        );
    }

    #[test]
    fn backends_are_chosen_by_scheme() {
        assert_eq!(Backend::for_url("sqlite://x.db"), Some(Backend::Sqlite));
        assert_eq!(Backend::for_url("sqlite::memory:"), Some(Backend::Sqlite));
        assert_eq!(
            Backend::for_url("postgresql://h/db"),
            Some(Backend::Postgres)
        );
        assert_eq!(Backend::for_url("mysql://h/db"), None);
    }
}
