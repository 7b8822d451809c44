//! The console's catalogues: quick replies agents insert by typing `/shortcut`, the tags put
//! on visitors and on sessions, and FAQ entries for the bot to come. Parsing is pure and
//! strict; a rejected value names the form field it came from.
//!
//! [`FieldProblem`] has no dedicated variants for two of these rules, so they are reported
//! as: a shortcut with other characters than letters, digits, `-` and `_`: `Incorrect` on
//! `shortcut`; more than [`MAX_KEYWORDS`] keywords: `TooLong { max: MAX_KEYWORDS }` on
//! `keywords`; a keyword longer than [`MAX_KEYWORD_LEN`]: `Incorrect` on `keywords`.
use crate::errors::{FieldError, FieldProblem};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Longest quick reply title.
pub const MAX_TITLE_LEN: usize = 80;
/// Longest quick reply text.
pub const MAX_BODY_LEN: usize = 2000;
/// Longest shortcut (without the `/`).
pub const MAX_SHORTCUT_LEN: usize = 32;
/// Longest tag name.
pub const MAX_TAG_LEN: usize = 40;
/// Longest FAQ question.
pub const MAX_QUESTION_LEN: usize = 300;
/// Longest FAQ answer.
pub const MAX_ANSWER_LEN: usize = 4000;
/// Most keywords of one FAQ entry.
pub const MAX_KEYWORDS: usize = 20;
/// Longest single keyword.
pub const MAX_KEYWORD_LEN: usize = 40;

/// One entry of a catalogue: a quick reply, a tag or an FAQ entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntryId(pub uuid::Uuid);

impl EntryId {
    /// A fresh random id.
    pub fn new() -> Self {
        Self(uuid::Uuid::new_v4())
    }

    /// Parses the canonical text form stored in the database.
    pub fn parse(text: &str) -> Option<Self> {
        uuid::Uuid::parse_str(text).ok().map(Self)
    }
}

impl Default for EntryId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for EntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A ready-made answer agents insert into a chat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuickReply {
    /// Which.
    pub id: EntryId,
    /// What the picker shows.
    pub title: String,
    /// The text inserted.
    pub body: String,
    /// Typed after `/` to pick it (lower-case, without the `/`).
    pub shortcut: Option<String>,
}

/// What a tag is put on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TagKind {
    /// A visitor (contact), e.g. "VIP".
    Visitor,
    /// A session (conversation), e.g. "Refund".
    Session,
}

impl TagKind {
    /// As stored and sent (`visitor` / `session`).
    pub fn as_str(self) -> &'static str {
        match self {
            TagKind::Visitor => "visitor",
            TagKind::Session => "session",
        }
    }

    /// From the stored form.
    pub fn from_text(text: &str) -> Option<Self> {
        match text {
            "visitor" => Some(TagKind::Visitor),
            "session" => Some(TagKind::Session),
            _ => None,
        }
    }
}

/// A label agents put on visitors or sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    /// Which.
    pub id: EntryId,
    /// Visitor or session tag.
    pub kind: TagKind,
    /// Its name, as typed (trimmed).
    pub name: String,
}

/// A question and answer for the bot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaqEntry {
    /// Which.
    pub id: EntryId,
    /// The question as visitors might ask it.
    pub question: String,
    /// The answer.
    pub answer: String,
    /// Lower-case words that point to this entry, without repeats.
    pub keywords: Vec<String>,
}

/// Every catalogue of a project, oldest entries first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalogues {
    /// Quick replies.
    pub quick_replies: Vec<QuickReply>,
    /// Tags for visitors.
    pub visitor_tags: Vec<Tag>,
    /// Tags for sessions.
    pub session_tags: Vec<Tag>,
    /// FAQ entries.
    pub faq: Vec<FaqEntry>,
}

/// Trimmed text of 1..=`max` characters.
fn text(field: &str, input: &str, max: usize) -> Result<String, FieldError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(FieldError::new(field, FieldProblem::Required));
    }
    if text.chars().count() > max {
        return Err(FieldError::new(field, FieldProblem::TooLong { max }));
    }
    Ok(text.to_owned())
}

/// A shortcut as typed, with or without its `/`: `None` when empty; else 1..=32 letters,
/// digits, `-` and `_`, lower-cased.
pub fn parse_shortcut(input: &str) -> Result<Option<String>, FieldError> {
    let typed = input.trim();
    let shortcut = typed.strip_prefix('/').unwrap_or(typed);
    if shortcut.is_empty() {
        return Ok(None);
    }
    if !shortcut
        .chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return Err(FieldError::new("shortcut", FieldProblem::Incorrect));
    }
    if shortcut.chars().count() > MAX_SHORTCUT_LEN {
        return Err(FieldError::new(
            "shortcut",
            FieldProblem::TooLong {
                max: MAX_SHORTCUT_LEN,
            },
        ));
    }
    Ok(Some(shortcut.to_lowercase()))
}

