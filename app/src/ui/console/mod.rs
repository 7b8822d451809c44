//! The admin console: project, team, settings, reports.
mod page;

pub use page::ConsolePage;
