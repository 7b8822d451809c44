//! The console's catalogues: quick replies, visitor and session tags, FAQ entries. Every
//! member reads them; only admins change them.
use crate::errors::AppError;
use crate::models::catalogues::{Catalogues, EntryId, FaqEntry, QuickReply, Tag, TagKind};
use leptos::prelude::*;

/// The catalogues of the signed-in member's project.
#[server(endpoint = "catalogues")]
pub async fn get_catalogues() -> Result<Catalogues, AppError> {
    use crate::backend::catalogues;
    use crate::backend::request::as_member;
    as_member(async |state, member| catalogues::list(&state, &member).await).await
}

/// Adds a quick reply; `shortcut` may be empty, typed with or without its `/`.
#[server(endpoint = "quick_reply_create")]
pub async fn create_quick_reply(
    title: String,
    body: String,
    shortcut: String,
) -> Result<QuickReply, AppError> {
    use crate::backend::catalogues;
    use crate::backend::request::as_admin;
    as_admin(async |state, admin| {
        catalogues::create_quick_reply(&state, &admin, &title, &body, &shortcut).await
    })
    .await
}

/// Changes a quick reply.
#[server(endpoint = "quick_reply_update")]
pub async fn update_quick_reply(
    id: EntryId,
    title: String,
    body: String,
    shortcut: String,
) -> Result<QuickReply, AppError> {
    use crate::backend::catalogues;
    use crate::backend::request::as_admin;
    as_admin(async |state, admin| {
        catalogues::update_quick_reply(&state, &admin, id, &title, &body, &shortcut).await
    })
    .await
}

/// Deletes a quick reply.
#[server(endpoint = "quick_reply_delete")]
pub async fn delete_quick_reply(id: EntryId) -> Result<(), AppError> {
    use crate::backend::catalogues;
    use crate::backend::request::as_admin;
    as_admin(async |state, admin| catalogues::delete_quick_reply(&state, &admin, id).await).await
}

/// Adds a visitor or session tag.
#[server(endpoint = "tag_create")]
pub async fn create_tag(kind: TagKind, name: String) -> Result<Tag, AppError> {
    use crate::backend::catalogues;
    use crate::backend::request::as_admin;
    as_admin(async |state, admin| catalogues::create_tag(&state, &admin, kind, &name).await).await
}

/// Renames a tag.
#[server(endpoint = "tag_update")]
pub async fn rename_tag(id: EntryId, name: String) -> Result<Tag, AppError> {
    use crate::backend::catalogues;
    use crate::backend::request::as_admin;
    as_admin(async |state, admin| catalogues::rename_tag(&state, &admin, id, &name).await).await
}

/// Deletes a tag.
#[server(endpoint = "tag_delete")]
pub async fn delete_tag(id: EntryId) -> Result<(), AppError> {
    use crate::backend::catalogues;
    use crate::backend::request::as_admin;
    as_admin(async |state, admin| catalogues::delete_tag(&state, &admin, id).await).await
}

/// Adds an FAQ entry; `keywords` are separated by commas.
#[server(endpoint = "faq_create")]
pub async fn create_faq_entry(
    question: String,
    answer: String,
    keywords: String,
) -> Result<FaqEntry, AppError> {
    use crate::backend::catalogues;
    use crate::backend::request::as_admin;
    as_admin(async |state, admin| {
        catalogues::create_faq_entry(&state, &admin, &question, &answer, &keywords).await
    })
    .await
}

/// Changes an FAQ entry.
#[server(endpoint = "faq_update")]
pub async fn update_faq_entry(
    id: EntryId,
    question: String,
    answer: String,
    keywords: String,
) -> Result<FaqEntry, AppError> {
    use crate::backend::catalogues;
    use crate::backend::request::as_admin;
    as_admin(async |state, admin| {
        catalogues::update_faq_entry(&state, &admin, id, &question, &answer, &keywords).await
    })
    .await
}

/// Deletes an FAQ entry.
#[server(endpoint = "faq_delete")]
pub async fn delete_faq_entry(id: EntryId) -> Result<(), AppError> {
    use crate::backend::catalogues;
    use crate::backend::request::as_admin;
    as_admin(async |state, admin| catalogues::delete_faq_entry(&state, &admin, id).await).await
}
