//! The HTTP surface: Leptos pages and server functions, plus the few plain routes.
mod demo_page;
mod guard;
mod health;
mod widget_loader;

use app::backend::AppState;
use app::{App, shell};
use axum::Router;
use axum::routing::get;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use tower_http::trace::TraceLayer;

/// Every route, behind the surface guard.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    let shell_options = options.clone();
    let fallback_state = state.clone();
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/demo", get(demo_page::demo_page))
        .route("/widget.js", get(widget_loader::widget_js))
        .route("/ws", get(crate::ws::upgrade))
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
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::guard,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
