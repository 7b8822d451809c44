//! The gate in front of every request: signed-out visitors of the workbench and console go
//! to `/login`, agents opening the console go to the workbench, and every response carries
//! the security headers (only the widget's iframe may be framed).
use app::backend::AppState;
use app::backend::auth::sessions;
use app::routing::permissions::{Surface, may_open};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

pub async fn guard(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let is_widget = path.starts_with("/w/");
    let early = if let Some(surface) = Surface::for_path(&path) {
        match signed_in_user(&state, request.headers()).await {
            Ok(Some(user)) if may_open(user.role, surface) => {
                request.extensions_mut().insert(user);
                None
            }
            Ok(Some(_)) => Some(Redirect::to("/workbench").into_response()),
            Ok(None) => Some(Redirect::to(&login_url(&request)).into_response()),
            Err(response) => Some(response),
        }
    } else if path == "/login" {
        match signed_in_user(&state, request.headers()).await {
            Ok(Some(_)) => Some(Redirect::to("/workbench").into_response()),
            _ => None,
        }
    } else {
        None
    };
    let mut response = match early {
        Some(response) => response,
        None => next.run(request).await,
    };
    add_security_headers(&mut response, is_widget);
    response
}

async fn signed_in_user(
    state: &AppState,
    headers: &axum::http::HeaderMap,
) -> Result<Option<app::models::CurrentUser>, Response> {
    let Some(token) = app::backend::auth::cookies::session_token(headers) else {
        return Ok(None);
    };
    sessions::user_for_token(state, &token)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

fn login_url(request: &Request) -> String {
    let target = request
        .uri()
        .path_and_query()
        .map(|path| path.as_str())
        .unwrap_or("/workbench");
    let encoded: String = url::form_urlencoded::byte_serialize(target.as_bytes()).collect();
    format!("/login?next={encoded}")
}

fn add_security_headers(response: &mut Response, framable: bool) {
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    // The widget iframe must load inside any customer's site; nothing else may be framed.
    if !framable {
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        // Appended: a response's own policy (an attachment's sandbox) is kept, and both hold.
        headers.append(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("frame-ancestors 'none'"),
        );
    }
}
