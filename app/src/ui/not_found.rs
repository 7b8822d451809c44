//! The page for unknown paths.
use crate::i18n::*;
use crate::ui::common::language::Localized;
use leptos::prelude::*;

/// "Page not found", with a way back; answered with status 404 on the server.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Localized>
            <NotFoundBody />
        </Localized>
    }
}

#[component]
fn NotFoundBody() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <main class="centered-page">
            <section class="card narrow-card">
                <h1>{t!(i18n, not_found.title)}</h1>
                <p class="muted">{t!(i18n, not_found.body)}</p>
                <a class="button primary" href="/workbench">
                    {t!(i18n, not_found.home)}
                </a>
            </section>
        </main>
    }
}
