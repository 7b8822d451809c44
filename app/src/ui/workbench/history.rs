//! The open conversation's history, from the server a page at a time: its newest messages
//! (with its state and receipts) when it opens and whenever the socket comes back, older ones
//! when the agent scrolls up. Pages fold into the page's [`ChatLog`] like replayed events, so
//! the timeline, header and receipts read one place; live events keep it current because the
//! socket follows this conversation (`subscribe`) while it is open.
use crate::models::ConversationId;
use crate::realtime::chat_log::ChatLog;
use crate::realtime::protocol::{ClientFrame, Event, ServerFrame};
use crate::ui::common::live_chat::LiveChat;
use leptos::prelude::*;

/// Where the open conversation's history stands.
#[derive(Clone, Copy)]
pub struct OpenHistory {
    /// The conversation.
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    pub conversation: ConversationId,
    /// Older messages remain before this sequence number (none: the start is shown).
    pub older: RwSignal<Option<i64>>,
    /// A page is on its way.
    pub loading: RwSignal<bool>,
}

/// Folds a page of history into the log (events already known are skipped there).
#[cfg_attr(not(feature = "browser"), allow(dead_code))]
pub fn fold_page(log: &mut ChatLog, events: Vec<Event>) {
    for event in events {
        log.apply(&ServerFrame::Event { event });
    }
}

impl OpenHistory {
    /// Follows `conversation` on the socket and loads its newest page, again each time the
    /// socket comes back live (a resync or a resume may have skipped its events). Stops
    /// following it when the component showing it goes away.
    pub fn open(chat: LiveChat, conversation: ConversationId) -> Self {
        let history = Self {
            conversation,
            older: RwSignal::new(None),
            loading: RwSignal::new(true),
        };
        chat.feeds.following.set(Some(conversation));
        chat.frame(ClientFrame::Subscribe {
            conversation_id: conversation,
        });
        on_cleanup(move || {
            // The whole page may be going away at once: nothing here may assume it stays.
            if chat.feeds.following.try_get_untracked() == Some(Some(conversation)) {
                chat.feeds.following.try_set(None);
            }
            chat.frame(ClientFrame::Unsubscribe {
                conversation_id: conversation,
            });
        });
        Effect::new(move |_| {
            chat.feeds.went_live.track();
            chat.feeds.following_stale.track();
            history.load(chat, None);
        });
        history
    }

    /// Loads the page before the oldest message shown, if there is one and none is on its
    /// way.
    pub fn load_older(self, chat: LiveChat) {
        if let Some(before) = self.older.get_untracked()
            && !self.loading.get_untracked()
        {
            self.load(chat, Some(before));
        }
    }

    fn load(self, chat: LiveChat, before: Option<i64>) {
        self.loading.set(true);
        #[cfg(feature = "browser")]
        leptos::task::spawn_local(async move {
            let asked = crate::server_fns::conversation_list::conversation_history(
                self.conversation,
                before,
            );
            let page = asked.await;
            // The conversation may have been closed meanwhile (its signals with it).
            if self.loading.try_set(false).is_some() {
                return;
            }
            if let Ok(page) = page {
                // The newest page says nothing about pages already loaded further back.
                if before.is_some() || self.older.get_untracked().is_none() {
                    self.older.set(page.next_before);
                }
                chat.log.try_update(|log| fold_page(log, page.events));
            }
        });
        #[cfg(not(feature = "browser"))]
        let _ = (chat, before);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::Timestamp;
    use crate::realtime::protocol::{AuthorKind, Content, Message};
    use uuid::Uuid;

    fn message(conversation: ConversationId, seq: i64) -> Event {
        Event::Message(Message {
            seq,
            conversation_id: conversation,
            client_id: Uuid::new_v4(),
            author: AuthorKind::Visitor,
            author_name: None,
            body: format!("message {seq}"),
            content: Content::Text,
            at: Timestamp(seq),
        })
    }

    #[test]
    fn pages_fold_in_sequence_order_and_overlaps_count_once() {
        let conversation = ConversationId::new();
        let mut log = ChatLog::default();
        fold_page(
            &mut log,
            (51..=100).map(|seq| message(conversation, seq)).collect(),
        );
        // An older page, then the newest page again (after a reconnect) with one more.
        fold_page(
            &mut log,
            (1..=50).map(|seq| message(conversation, seq)).collect(),
        );
        fold_page(
            &mut log,
            (52..=101).map(|seq| message(conversation, seq)).collect(),
        );
        let seqs: Vec<i64> = log
            .lines_in(Some(conversation))
            .iter()
            .filter_map(|line| line.seq)
            .collect();
        assert_eq!(seqs, (1..=101).collect::<Vec<_>>());
    }
}
