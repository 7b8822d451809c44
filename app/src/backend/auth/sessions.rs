//! Sign-in, sign-out and resolving the account behind a request.
use super::password;
use super::token::{new_session_token, token_hash};
use crate::backend::AppState;
use crate::backend::db::{sessions, users};
use crate::errors::{AppError, FieldError, FieldProblem};
use crate::models::{CurrentUser, Email, Password, Role, Timestamp};
use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

/// Sessions are written back at most this often, so reads stay reads.
const TOUCH_INTERVAL_MS: i64 = 60_000;

/// A successful sign-in: the account and the new session token for its cookie.
#[derive(Debug)]
pub struct SignedIn {
    /// The account.
    pub user: CurrentUser,
    /// The session token (only its hash is stored).
    pub token: String,
}

fn limiter_keys(client_ip: Option<IpAddr>, email: &Email) -> Vec<String> {
    let mut keys = vec![format!("email:{}", email.as_str())];
    if let Some(ip) = client_ip {
        keys.push(format!("ip:{ip}"));
    }
    keys
}

/// Checks the credentials and opens a session. A wrong email and a wrong password give the
/// same error after the same work; repeated failures per IP and per email are rate-limited.
pub async fn sign_in(
    state: &AppState,
    client_ip: Option<IpAddr>,
    email_input: &str,
    password_input: &str,
) -> Result<SignedIn, AppError> {
    let email = Email::parse("email", email_input)?;
    if password_input.is_empty() {
        return Err(FieldError::new("password", FieldProblem::Required).into());
    }
    let keys = limiter_keys(client_ip, &email);
    state
        .login_limiter
        .check(&keys, Instant::now())
        .map_err(|wait| AppError::RateLimited {
            retry_after_secs: wait.as_secs().max(1),
        })?;

    let credentials = if password_input.chars().count() > Password::MAX_LEN {
        None
    } else {
        users::find_credentials(&state.db, email.as_str()).await?
    };
    let stored_hash = credentials
        .as_ref()
        .map(|found| found.password_hash.clone());
    let password_matches = password::verify(password_input.to_owned(), stored_hash).await;
    let user = match credentials {
        Some(found) if password_matches && found.active => found.user,
        _ => {
            state.login_limiter.record_failure(&keys, Instant::now());
            tracing::info!(ip = ?client_ip, "failed sign-in");
            return Err(AppError::InvalidCredentials);
        }
    };
    // Only the email's counter is forgiven: one valid account must not reset an IP's count.
    state.login_limiter.clear(&keys[..1]);
    open_session(state, user).await
}

/// Opens a new session for an account whose credentials were checked.
pub async fn open_session(state: &AppState, user: CurrentUser) -> Result<SignedIn, AppError> {
    let token = new_session_token();
    let now = Timestamp::now();
    let expires_at = now.plus_secs(state.auth.absolute_timeout_secs);
    sessions::insert(&state.db, &token_hash(&token), user.id, now, expires_at).await?;
    tracing::info!(user = %user.id, "signed in");
    Ok(SignedIn { user, token })
}

/// Ends every session of an account (password changed, deactivated) and closes its open
/// workbench and console sockets on this server.
pub async fn end_all(state: &AppState, user_id: crate::models::UserId) -> Result<(), AppError> {
    sessions::delete_for_user(&state.db, user_id).await?;
    close_sockets(state, user_id);
    Ok(())
}

/// Closes an account's open sockets on this node and, through the relay, on the others (its
/// clients reconnect and are checked again: gone after a sign-out, with a new role after a
/// role change).
pub fn close_sockets(state: &AppState, user_id: crate::models::UserId) {
    state.hub.sign_out(user_id);
    state.relay.announce_sign_out(user_id);
}

/// The account behind a session token, sliding its idle timeout.
pub async fn user_for_token(
    state: &AppState,
    token: &str,
) -> Result<Option<CurrentUser>, AppError> {
    let now = Timestamp::now();
    let idle_cutoff = now.plus_secs(-state.auth.idle_timeout_secs);
    let hash = token_hash(token);
    let Some(live) = sessions::find_live(&state.db, &hash, now, idle_cutoff).await? else {
        return Ok(None);
    };
    if now.millis_since(live.last_seen_at) > TOUCH_INTERVAL_MS {
        sessions::touch(&state.db, &hash, now).await?;
    }
    Ok(Some(live.user))
}

/// Ends the session of this token, and closes the account's sockets here (the other
/// sessions' sockets reconnect at once; this one's cannot).
pub async fn sign_out(state: &AppState, token: &str) -> Result<(), AppError> {
    let user = user_for_token(state, token).await?;
    sessions::delete(&state.db, &token_hash(token)).await?;
    if let Some(user) = user {
        close_sockets(state, user.id);
    }
    Ok(())
}

/// The account behind a request: set by the surface guard, or read from the session cookie.
pub async fn user_for_request(
    state: &AppState,
    parts: &http::request::Parts,
) -> Result<Option<CurrentUser>, AppError> {
    if let Some(user) = parts.extensions.get::<CurrentUser>() {
        return Ok(Some(user.clone()));
    }
    match super::cookies::session_token(&parts.headers) {
        Some(token) => user_for_token(state, &token).await,
        None => Ok(None),
    }
}

/// The signed-in account, or `Unauthorized`.
pub async fn require_user(
    state: &AppState,
    parts: &http::request::Parts,
) -> Result<CurrentUser, AppError> {
    user_for_request(state, parts)
        .await?
        .ok_or(AppError::Unauthorized)
}

/// The signed-in admin, or `Unauthorized` / `Forbidden`.
pub async fn require_admin(
    state: &AppState,
    parts: &http::request::Parts,
) -> Result<CurrentUser, AppError> {
    let user = require_user(state, parts).await?;
    if user.role == Role::Admin {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The client's address: the socket's peer, or behind a trusted proxy the address it
/// forwards for (so the sign-in limiter counts each client, not the proxy).
pub fn client_ip(state: &AppState, parts: &http::request::Parts) -> Option<IpAddr> {
    let peer = parts
        .extensions
        .get::<axum::extract::ConnectInfo<SocketAddr>>()?
        .0
        .ip();
    Some(crate::backend::client_info::request_client_ip(
        peer,
        &parts.headers,
        &state.trusted_proxies,
    ))
}
