//! The agent's workbench: views, conversation list, chat window, visitor panel.
//!
//! Decisions live in pure modules with unit tests ([`views`], [`rows`], [`timeline`],
//! [`actions`], [`alerts`]); the other files are thin components. Everything here needs the
//! agent-only frames, so the widget's own bundle (built without them) carries none of it.
#[cfg(feature = "agent-frames")]
mod actions;
#[cfg(feature = "agent-frames")]
mod alerts;
#[cfg(feature = "agent-frames")]
mod chat_header;
#[cfg(feature = "agent-frames")]
mod chat_window;
#[cfg(feature = "agent-frames")]
mod clock;
#[cfg(feature = "agent-frames")]
mod conversation_list;
#[cfg(feature = "agent-frames")]
mod filter_bar;
#[cfg(feature = "agent-frames")]
mod history;
#[cfg(feature = "agent-frames")]
mod list_state;
#[cfg(feature = "agent-frames")]
mod notify;
#[cfg(feature = "agent-frames")]
mod page;
#[cfg(feature = "agent-frames")]
mod quick_reply_picker;
#[cfg(feature = "agent-frames")]
mod rows;
#[cfg(feature = "agent-frames")]
mod status_picker;
#[cfg(feature = "agent-frames")]
mod system_note;
#[cfg(feature = "agent-frames")]
mod timeline;
#[cfg(feature = "agent-frames")]
mod transfer_form;
#[cfg(feature = "agent-frames")]
mod views;
#[cfg(feature = "agent-frames")]
mod views_pane;
#[cfg(feature = "agent-frames")]
mod visitor_edit;
#[cfg(feature = "agent-frames")]
mod visitor_panel;
#[cfg(feature = "agent-frames")]
mod visitor_trace;

#[cfg(feature = "agent-frames")]
pub use page::WorkbenchPage;

/// The widget's bundle (no agent frames) routes nowhere near the workbench: an empty page
/// keeps the shared router compiling there.
#[cfg(not(feature = "agent-frames"))]
#[leptos::component]
pub fn WorkbenchPage() -> impl leptos::IntoView {}
