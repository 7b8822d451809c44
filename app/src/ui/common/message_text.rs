//! Message bodies as text with safe links: only `http(s)://` URLs become links, everything
//! else (including any HTML a visitor types) is plain text.
use leptos::prelude::*;

/// A piece of a message body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Plain text.
    Text(String),
    /// A web address.
    Link(String),
}

/// Splits a body into text and links. Trailing punctuation stays outside the link.
pub fn segments(body: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut rest = body;
    while let Some(start) = find_url_start(rest) {
        let end = rest[start..]
            .find(char::is_whitespace)
            .map_or(rest.len(), |offset| start + offset);
        let url =
            rest[start..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '"', '\'']);
        let url_end = start + url.len();
        if url.len() > "https://".len() {
            if start > 0 {
                segments.push(Segment::Text(rest[..start].to_owned()));
            }
            segments.push(Segment::Link(url.to_owned()));
        } else {
            segments.push(Segment::Text(rest[..url_end].to_owned()));
        }
        rest = &rest[url_end..];
    }
    if !rest.is_empty() {
        segments.push(Segment::Text(rest.to_owned()));
    }
    segments
}

fn find_url_start(text: &str) -> Option<usize> {
    // A plain scan: substring search pulls a sizeable algorithm into the widget's bundle.
    text.char_indices().map(|(at, _)| at).find(|&at| {
        let rest = &text[at..];
        rest.starts_with("http://") || rest.starts_with("https://")
    })
}

/// Renders a body: text nodes and `rel="noopener noreferrer nofollow"` links.
#[component]
pub fn MessageText(body: String) -> impl IntoView {
    segments(&body)
        .into_iter()
        .map(|segment| match segment {
            Segment::Text(text) => text.into_any(),
            Segment::Link(url) => view! {
                <a href=url.clone() target="_blank" rel="noopener noreferrer nofollow">{url.clone()}</a>
            }
            .into_any(),
        })
        .collect_view()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_become_links_and_the_rest_stays_text() {
        assert_eq!(
            segments("See https://example.com/a?b=1, then reply."),
            vec![
                Segment::Text("See ".into()),
                Segment::Link("https://example.com/a?b=1".into()),
                Segment::Text(", then reply.".into()),
            ]
        );
        assert_eq!(
            segments("no links here"),
            vec![Segment::Text("no links here".into())]
        );
        assert_eq!(
            segments("javascript:alert(1)"),
            vec![Segment::Text("javascript:alert(1)".into())]
        );
        assert_eq!(
            segments("<a href=x>y</a>"),
            vec![Segment::Text("<a href=x>y</a>".into())]
        );
        assert_eq!(
            segments("bare https:// only"),
            vec![
                Segment::Text("bare https://".into()),
                Segment::Text(" only".into())
            ]
        );
    }
}
