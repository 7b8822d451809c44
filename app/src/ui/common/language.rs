//! Choosing the UI language: the account's [`Language`] for agents, the browser's for visitors.
use crate::i18n::{I18nContextProvider, Locale};
use crate::models::Language;
use leptos::prelude::*;

/// The UI locale for an account language.
pub fn locale_for(language: Language) -> Locale {
    match language {
        Language::En => Locale::en,
        Language::ZhHans => Locale::zh_Hans,
        Language::ZhHant => Locale::zh_Hant,
    }
}

/// Rewrites an `Accept-Language` value so Chinese region tags name the script our locales
/// use (`zh-CN` → `zh-Hans`, `zh-TW` → `zh-Hant`); browsers send regions, we ship scripts.
pub fn normalise_accept_language(header: &str) -> String {
    header
        .split(',')
        .map(|item| {
            let (tag, weight) = match item.split_once(';') {
                Some((tag, weight)) => (tag.trim(), Some(weight.trim())),
                None => (item.trim(), None),
            };
            let lower = tag.to_ascii_lowercase();
            let tag = if lower == "zh" || lower.starts_with("zh-") {
                let traditional = ["zh-hant", "zh-tw", "zh-hk", "zh-mo"]
                    .iter()
                    .any(|prefix| lower.starts_with(prefix));
                if traditional { "zh-Hant" } else { "zh-Hans" }
            } else {
                tag
            };
            match weight {
                Some(weight) => format!("{tag};{weight}"),
                None => tag.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(feature = "ssr")]
fn language_options() -> leptos_use::UseLocalesOptions {
    let header = use_context::<http::request::Parts>().and_then(|parts| {
        parts
            .headers
            .get(http::header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok())
            .map(normalise_accept_language)
    });
    leptos_use::UseLocalesOptions::default().ssr_lang_header_getter(move || header.clone())
}

#[cfg(not(feature = "ssr"))]
fn language_options() -> leptos_use::UseLocalesOptions {
    // In the browser the language is read back from `<html lang>`, set by the server.
    leptos_use::UseLocalesOptions::default()
}

/// Provides translations to a page. Signed-in surfaces remember the account's language in a
/// cookie; the visitor's widget never reads it and follows the browser alone.
#[component]
pub fn Localized(
    /// True for the visitor widget.
    #[prop(optional)]
    visitor: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <I18nContextProvider enable_cookie=!visitor ssr_lang_header_getter=language_options()>
            {children()}
        </I18nContextProvider>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use leptos_i18n::Locale as _;

    #[test]
    fn every_language_has_its_locale() {
        for language in Language::ALL {
            assert_eq!(locale_for(language).as_str(), language.tag());
        }
    }

    #[test]
    fn chinese_regions_become_scripts() {
        assert_eq!(
            normalise_accept_language("zh-CN,zh;q=0.9,en;q=0.8"),
            "zh-Hans,zh-Hans;q=0.9,en;q=0.8"
        );
        assert_eq!(normalise_accept_language("zh-TW"), "zh-Hant");
        assert_eq!(normalise_accept_language("zh-HK, en"), "zh-Hant,en");
        assert_eq!(normalise_accept_language("zh-Hant-TW"), "zh-Hant");
        assert_eq!(
            normalise_accept_language("en-US,en;q=0.9"),
            "en-US,en;q=0.9"
        );
        assert_eq!(normalise_accept_language(""), "");
    }
}
