//! `GET /widget.js`: the loader customers embed. Compiled into the binary so the contract
//! holds whatever the site root contains.
use axum::http::header;
use axum::response::IntoResponse;

const LOADER: &str = include_str!("../../../public/widget.js");

pub async fn widget_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            // Short cache: sites pick up loader fixes within minutes.
            (header::CACHE_CONTROL, "public, max-age=300"),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        LOADER,
    )
}
