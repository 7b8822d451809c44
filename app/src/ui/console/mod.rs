//! The admin console: project, team, settings, reports. One page per file.
mod catalogues_page;
mod chat_settings_form;
mod contact_page;
mod contacts_page;
mod credentials_form;
mod faq_editor;
mod frame;
mod invite_form;
mod members_table;
mod outbox_list;
mod page;
mod quick_replies_editor;
mod sessions_page;
mod settings_page;
mod tags_editor;
mod team_page;
mod teams_editor;
mod upload_settings_form;
mod visitor_forms_form;
mod widget_form;

pub use catalogues_page::CataloguesPage;
pub use contact_page::ContactPage;
pub use contacts_page::ContactsPage;
pub use page::ConsolePage;
pub use sessions_page::SessionsPage;
pub use settings_page::SettingsPage;
pub use team_page::TeamPage;
