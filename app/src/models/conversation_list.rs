//! The workbench's conversation lists as the server answers them: which view, which filters,
//! where a page starts, and what a row carries. The server runs each list as one indexed
//! query (`backend::conversations`); the browser only shows pages and merges live changes.
use super::catalogues::EntryId;
use super::contact::phone_digits;
use super::ids::ConversationId;
use super::time::Timestamp;
use crate::models::Role;
use crate::realtime::chat_log::ConversationRow;
use crate::realtime::protocol::Event;
use serde::{Deserialize, Serialize};

/// Rows per page of a list.
pub const PAGE_SIZE: usize = 30;
/// Most rows one list request returns.
pub const MAX_PAGE_ROWS: usize = 300;
/// With a search or a contact filter, view counts stop one past this ("more than 99"; the
/// workbench's views count without filters).
pub const SEARCH_COUNT_CAP: u64 = 99;

/// Longest search text, in characters (longer text is refused, not cut).
pub const MAX_SEARCH_CHARS: usize = 200;

/// One entry of the views pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum View {
    /// Open and served by me.
    Mine,
    /// Open and served by nobody.
    Queued,
    /// Open with visitor messages nobody has read.
    Unread,
    /// Open and marked "processing".
    OnHold,
    /// Open, served, not on hold, and an agent spoke last.
    Replied,
    /// Closed.
    Closed,
    /// Everything (admins only).
    All,
}

impl View {
    /// The views `role` sees, in the order of the pane.
    pub fn for_role(role: Role) -> &'static [View] {
        const AGENT: [View; 6] = [
            View::Mine,
            View::Queued,
            View::Unread,
            View::OnHold,
            View::Replied,
            View::Closed,
        ];
        const ADMIN: [View; 7] = [
            View::Mine,
            View::Queued,
            View::Unread,
            View::OnHold,
            View::Replied,
            View::Closed,
            View::All,
        ];
        match role {
            Role::Admin => &ADMIN,
            Role::Agent => &AGENT,
        }
    }

    /// The view a workbench opens on: admins see everything, agents their own.
    pub fn first_for(role: Role) -> View {
        match role {
            Role::Admin => View::All,
            Role::Agent => View::Mine,
        }
    }
}

/// When an agent last replied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LastReply {
    /// No condition.
    #[default]
    Any,
    /// In the last hour.
    WithinHour,
    /// Since midnight, the agent's time.
    Today,
    /// More than 24 hours ago.
    OlderThanDay,
}

/// An hour in milliseconds.
pub const HOUR_MS: i64 = 3_600_000;

impl LastReply {
    /// Every choice, in the order of the menu.
    pub const ALL: [LastReply; 4] = [
        LastReply::Any,
        LastReply::WithinHour,
        LastReply::Today,
        LastReply::OlderThanDay,
    ];

    /// The `<option>` value.
    pub fn as_value(self) -> &'static str {
        match self {
            LastReply::Any => "any",
            LastReply::WithinHour => "hour",
            LastReply::Today => "today",
            LastReply::OlderThanDay => "older",
        }
    }

    /// The choice an `<option>` value names (anything else: no condition).
    pub fn from_value(value: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|choice| choice.as_value() == value)
            .unwrap_or_default()
    }

    /// The reply times that pass, as a half-open range `[from, until)` of milliseconds (none:
    /// no condition). One never replied to passes only "any": it has no time to compare.
    pub fn window(self, now: Timestamp, midnight: Timestamp) -> Option<(i64, i64)> {
        match self {
            LastReply::Any => None,
            LastReply::WithinHour => Some((now.0 - HOUR_MS, i64::MAX)),
            LastReply::Today => Some((midnight.0, i64::MAX)),
            LastReply::OlderThanDay => Some((i64::MIN, now.0 - 24 * HOUR_MS)),
        }
    }

    /// Whether a conversation whose agent last replied at `last_reply` passes.
    pub fn admits(
        self,
        last_reply: Option<Timestamp>,
        now: Timestamp,
        midnight: Timestamp,
    ) -> bool {
        match (self.window(now, midnight), last_reply) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some((from, until)), Some(at)) => at.0 >= from && at.0 < until,
        }
    }
}

/// What the agent chose above the list.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Filters {
    /// Only conversations whose visitor has the widget open.
    #[serde(default)]
    pub online: bool,
    /// Only conversations waiting past "soon" (with `overdue`: either).
    #[serde(default)]
    pub soon: bool,
    /// Only conversations waiting past "overdue" (with `soon`: either).
    #[serde(default)]
    pub overdue: bool,
    /// The last reply time.
    #[serde(default)]
    pub last_reply: LastReply,
    /// Text to find in the messages or the visitor's name, email or phone.
    #[serde(default)]
    pub search: String,
    /// Text the visitor's email must contain (any case).
    #[serde(default)]
    pub email: String,
    /// Digits the visitor's phone must contain (other characters are ignored).
    #[serde(default)]
    pub phone: String,
    /// A visitor tag the visitor must carry.
    #[serde(default)]
    pub tag: Option<EntryId>,
}