/// A quick reply from the form (fields `title`, `body`, `shortcut`), keeping `id`.
pub fn parse_quick_reply(
    id: EntryId,
    title: &str,
    body: &str,
    shortcut: &str,
) -> Result<QuickReply, FieldError> {
    Ok(QuickReply {
        id,
        title: text("title", title, MAX_TITLE_LEN)?,
        body: text("body", body, MAX_BODY_LEN)?,
        shortcut: parse_shortcut(shortcut)?,
    })
}

/// A tag name from the form (field `name`): trimmed, 1..=40 characters.
pub fn parse_tag_name(input: &str) -> Result<String, FieldError> {
    text("name", input, MAX_TAG_LEN)
}

/// Whether `name` is used by another tag of the same kind (`existing`: id and name of each),
/// ignoring case; `except` is the tag being renamed.
pub fn tag_name_taken(name: &str, existing: &[(EntryId, String)], except: Option<EntryId>) -> bool {
    let name = name.to_lowercase();
    existing
        .iter()
        .any(|(id, other)| Some(*id) != except && other.to_lowercase() == name)
}

/// Keywords typed with commas between them: trimmed, lower-cased, without repeats or empty
/// ones; at most 20 of at most 40 characters each.
pub fn parse_keywords(input: &str) -> Result<Vec<String>, FieldError> {
    let mut keywords: Vec<String> = Vec::new();
    for keyword in input.split(',').map(str::trim).filter(|k| !k.is_empty()) {
        if keyword.chars().count() > MAX_KEYWORD_LEN {
            return Err(FieldError::new("keywords", FieldProblem::Incorrect));
        }
        let keyword = keyword.to_lowercase();
        if !keywords.contains(&keyword) {
            keywords.push(keyword);
        }
    }
    if keywords.len() > MAX_KEYWORDS {
        return Err(FieldError::new(
            "keywords",
            FieldProblem::TooLong { max: MAX_KEYWORDS },
        ));
    }
    Ok(keywords)
}

/// An FAQ entry from the form (fields `question`, `answer`, `keywords`), keeping `id`.
pub fn parse_faq_entry(
    id: EntryId,
    question: &str,
    answer: &str,
    keywords: &str,
) -> Result<FaqEntry, FieldError> {
    Ok(FaqEntry {
        id,
        question: text("question", question, MAX_QUESTION_LEN)?,
        answer: text("answer", answer, MAX_ANSWER_LEN)?,
        keywords: parse_keywords(keywords)?,
    })
}

/// The quick replies matching what an agent typed after `/` (the `/` itself may be included),
/// ignoring case: an exact shortcut first, then shortcuts starting with it, then titles
/// starting with it, then shortcuts or titles containing it; in catalogue order within each.
/// An empty query matches every reply.
pub fn search_quick_replies<'a>(replies: &'a [QuickReply], query: &str) -> Vec<&'a QuickReply> {
    let typed = query.trim();
    let query = typed.strip_prefix('/').unwrap_or(typed).to_lowercase();
    let rank = |reply: &QuickReply| -> Option<u8> {
        if query.is_empty() {
            return Some(0);
        }
        let shortcut = reply.shortcut.as_deref().unwrap_or("").to_lowercase();
        let title = reply.title.to_lowercase();
        if shortcut == query {
            Some(0)
        } else if shortcut.starts_with(&query) {
            Some(1)
        } else if title.starts_with(&query) {
            Some(2)
        } else if shortcut.contains(&query) || title.contains(&query) {
            Some(3)
        } else {
            None
        }
    };
    let mut found: Vec<(u8, &QuickReply)> = replies
        .iter()
        .filter_map(|reply| rank(reply).map(|rank| (rank, reply)))
        .collect();
    // Stable: replies of equal rank keep their catalogue order.
    found.sort_by_key(|(rank, _)| *rank);
    found.into_iter().map(|(_, reply)| reply).collect()
}

/// What a quick reply's `{{…}}` variables are filled with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplyVariables {
    /// `{{visitor.name}}`.
    pub visitor_name: Option<String>,
    /// `{{visitor.email}}`.
    pub visitor_email: Option<String>,
    /// `{{visitor.phone}}`.
    pub visitor_phone: Option<String>,
    /// `{{agent.name}}`: the agent inserting the reply.
    pub agent_name: String,
}

