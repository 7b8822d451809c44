//! The HTTP surface: Leptos pages and server functions, plus the few plain routes.
mod avatars;
mod call_errors;
mod demo_page;
mod files;
mod guard;
mod health;
mod return_link;
mod widget_loader;
mod widget_page;

use app::backend::AppState;
use app::{App, shell};
use axum::Router;
use axum::http::{HeaderValue, header};
use axum::routing::get;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// Every route, behind the surface guard.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    let shell_options = options.clone();
    let fallback_state = state.clone();
    // The widget's own bundle, stored pre-compressed by `scripts/build-widget.sh`. Its file
    // names carry no hash, so browsers revalidate (cheap: Last-Modified) instead of guessing.
    let widget_assets = tower::ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
        .service(
            ServeDir::new(format!("{}/widget", options.site_root))
                .precompressed_br()
                .precompressed_gzip(),
        );
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/demo", get(demo_page::demo_page))
        .route("/widget.js", get(widget_loader::widget_js))
        .route("/w/{key}", get(widget_page::widget_page))
        .route("/w/{key}/look", get(widget_page::widget_look))
        .route("/w/{key}/forms", get(widget_page::widget_forms))
        .route("/w/{key}/resume/{token}", get(return_link::open))
        .route("/ws", get(crate::ws::upgrade))
        .route("/workbench/profile/avatar", avatars::upload_route())
        .route("/avatars/{user_id}", get(avatars::avatar))
        .route("/files", files::upload_route())
        .route("/files/{id}", get(files::download))
        .nest_service("/widget", widget_assets)
        .leptos_routes_with_context(
            &state,
            routes,
            {
                let state = state.clone();
                move || provide_context(state.clone())
            },
            move || shell(shell_options.clone()),
        )
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            move || provide_context(fallback_state.clone()),
            shell,
        ))
        .layer(axum::middleware::from_fn(call_errors::status_from_error))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::guard,
        ))
        // Pages, server functions and the app bundle; responses that are already compressed
        // (the widget's files) are left alone.
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .with_state(state)
}

/// A request's trace span names its method and path, never its query: visitors' tokens ride
/// in query strings (`/ws?visitor=`, `/files/{id}?visitor=`) and must not reach the logs.
fn request_span<B>(request: &axum::http::Request<B>) -> tracing::Span {
    tracing::debug_span!("request", method = %request.method(), path = %request.uri().path())
}
