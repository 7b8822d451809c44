//! Sign-in, sign-out, and who is signed in.
use crate::errors::AppError;
use crate::models::CurrentUser;
use leptos::prelude::*;

/// Signs in with email and password, sets the session cookie and redirects to `next` (a local
/// path) or the workbench.
#[server(endpoint = "login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::backend::auth::{cookies, sessions};
    use crate::backend::request::{parts, set_cookie, state, with_status};
    use crate::routing::permissions::safe_next_path;

    with_status(
        async {
            let state = state()?;
            let parts = parts()?;
            let ip = sessions::client_ip(&state, &parts);
            let signed_in = sessions::sign_in(&state, ip, &email, &password).await?;
            set_cookie(&cookies::session_cookie(&signed_in.token, &state.auth));
            set_cookie(&cookies::language_cookie(
                signed_in.user.language.tag(),
                &state.auth,
            ));
            leptos_axum::redirect(safe_next_path(next.as_deref()));
            Ok(())
        }
        .await,
    )
}

/// Ends the current session and clears its cookie.
#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::backend::auth::{cookies, sessions};
    use crate::backend::request::{parts, set_cookie, state, with_status};

    with_status(
        async {
            let state = state()?;
            let parts = parts()?;
            if let Some(token) = cookies::session_token(&parts.headers) {
                sessions::sign_out(&state, &token).await?;
            }
            set_cookie(&cookies::clear_session_cookie(&state.auth));
            leptos_axum::redirect("/login");
            Ok(())
        }
        .await,
    )
}

/// The signed-in account, or `None`.
#[server(endpoint = "me")]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    use crate::backend::auth::sessions;
    use crate::backend::request::{parts, state, with_status};

    with_status(
        async {
            let state = state()?;
            let parts = parts()?;
            sessions::user_for_request(&state, &parts).await
        }
        .await,
    )
}
