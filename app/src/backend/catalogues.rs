//! The console's catalogues: every member reads them (agents insert quick replies), admins
//! change them. Everything is scoped to the caller's project: an id of another project is
//! `NotFound`; a shortcut or tag name in use is `AlreadyTaken` on its field.
use super::AppState;
use super::db::catalogues::{self, Catalogue};
use super::db::{events, is_unique_violation};
use crate::errors::{AppError, FieldError, FieldProblem};
use crate::models::catalogues::{
    Catalogues, EntryId, FaqEntry, QuickReply, Tag, TagKind, parse_faq_entry, parse_quick_reply,
    parse_tag_name, tag_name_taken,
};
use crate::models::{CurrentUser, Timestamp};

/// The catalogues of the member's project.
pub async fn list(state: &AppState, member: &CurrentUser) -> Result<Catalogues, AppError> {
    let project_id = member.project_id;
    let (visitor_tags, session_tags) = catalogues::tags(&state.db, project_id)
        .await?
        .into_iter()
        .partition(|tag| tag.kind == TagKind::Visitor);
    Ok(Catalogues {
        quick_replies: catalogues::quick_replies(&state.db, project_id).await?,
        visitor_tags,
        session_tags,
        faq: catalogues::faq_entries(&state.db, project_id).await?,
    })
}

/// A database refusal of a value another entry holds, as the field's `AlreadyTaken`.
fn taken_as(field: &str) -> impl FnOnce(sqlx::Error) -> AppError {
    move |error| {
        if is_unique_violation(&error) {
            FieldError::new(field, FieldProblem::AlreadyTaken).into()
        } else {
            error.into()
        }
    }
}

fn found(done: bool) -> Result<(), AppError> {
    if done {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Adds a quick reply (`shortcut` may be empty, with or without its `/`).
pub async fn create_quick_reply(
    state: &AppState,
    admin: &CurrentUser,
    title: &str,
    body: &str,
    shortcut: &str,
) -> Result<QuickReply, AppError> {
    let reply = parse_quick_reply(EntryId::new(), title, body, shortcut)?;
    catalogues::insert_quick_reply(&state.db, admin.project_id, &reply, Timestamp::now())
        .await
        .map_err(taken_as("shortcut"))?;
    tracing::info!(reply = %reply.id, by = %admin.id, "added a quick reply");
    Ok(reply)
}

/// Changes a quick reply of the admin's project.
pub async fn update_quick_reply(
    state: &AppState,
    admin: &CurrentUser,
    id: EntryId,
    title: &str,
    body: &str,
    shortcut: &str,
) -> Result<QuickReply, AppError> {
    let reply = parse_quick_reply(id, title, body, shortcut)?;
    let done = catalogues::update_quick_reply(&state.db, admin.project_id, &reply)
        .await
        .map_err(taken_as("shortcut"))?;
    found(done)?;
    Ok(reply)
}

/// Deletes a quick reply of the admin's project.
pub async fn delete_quick_reply(
    state: &AppState,
    admin: &CurrentUser,
    id: EntryId,
) -> Result<(), AppError> {
    found(catalogues::delete(&state.db, admin.project_id, Catalogue::QuickReplies, id).await?)
}

/// Adds a tag whose name no other tag of its kind has (ignoring case).
pub async fn create_tag(
    state: &AppState,
    admin: &CurrentUser,
    kind: TagKind,
    name: &str,
) -> Result<Tag, AppError> {
    let tag = Tag {
        id: EntryId::new(),
        kind,
        name: parse_tag_name(name)?,
    };
    let mut tx = state.db.pool().begin().await?;
    // Two admins adding "VIP" and "vip" at once: the second sees the first's.
    events::lock_numbering(&mut tx, admin.project_id).await?;
    let existing = catalogues::tag_names(&mut tx, admin.project_id, kind).await?;
    if tag_name_taken(&tag.name, &existing, None) {
        return Err(FieldError::new("name", FieldProblem::AlreadyTaken).into());
    }
    catalogues::insert_tag(&mut tx, admin.project_id, &tag, Timestamp::now())
        .await
        .map_err(taken_as("name"))?;
    tx.commit().await?;
    tracing::info!(tag = %tag.id, by = %admin.id, "added a tag");
    Ok(tag)
}

/// Renames a tag of the admin's project (its kind stays).
pub async fn rename_tag(
    state: &AppState,
    admin: &CurrentUser,
    id: EntryId,
    name: &str,
) -> Result<Tag, AppError> {
    let name = parse_tag_name(name)?;
    let mut tx = state.db.pool().begin().await?;
    events::lock_numbering(&mut tx, admin.project_id).await?;
    let kind = catalogues::tag_kind(&mut tx, admin.project_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let existing = catalogues::tag_names(&mut tx, admin.project_id, kind).await?;
    if tag_name_taken(&name, &existing, Some(id)) {
        return Err(FieldError::new("name", FieldProblem::AlreadyTaken).into());
    }
    let done = catalogues::rename_tag(&mut tx, admin.project_id, id, &name)
        .await
        .map_err(taken_as("name"))?;
    found(done)?;
    tx.commit().await?;
    Ok(Tag { id, kind, name })
}

/// Deletes a tag of the admin's project.
pub async fn delete_tag(
    state: &AppState,
    admin: &CurrentUser,
    id: EntryId,
) -> Result<(), AppError> {
    found(catalogues::delete(&state.db, admin.project_id, Catalogue::Tags, id).await?)
}

/// Adds an FAQ entry (`keywords` separated by commas).
pub async fn create_faq_entry(
    state: &AppState,
    admin: &CurrentUser,
    question: &str,
    answer: &str,
    keywords: &str,
) -> Result<FaqEntry, AppError> {
    let entry = parse_faq_entry(EntryId::new(), question, answer, keywords)?;
    catalogues::insert_faq_entry(&state.db, admin.project_id, &entry, Timestamp::now()).await?;
    tracing::info!(entry = %entry.id, by = %admin.id, "added an FAQ entry");
    Ok(entry)
}

/// Changes an FAQ entry of the admin's project.
pub async fn update_faq_entry(
    state: &AppState,
    admin: &CurrentUser,
    id: EntryId,
    question: &str,
    answer: &str,
    keywords: &str,
) -> Result<FaqEntry, AppError> {
    let entry = parse_faq_entry(id, question, answer, keywords)?;
    found(catalogues::update_faq_entry(&state.db, admin.project_id, &entry).await?)?;
    Ok(entry)
}

/// Deletes an FAQ entry of the admin's project.
pub async fn delete_faq_entry(
    state: &AppState,
    admin: &CurrentUser,
    id: EntryId,
) -> Result<(), AppError> {
    found(catalogues::delete(&state.db, admin.project_id, Catalogue::Faq, id).await?)
}
