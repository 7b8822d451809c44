//! Attachments: `POST /files` (multipart: a `file` part, and for agents a `conversation_id`
//! part) answers the stored [`Attachment`](app::realtime::protocol::Attachment) as JSON;
//! `GET /files/{id}` serves the bytes. Visitors present their widget token (`?visitor=` or
//! `Authorization: Bearer`), agents their session cookie (uploads only from our own origin).
//! Whoever may not fetch a file is told it does not exist.
use crate::ws::origin_allowed;
use app::backend::AppState;
use app::backend::auth::{cookies, sessions};
use app::backend::chat::{self, Participant};
use app::backend::uploads::{self, HARD_LIMIT_MB, Upload};
use app::errors::AppError;
use app::models::ConversationId;
use axum::Json;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, post};
use tower::ServiceExt;
use tower_http::services::ServeFile;
use uuid::Uuid;

/// The credential a visitor may put in the query string (`<img src>` cannot send headers).
#[derive(serde::Deserialize)]
pub struct Credentials {
    visitor: Option<String>,
}

/// The upload route; the body may be as large as the highest limit a project can set (each
/// project's own limit is enforced while the file streams in).
pub fn upload_route() -> MethodRouter<AppState> {
    post(upload).layer(DefaultBodyLimit::max(
        (HARD_LIMIT_MB as usize + 1) * 1024 * 1024,
    ))
}

fn refuse(status: StatusCode, message: &str) -> Response {
    (status, message.to_owned()).into_response()
}

fn app_error(error: AppError) -> Response {
    let status =
        StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match error {
        AppError::NotFound => refuse(status, "no such conversation or file"),
        other => refuse(status, &other.to_string()),
    }
}

/// Who is asking, or the answer that refuses them. `uploading`: a blacklisted visitor is
/// refused, and the session cookie counts only from our own pages.
async fn participant(
    state: &AppState,
    headers: &HeaderMap,
    credentials: Credentials,
    uploading: bool,
) -> Result<Participant, Response> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::to_owned);
    if let Some(token) = credentials.visitor.or(bearer) {
        return match chat::visitor_for_token(state, &token).await {
            Ok(Some(found)) if found.blocked && uploading => Err(refuse(
                StatusCode::FORBIDDEN,
                "this visitor was blocked and may not send files",
            )),
            Ok(Some(found)) => Ok(Participant::Visitor(found.visitor)),
            Ok(None) => Err(refuse(StatusCode::UNAUTHORIZED, "unknown visitor token")),
            Err(error) => Err(app_error(error.into())),
        };
    }
    let Some(token) = cookies::session_token(headers) else {
        return Err(refuse(
            StatusCode::UNAUTHORIZED,
            "sign in or present a visitor token",
        ));
    };
    // Cookies ride along on cross-site form posts: only our own pages may upload with them.
    if uploading && !origin_allowed(headers, &state.public_url) {
        return Err(refuse(StatusCode::FORBIDDEN, "origin not allowed"));
    }
    match sessions::user_for_token(state, &token).await {
        Ok(Some(user)) => Ok(Participant::Agent(user)),
        Ok(None) => Err(refuse(StatusCode::UNAUTHORIZED, "session ended")),
        Err(error) => Err(app_error(error)),
    }
}

async fn upload(
    State(state): State<AppState>,
    Query(credentials): Query<Credentials>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let participant = match participant(&state, &headers, credentials, true).await {
        Ok(participant) => participant,
        Err(response) => return response,
    };
    match receive(&state, &participant, form).await {
        Ok(response) => response,
        Err(error) => app_error(error),
    }
}

/// Streams the `file` part to disk, then checks and records it.
async fn receive(
    state: &AppState,
    participant: &Participant,
    mut form: Multipart,
) -> Result<Response, AppError> {
    let max_mb = uploads::limit_mb(state, participant).await?;
    let mut conversation = None;
    let mut received: Option<(Upload, String)> = None;
    let malformed = |_| refuse(StatusCode::BAD_REQUEST, "malformed multipart body");
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => return Ok(malformed(error)),
        };
        match field.name() {
            Some("conversation_id") => {
                let text = field.text().await.unwrap_or_default();
                conversation = Some(ConversationId::parse(text.trim()).ok_or_else(|| {
                    AppError::Transport {
                        message: "conversation_id".into(),
                    }
                })?);
            }
            Some("file") if received.is_none() => {
                let name = field.file_name().unwrap_or_default().to_owned();
                let mut upload = Upload::begin(&state.uploads_dir, max_mb)
                    .await
                    .map_err(io_error)?;
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) => upload.push(&chunk).await.map_err(io_error)?,
                        Ok(None) => break,
                        // Past the route's hard cap, or the client went away.
                        Err(_) => {
                            return Ok(refuse(
                                StatusCode::PAYLOAD_TOO_LARGE,
                                &uploads::UploadProblem::TooLarge { max_mb }.message(),
                            ));
                        }
                    }
                }
                received = Some((upload, name));
            }
            _ => continue,
        }
    }
    let Some((upload, name)) = received else {
        let problem = uploads::UploadProblem::Empty;
        return Ok(problem_response(problem));
    };
    uploads::may_upload(state, participant, conversation).await?;
    Ok(match upload.finish(state, participant, &name).await? {
        Ok(attachment) => (StatusCode::CREATED, Json(attachment)).into_response(),
        Err(problem) => problem_response(problem),
    })
}

fn problem_response(problem: uploads::UploadProblem) -> Response {
    refuse(
        StatusCode::from_u16(problem.status()).unwrap_or(StatusCode::BAD_REQUEST),
        &problem.message(),
    )
}

fn io_error(error: std::io::Error) -> AppError {
    tracing::error!(%error, "upload not written");
    AppError::Internal
}

/// `GET /files/{id}`: the bytes, typed as detected, shown inline only when harmless
/// (raster pictures, audio, video), sandboxed and never sniffed by the browser.
pub async fn download(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(credentials): Query<Credentials>,
    request: Request,
) -> Response {
    let participant = match participant(&state, request.headers(), credentials, false).await {
        Ok(participant) => participant,
        Err(response) => return response,
    };
    let Ok(id) = Uuid::parse_str(&id) else {
        return app_error(AppError::NotFound);
    };
    let (file, path) = match uploads::readable(&state, &participant, id).await {
        Ok(found) => found,
        Err(error) => return app_error(error),
    };
    // Range requests let players seek in audio and video.
    let mut response = match ServeFile::new(path).oneshot(request).await {
        Ok(response) if response.status() != StatusCode::NOT_FOUND => response.into_response(),
        Ok(_) => {
            tracing::error!(file = %id, "attachment recorded but its bytes are missing");
            return app_error(AppError::NotFound);
        }
        Err(error) => match error {},
    };
    let name = &file.attachment.name;
    let mime = &file.attachment.mime;
    let headers = response.headers_mut();
    let values = [
        (header::CONTENT_TYPE, mime.clone()),
        (
            header::CONTENT_DISPOSITION,
            uploads::content_disposition(mime, name),
        ),
        (
            header::CONTENT_SECURITY_POLICY,
            "sandbox; default-src 'none'".to_owned(),
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        // Only the people allowed to fetch it may keep a copy.
        (header::CACHE_CONTROL, "private, max-age=3600".to_owned()),
    ];
    for (name, value) in values {
        match HeaderValue::from_str(&value) {
            Ok(value) => {
                headers.insert(name, value);
            }
            Err(_) => return app_error(AppError::Internal),
        }
    }
    response
}
