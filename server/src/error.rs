//! The one error type of the server's start-up and CLI boundary. Each variant reads as one
//! line a person can act on.
use crate::config::ConfigError;
use app::backend::db::DbError;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Why `parley` could not do what it was asked.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// The configuration file or environment is invalid.
    #[error("{0}")]
    Config(#[from] ConfigError),
    /// The data directory could not be created.
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The database could not be opened or migrated.
    #[error("{0}")]
    Database(#[from] DbError),
    /// The listening socket could not be opened.
    #[error("cannot listen on {addr}: {source}{hint}", hint = bind_hint(source))]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The listener for other server processes' events (PostgreSQL) could not start.
    #[error("cannot listen for other server processes' events: {0}")]
    Relay(sqlx::Error),
    /// The server stopped with an I/O error.
    #[error("the server stopped: {0}")]
    Serve(std::io::Error),
    /// A command's arguments were rejected (e.g. a malformed email for `create-admin`).
    #[error("{0}")]
    Invalid(String),
    /// Something failed inside; the log has the cause.
    #[error("{0}")]
    Internal(String),
}

fn bind_hint(source: &std::io::Error) -> &'static str {
    match source.kind() {
        std::io::ErrorKind::AddrInUse => {
            " (another program uses this port: stop it or set PARLEY_BIND to another address)"
        }
        std::io::ErrorKind::PermissionDenied => " (ports below 1024 need privileges)",
        _ => "",
    }
}