/// A quick reply's text with its variables filled in: `{{visitor.name}}`,
/// `{{visitor.email}}`, `{{visitor.phone}}` and `{{agent.name}}` (spaces inside the braces
/// allowed). Unknown visitor details become empty; unknown variables stay as written, so the
/// agent sees them before sending.
pub fn fill_variables(text: &str, variables: &ReplyVariables) -> String {
    let mut filled = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        filled.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            rest = &rest[start..];
            break;
        };
        let value = match after[..end].trim() {
            "visitor.name" => Some(variables.visitor_name.as_deref().unwrap_or("")),
            "visitor.email" => Some(variables.visitor_email.as_deref().unwrap_or("")),
            "visitor.phone" => Some(variables.visitor_phone.as_deref().unwrap_or("")),
            "agent.name" => Some(variables.agent_name.as_str()),
            _ => None,
        };
        match value {
            Some(value) => filled.push_str(value),
            None => filled.push_str(&rest[start..start + 2 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    filled.push_str(rest);
    filled
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem<T>(result: Result<T, FieldError>) -> Option<(String, FieldProblem)> {
        result.err().map(|error| (error.field, error.problem))
    }

    fn reply(title: &str, shortcut: Option<&str>) -> QuickReply {
        QuickReply {
            id: EntryId::new(),
            title: title.to_owned(),
            body: format!("{title}!"),
            shortcut: shortcut.map(str::to_owned),
        }
    }

    #[test]
    fn catalogue_quick_replies_are_trimmed_and_bounded_per_field() {
        let id = EntryId::new();
        assert_eq!(
            parse_quick_reply(id, "  Thanks ", " Thank you! ", " /Thanks "),
            Ok(QuickReply {
                id,
                title: "Thanks".to_owned(),
                body: "Thank you!".to_owned(),
                shortcut: Some("thanks".to_owned()),
            })
        );
        let required = |field: &str| Some((field.to_owned(), FieldProblem::Required));
        assert_eq!(
            problem(parse_quick_reply(id, " ", "b", "")),
            required("title")
        );
        assert_eq!(
            problem(parse_quick_reply(id, "t", "\n", "")),
            required("body")
        );
        assert_eq!(
            problem(parse_quick_reply(id, &"é".repeat(81), "b", "")),
            Some(("title".to_owned(), FieldProblem::TooLong { max: 80 }))
        );
        assert!(parse_quick_reply(id, &"é".repeat(80), "b", "").is_ok());
        assert_eq!(
            problem(parse_quick_reply(id, "t", &"x".repeat(2001), "")),
            Some(("body".to_owned(), FieldProblem::TooLong { max: 2000 }))
        );
        assert!(parse_quick_reply(id, "t", &"x".repeat(2000), "").is_ok());
    }

    #[test]
    fn catalogue_shortcuts_are_optional_words_without_their_slash() {
        assert_eq!(parse_shortcut(""), Ok(None));
        assert_eq!(parse_shortcut(" / "), Ok(None));
        assert_eq!(parse_shortcut("/thanks"), Ok(Some("thanks".to_owned())));
        assert_eq!(
            parse_shortcut("Order_Status-2"),
            Ok(Some("order_status-2".to_owned()))
        );
        assert_eq!(parse_shortcut("谢谢"), Ok(Some("谢谢".to_owned())));
        for bad in ["thank you", "//x", "a/b", "hi!", "x.y", "<b>"] {
            assert_eq!(
                problem(parse_shortcut(bad)),
                Some(("shortcut".to_owned(), FieldProblem::Incorrect)),
                "{bad:?}"
            );
        }
        assert_eq!(
            problem(parse_shortcut(&"a".repeat(33))),
            Some(("shortcut".to_owned(), FieldProblem::TooLong { max: 32 }))
        );
        assert!(parse_shortcut(&format!("/{}", "a".repeat(32))).is_ok());
    }

    #[test]
    fn catalogue_tag_names_are_bounded_and_compared_ignoring_case() {
        assert_eq!(parse_tag_name("  VIP "), Ok("VIP".to_owned()));
        assert_eq!(
            problem(parse_tag_name("")),
            Some(("name".to_owned(), FieldProblem::Required))
        );
        assert_eq!(
            problem(parse_tag_name(&"x".repeat(41))),
            Some(("name".to_owned(), FieldProblem::TooLong { max: 40 }))
        );
        let (vip, refund) = (EntryId::new(), EntryId::new());
        let existing = [(vip, "VIP".to_owned()), (refund, "Refund".to_owned())];
        assert!(tag_name_taken("vip", &existing, None));
        assert!(tag_name_taken("REFUND", &existing, Some(vip)));
        // Renaming a tag to itself in other letters is no clash.
        assert!(!tag_name_taken("Vip", &existing, Some(vip)));
        assert!(!tag_name_taken("Wholesale", &existing, None));
    }

    #[test]
    fn catalogue_keywords_are_split_trimmed_lowered_and_deduplicated() {
        assert_eq!(
            parse_keywords(" Shipping, delivery ,,SHIPPING, Lieferung "),
            Ok(vec![
                "shipping".to_owned(),
                "delivery".to_owned(),
                "lieferung".to_owned()
            ])
        );
        assert_eq!(parse_keywords(" , "), Ok(vec![]));
        let twenty: Vec<String> = (0..20).map(|n| format!("k{n}")).collect();
        assert_eq!(parse_keywords(&twenty.join(",")).map(|k| k.len()), Ok(20));
        // Repeats do not count towards the twenty.
        assert!(parse_keywords(&format!("{},k0,K1", twenty.join(","))).is_ok());
        assert_eq!(
            problem(parse_keywords(&format!("{},k20", twenty.join(",")))),
            Some(("keywords".to_owned(), FieldProblem::TooLong { max: 20 }))
        );
        assert_eq!(
            problem(parse_keywords(&"x".repeat(41))),
            Some(("keywords".to_owned(), FieldProblem::Incorrect))
        );
    }

    #[test]
    fn catalogue_faq_entries_check_question_and_answer() {
        let id = EntryId::new();
        let entry = parse_faq_entry(id, " When do you ship? ", " Daily. ", "ship, Ship")
            .map(|entry| (entry.question, entry.answer, entry.keywords));
        assert_eq!(
            entry,
            Ok((
                "When do you ship?".to_owned(),
                "Daily.".to_owned(),
                vec!["ship".to_owned()]
            ))
        );
        assert_eq!(
            problem(parse_faq_entry(id, "", "a", "")),
            Some(("question".to_owned(), FieldProblem::Required))
        );
        assert_eq!(
            problem(parse_faq_entry(id, &"q".repeat(301), "a", "")),
            Some(("question".to_owned(), FieldProblem::TooLong { max: 300 }))
        );
        assert_eq!(
            problem(parse_faq_entry(id, "q", " ", "")),
            Some(("answer".to_owned(), FieldProblem::Required))
        );
        assert_eq!(
            problem(parse_faq_entry(id, "q", &"a".repeat(4001), "")),
            Some(("answer".to_owned(), FieldProblem::TooLong { max: 4000 }))
        );
    }

    #[test]
    fn catalogue_search_ranks_shortcuts_before_titles() {
        let replies = [
            reply("Say thanks", None),
            reply("Opening hours", Some("hours")),
            reply("Thanks for waiting", Some("wait")),
            reply("Thank you", Some("thanks")),
            reply("Refund policy", Some("refund-thanks")),
        ];
        let titles = |query: &str| -> Vec<&str> {
            search_quick_replies(&replies, query)
                .into_iter()
                .map(|reply| reply.title.as_str())
                .collect()
        };
        assert_eq!(
            titles("/THANKS"),
            [
                "Thank you",
                "Thanks for waiting",
                "Say thanks",
                "Refund policy"
            ]
        );
        assert_eq!(titles("ho"), ["Opening hours"]);
        assert_eq!(titles("wait"), ["Thanks for waiting"]);
        assert_eq!(titles("nothing like it"), Vec::<&str>::new());
        assert_eq!(titles("/").len(), replies.len());
        assert_eq!(titles("  ").len(), replies.len());
        assert_eq!(titles("")[0], "Say thanks");
    }

    #[test]
    fn catalogue_tag_kinds_round_trip() {
        for kind in [TagKind::Visitor, TagKind::Session] {
            assert_eq!(TagKind::from_text(kind.as_str()), Some(kind));
        }
        assert_eq!(TagKind::from_text("team"), None);
    }

    #[test]
    fn variables_are_filled_and_unknown_ones_stay() {
        let variables = ReplyVariables {
            visitor_name: Some("Ann".to_owned()),
            visitor_email: None,
            visitor_phone: Some("+1 555".to_owned()),
            agent_name: "Bo".to_owned(),
        };
        assert_eq!(
            fill_variables("Hi {{visitor.name}}, I'm {{ agent.name }}.", &variables),
            "Hi Ann, I'm Bo."
        );
        assert_eq!(
            fill_variables(
                "Mail: {{visitor.email}}; call {{visitor.phone}}",
                &variables
            ),
            "Mail: ; call +1 555"
        );
        assert_eq!(
            fill_variables("{{order.id}} and {{visitor.name", &variables),
            "{{order.id}} and {{visitor.name"
        );
        assert_eq!(fill_variables("Plain 字 text", &variables), "Plain 字 text");
        assert_eq!(
            fill_variables("{{}}{{visitor.name}}", &variables),
            "{{}}Ann"
        );
    }
}
