//! The workbench's visitor panel: who the visitor is, what their browser told, what agents
//! noted, and the conversation's facts. The editing rules are pure and live here.
use super::catalogues::EntryId;
use super::contact::{ContactConversation, ContactFields, parse_contact_fields};
use super::ids::{ConversationId, VisitorId};
use super::page_view::PageView;
use super::time::Timestamp;
use crate::errors::{FieldError, FieldProblem};
use serde::{Deserialize, Serialize};

/// Longest region an agent may type ("Bavaria, Germany").
pub const MAX_REGION_LEN: usize = 80;
/// Longest note about a visitor.
pub const MAX_NOTES_LEN: usize = 2000;
/// A conversation's title: its first visitor message, cut to this many characters.
pub const TITLE_LEN: usize = 80;
/// Most tags one visitor or session may carry.
pub const MAX_TAGS: usize = 50;

/// The kind of device a user agent names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceKind {
    /// A desktop or laptop computer.
    Desktop,
    /// A phone.
    Mobile,
    /// A tablet.
    Tablet,
    /// A crawler or other program.
    Bot,
    /// Anything else (a TV, a console, unknown).
    Other,
}

/// A tag the project defines, as a choice in the panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagChoice {
    /// The tag.
    pub id: EntryId,
    /// Its name.
    pub name: String,
    /// Whether it is set on this visitor or session.
    pub set: bool,
}

/// What is known about a conversation's visitor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitorDetails {
    /// The visitor.
    pub id: VisitorId,
    /// Name, email, phone, region and notes as stored (each may be unknown).
    pub name: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Region, as an agent typed it.
    pub region: Option<String>,
    /// Agents' notes.
    pub notes: Option<String>,
    /// Browser and version ("Chrome 120.0.0.0"), from the user agent.
    pub browser: Option<String>,
    /// Operating system ("Windows 10", "iPhone").
    pub os: Option<String>,
    /// Device kind, when the user agent tells.
    pub device: Option<DeviceKind>,
    /// The address the widget connected from.
    pub ip: Option<String>,
    /// The browser's preferred languages (`Accept-Language`, trimmed).
    pub language: Option<String>,
    /// Their IANA time zone.
    pub time_zone: Option<String>,
    /// Their clock's offset from UTC right now, in minutes (from the time zone).
    pub utc_offset_minutes: Option<i32>,
    /// The last time the widget connected or reported a page.
    pub last_seen_at: Timestamp,
    /// The newest page they opened.
    pub current_page: Option<PageView>,
    /// The project's visitor tags, those set on them marked.
    pub tags: Vec<TagChoice>,
    /// Their other conversations, newest first.
    pub past_conversations: Vec<ContactConversation>,
}

/// A visitor's rating of a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    /// 1 to 5.
    pub stars: u8,
    /// What they wrote with it.
    pub comment: Option<String>,
}

/// The facts of one conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationInfo {
    /// The conversation.
    pub id: ConversationId,
    /// Its first visitor message, cut to [`TITLE_LEN`] characters (empty: none yet).
    pub title: String,
    /// Started.
    pub started_at: Timestamp,
    /// An agent's first message to the visitor (internal notes do not count).
    pub first_response_at: Option<Timestamp>,
    /// Every agent who served it, in the order they came.
    pub agents: Vec<String>,
    /// The project's session tags, those set on it marked.
    pub tags: Vec<TagChoice>,
    /// The visitor's rating, if they gave one.
    pub rating: Option<Rating>,
}

/// The whole panel for a selected conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitorPanel {
    /// The visitor.
    pub visitor: VisitorDetails,
    /// The conversation.
    pub conversation: ConversationInfo,
}

/// Checked visitor fields an agent may edit in the panel.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VisitorEdits {
    /// Name, email and phone, by the contacts' rules.
    pub contact: ContactFields,
    /// Region.
    pub region: Option<String>,
    /// Notes.
    pub notes: Option<String>,
}

/// Checks what an agent typed into the panel: contacts' rules for name, email and phone;
/// region and notes trimmed, at most [`MAX_REGION_LEN`] / [`MAX_NOTES_LEN`] characters.
pub fn parse_visitor_edits(
    name: &str,
    email: &str,
    phone: &str,
    region: &str,
    notes: &str,
) -> Result<VisitorEdits, FieldError> {
    let optional = |field: &str, text: &str, max: usize| {
        let text = text.trim();
        if text.chars().count() > max {
            return Err(FieldError::new(field, FieldProblem::TooLong { max }));
        }
        Ok((!text.is_empty()).then(|| text.to_owned()))
    };
    Ok(VisitorEdits {
        contact: parse_contact_fields(name, email, phone)?,
        region: optional("region", region, MAX_REGION_LEN)?,
        notes: optional("notes", notes, MAX_NOTES_LEN)?,
    })
}

