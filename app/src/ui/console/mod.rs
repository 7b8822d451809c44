//! The admin console: project, team, settings, reports. One page per file.
mod frame;
mod invite_form;
mod members_table;
mod outbox_list;
mod page;
mod team_page;

pub use page::ConsolePage;
pub use team_page::TeamPage;
