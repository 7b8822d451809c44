//! Domain types shared by browser and server. Constructors that take user input parse and
//! reject with a [`FieldError`](crate::errors::FieldError) instead of hoping.
pub mod account;
pub mod appearance;
pub mod catalogues;
pub mod contact;
pub mod conversation_list;
pub mod history;
pub mod ids;
pub mod keyset;
pub mod mail;
pub mod page_view;
pub mod project;
pub mod search_pairs;
pub mod settings;
pub mod team;
pub mod time;
pub mod visitor_forms;
pub mod visitor_panel;

pub use account::{CurrentUser, Email, Language, Password, Role};
pub use ids::{ConversationId, ProjectId, TeamId, UserId, VisitorId};
pub use mail::OutboxMail;
pub use page_view::PageView;
pub use project::{ProjectKey, ProjectSummary};
pub use time::Timestamp;