impl Filters {
    /// Whether any filter is on (the list then says "no matches" rather than "no
    /// conversations").
    pub fn any(&self) -> bool {
        self.online
            || self.soon
            || self.overdue
            || self.last_reply != LastReply::Any
            || !self.search.trim().is_empty()
            || !self.email.trim().is_empty()
            || !phone_digits(&self.phone).is_empty()
            || self.tag.is_some()
    }
}

/// Where a page ends in the list's order (pinned first, newest message next, then id): the
/// next page starts after it. Keyed, never an offset, so rows that arrive meanwhile shift
/// nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListCursor {
    /// The last row's pin.
    pub pinned: bool,
    /// The last row's newest message time.
    pub last_at: Timestamp,
    /// The last row's id.
    pub id: ConversationId,
}

impl ListCursor {
    /// The cursor just after `row`.
    pub fn after(row: &ConversationRow) -> Self {
        Self {
            pinned: row.placement.pinned,
            last_at: row.last_at,
            id: row.id,
        }
    }

    /// Whether `row` comes after this cursor in the list's order.
    pub fn precedes(&self, row: &ConversationRow) -> bool {
        (row.placement.pinned, row.last_at, row.id) < (self.pinned, self.last_at, self.id)
    }
}

/// One list page to fetch.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ListRequest {
    /// Which view (none: the role's first).
    #[serde(default)]
    pub view: Option<View>,
    /// The filters on top of it.
    #[serde(default)]
    pub filters: Filters,
    /// Start after this row (none: the first page).
    #[serde(default)]
    pub after: Option<ListCursor>,
    /// The agent's last local midnight (for "today"); none: midnight UTC.
    #[serde(default)]
    pub midnight: Option<Timestamp>,
    /// Rows wanted (none: [`PAGE_SIZE`]; at most [`MAX_PAGE_ROWS`]): a list refreshed after
    /// a live change asks for as many rows as it shows.
    #[serde(default)]
    pub limit: Option<u32>,
}

/// A list row as the server sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedConversation {
    /// The conversation's list facts.
    pub row: ConversationRow,
    /// Its visitor's name, when known.
    pub name: Option<String>,
    /// Its visitor has the widget open.
    pub online: bool,
    /// With a search: the newest message that matched (none: the contact matched).
    pub matched: Option<String>,
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ListPage {
    /// The rows, in order.
    pub rows: Vec<ListedConversation>,
    /// Where the next page starts (none: this was the last).
    pub next: Option<ListCursor>,
}

/// How many conversations each view holds.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ViewCounts {
    /// Per view, in the pane's order.
    pub counts: Vec<(View, u64)>,
    /// The tab title's number: unread conversations the agent serves or nobody serves.
    pub attention: u64,
}

/// Messages per page of a conversation's history.
pub const HISTORY_PAGE: i64 = 50;

/// One page of a conversation's history.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct HistoryPage {
    /// Messages, receipts and placement changes, oldest first.
    pub events: Vec<Event>,
    /// Older messages remain: ask again with `before` set to this (the page's oldest message).
    pub next_before: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: i64 = 60_000;

    #[test]
    fn last_reply_windows() {
        let now = Timestamp(48 * 60 * MINUTE);
        let midnight = Timestamp(now.0 - 10 * 60 * MINUTE);
        let ago = |minutes: i64| Some(Timestamp(now.0 - minutes * MINUTE));
        assert!(LastReply::Any.admits(None, now, midnight));
        assert!(LastReply::WithinHour.admits(ago(59), now, midnight));
        assert!(!LastReply::WithinHour.admits(ago(61), now, midnight));
        assert!(LastReply::Today.admits(ago(9 * 60), now, midnight));
        assert!(!LastReply::Today.admits(ago(11 * 60), now, midnight));
        assert!(LastReply::OlderThanDay.admits(ago(25 * 60), now, midnight));
        assert!(!LastReply::OlderThanDay.admits(ago(23 * 60), now, midnight));
        for choice in [
            LastReply::WithinHour,
            LastReply::Today,
            LastReply::OlderThanDay,
        ] {
            assert!(!choice.admits(None, now, midnight));
        }
        for choice in LastReply::ALL {
            assert_eq!(LastReply::from_value(choice.as_value()), choice);
        }
        assert_eq!(LastReply::from_value("nonsense"), LastReply::Any);
    }

    #[test]
    fn agents_have_no_all_view_and_open_on_mine() {
        assert!(!View::for_role(Role::Agent).contains(&View::All));
        assert!(View::for_role(Role::Admin).contains(&View::All));
        assert_eq!(View::first_for(Role::Agent), View::Mine);
        assert_eq!(View::first_for(Role::Admin), View::All);
    }

    #[test]
    fn any_filter_counts_the_tag_too() {
        assert!(!Filters::default().any());
        let tagged = Filters {
            tag: Some(EntryId::new()),
            ..Filters::default()
        };
        assert!(tagged.any());
        let dashes = Filters {
            phone: " - ".to_owned(),
            ..Filters::default()
        };
        assert!(!dashes.any());
    }
}
