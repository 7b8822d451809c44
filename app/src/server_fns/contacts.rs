//! The console's contacts: list, detail, edit, blacklist, merge (admins).
use crate::errors::AppError;
use crate::models::VisitorId;
use crate::models::contact::{ContactDetail, ContactsPage};
use leptos::prelude::*;

/// A page of contacts matching `search` (`filter`: `all`, `known` or `blocked`) and suggested
/// merges; `after`: empty for the first page, else the `next` of the page before.
#[server(endpoint = "contacts")]
pub async fn get_contacts(
    search: String,
    filter: String,
    #[server(default)] after: String,
) -> Result<ContactsPage, AppError> {
    use crate::backend::contacts;
    use crate::backend::db::contacts::ContactFilter;
    use crate::backend::request::as_admin;
    use crate::models::keyset::parse_after;
    let filter = match filter.as_str() {
        "known" => ContactFilter::Known,
        "blocked" => ContactFilter::Blocked,
        _ => ContactFilter::All,
    };
    as_admin(async |state, admin| {
        let after = parse_after(&after)?;
        contacts::list(&state, &admin, &search, filter, after.as_ref()).await
    })
    .await
}

/// One contact and all their conversations.
#[server(endpoint = "contact")]
pub async fn get_contact(contact: VisitorId) -> Result<ContactDetail, AppError> {
    use crate::backend::contacts;
    use crate::backend::request::as_admin;
    as_admin(async |state, admin| contacts::detail(&state, &admin, contact).await).await
}

/// Stores a contact's name, email and phone (each may be empty).
#[server(endpoint = "contact_fields")]
pub async fn update_contact(
    contact: VisitorId,
    name: String,
    email: String,
    phone: String,
) -> Result<(), AppError> {
    use crate::backend::contacts;
    use crate::backend::request::as_admin;
    use crate::models::contact::parse_contact_fields;
    as_admin(async |state, admin| {
        let fields = parse_contact_fields(&name, &email, &phone)?;
        contacts::update(&state, &admin, contact, &fields).await
    })
    .await
}

/// Blacklists (`blocked: true`) or un-blacklists a contact.
#[server(endpoint = "contact_blocked")]
pub async fn set_contact_blocked(contact: VisitorId, blocked: bool) -> Result<(), AppError> {
    use crate::backend::contacts;
    use crate::backend::request::as_admin;
    as_admin(async |state, admin| contacts::set_blocked(&state, &admin, contact, blocked).await)
        .await
}

/// Blacklists the visitor of a conversation the signed-in agent may see (chat window).
#[server(endpoint = "conversation_visitor_blocked")]
pub async fn block_conversation_visitor(
    conversation: crate::models::ConversationId,
) -> Result<(), AppError> {
    use crate::backend::contacts;
    use crate::backend::request::as_member;
    as_member(async |state, agent| contacts::block_visitor_of(&state, &agent, conversation).await)
        .await
}

/// Folds contact `fold` into `keep`.
#[server(endpoint = "contact_merge")]
pub async fn merge_contacts(keep: VisitorId, fold: VisitorId) -> Result<(), AppError> {
    use crate::backend::contacts;
    use crate::backend::request::as_admin;
    as_admin(async |state, admin| contacts::merge(&state, &admin, keep, fold).await).await
}
