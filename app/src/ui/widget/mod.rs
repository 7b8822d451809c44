//! The visitor's chat widget, shown inside the loader's iframe at `/w/{project_key}`.
//!
//! It is its own small bundle (`frontend/widget`): the server sends a plain document
//! ([`document`]) carrying a [`WidgetConfig`], and the browser renders [`WidgetRoot`] from it.
//! Nothing here may use the router or server-rendered resources, so the bundle stays small.
#[cfg(feature = "browser")]
mod browser;
mod chat;
pub mod config;
#[cfg(feature = "ssr")]
pub mod document;
mod forms;
mod review_form;
mod root;

pub use config::WidgetConfig;
pub use root::WidgetRoot;
#[cfg(feature = "browser")]
pub use root::mount;
