//! The visitor's access trace: each page of the customer's website the widget was loaded on.
use crate::models::Timestamp;
use serde::{Deserialize, Serialize};

/// Longest URL (page or referrer) kept.
pub const MAX_URL_CHARS: usize = 2048;
/// Longest page title kept; longer titles are shortened, not refused.
pub const MAX_TITLE_CHARS: usize = 300;

/// One page view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageView {
    /// The page's address (`http` or `https`).
    pub url: String,
    /// Its title (may be empty).
    pub title: String,
    /// The page the visitor came from (empty when unknown).
    pub referrer: String,
    /// When the widget recorded it.
    pub at: Timestamp,
}

/// Why a page view was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageViewProblem {
    /// The page address is not an absolute `http(s)` URL of sensible length.
    BadUrl,
}

/// A page view as reported by the widget, checked: the URL must be an absolute `http(s)`
/// address; the title is trimmed and shortened; a referrer that is not such an address is
/// dropped (browsers send none, or an origin, for many pages).
pub fn parse_page_view(
    url: &str,
    title: &str,
    referrer: &str,
    at: Timestamp,
) -> Result<PageView, PageViewProblem> {
    let url = url.trim();
    if !is_web_address(url) {
        return Err(PageViewProblem::BadUrl);
    }
    let referrer = referrer.trim();
    Ok(PageView {
        url: url.to_owned(),
        title: title.trim().chars().take(MAX_TITLE_CHARS).collect(),
        referrer: if is_web_address(referrer) {
            referrer.to_owned()
        } else {
            String::new()
        },
        at,
    })
}

fn is_web_address(text: &str) -> bool {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &text[8..]
    } else if lower.starts_with("http://") {
        &text[7..]
    } else {
        return false;
    };
    !rest.is_empty()
        && !rest.starts_with('/')
        && text.chars().count() <= MAX_URL_CHARS
        && !text.chars().any(|c| c.is_control() || c.is_whitespace())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const AT: Timestamp = Timestamp(1);

    #[test]
    fn web_pages_are_kept_with_trimmed_titles() {
        let view = parse_page_view(
            "https://shop.example/cart?x=1",
            "  Cart  ",
            "https://www.google.com/",
            AT,
        )
        .unwrap();
        assert_eq!(view.url, "https://shop.example/cart?x=1");
        assert_eq!(view.title, "Cart");
        assert_eq!(view.referrer, "https://www.google.com/");
    }

    #[test]
    fn anything_but_a_web_address_is_refused() {
        for url in [
            "",
            "javascript:alert(1)",
            "data:text/html,hi",
            "file:///etc/passwd",
            "https://",
            "http:///path",
            "https://a b",
            "ftp://x",
        ] {
            assert_eq!(
                parse_page_view(url, "", "", AT),
                Err(PageViewProblem::BadUrl),
                "{url}"
            );
        }
        let long = format!("https://x.example/{}", "a".repeat(MAX_URL_CHARS));
        assert_eq!(
            parse_page_view(&long, "", "", AT),
            Err(PageViewProblem::BadUrl)
        );
        assert!(parse_page_view("HTTP://Shop.Example/", "", "", AT).is_ok());
    }

    #[test]
    fn long_titles_are_shortened_and_odd_referrers_dropped() {
        let view =
            parse_page_view("https://x.example/", &"é".repeat(500), "javascript:x", AT).unwrap();
        assert_eq!(view.title.chars().count(), MAX_TITLE_CHARS);
        assert_eq!(view.referrer, "");
    }
}
