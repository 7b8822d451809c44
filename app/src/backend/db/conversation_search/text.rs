//! The search text itself: which index can answer it, and how it is written for LIKE and
//! FTS5.
use crate::models::search_pairs::is_cjk_pair;

/// The index that answers a substring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Index {
    /// Three characters or more.
    Trigrams,
    /// Exactly two CJK characters.
    Pairs,
}

pub(super) fn index_for(needle: &str) -> Option<Index> {
    if has_trigrams(needle) {
        Some(Index::Trigrams)
    } else if is_cjk_pair(needle) {
        Some(Index::Pairs)
    } else {
        None
    }
}

/// Whether the trigram indexes can answer `needle` (three characters or more).
pub fn has_trigrams(needle: &str) -> bool {
    needle.chars().count() >= 3
}

/// Whether an index can answer a search for `needle`.
pub fn indexable(needle: &str) -> bool {
    index_for(needle).is_some()
}

/// `needle` as a LIKE pattern that finds it anywhere, its own `%`, `_` and `\` taken literally.
pub fn like_pattern(needle: &str) -> String {
    let mut pattern = String::with_capacity(needle.len() + 2);
    pattern.push('%');
    for c in needle.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// `needle` as an FTS5 phrase (quotes doubled), which the trigram tokenizer matches as a
/// substring, any case.
pub fn fts_phrase(needle: &str) -> String {
    format!("\"{}\"", needle.replace('"', "\"\""))
}

/// Search text written like a phone number ("+1 555-0100") is compared by its digits.
pub fn looks_like_phone(needle: &str) -> bool {
    needle.chars().any(|c| c.is_ascii_digit())
        && needle
            .chars()
            .all(|c| c.is_ascii_digit() || " +-.()".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_take_wildcards_literally() {
        assert_eq!(like_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
        assert_eq!(like_pattern("退款"), "%退款%");
        assert_eq!(fts_phrase("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn phone_like_text_is_told_from_words() {
        assert!(looks_like_phone("+1 555-0100"));
        assert!(!looks_like_phone("room 101"));
        assert!(!looks_like_phone("--"));
    }

    #[test]
    fn each_needle_finds_its_index() {
        assert_eq!(index_for("退款了"), Some(Index::Trigrams));
        assert_eq!(index_for("退款"), Some(Index::Pairs));
        assert_eq!(index_for("hi"), None);
        assert!(indexable("退款"));
        assert!(!has_trigrams("退款"));
    }
}
