//! The workbench's views (Mine, Queued, Unread...): which conversation each one holds, as
//! a rule over one row (the server's list queries implement it in SQL; the integration tests
//! hold them to this rule), and the tab title. Pure, so the rules are tested without a
//! browser.
use crate::models::UserId;
use crate::realtime::chat_log::ConversationRow;
use crate::routing::conversation_state::{ConversationState, state};

pub use crate::models::conversation_list::View;

impl View {
    /// Whether `row` belongs in this view for agent `me`.
    pub fn holds(self, row: &ConversationRow, me: UserId) -> bool {
        let placement = &row.placement;
        let open = !placement.closed;
        let state = state(&row.facts());
        match self {
            View::Mine => open && placement.assignee_id == Some(me),
            View::Queued => state == ConversationState::Queued,
            View::Unread => open && row.unread > 0,
            View::OnHold => state == ConversationState::OnHold,
            View::Replied => state == ConversationState::Replied,
            View::Closed => state == ConversationState::Closed,
            View::All => true,
        }
    }
}

/// The tab title: `(N) Workbench · Parley`, without the count when nothing waits.
pub fn tab_title(workbench: &str, attention: u64) -> String {
    if attention == 0 {
        format!("{workbench} · Parley")
    } else {
        format!("({attention}) {workbench} · Parley")
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::models::{ConversationId, Role, Timestamp};
    use crate::realtime::placement::ConversationPlacement;
    use crate::realtime::protocol::AuthorKind;

    /// A row with a visitor message waiting unless changed.
    pub(crate) fn row(placement: ConversationPlacement) -> ConversationRow {
        ConversationRow {
            id: ConversationId::new(),
            last_body: "Hello".to_owned(),
            last_author: AuthorKind::Visitor,
            last_at: Timestamp(1_000),
            unread: 1,
            oldest_unanswered_at: Some(Timestamp(1_000)),
            last_agent_reply_at: None,
            placement,
        }
    }

    fn replied(mut row: ConversationRow) -> ConversationRow {
        row.unread = 0;
        row.oldest_unanswered_at = None;
        row.last_agent_reply_at = Some(Timestamp(2_000));
        row.last_author = AuthorKind::Agent;
        row
    }

    fn served_by(me: UserId) -> ConversationPlacement {
        ConversationPlacement {
            assignee_id: Some(me),
            assignee_name: Some("Ann".to_owned()),
            ..ConversationPlacement::default()
        }
    }

    fn views_of(row: &ConversationRow, me: UserId) -> Vec<View> {
        View::for_role(Role::Admin)
            .iter()
            .copied()
            .filter(|view| view.holds(row, me))
            .collect()
    }

    #[test]
    fn each_conversation_lands_in_the_views_it_belongs_to() {
        let (me, other) = (UserId::new(), UserId::new());
        let queued = row(ConversationPlacement::default());
        assert_eq!(
            views_of(&queued, me),
            [View::Queued, View::Unread, View::All]
        );
        let mine_waiting = row(served_by(me));
        assert_eq!(
            views_of(&mine_waiting, me),
            [View::Mine, View::Unread, View::All]
        );
        let mine_replied = replied(row(served_by(me)));
        assert_eq!(
            views_of(&mine_replied, me),
            [View::Mine, View::Replied, View::All]
        );
        let colleagues_replied = replied(row(served_by(other)));
        assert_eq!(
            views_of(&colleagues_replied, me),
            [View::Replied, View::All]
        );
        let on_hold = replied(row(ConversationPlacement {
            on_hold: true,
            ..served_by(me)
        }));
        assert_eq!(
            views_of(&on_hold, me),
            [View::Mine, View::OnHold, View::All]
        );
        let closed = row(ConversationPlacement {
            closed: true,
            ..served_by(me)
        });
        assert_eq!(views_of(&closed, me), [View::Closed, View::All]);
        // Never answered and nobody serves it: not "replied".
        let silent = ConversationRow {
            unread: 0,
            oldest_unanswered_at: None,
            ..row(ConversationPlacement::default())
        };
        assert_eq!(views_of(&silent, me), [View::Queued, View::All]);
    }

    #[test]
    fn the_tab_title_shows_the_number_waiting() {
        assert_eq!(tab_title("Workbench", 2), "(2) Workbench · Parley");
        assert_eq!(tab_title("Workbench", 0), "Workbench · Parley");
    }
}
