//! The agent's workbench: views, conversation list, chat window, visitor panel.
mod page;

pub use page::WorkbenchPage;
