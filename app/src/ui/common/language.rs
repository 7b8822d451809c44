//! The UI language on a page: the account's language for agents, the browser's for visitors
//! (decided by the server for the widget: [`crate::locale::visitor_locale`]).
use crate::i18n::{I18nContextProvider, Locale};
use leptos::prelude::*;

/// The current surface's UI locale, provided by the surface: the widget's is fixed (chosen by
/// the server), the signed-in pages' follows leptos_i18n's context ([`Localized`]). Components
/// shared by both read it with [`use_locale`] and translate with `td!`/`td_string!`, so the
/// widget's bundle needs none of leptos_i18n's locale detection.
#[derive(Debug, Clone, Copy)]
pub struct UiLocale(pub Signal<Locale>);

/// The surface's locale ([`UiLocale`]); the default locale where none was provided.
pub fn use_locale() -> Signal<Locale> {
    use_context::<UiLocale>()
        .map(|UiLocale(locale)| locale)
        .unwrap_or_default()
}

#[cfg(feature = "ssr")]
fn language_options() -> leptos_use::UseLocalesOptions {
    let header = use_context::<http::request::Parts>().and_then(|parts| {
        parts
            .headers
            .get(http::header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok())
            .map(crate::locale::normalise_accept_language)
    });
    leptos_use::UseLocalesOptions::default().ssr_lang_header_getter(move || header.clone())
}

#[cfg(not(feature = "ssr"))]
fn language_options() -> leptos_use::UseLocalesOptions {
    // In the browser the language is read back from `<html lang>`, set by the server.
    leptos_use::UseLocalesOptions::default()
}

/// Provides translations to a signed-in page: the account's language, remembered in a cookie,
/// and the [`UiLocale`] that shared components read.
#[component]
pub fn Localized(children: Children) -> impl IntoView {
    view! {
        <I18nContextProvider ssr_lang_header_getter=language_options()>
            {
                let i18n = crate::i18n::use_i18n();
                provide_context(UiLocale(Signal::derive(move || i18n.get_locale())));
                children()
            }
        </I18nContextProvider>
    }
}
