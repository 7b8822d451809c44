//! The workbench's lists: one page of a view with its filters, and the views' counts.
use crate::backend::AppState;
use crate::backend::db::chat_settings;
use crate::backend::db::conversation_list::{self, Asker, Context};
use crate::backend::db::conversation_search;
use crate::errors::{AppError, FieldError, FieldProblem};
use crate::models::conversation_list::{
    Filters, ListCursor, ListPage, ListRequest, ListedConversation, MAX_PAGE_ROWS,
    MAX_SEARCH_CHARS, PAGE_SIZE, View, ViewCounts,
};
use crate::models::{ConversationId, CurrentUser, Timestamp};
use crate::routing::conversation_state::WaitThresholds;

/// The filters as asked, refused when the search is too long.
fn checked(filters: &Filters) -> Result<(), AppError> {
    if filters.search.trim().chars().count() > MAX_SEARCH_CHARS {
        return Err(AppError::Invalid(FieldError::new(
            "search",
            FieldProblem::TooLong {
                max: MAX_SEARCH_CHARS,
            },
        )));
    }
    Ok(())
}

/// The view asked for, if the role has it (agents have no "All").
fn allowed_view(user: &CurrentUser, view: Option<View>) -> Result<View, AppError> {
    let view = view.unwrap_or_else(|| View::first_for(user.role));
    if View::for_role(user.role).contains(&view) {
        Ok(view)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Last midnight UTC before `now`.
fn utc_midnight(now: Timestamp) -> Timestamp {
    const DAY_MS: i64 = 86_400_000;
    Timestamp(now.0 - now.0.rem_euclid(DAY_MS))
}

async fn thresholds(state: &AppState, user: &CurrentUser) -> Result<WaitThresholds, AppError> {
    let settings = chat_settings::find(&state.db, user.project_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(WaitThresholds {
        soon_secs: settings.soon_secs,
        overdue_secs: settings.overdue_secs,
    })
}

/// What the list queries of one request share: the time, the thresholds, the online
/// visitors and how the text filters are answered.
async fn list_context<'a>(
    state: &AppState,
    user: &CurrentUser,
    filters: &Filters,
    midnight: Option<Timestamp>,
    online: &'a [ConversationId],
) -> Result<Context<'a>, AppError> {
    let now = Timestamp::now();
    let project = user.project_id.to_string();
    Ok(Context {
        now,
        midnight: midnight.unwrap_or_else(|| utc_midnight(now)),
        thresholds: thresholds(state, user).await?,
        online,
        text: conversation_search::plan(&state.db, &project, filters).await?,
    })
}

fn asker(user: &CurrentUser) -> Asker {
    Asker {
        id: user.id,
        role: user.role,
    }
}

/// One page of a view: at most [`PAGE_SIZE`] rows after the cursor, with each row's visitor
/// name, presence and (with a search) the newest matching message.
pub async fn page(
    state: &AppState,
    user: &CurrentUser,
    request: &ListRequest,
) -> Result<ListPage, AppError> {
    checked(&request.filters)?;
    let view = allowed_view(user, request.view)?;
    let online = state.presence.online_conversations(user.project_id);
    let context = list_context(state, user, &request.filters, request.midnight, &online).await?;
    let project = user.project_id.to_string();
    let size = request
        .limit
        .map_or(PAGE_SIZE, |limit| (limit as usize).clamp(1, MAX_PAGE_ROWS));
    // One row more than a page says whether another page follows.
    let mut rows = conversation_list::page(
        &state.db,
        &project,
        asker(user),
        view,
        &request.filters,
        &context,
        request.after,
        size + 1,
    )
    .await?;
    let more = rows.len() > size;
    rows.truncate(size);
    let next = more
        .then(|| rows.last().map(|(row, _)| ListCursor::after(row)))
        .flatten();
    let needle = request.filters.search.trim();
    let matched = if needle.is_empty() {
        Vec::new()
    } else {
        let ids: Vec<ConversationId> = rows.iter().map(|(row, _)| row.id).collect();
        conversation_search::matched_messages(&state.db, &project, &ids, needle).await?
    };
    let rows = rows
        .into_iter()
        .map(|(row, name)| ListedConversation {
            online: online.binary_search(&row.id).is_ok(),
            matched: matched
                .iter()
                .find(|(id, _)| *id == row.id)
                .map(|(_, body)| body.clone()),
            name,
            row,
        })
        .collect();
    Ok(ListPage { rows, next })
}

/// How many conversations each of the role's views holds with `filters`, and the tab
/// title's number.
pub async fn counts(
    state: &AppState,
    user: &CurrentUser,
    filters: &Filters,
    midnight: Option<Timestamp>,
) -> Result<ViewCounts, AppError> {
    checked(filters)?;
    let online = state.presence.online_conversations(user.project_id);
    let context = list_context(state, user, filters, midnight, &online).await?;
    let project = user.project_id.to_string();
    let mut counts = Vec::new();
    for view in View::for_role(user.role) {
        let count =
            conversation_list::count(&state.db, &project, asker(user), *view, filters, &context)
                .await?;
        counts.push((*view, count));
    }
    let attention =
        conversation_list::attention(&state.db, &project, asker(user), &context).await?;
    Ok(ViewCounts { counts, attention })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn midnight_is_the_start_of_the_utc_day() {
        let day = 86_400_000;
        assert_eq!(utc_midnight(Timestamp(3 * day + 5)), Timestamp(3 * day));
        assert_eq!(utc_midnight(Timestamp(3 * day)), Timestamp(3 * day));
    }
}
