//! Server functions answer a call they could not even start (a missing or malformed
//! argument) with 500, whatever the error says. This layer gives such an answer the status
//! its own error names: a caller's mistake is a 400, not the server's fault. Errors a server
//! function's body returns already carry their status (`app::backend::request::with_status`,
//! which also sets it for pages rendered on the server); this covers what happens before the
//! body runs.
use app::errors::AppError;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

/// Error bodies are a few hundred bytes; anything larger is left as it is.
const LARGEST_ERROR_BODY: usize = 64 * 1024;

pub async fn status_from_error(request: Request, next: Next) -> Response {
    let is_call = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !is_call || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, LARGEST_ERROR_BODY).await else {
        return Response::from_parts(parts, Body::from("internal error"));
    };
    if let Some(status) = status_named_by(&bytes) {
        parts.status = status;
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The status an encoded [`AppError`] stands for, if the body is one.
fn status_named_by(body: &[u8]) -> Option<StatusCode> {
    let error: AppError = serde_json::from_slice(body).ok()?;
    StatusCode::from_u16(error.status_code()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transport_error_is_a_bad_request() {
        let body = br#"{"code":"transport","message":"missing field `password`"}"#;
        assert_eq!(status_named_by(body), Some(StatusCode::BAD_REQUEST));
    }

    #[test]
    fn an_internal_error_stays_one_and_other_bodies_are_left_alone() {
        assert_eq!(
            status_named_by(br#"{"code":"internal"}"#),
            Some(StatusCode::INTERNAL_SERVER_ERROR)
        );
        assert_eq!(status_named_by(b"<html>oops</html>"), None);
    }
}
