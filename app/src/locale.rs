//! Which of the shipped locales someone reads: pure decisions used by the surfaces (the
//! widget's language, an account's workbench) and by the server's mails.
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

/// The widget's locale for a visitor's `Accept-Language` header: the best match among the
/// shipped locales by preference weight, English when nothing matches.
pub fn visitor_locale(accept_language: &str) -> Locale {
    use leptos_i18n::Locale as _;
    let normalised = normalise_accept_language(accept_language);
    let mut weighted: Vec<(&str, f32)> = normalised
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            let weight = parts
                .find_map(|part| part.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (!tag.is_empty() && tag != "*" && weight > 0.0).then_some((tag, weight))
        })
        .collect();
    // Stable: equal weights keep the order the browser sent.
    weighted.sort_by(|a, b| b.1.total_cmp(&a.1));
    let tags: Vec<&str> = weighted.into_iter().map(|(tag, _)| tag).collect();
    Locale::find_locale(&tags)
}

/// [`visitor_locale`] as its tag (`en`, `zh-Hans`, `zh-Hant`).
pub fn visitor_locale_tag(accept_language: &str) -> &'static str {
    use leptos_i18n::Locale as _;
    visitor_locale(accept_language).as_str()
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
    fn visitors_get_their_best_shipped_locale() {
        use leptos_i18n::Locale as _;
        let pick = |header: &str| visitor_locale(header).as_str();
        assert_eq!(pick("zh-CN,zh;q=0.9,en;q=0.8"), "zh-Hans");
        assert_eq!(pick("zh-TW,en;q=0.5"), "zh-Hant");
        assert_eq!(pick("en;q=0.2,zh-HK;q=0.9"), "zh-Hant");
        assert_eq!(pick("fr-FR,fr;q=0.9"), "en");
        assert_eq!(pick("fr-FR,zh-CN;q=0.5"), "zh-Hans");
        assert_eq!(pick(""), "en");
        assert_eq!(pick("garbage;;;q=x,,"), "en");
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
