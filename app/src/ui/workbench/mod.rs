//! The agent's workbench: views, conversation list, chat window, visitor panel.
mod live;
mod page;
mod visitor_trace;

pub use page::WorkbenchPage;