/// The tags to set, without repeats; more than [`MAX_TAGS`] is refused.
pub fn tag_selection(tags: &[EntryId]) -> Result<Vec<EntryId>, FieldError> {
    let mut tags = tags.to_vec();
    tags.sort_unstable();
    tags.dedup();
    if tags.len() > MAX_TAGS {
        return Err(FieldError::new(
            "tags",
            FieldProblem::TooLong { max: MAX_TAGS },
        ));
    }
    Ok(tags)
}

/// A conversation's title from its first visitor message: one line, at most [`TITLE_LEN`]
/// characters, with an ellipsis when cut.
pub fn conversation_title(first_message: &str) -> String {
    let line = first_message
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if line.chars().count() <= TITLE_LEN {
        return line;
    }
    let mut cut: String = line.chars().take(TITLE_LEN - 1).collect();
    cut.push('…');
    cut
}

/// The agents who served a conversation, from the assignee names of its placement events in
/// order: each once, in the order they first served.
pub fn serving_agents(assignees: impl IntoIterator<Item = Option<String>>) -> Vec<String> {
    let mut agents: Vec<String> = Vec::new();
    for name in assignees.into_iter().flatten() {
        if !agents.contains(&name) {
            agents.push(name);
        }
    }
    agents
}

/// The visitor's wall-clock time `HH:MM` at `now`, given their offset from UTC.
pub fn local_clock(now: Timestamp, utc_offset_minutes: i32) -> String {
    let minutes = (now.0.div_euclid(60_000) + i64::from(utc_offset_minutes)).rem_euclid(24 * 60);
    let (hours, minutes) = (minutes / 60, minutes % 60);
    let digit = |n: i64| char::from(b'0' + (n as u8));
    [
        digit(hours / 10),
        digit(hours % 10),
        ':',
        digit(minutes / 10),
        digit(minutes % 10),
    ]
    .iter()
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_follow_contact_rules_and_limit_region_and_notes() {
        let edits = parse_visitor_edits(" Ann ", "ANN@example.com", "", " Bavaria ", "")
            .unwrap_or_default();
        assert_eq!(edits.contact.name.as_deref(), Some("Ann"));
        assert_eq!(edits.contact.email.as_deref(), Some("ann@example.com"));
        assert_eq!(edits.region.as_deref(), Some("Bavaria"));
        assert_eq!(edits.notes, None);
        let field = |region: &str, notes: &str, email: &str| {
            parse_visitor_edits("", email, "", region, notes).map_err(|error| error.field)
        };
        assert_eq!(field(&"r".repeat(81), "", ""), Err("region".to_owned()));
        assert_eq!(field("", &"n".repeat(2001), ""), Err("notes".to_owned()));
        assert_eq!(field("", "", "not an email"), Err("email".to_owned()));
        assert!(field(&"r".repeat(80), &"n".repeat(2000), "").is_ok());
    }

    #[test]
    fn tag_selections_drop_repeats_and_are_bounded() {
        let one = EntryId::new();
        assert_eq!(tag_selection(&[one, one]), Ok(vec![one]));
        let many: Vec<EntryId> = (0..=MAX_TAGS).map(|_| EntryId::new()).collect();
        assert!(tag_selection(&many).is_err());
    }

    #[test]
    fn titles_are_one_line_and_cut_with_an_ellipsis() {
        assert_eq!(conversation_title("  Hello\nthere  "), "Hello there");
        let long = "é".repeat(100);
        let title = conversation_title(&long);
        assert_eq!(title.chars().count(), TITLE_LEN);
        assert!(title.ends_with('…'));
        assert_eq!(conversation_title(&"a".repeat(80)), "a".repeat(80));
    }

    #[test]
    fn serving_agents_are_listed_once_in_order() {
        let names = [
            None,
            Some("Bo".to_owned()),
            Some("Bo".to_owned()),
            Some("Al".to_owned()),
            None,
            Some("Bo".to_owned()),
        ];
        assert_eq!(
            serving_agents(names),
            vec!["Bo".to_owned(), "Al".to_owned()]
        );
    }

    #[test]
    fn local_clock_applies_the_offset_and_wraps_days() {
        // 2026-11-21 23:30 UTC.
        let now = Timestamp(1_795_822_200_000);
        assert_eq!(local_clock(now, 0), "23:30");
        assert_eq!(local_clock(now, 60), "00:30");
        assert_eq!(local_clock(now, -330), "18:00");
    }
}
