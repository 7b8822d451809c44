//! Helpers for server functions: reach the state and the request, and answer errors with the
//! right HTTP status.
use super::AppState;
use crate::errors::AppError;
use leptos::prelude::*;

/// The server state, provided to every server function and render by the router.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        AppError::Internal
    })
}

/// The current request's head (method, URI, headers, extensions).
pub fn parts() -> Result<http::request::Parts, AppError> {
    use_context::<http::request::Parts>().ok_or_else(|| {
        tracing::error!("request parts missing from the Leptos context");
        AppError::Internal
    })
}

/// Passes `result` through, setting the response status from the error when there is one.
/// (A call refused before its body runs gets its status from the server's `call_errors` layer.)
pub fn with_status<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result
        && let Some(options) = use_context::<leptos_axum::ResponseOptions>()
    {
        let status = http::StatusCode::from_u16(error.status_code())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        options.set_status(status);
    }
    result
}

/// Adds a `Set-Cookie` header to the response.
pub fn set_cookie(cookie: &str) {
    let Some(options) = use_context::<leptos_axum::ResponseOptions>() else {
        tracing::error!("response options missing; cookie not set");
        return;
    };
    match http::HeaderValue::from_str(cookie) {
        Ok(value) => options.append_header(http::header::SET_COOKIE, value),
        Err(error) => tracing::error!(%error, "invalid Set-Cookie value"),
    }
}

/// Runs `work` for the signed-in admin (else `Unauthorized` / `Forbidden`), answering errors
/// with their status: the body of an admin-only server function.
pub async fn as_admin<T>(
    work: impl AsyncFnOnce(AppState, crate::models::CurrentUser) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let result = async {
        let state = state()?;
        let admin = super::auth::sessions::require_admin(&state, &parts()?).await?;
        work(state, admin).await
    }
    .await;
    with_status(result)
}

/// Like [`as_admin`], for any signed-in member.
pub async fn as_member<T>(
    work: impl AsyncFnOnce(AppState, crate::models::CurrentUser) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let result = async {
        let state = state()?;
        let user = super::auth::sessions::require_user(&state, &parts()?).await?;
        work(state, user).await
    }
    .await;
    with_status(result)
}
