//! Parley's shared library: compiled to WASM for the browser (`hydrate`) and natively for the
//! server (`ssr`). The folder tree is the architecture:
//!
//! - [`models`]: domain types shared by both sides, parsed at the edge.
//! - [`routing`]: pure decisions (permissions, redirects), no I/O.
//! - [`locale`]: which shipped language someone reads.
//! - [`server_fns`]: thin `#[server]` functions.
//! - [`ui`]: the three surfaces (workbench, console, widget) and what they share.
//! - [`backend`] (server only): state, repositories, authentication.
#![recursion_limit = "256"]

pub mod errors;
pub mod locale;
pub mod models;
pub mod realtime;
pub mod routing;
pub mod server_fns;
pub mod ui;

// Every user-facing string goes through the `i18n` module that leptos_i18n generates at build
// time from `app/locales/{en,zh-Hans,zh-Hant}.json`.
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}
pub use generated::i18n;

#[cfg(feature = "ssr")]
pub mod backend;

pub use ui::app::{App, shell};
