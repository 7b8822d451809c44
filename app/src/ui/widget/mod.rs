//! The visitor's chat widget, rendered inside the iframe at `/w/{project_key}`.
mod chat;
mod page;

pub use page::WidgetPage;
