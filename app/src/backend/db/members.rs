//! The team as the console manages it: members with role, activity and limit; seats.
use super::projects::decode_error;
use crate::models::team::Member;
use crate::models::{ProjectId, Role, Timestamp, UserId};
use sqlx::AnyConnection;
use sqlx::Row;

/// Every member of the project, admins first, then by name.
pub async fn list(
    conn: &mut AnyConnection,
    project_id: ProjectId,
) -> Result<Vec<Member>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT u.id, u.display_name, u.email, u.role, u.active, u.conversation_limit, \
         (SELECT COUNT(*) FROM conversations c WHERE c.assignee_id = u.id AND c.status = 'open') \
         AS open_count FROM users u WHERE u.project_id = $1 \
         ORDER BY u.active DESC, u.role, u.display_name, u.id",
    )
    .bind(project_id.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let id: String = row.try_get("id")?;
            let role: String = row.try_get("role")?;
            Ok(Member {
                id: UserId::parse(&id).ok_or_else(|| decode_error("users.id", &id))?,
                name: row.try_get("display_name")?,
                email: row.try_get("email")?,
                role: Role::from_db(&role).ok_or_else(|| decode_error("users.role", &role))?,
                active: row.try_get::<i64, _>("active")? == 1,
                limit: row.try_get("conversation_limit")?,
                open_conversations: row.try_get("open_count")?,
            })
        })
        .collect()
}

/// The project's active admins.
pub async fn active_admins(
    conn: &mut AnyConnection,
    project_id: ProjectId,
) -> Result<Vec<UserId>, sqlx::Error> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM users WHERE project_id = $1 AND role = 'admin' AND active = 1",
    )
    .bind(project_id.to_string())
    .fetch_all(conn)
    .await?;
    Ok(ids.iter().filter_map(|id| UserId::parse(id)).collect())
}

/// Changes a member's role; false when the project has no such member.
pub async fn set_role(
    conn: &mut AnyConnection,
    project_id: ProjectId,
    user_id: UserId,
    role: Role,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE users SET role = $1 WHERE id = $2 AND project_id = $3")
        .bind(role.as_str())
        .bind(user_id.to_string())
        .bind(project_id.to_string())
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Deactivates or reactivates a member; false when the project has no such member.
pub async fn set_active(
    conn: &mut AnyConnection,
    project_id: ProjectId,
    user_id: UserId,
    active: bool,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE users SET active = $1 WHERE id = $2 AND project_id = $3")
        .bind(i64::from(active))
        .bind(user_id.to_string())
        .bind(project_id.to_string())
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Active members of the project (each holds a seat).
pub async fn count_active(
    conn: &mut AnyConnection,
    project_id: ProjectId,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE project_id = $1 AND active = 1")
        .bind(project_id.to_string())
        .fetch_one(conn)
        .await
}

/// Whether any account on this server signs in with `email`.
pub async fn email_taken(conn: &mut AnyConnection, email: &str) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(conn)
        .await?;
    Ok(count > 0)
}

/// The subscription's seat count and end of its paid period.
pub async fn subscription_terms(
    conn: &mut AnyConnection,
    project_id: ProjectId,
) -> Result<Option<(i64, Option<Timestamp>)>, sqlx::Error> {
    let row = sqlx::query("SELECT seats, subscription_valid_until FROM projects WHERE id = $1")
        .bind(project_id.to_string())
        .fetch_optional(conn)
        .await?;
    row.map(|row| {
        let until: Option<i64> = row.try_get("subscription_valid_until")?;
        Ok((row.try_get("seats")?, until.map(Timestamp)))
    })
    .transpose()
}

/// Sets the subscription's seat count and end date (operators, from the command line).
pub async fn set_subscription_terms(
    conn: &mut AnyConnection,
    project_id: ProjectId,
    seats: i64,
    valid_until: Option<Timestamp>,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE projects SET seats = $1, subscription_valid_until = $2 WHERE id = $3")
            .bind(seats)
            .bind(valid_until.map(|at| at.0))
            .bind(project_id.to_string())
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}
