//! What a chat screen shows, folded from protocol frames: pure, so it is tested without a
//! browser. Pending sends become sent on `ack`; events are inserted once, by sequence.
use super::protocol::{AuthorKind, ErrorCode, Event, Message, ServerFrame};
use crate::models::{ConversationId, Timestamp};
use uuid::Uuid;

/// Where a line is on its way to the server.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Delivery {
    /// Written, not yet acknowledged (kept in the outbox).
    Pending,
    /// Committed on the server.
    Sent,
    /// Refused by the server; will not be retried.
    Failed(ErrorCode),
}

/// One message line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The sender's idempotency key.
    pub client_id: Uuid,
    /// Known once committed.
    pub seq: Option<i64>,
    /// Known once committed (visitors may send before having a conversation).
    pub conversation_id: Option<ConversationId>,
    /// Who wrote it.
    pub author: AuthorKind,
    /// Agent's display name.
    pub author_name: Option<String>,
    /// The text.
    pub body: String,
    /// Commit time.
    pub at: Option<Timestamp>,
    /// Delivery state.
    pub delivery: Delivery,
}

impl Line {
    fn from_message(message: &Message) -> Self {
        Self {
            client_id: message.client_id,
            seq: Some(message.seq),
            conversation_id: Some(message.conversation_id),
            author: message.author,
            author_name: message.author_name.clone(),
            body: message.body.clone(),
            at: Some(message.at),
            delivery: Delivery::Sent,
        }
    }
}

/// A conversation as a list row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationRow {
    /// Which.
    pub id: ConversationId,
    /// Its newest message.
    pub last_body: String,
    /// Who wrote the newest message.
    pub last_author: AuthorKind,
    /// When (newest activity first in lists).
    pub last_at: Timestamp,
    /// Visitor messages after the newest agent message or agent read receipt.
    pub unread: usize,
}

/// All lines a screen knows, in sequence order (pending ones last).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatLog {
    lines: Vec<Line>,
    agent_read_up_to: Vec<(ConversationId, i64)>,
}

impl ChatLog {
    /// Adds a line the user just wrote.
    pub fn add_pending(
        &mut self,
        client_id: Uuid,
        conversation_id: Option<ConversationId>,
        author: AuthorKind,
        body: String,
    ) {
        self.lines.push(Line {
            client_id,
            seq: None,
            conversation_id,
            author,
            author_name: None,
            body,
            at: None,
            delivery: Delivery::Pending,
        });
    }

    /// Folds one server frame in. Returns true when it added a message from someone else.
    pub fn apply(&mut self, frame: &ServerFrame) -> bool {
        match frame {
            ServerFrame::Ack { client_id, message } => {
                self.upsert(message, Some(*client_id));
                false
            }
            ServerFrame::Event {
                event: Event::Message(message),
            } => self.upsert(message, None),
            ServerFrame::Event {
                event:
                    Event::Read {
                        conversation_id,
                        by: AuthorKind::Agent,
                        up_to,
                        ..
                    },
            } => {
                self.agent_read_up_to
                    .retain(|(id, _)| id != conversation_id);
                self.agent_read_up_to.push((*conversation_id, *up_to));
                false
            }
            ServerFrame::Error {
                code,
                client_id: Some(client_id),
                ..
            } => {
                if let Some(line) = self
                    .lines
                    .iter_mut()
                    .find(|line| line.client_id == *client_id && line.seq.is_none())
                {
                    line.delivery = Delivery::Failed(*code);
                }
                false
            }
            _ => false,
        }
    }

    fn upsert(&mut self, message: &Message, acked: Option<Uuid>) -> bool {
        if self.lines.iter().any(|line| line.seq == Some(message.seq)) {
            return false;
        }
        let pending = self.lines.iter().position(|line| {
            line.seq.is_none()
                && line.client_id == message.client_id
                && (acked.is_some() || line.author == message.author)
        });
        let line = Line::from_message(message);
        let is_new = pending.is_none();
        match pending {
            Some(index) => self.lines[index] = line,
            None => self.lines.push(line),
        }
        // Committed lines in sequence order, pending ones after them.
        self.lines
            .sort_by_key(|line| (line.seq.is_none(), line.seq));
        is_new && acked.is_none()
    }

    /// Every line, in order.
    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// The lines of one conversation (pending lines without a conversation belong to the
    /// visitor's current one).
    pub fn lines_in(&self, conversation: Option<ConversationId>) -> Vec<Line> {
        self.lines
            .iter()
            .filter(|line| line.conversation_id.is_none() || line.conversation_id == conversation)
            .cloned()
            .collect()
    }

    /// Lines still waiting for an ack (to resend after a reconnect).
    pub fn pending(&self) -> Vec<Line> {
        self.lines
            .iter()
            .filter(|line| line.delivery == Delivery::Pending)
            .cloned()
            .collect()
    }

    /// Whether an agent has read the visitor's newest committed message in `conversation`.
    pub fn visitor_message_seen(&self, conversation: ConversationId) -> bool {
        let newest = self
            .lines
            .iter()
            .filter(|line| {
                line.conversation_id == Some(conversation) && line.author == AuthorKind::Visitor
            })
            .filter_map(|line| line.seq)
            .max();
        let read = self
            .agent_read_up_to
            .iter()
            .find(|(id, _)| *id == conversation)
            .map(|(_, up_to)| *up_to);
        matches!((newest, read), (Some(newest), Some(read)) if newest <= read)
    }

