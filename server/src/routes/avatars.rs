//! Profile pictures: `POST /workbench/profile/avatar` (a plain form upload from the profile
//! page, behind the workbench's sign-in guard) and `GET /avatars/{user_id}` (the re-encoded
//! PNG, never the uploaded file).
use app::backend::AppState;
use app::backend::avatars::{self, AvatarProblem, MAX_UPLOAD_BYTES};
use app::backend::db::avatars as stored;
use app::models::{CurrentUser, UserId};
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, post};

/// The upload route, with a body limit a little above the largest picture accepted (the
/// multipart framing), so larger uploads stop early and are answered "too large".
pub fn upload_route() -> MethodRouter<AppState> {
    post(upload).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES + 64 * 1024))
}

fn back_to_profile(outcome: &str) -> Response {
    Redirect::to(&format!("/workbench/profile?avatar={outcome}")).into_response()
}

async fn upload(
    State(state): State<AppState>,
    user: Option<axum::Extension<CurrentUser>>,
    mut form: Multipart,
) -> Response {
    let Some(axum::Extension(user)) = user else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let mut bytes = None;
    loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("avatar") => match field.bytes().await {
                Ok(data) => bytes = Some(data),
                Err(_) => return back_to_profile(AvatarProblem::TooLarge.code()),
            },
            Ok(Some(_)) => continue,
            Ok(None) => break,
            Err(_) => return back_to_profile(AvatarProblem::TooLarge.code()),
        }
    }
    let upload = bytes.unwrap_or_default();
    match avatars::store(&state.db, user.id, &upload).await {
        Ok(Ok(())) => back_to_profile("saved"),
        Ok(Err(problem)) => back_to_profile(problem.code()),
        Err(error) => {
            tracing::error!(%error, "avatar not stored");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

static BLANK: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(avatars::blank_png);

/// `GET /avatars/{user_id}`: the picture as PNG; a transparent pixel for an account without
/// one (so pages show the initial without logging a failed load); 404 for a malformed id.
pub async fn avatar(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let Some(user) = UserId::parse(&id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match stored::get(&state.db, user)
        .await
        .map(|png| png.unwrap_or_else(|| BLANK.clone()))
    {
        Ok(png) => (
            [
                (header::CONTENT_TYPE, "image/png"),
                (
                    header::CONTENT_DISPOSITION,
                    "inline; filename=\"avatar.png\"",
                ),
                // Revalidated each time: a new picture shows at once.
                (header::CACHE_CONTROL, "no-cache"),
            ],
            png,
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "avatar lookup failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
