//! `GET /w/{key}`: the document inside the loader's iframe. It carries the widget's config
//! (project name, locale from `Accept-Language`) and loads the widget's own small bundle.
use app::backend::AppState;
use app::backend::db::projects;
use app::backend::visitor_forms;
use app::locale::visitor_locale_tag;
use app::models::appearance::widget_css;
use app::models::{ProjectKey, ProjectSummary};
use app::ui::widget::WidgetConfig;
use app::ui::widget::document::widget_document;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

const UNAVAILABLE: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Chat unavailable</title></head><body><p>This chat is not available.</p></body></html>";

/// The project a widget URL names; `None` for a malformed or unknown key (both 404).
async fn project_for_key(
    state: &AppState,
    key: &str,
) -> Result<Option<ProjectSummary>, sqlx::Error> {
    match ProjectKey::parse(key) {
        Some(key) => projects::find_by_key(&state.db, &key).await,
        None => Ok(None),
    }
}

pub async fn widget_page(
    State(state): State<AppState>,
    Path(key): Path<String>,
    headers: HeaderMap,
) -> Response {
    let found = project_for_key(&state, &key).await;
    let project = match found {
        Ok(Some(project)) => project,
        Ok(None) => return (StatusCode::NOT_FOUND, Html(UNAVAILABLE)).into_response(),
        Err(error) => {
            tracing::error!(%error, "widget page: project lookup failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let appearance = match projects::appearance(&state.db, project.id).await {
        Ok(found) => found.unwrap_or_default(),
        Err(error) => {
            tracing::error!(%error, "widget page: appearance lookup failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    // Read on every load: console changes and agents coming and going show without redeploy.
    let forms = match visitor_forms::widget_code(&state, project.id).await {
        Ok(code) => code,
        Err(error) => {
            tracing::error!(%error, "widget page: forms lookup failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let accept_language = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let config = WidgetConfig {
        project_key: project.key.as_str().to_owned(),
        project_name: project.name,
        locale: visitor_locale_tag(accept_language).to_owned(),
        greeting: appearance.greeting.clone(),
        forms,
    };
    (
        // The language is chosen per request; availability changes from one load to the next.
        [
            (header::VARY, "Accept-Language"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        Html(widget_document(&config, &widget_css(&appearance))),
    )
        .into_response()
}

/// `GET /w/{key}/look`: what the loader needs before the chat opens (bubble colour and
/// corner), read on every page load so console changes show without reinstalling.
pub async fn widget_look(State(state): State<AppState>, Path(key): Path<String>) -> Response {
    let found = project_for_key(&state, &key).await;
    let appearance = match found {
        Ok(Some(project)) => projects::appearance(&state.db, project.id).await,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => Err(error),
    };
    match appearance {
        Ok(appearance) => {
            let appearance = appearance.unwrap_or_default();
            (
                [
                    (header::CACHE_CONTROL, "public, max-age=60"),
                    (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
                ],
                axum::Json(serde_json::json!({
                    "color": appearance.color,
                    "position": appearance.position.as_str(),
                })),
            )
                .into_response()
        }
        Err(error) => {
            tracing::error!(%error, "widget look: lookup failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `GET /w/{key}/forms`: the widget's forms code now (see `WidgetConfig::forms`), a JSON
/// number. The panel asks again whenever it is opened: a page loaded hours ago (the loader opens a
/// returning visitor's iframe ahead of time) would otherwise offer a chat nobody can answer,
/// or the offline form while agents are back.
pub async fn widget_forms(State(state): State<AppState>, Path(key): Path<String>) -> Response {
    let found = project_for_key(&state, &key).await;
    let code = match found {
        Ok(Some(project)) => visitor_forms::widget_code(&state, project.id).await,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => Err(error.into()),
    };
    match code {
        Ok(code) => ([(header::CACHE_CONTROL, "no-store")], axum::Json(code)).into_response(),
        Err(error) => {
            tracing::error!(%error, "widget forms: lookup failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
