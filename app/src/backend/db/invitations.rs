//! `invitations` table: join links sent by email. Only the token's SHA-256 is stored.
use super::projects::decode_error;
use crate::models::team::PendingInvitation;
use crate::models::{ProjectId, Role, Timestamp, UserId};
use sqlx::AnyConnection;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A new invitation.
#[derive(Debug, Clone)]
pub struct NewInvitation<'a> {
    /// The project the invitee joins.
    pub project_id: ProjectId,
    /// The invited (normalised) address.
    pub email: &'a str,
    /// The role they get.
    pub role: Role,
    /// SHA-256 of the join token.
    pub token_hash: &'a str,
    /// The admin who invited them.
    pub invited_by: UserId,
    /// When.
    pub created_at: Timestamp,
    /// When the link stops working.
    pub expires_at: Timestamp,
}

/// An invitation whose link still works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsableInvitation {
    /// Its row.
    pub id: String,
    /// The project the invitee joins.
    pub project_id: ProjectId,
    /// The invited address.
    pub email: String,
    /// The role they get.
    pub role: Role,
}

fn role_of(row: &AnyRow) -> Result<Role, sqlx::Error> {
    let role: String = row.try_get("role")?;
    Role::from_db(&role).ok_or_else(|| decode_error("invitations.role", &role))
}

/// Stores an invitation.
pub async fn insert(
    conn: &mut AnyConnection,
    invitation: &NewInvitation<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO invitations (id, project_id, email, role, token_hash, invited_by, \
         created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(invitation.project_id.to_string())
    .bind(invitation.email)
    .bind(invitation.role.as_str())
    .bind(invitation.token_hash)
    .bind(invitation.invited_by.to_string())
    .bind(invitation.created_at.0)
    .bind(invitation.expires_at.0)
    .execute(conn)
    .await?;
    Ok(())
}

/// The condition of a pending invitation (`$2`: now), spliced into queries at compile time.
macro_rules! pending {
    () => {
        "accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2"
    };
}

/// Withdraws the pending invitations of `email` in the project; how many there were.
pub async fn revoke_pending(
    conn: &mut AnyConnection,
    project_id: ProjectId,
    email: &str,
    now: Timestamp,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(concat!(
        "UPDATE invitations SET revoked_at = $2 WHERE project_id = $1 AND email = $3 AND ",
        pending!(),
        ""
    ))
    .bind(project_id.to_string())
    .bind(now.0)
    .bind(email)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// How many invitations of the project are pending (each holds a seat).
pub async fn count_pending(
    conn: &mut AnyConnection,
    project_id: ProjectId,
    now: Timestamp,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(concat!(
        "SELECT COUNT(*) FROM invitations WHERE project_id = $1 AND ",
        pending!(),
        ""
    ))
    .bind(project_id.to_string())
    .bind(now.0)
    .fetch_one(conn)
    .await
}

/// The project's pending invitations, oldest first.
pub async fn pending(
    conn: &mut AnyConnection,
    project_id: ProjectId,
    now: Timestamp,
) -> Result<Vec<PendingInvitation>, sqlx::Error> {
    let rows = sqlx::query(concat!(
        "SELECT email, role, expires_at FROM invitations WHERE project_id = $1 AND ",
        pending!(),
        " \
         ORDER BY created_at, id"
    ))
    .bind(project_id.to_string())
    .bind(now.0)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(PendingInvitation {
                email: row.try_get("email")?,
                role: role_of(row)?,
                expires_at: Timestamp(row.try_get("expires_at")?),
            })
        })
        .collect()
}

/// The invitation behind a join token, if its link still works.
pub async fn find_usable(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: Timestamp,
) -> Result<Option<UsableInvitation>, sqlx::Error> {
    let row = sqlx::query(concat!(
        "SELECT id, project_id, email, role FROM invitations WHERE token_hash = $1 AND ",
        pending!(),
        ""
    ))
    .bind(token_hash)
    .bind(now.0)
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        let project_id: String = row.try_get("project_id")?;
        Ok(UsableInvitation {
            id: row.try_get("id")?,
            project_id: ProjectId::parse(&project_id)
                .ok_or_else(|| decode_error("invitations.project_id", &project_id))?,
            email: row.try_get("email")?,
            role: role_of(&row)?,
        })
    })
    .transpose()
}

/// Uses the invitation up; false when it was used, withdrawn or expired meanwhile.
pub async fn mark_accepted(
    conn: &mut AnyConnection,
    id: &str,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(concat!(
        "UPDATE invitations SET accepted_at = $2 WHERE id = $1 AND ",
        pending!(),
        ""
    ))
    .bind(id)
    .bind(now.0)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
