//! What an admin does to the team from the console: roles, limits, deactivation. Every rule
//! is checked inside a transaction holding the project's lock, so two admins acting at once
//! cannot both remove the last admin or both take the last seat.
use super::AppState;
use super::auth::sessions;
use super::conversation_actions::{drain_queue, hand_back_all};
use super::db::agents::{self, MAX_LIMIT};
use super::db::{events, invitations, members, outbox};
use super::invitations::subscription;
use crate::errors::{AppError, FieldError, FieldProblem};
use crate::models::team::{Member, TeamOverview, keeps_an_admin};
use crate::models::{CurrentUser, Role, Timestamp, UserId};

/// The team, pending invitations, seats and the outbox of the admin's project.
pub async fn overview(state: &AppState, admin: &CurrentUser) -> Result<TeamOverview, AppError> {
    let now = Timestamp::now();
    let mut conn = state.db.pool().acquire().await?;
    Ok(TeamOverview {
        members: members::list(&mut conn, admin.project_id).await?,
        pending: invitations::pending(&mut conn, admin.project_id, now).await?,
        subscription: subscription(&mut conn, admin.project_id, now).await?,
        outbox: outbox::newest(&state.db, admin.project_id, 50).await?,
        smtp: matches!(*state.mailer, super::mail::Mailer::Smtp { .. }),
    })
}

async fn member(
    conn: &mut sqlx::AnyConnection,
    admin: &CurrentUser,
    user_id: UserId,
) -> Result<Member, AppError> {
    members::list(conn, admin.project_id)
        .await?
        .into_iter()
        .find(|member| member.id == user_id)
        .ok_or(AppError::NotFound)
}

/// Makes a member an admin or an agent; the last active admin stays one. Their open
/// sockets close so they reconnect with the new role.
pub async fn set_role(
    state: &AppState,
    admin: &CurrentUser,
    user_id: UserId,
    role: Role,
) -> Result<(), AppError> {
    let mut tx = state.db.pool().begin().await?;
    events::lock_numbering(&mut tx, admin.project_id).await?;
    let target = member(&mut tx, admin, user_id).await?;
    let admins = members::active_admins(&mut tx, admin.project_id).await?;
    if !keeps_an_admin(&admins, user_id, role == Role::Admin && target.active) {
        return Err(AppError::LastAdmin);
    }
    members::set_role(&mut tx, admin.project_id, user_id, role).await?;
    tx.commit().await?;
    sessions::close_sockets(state, user_id);
    Ok(())
}

/// Parses a conversation limit typed in the console: empty means the project's default.
pub fn parse_limit(input: &str) -> Result<Option<i64>, FieldError> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(None);
    }
    let out_of_range = || {
        FieldError::new(
            "limit",
            FieldProblem::OutOfRange {
                min: 1,
                max: MAX_LIMIT,
            },
        )
    };
    let limit: i64 = input.parse().map_err(|_| out_of_range())?;
    if (1..=MAX_LIMIT).contains(&limit) {
        Ok(Some(limit))
    } else {
        Err(out_of_range())
    }
}

/// Sets a member's own conversation limit (`None`: the project's default); a raised limit
/// drains the queue to them at once.
pub async fn set_limit(
    state: &AppState,
    admin: &CurrentUser,
    user_id: UserId,
    limit: Option<i64>,
) -> Result<(), AppError> {
    let mut conn = state.db.pool().acquire().await?;
    if !agents::set_limit(&mut conn, admin.project_id, user_id, limit).await? {
        return Err(AppError::NotFound);
    }
    drop(conn);
    drain_queue(state, admin.project_id)
        .await
        .map_err(|error| error.into_app_error())
}

/// Deactivates a member: they can no longer sign in, their sessions and sockets end, and
/// their open conversations go back to routing. The last active admin cannot be deactivated.
pub async fn deactivate(
    state: &AppState,
    admin: &CurrentUser,
    user_id: UserId,
) -> Result<(), AppError> {
    let target = {
        let mut conn = state.db.pool().acquire().await?;
        member(&mut conn, admin, user_id).await?
    };
    let as_user = CurrentUser {
        id: target.id,
        project_id: admin.project_id,
        email: target.email.clone(),
        display_name: target.name.clone(),
        role: target.role,
        language: crate::models::Language::En,
    };
    let project_id = admin.project_id;
    let mut last_admin = false;
    let done = hand_back_all(state, &as_user, async |conn: &mut sqlx::AnyConnection| {
        let admins = members::active_admins(conn, project_id).await?;
        if !keeps_an_admin(&admins, user_id, false) {
            last_admin = true;
            return Ok(false);
        }
        members::set_active(conn, project_id, user_id, false).await
    })
    .await
    .map_err(|error| error.into_app_error())?;
    if last_admin {
        return Err(AppError::LastAdmin);
    }
    if !done {
        return Err(AppError::NotFound);
    }
    sessions::end_all(state, user_id).await?;
    tracing::info!(user = %user_id, by = %admin.id, "deactivated a member");
    Ok(())
}

/// Reactivates a member if a seat is free; they sign in with their old password.
pub async fn reactivate(
    state: &AppState,
    admin: &CurrentUser,
    user_id: UserId,
) -> Result<(), AppError> {
    let now = Timestamp::now();
    let mut tx = state.db.pool().begin().await?;
    events::lock_numbering(&mut tx, admin.project_id).await?;
    let target = member(&mut tx, admin, user_id).await?;
    if target.active {
        return Ok(());
    }
    let seats = subscription(&mut tx, admin.project_id, now).await?;
    if seats.free() < 1 {
        return Err(AppError::SeatsExhausted {
            seats: seats.seats,
            free: 0,
        });
    }
    members::set_active(&mut tx, admin.project_id, user_id, true).await?;
    tx.commit().await?;
    drain_queue(state, admin.project_id)
        .await
        .map_err(|error| error.into_app_error())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_whole_numbers_from_one_to_a_hundred_or_empty() {
        assert_eq!(parse_limit(" 7 "), Ok(Some(7)));
        assert_eq!(parse_limit(""), Ok(None));
        for bad in ["0", "101", "-3", "five", "2.5"] {
            assert_eq!(
                parse_limit(bad).map_err(|error| error.problem),
                Err(FieldProblem::OutOfRange { min: 1, max: 100 }),
                "{bad}"
            );
        }
    }
}
