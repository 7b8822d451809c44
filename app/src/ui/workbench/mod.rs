//! The agent's workbench: views, conversation list, chat window, visitor panel.
mod live;
mod page;

pub use page::WorkbenchPage;
