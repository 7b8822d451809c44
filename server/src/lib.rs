//! The `parley` server: typed configuration, the command line, start-up, and the HTTP routes
//! that are not Leptos pages. Everything a page or server function needs lives in `app`.
pub mod cli;
pub mod config;
pub mod demo;
pub mod error;
pub mod jobs;
pub mod routes;
pub mod startup;
pub mod team_commands;
pub mod ws;

pub use config::Config;
pub use error::StartupError;
pub use startup::Application;
