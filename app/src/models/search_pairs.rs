//! Two-character words in Chinese, Japanese and Korean text. Most Chinese words are two
//! characters and written without spaces, while trigram indexes only answer three characters
//! or more; so each message also stores the distinct character pairs of its CJK runs
//! ("申请退款" → "申请 请退 退款"), which a word index answers exactly.
use std::collections::HashSet;

/// Whether `c` belongs to a script written without spaces between words (Han, kana, Hangul).
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'   // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}' // Han extension A
        | '\u{4E00}'..='\u{9FFF}' // Han
        | '\u{AC00}'..='\u{D7AF}' // Hangul syllables
        | '\u{F900}'..='\u{FAFF}' // Han compatibility
        | '\u{20000}'..='\u{2FA1F}' // Han extensions B and later
    )
}

/// The distinct pairs of neighbouring CJK characters in `text`, space-separated, in the order
/// first seen (empty when there are none).
pub fn cjk_pairs(text: &str) -> String {
    // Runs on every message written: a set keeps long texts linear.
    let mut seen: HashSet<[char; 2]> = HashSet::new();
    let mut pairs: Vec<[char; 2]> = Vec::new();
    let mut previous: Option<char> = None;
    for c in text.chars() {
        if !is_cjk(c) {
            previous = None;
            continue;
        }
        if let Some(first) = previous
            && seen.insert([first, c])
        {
            pairs.push([first, c]);
        }
        previous = Some(c);
    }
    pairs
        .iter()
        .map(|pair| pair.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a visitor's `name_pairs` holds for `name`: written with every name, so a search for a
/// two-character Chinese name reads an index, not every name of the project.
pub fn name_pairs(name: Option<&str>) -> String {
    cjk_pairs(name.unwrap_or_default())
}

/// Whether `needle` is exactly two CJK characters (found through the pairs).
pub fn is_cjk_pair(needle: &str) -> bool {
    let mut chars = needle.chars();
    matches!((chars.next(), chars.next(), chars.next()), (Some(a), Some(b), None) if is_cjk(a) && is_cjk(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_the_neighbours_within_cjk_runs() {
        assert_eq!(cjk_pairs("我想申请退款"), "我想 想申 申请 请退 退款");
        assert_eq!(cjk_pairs("訂單 12345，退款"), "訂單 退款");
        assert_eq!(cjk_pairs("退款退款"), "退款 款退");
        assert_eq!(cjk_pairs("hello world"), "");
        assert_eq!(cjk_pairs("退"), "");
        assert_eq!(cjk_pairs("カタカナ 한국어"), "カタ タカ カナ 한국 국어");
    }

    #[test]
    fn only_two_cjk_characters_make_a_pair_needle() {
        assert!(is_cjk_pair("退款"));
        assert!(!is_cjk_pair("退"));
        assert!(!is_cjk_pair("申请退款"));
        assert!(!is_cjk_pair("hi"));
        assert!(!is_cjk_pair("退a"));
    }
}
