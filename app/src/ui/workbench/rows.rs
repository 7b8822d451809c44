//! What the list shows of each conversation the server listed: its waiting flag on the
//! server's clock, whether its visitor is online now, its name and the message a search
//! matched; and how pages join. Pure: the server chose the rows (views, filters, search and
//! the access rules run there), this only dresses them.
use crate::models::contact::ConversationContact;
use crate::models::conversation_list::ListedConversation;
use crate::models::{ConversationId, Timestamp};
use crate::realtime::chat_log::ConversationRow;
use crate::routing::conversation_state::{WaitFlag, WaitThresholds, wait_flag};
use std::collections::HashMap;

/// The contacts of the conversations the workbench has open, by conversation.
pub type ContactMap = HashMap<ConversationId, ConversationContact>;

pub use crate::models::conversation_list::{Filters, LastReply};

/// A list row with what it shows besides the conversation itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRow {
    /// The conversation.
    pub row: ConversationRow,
    /// How long its visitor has waited.
    pub flag: WaitFlag,
    /// Its visitor has the widget open.
    pub online: bool,
    /// Its visitor's name, when known (the list shows it instead of the short label).
    pub name: Option<String>,
    /// With a search: the newest message that matched (shown instead of the newest one).
    pub matched: Option<String>,
}

/// The waiting flag of a row at `now`.
pub fn flag_of(row: &ConversationRow, now: Timestamp, thresholds: WaitThresholds) -> WaitFlag {
    wait_flag(&row.facts(), now, thresholds)
}

/// A short label for a conversation's visitor without a name: `prefix` and the first
/// characters of the id.
pub fn visitor_label(id: ConversationId, prefix: &str) -> String {
    let text = id.to_string();
    format!("{prefix} {}", text.get(..6).unwrap_or(&text))
}

/// A listed conversation as the list shows it at `now`; `online` is the live set of
/// conversations whose visitor has the widget open (fresher than the page).
pub fn list_row(
    listed: &ListedConversation,
    now: Timestamp,
    thresholds: WaitThresholds,
    online: &[ConversationId],
) -> ListRow {
    ListRow {
        flag: flag_of(&listed.row, now, thresholds),
        online: online.contains(&listed.row.id),
        name: listed.name.clone(),
        matched: listed.matched.clone(),
        row: listed.row.clone(),
    }
}

/// Adds the next page's rows after `rows`. A row that moved between the two requests (a
/// new message bumped it) may come again: it stays where it was first listed.
#[cfg_attr(not(feature = "browser"), allow(dead_code))]
pub fn append_page(rows: &mut Vec<ListedConversation>, page: Vec<ListedConversation>) {
    for listed in page {
        if !rows.iter().any(|known| known.row.id == listed.row.id) {
            rows.push(listed);
        }
    }
}

/// How many rows a refresh asks for: as many as the list shows, at least a page.
pub fn refresh_size(shown: usize) -> u32 {
    let wanted = shown.clamp(
        crate::models::conversation_list::PAGE_SIZE,
        crate::models::conversation_list::MAX_PAGE_ROWS,
    );
    u32::try_from(wanted).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::realtime::placement::ConversationPlacement;
    use crate::realtime::protocol::AuthorKind;
    use uuid::Uuid;

    const MINUTE: i64 = 60_000;

    fn listed(waiting_since: Option<i64>) -> ListedConversation {
        ListedConversation {
            row: ConversationRow {
                id: ConversationId::new(),
                last_body: "Hello".to_owned(),
                last_author: AuthorKind::Visitor,
                last_at: Timestamp(waiting_since.unwrap_or(0)),
                unread: 1,
                oldest_unanswered_at: waiting_since.map(Timestamp),
                last_agent_reply_at: None,
                placement: ConversationPlacement::default(),
            },
            name: Some("Mei".to_owned()),
            online: false,
            matched: Some("退款 please".to_owned()),
        }
    }

    #[test]
    fn rows_carry_their_flag_name_match_and_live_presence() {
        let thresholds = WaitThresholds {
            soon_secs: 60,
            overdue_secs: 300,
        };
        let now = Timestamp(10 * MINUTE);
        let long = listed(Some(0));
        let short = listed(Some(8 * MINUTE));
        let answered = listed(None);
        let online = [short.row.id];
        assert_eq!(
            list_row(&long, now, thresholds, &online).flag,
            WaitFlag::Overdue
        );
        let row = list_row(&short, now, thresholds, &online);
        assert_eq!(row.flag, WaitFlag::Soon);
        assert!(row.online);
        assert_eq!(row.name.as_deref(), Some("Mei"));
        assert_eq!(row.matched.as_deref(), Some("退款 please"));
        let row = list_row(&answered, now, thresholds, &online);
        assert_eq!(row.flag, WaitFlag::OnTime);
        assert!(!row.online);
    }

    #[test]
    fn a_row_listed_twice_across_pages_stays_where_it_was() {
        let (a, b, c) = (listed(None), listed(None), listed(None));
        let mut rows = vec![a.clone(), b.clone()];
        append_page(&mut rows, vec![b.clone(), c.clone()]);
        let ids: Vec<ConversationId> = rows.iter().map(|listed| listed.row.id).collect();
        assert_eq!(ids, [a.row.id, b.row.id, c.row.id]);
    }

    #[test]
    fn refreshes_ask_for_what_is_shown_within_bounds() {
        assert_eq!(refresh_size(0), 30);
        assert_eq!(refresh_size(75), 75);
        assert_eq!(refresh_size(10_000), 300);
    }

    #[test]
    fn unnamed_visitors_get_a_short_label() {
        assert_eq!(
            visitor_label(ConversationId(Uuid::nil()), "Visitor"),
            "Visitor 000000"
        );
    }
}
