//! Inviting people by email and joining with the link: seats are checked and invitations
//! stored in one transaction under the project's lock; mail goes out after the commit.
use super::AppState;
use super::accounts::parse_name;
use super::auth::password;
use super::auth::sessions::{SignedIn, open_session};
use super::auth::token::{random_token, token_hash};
use super::db::{events, invitations, members, projects, teams, users};
use super::mail::Mail;
use crate::errors::{AppError, FieldError, FieldProblem};
use crate::i18n::*;
use crate::locale::locale_for;
use crate::models::team::{
    INVITATION_VALID_SECS, InviteOutcome, InviteResult, Invitee, JoinPreview, MAX_INVITEES,
    Subscription, parse_invitees,
};
use crate::models::{CurrentUser, Email, Language, Password, ProjectId, Role, Timestamp, UserId};

/// The project's seats: active members and pending invitations against the seat count.
pub async fn subscription(
    conn: &mut sqlx::AnyConnection,
    project_id: ProjectId,
    now: Timestamp,
) -> Result<Subscription, AppError> {
    let (seats, valid_until) = members::subscription_terms(conn, project_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let active = members::count_active(conn, project_id).await?;
    let pending = invitations::count_pending(conn, project_id, now).await?;
    Ok(Subscription {
        seats,
        used: active + pending,
        valid_until,
    })
}

struct Outgoing {
    email: Email,
    token: String,
    index: usize,
}

/// Invites the addresses typed in `input` (at most ten) with `role`. Every address gets its
/// own outcome; if the new ones need more seats than are free, nothing is stored.
pub async fn invite(
    state: &AppState,
    admin: &CurrentUser,
    input: &str,
    role: Role,
) -> Result<Vec<InviteResult>, AppError> {
    let invitees =
        parse_invitees(input).map_err(|_| AppError::TooManyInvitees { max: MAX_INVITEES })?;
    if invitees.is_empty() {
        return Err(FieldError::new("emails", FieldProblem::Required).into());
    }
    let now = Timestamp::now();
    let project_id = admin.project_id;
    let mut tx = state.db.pool().begin().await?;
    events::lock_numbering(&mut tx, project_id).await?;
    let seats = subscription(&mut tx, project_id, now).await?;
    if seats.expired(now) {
        return Err(AppError::SubscriptionExpired);
    }
    let mut results = Vec::with_capacity(invitees.len());
    let mut outgoing = Vec::new();
    let mut new_seats = 0;
    for invitee in invitees {
        let email = match invitee {
            Invitee::Rejected(raw, outcome) => {
                results.push(InviteResult {
                    email: raw,
                    outcome,
                });
                continue;
            }
            Invitee::Valid(email) => email,
        };
        let outcome = if members::email_taken(&mut tx, email.as_str()).await? {
            InviteOutcome::AlreadyMember
        } else if invitations::revoke_pending(&mut tx, project_id, email.as_str(), now).await? > 0 {
            InviteOutcome::Reinvited
        } else {
            new_seats += 1;
            InviteOutcome::Sent
        };
        if outcome != InviteOutcome::AlreadyMember {
            outgoing.push(Outgoing {
                email: email.clone(),
                token: random_token(32),
                index: results.len(),
            });
        }
        results.push(InviteResult {
            email: email.as_str().to_owned(),
            outcome,
        });
    }
    if new_seats > seats.free() {
        return Err(AppError::SeatsExhausted {
            seats: seats.seats,
            free: seats.free(),
        });
    }
    for invite in &outgoing {
        let hash = token_hash(&invite.token);
        let invitation = invitations::NewInvitation {
            project_id,
            email: invite.email.as_str(),
            role,
            token_hash: &hash,
            invited_by: admin.id,
            created_at: now,
            expires_at: now.plus_secs(INVITATION_VALID_SECS),
        };
        invitations::insert(&mut tx, &invitation).await?;
    }
    tx.commit().await?;

    let project = projects::find(&state.db, project_id)
        .await?
        .ok_or(AppError::NotFound)?;
    for invite in outgoing {
        let mail = invitation_mail(state, admin, &project.name, &invite);
        if let Err(error) = state.mailer.send(&state.db, &mail).await {
            tracing::warn!(?error, "an invitation mail was not sent");
            if let Some(result) = results.get_mut(invite.index) {
                result.outcome = InviteOutcome::NotDelivered;
            }
        }
    }
    Ok(results)
}

/// The invitation, in the inviting admin's working language (the team's, most likely).
fn invitation_mail(
    state: &AppState,
    admin: &CurrentUser,
    project_name: &str,
    invite: &Outgoing,
) -> Mail {
    let link = format!("{}/join/{}", state.public_url, invite.token);
    let (subject, body) = compose_invitation(
        locale_for(admin.language),
        &admin.display_name,
        project_name,
        &link,
    );
    Mail {
        project_id: admin.project_id,
        to: invite.email.clone(),
        subject,
        body,
    }
}

/// Subject and plain-text body of an invitation mail.
fn compose_invitation(
    locale: Locale,
    inviter: &str,
    project: &str,
    link: &str,
) -> (String, String) {
    let days = INVITATION_VALID_SECS / 86_400;
    let subject = td_string!(locale, mail.invite_subject, inviter, project).to_string();
    let body = format!(
        "{}\n\n{}\n\n{}\n{link}\n\n{}\n",
        td_string!(locale, mail.invite_greeting),
        td_string!(locale, mail.invite_intro, inviter, project),
        td_string!(locale, mail.invite_link, days),
        td_string!(locale, mail.invite_ignore),
    );
    (subject, body)
}

/// What a join link leads to, or `InvitationUnusable`.
pub async fn preview(state: &AppState, token: &str) -> Result<JoinPreview, AppError> {
    let mut conn = state.db.pool().acquire().await?;
    let invitation = invitations::find_usable(&mut conn, &token_hash(token), Timestamp::now())
        .await?
        .ok_or(AppError::InvitationUnusable)?;
    let project = projects::find(&state.db, invitation.project_id)
        .await?
        .ok_or(AppError::InvitationUnusable)?;
    Ok(JoinPreview {
        project_name: project.name,
        email: invitation.email,
    })
}

/// Joins with a link: creates the account with the invited email, name and password, uses
/// the link up and signs in. A second use, an expired or withdrawn link: `InvitationUnusable`.
pub async fn accept(
    state: &AppState,
    token: &str,
    name: &str,
    password_input: &str,
) -> Result<SignedIn, AppError> {
    let display_name = parse_name("name", name)?;
    let password = Password::parse("password", password_input)?;
    // Hashing is slow: done before the project is locked.
    let password_hash = password::hash(password.expose().to_owned()).await?;
    let hash = token_hash(token);
    let now = Timestamp::now();
    let project_id = {
        let mut conn = state.db.pool().acquire().await?;
        invitations::find_usable(&mut conn, &hash, now)
            .await?
            .ok_or(AppError::InvitationUnusable)?
            .project_id
    };
    let mut tx = state.db.pool().begin().await?;
    events::lock_numbering(&mut tx, project_id).await?;
    let invitation = invitations::find_usable(&mut tx, &hash, now)
        .await?
        .ok_or(AppError::InvitationUnusable)?;
    if !invitations::mark_accepted(&mut tx, &invitation.id, now).await? {
        return Err(AppError::InvitationUnusable);
    }
    if members::email_taken(&mut tx, &invitation.email).await? {
        return Err(AppError::InvitationUnusable);
    }
    let user = CurrentUser {
        id: UserId::new(),
        project_id,
        email: invitation.email,
        display_name,
        role: invitation.role,
        language: Language::En,
    };
    let new_user = users::NewUser {
        user: user.clone(),
        password_hash,
    };
    users::insert(&mut *tx, &new_user, now).await?;
    teams::add_member(&mut *tx, teams::default_team_id(project_id), user.id).await?;
    tx.commit().await?;
    tracing::info!(user = %user.id, "joined by invitation");
    open_session(state, user).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invitation_names_the_inviter_the_project_and_the_link_in_the_admins_language() {
        let link = "https://chat.example/join/t";
        let (subject, body) = compose_invitation(Locale::en, "Ann", "Acme", link);
        assert_eq!(subject, "Ann invited you to Acme on Parley");
        assert!(
            body.contains("Ann invited you to answer chats for Acme"),
            "{body}"
        );
        assert!(
            body.contains("for 7 days):\nhttps://chat.example/join/t\n"),
            "{body}"
        );
        let (subject, body) = compose_invitation(locale_for(Language::ZhHans), "Ann", "Acme", link);
        assert_eq!(subject, "Ann 邀请您加入 Parley 上的 Acme");
        assert!(
            body.contains("7 天内有效）：\nhttps://chat.example/join/t\n"),
            "{body}"
        );
        let (subject, _) = compose_invitation(locale_for(Language::ZhHant), "Ann", "Acme", link);
        assert_eq!(subject, "Ann 邀請您加入 Parley 上的 Acme");
    }
}