    /// The newest conversation known (a visitor's current one).
    pub fn latest_conversation(&self) -> Option<ConversationId> {
        self.lines
            .iter()
            .rev()
            .find_map(|line| line.conversation_id)
    }

    /// Conversations, newest activity first.
    pub fn conversations(&self) -> Vec<ConversationRow> {
        let mut rows: Vec<ConversationRow> = Vec::new();
        for line in self.lines.iter().filter(|line| line.seq.is_some()) {
            let (Some(id), Some(at)) = (line.conversation_id, line.at) else {
                continue;
            };
            let read_up_to = self
                .agent_read_up_to
                .iter()
                .find(|(conversation, _)| *conversation == id)
                .map(|(_, seq)| *seq)
                .unwrap_or(0);
            let row = match rows.iter_mut().position(|row| row.id == id) {
                Some(index) => &mut rows[index],
                None => {
                    rows.push(ConversationRow {
                        id,
                        last_body: String::new(),
                        last_author: line.author,
                        last_at: at,
                        unread: 0,
                    });
                    let last = rows.len() - 1;
                    &mut rows[last]
                }
            };
            row.last_body.clone_from(&line.body);
            row.last_author = line.author;
            row.last_at = at;
            match line.author {
                AuthorKind::Visitor if line.seq.unwrap_or(0) > read_up_to => row.unread += 1,
                AuthorKind::Agent => row.unread = 0,
                _ => {}
            }
        }
        rows.sort_by_key(|row| std::cmp::Reverse(row.last_at));
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(
        seq: i64,
        conversation: ConversationId,
        author: AuthorKind,
        client_id: Uuid,
        body: &str,
    ) -> Message {
        Message {
            conversation_id: conversation,
            seq,
            client_id,
            author,
            author_name: None,
            body: body.to_owned(),
            at: Timestamp(seq * 1000),
        }
    }

    #[test]
    fn a_pending_line_becomes_sent_on_ack_and_is_not_doubled_by_an_echo() {
        let mut log = ChatLog::default();
        let conversation = ConversationId::new();
        let id = Uuid::new_v4();
        log.add_pending(id, None, AuthorKind::Visitor, "hi".to_owned());
        assert_eq!(log.pending().len(), 1);
        let stored = message(3, conversation, AuthorKind::Visitor, id, "hi");
        assert!(!log.apply(&ServerFrame::Ack {
            client_id: id,
            message: stored.clone()
        }));
        assert!(!log.apply(&ServerFrame::Event {
            event: Event::Message(stored)
        }));
        assert_eq!(log.lines().len(), 1);
        assert_eq!(log.lines()[0].delivery, Delivery::Sent);
        assert_eq!(log.latest_conversation(), Some(conversation));
        assert!(log.pending().is_empty());
    }

    #[test]
    fn events_are_kept_once_in_sequence_order() {
        let mut log = ChatLog::default();
        let conversation = ConversationId::new();
        for seq in [2, 1, 2, 3] {
            log.apply(&ServerFrame::Event {
                event: Event::Message(message(
                    seq,
                    conversation,
                    AuthorKind::Agent,
                    Uuid::from_u128(seq as u128),
                    "x",
                )),
            });
        }
        let seqs: Vec<Option<i64>> = log.lines().iter().map(|line| line.seq).collect();
        assert_eq!(seqs, [Some(1), Some(2), Some(3)]);
    }

    #[test]
    fn refused_sends_are_marked_failed() {
        let mut log = ChatLog::default();
        let id = Uuid::new_v4();
        log.add_pending(id, None, AuthorKind::Visitor, "x".repeat(6000));
        log.apply(&ServerFrame::Error {
            code: ErrorCode::BodyTooLong,
            message: String::new(),
            client_id: Some(id),
        });
        assert_eq!(
            log.lines()[0].delivery,
            Delivery::Failed(ErrorCode::BodyTooLong)
        );
        assert!(log.pending().is_empty());
    }

    #[test]
    fn conversations_list_newest_first_with_unread_counts() {
        let mut log = ChatLog::default();
        let (a, b) = (ConversationId::new(), ConversationId::new());
        let frames = [
            (1, a, AuthorKind::Visitor),
            (2, b, AuthorKind::Visitor),
            (3, b, AuthorKind::Visitor),
            (4, a, AuthorKind::Agent),
            (5, a, AuthorKind::Visitor),
        ];
        for (seq, conversation, author) in frames {
            log.apply(&ServerFrame::Event {
                event: Event::Message(message(seq, conversation, author, Uuid::new_v4(), "m")),
            });
        }
        let rows = log.conversations();
        assert_eq!(
            rows.iter()
                .map(|row| (row.id, row.unread))
                .collect::<Vec<_>>(),
            [(a, 1), (b, 2)]
        );
        log.apply(&ServerFrame::Event {
            event: Event::Read {
                seq: 6,
                conversation_id: b,
                by: AuthorKind::Agent,
                up_to: 3,
                at: Timestamp(6000),
            },
        });
        assert_eq!(log.conversations()[1].unread, 0);
    }
}
