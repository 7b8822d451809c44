//! Between the account's [`Language`] and the i18n [`Locale`].
use crate::i18n::Locale;
use crate::models::Language;

/// The UI locale for an account language.
pub fn locale_for(language: Language) -> Locale {
    match language {
        Language::En => Locale::en,
        Language::ZhHans => Locale::zh_Hans,
        Language::ZhHant => Locale::zh_Hant,
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
}
