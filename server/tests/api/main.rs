//! Black-box tests: the real server on port 0 with a fresh database per test, spoken to over
//! HTTP like a browser or script would; plus the repository suite on both backends and the
//! `parley` binary's command line.
mod access_trace;
mod appearance;
mod assignment;
mod assignment_races;
mod assignment_support;
mod attachments;
mod auth;
mod avatars;
mod catalogues;
mod cli;
mod console_paging;
mod contacts;
mod conversation_contacts;
mod conversation_lists;
mod conversation_search;
mod email_fallback;
mod helpers;
mod history;
mod list_support;
mod live_sets;
mod member_credentials;
mod repository;
mod rich_messages;
mod search_ways;
mod settings_admin;
mod smtp_sink;
mod surfaces;
mod team_admin;
mod visitor_panel;
mod widget_forms;
mod ws_client;
mod ws_conversations;
mod ws_protocol;
mod ws_subscriptions;
