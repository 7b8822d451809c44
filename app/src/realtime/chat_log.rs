//! What a chat screen shows, folded from protocol frames: pure, so it is tested without a
//! browser. Pending sends become sent on `ack`; events are inserted once, by sequence.
use super::placement::{ConversationEvent, ConversationPlacement};
use super::protocol::{AuthorKind, Content, ErrorCode, Event, Message, ServerFrame};
use crate::models::{ConversationId, Timestamp};
use crate::routing::conversation_state::ConversationFacts;
use serde::{Deserialize, Serialize};
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

impl Delivery {
    /// The state as an HTML attribute value (for styles and tests).
    pub fn as_attribute(&self) -> &'static str {
        match self {
            Delivery::Pending => "pending",
            Delivery::Sent => "sent",
            Delivery::Failed(_) => "failed",
        }
    }
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
    /// The text (a caption or comment for files and reviews).
    pub body: String,
    /// What it carries besides text.
    pub content: Content,
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
            content: message.content.clone(),
            at: Some(message.at),
            delivery: Delivery::Sent,
        }
    }
}

/// A conversation as a list row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// When the oldest visitor message no agent has answered yet was written.
    pub oldest_unanswered_at: Option<Timestamp>,
    /// When an agent last wrote.
    pub last_agent_reply_at: Option<Timestamp>,
    /// Where it stands (team, serving agent, queued, closed...), from its newest event.
    pub placement: ConversationPlacement,
}

impl ConversationRow {
    /// What the routing core derives the conversation's state and waiting flag from.
    pub fn facts(&self) -> ConversationFacts {
        ConversationFacts {
            closed: self.placement.closed,
            assignee: self.placement.assignee_id,
            on_hold: self.placement.on_hold,
            oldest_unanswered_at: self.oldest_unanswered_at,
        }
    }
}

/// A send kept in the browser's storage until it is acknowledged, so a reload loses nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// The idempotency key it is resent with.
    pub client_id: Uuid,
    /// Where it goes (none: the visitor's current conversation).
    pub conversation_id: Option<ConversationId>,
    /// The text.
    pub body: String,
    /// What it carries besides text.
    #[serde(default, skip_serializing_if = "Content::is_text")]
    pub content: Content,
}

/// A visitor's place in the queue (frame `queue`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueuePlace {
    /// The waiting conversation.
    pub conversation_id: ConversationId,
    /// 1 is next.
    pub position: u32,
    /// A rough wait, in minutes.
    pub wait_minutes: Option<u32>,
}

/// All lines a screen knows, in sequence order (pending ones last).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatLog {
    lines: Vec<Line>,
    /// Per conversation and reader: the newest message sequence number they have seen.
    read_up_to: Vec<(ConversationId, AuthorKind, i64)>,
    /// Placement changes (agents only), in sequence order.
    changes: Vec<ConversationEvent>,
    /// The visitor's place in the queue (visitors only; kept here, not in a signal of its
    /// own, because every new signal type costs the widget's bundle).
    queue: Option<QueuePlace>,
    /// The visitor was blacklisted (an `error` frame `blocked`).
    blocked: bool,
}

impl ChatLog {
    /// Whether the server refused this visitor (blacklisted).
    pub fn blocked(&self) -> bool {
        self.blocked
    }

    /// Adds a line the user just wrote.
    pub fn add_pending(
        &mut self,
        client_id: Uuid,
        conversation_id: Option<ConversationId>,
        author: AuthorKind,
        body: String,
        content: Content,
    ) {
        self.lines.push(Line {
            client_id,
            seq: None,
            conversation_id,
            author,
            author_name: None,
            body,
            content,
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
                        by,
                        up_to,
                        ..
                    },
            } => {
                let newest = self.read_by(*conversation_id, *by).max(*up_to);
                self.read_up_to
                    .retain(|(id, reader, _)| !(id == conversation_id && reader == by));
                self.read_up_to.push((*conversation_id, *by, newest));
                false
            }
            ServerFrame::Event {
                event: Event::Conversation(change),
            } => {
                if !self.changes.iter().any(|known| known.seq == change.seq) {
                    let at = self.changes.partition_point(|known| known.seq < change.seq);
                    self.changes.insert(at, change.clone());
                }
                false
            }
            ServerFrame::Queue {
                conversation_id,
                position,
                wait_minutes,
            } => {
                self.queue = position.map(|position| QueuePlace {
                    conversation_id: *conversation_id,
                    position,
                    wait_minutes: *wait_minutes,
                });
                false
            }
            ServerFrame::Error {
                code: ErrorCode::Blocked,
                client_id: None,
                ..
            } => {
                self.blocked = true;
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
        let is_new = pending.is_none();
        if let Some(index) = pending {
            self.lines.remove(index);
        }
        // Committed lines in sequence order, pending ones after them.
        let at = self
            .lines
            .partition_point(|line| line.seq.is_some_and(|seq| seq < message.seq));
        self.lines.insert(at, Line::from_message(message));
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

    /// The newest message sequence number `reader` has seen in `conversation` (0: none).
    pub fn read_by(&self, conversation: ConversationId, reader: AuthorKind) -> i64 {
        self.read_up_to
            .iter()
            .find(|(id, by, _)| *id == conversation && *by == reader)
            .map_or(0, |(_, _, up_to)| *up_to)
    }

    /// The newest committed message `author` wrote in `conversation` that the other side
    /// receives (internal notes never reach the visitor).
    fn newest_by(&self, conversation: ConversationId, author: AuthorKind) -> Option<i64> {
        self.lines
            .iter()
            .filter(|line| {
                line.conversation_id == Some(conversation)
                    && line.author == author
                    && !line.content.is_note()
            })
            .filter_map(|line| line.seq)
            .max()
    }

    /// Whether the other side has read `author`'s newest committed message in `conversation`
    /// (the "Seen" under one's own last message).
    pub fn seen_by_other_side(&self, conversation: ConversationId, author: AuthorKind) -> bool {
        let reader = match author {
            AuthorKind::Visitor => AuthorKind::Agent,
            _ => AuthorKind::Visitor,
        };
        self.newest_by(conversation, author)
            .is_some_and(|newest| newest <= self.read_by(conversation, reader))
    }

    /// Whether to show "Seen" under `author`'s side of `conversation`: their message is the
    /// conversation's newest line and the other side has read it.
    pub fn seen_note(&self, conversation: ConversationId, author: AuthorKind) -> bool {
        let last_is_mine = self
            .lines
            .iter()
            .rev()
            .find(|line| line.conversation_id == Some(conversation) && !line.content.is_note())
            .is_some_and(|line| line.author == author);
        last_is_mine && self.seen_by_other_side(conversation, author)
    }

    /// The read receipt `reader` should send for `conversation`: the newest message from the
    /// other side, when it is newer than what `reader` already reported.
    pub fn receipt_due(&self, conversation: ConversationId, reader: AuthorKind) -> Option<i64> {
        let other = match reader {
            AuthorKind::Visitor => AuthorKind::Agent,
            _ => AuthorKind::Visitor,
        };
        self.newest_by(conversation, other)
            .filter(|newest| *newest > self.read_by(conversation, reader))
    }

    /// Puts a failed line back in the outbox (the user asked to retry it). False when there
    /// is no such failed line.
    pub fn retry(&mut self, client_id: Uuid) -> bool {
        match self.lines.iter_mut().find(|line| {
            line.client_id == client_id && matches!(line.delivery, Delivery::Failed(_))
        }) {
            Some(line) => {
                line.delivery = Delivery::Pending;
                true
            }
            None => false,
        }
    }

    /// The pending lines as storable outbox entries.
    pub fn outbox(&self) -> Vec<OutboxEntry> {
        self.lines
            .iter()
            .filter(|line| line.delivery == Delivery::Pending)
            .map(|line| OutboxEntry {
                client_id: line.client_id,
                conversation_id: line.conversation_id,
                body: line.body.clone(),
                content: line.content.clone(),
            })
            .collect()
    }

    /// Whether the visitor has a rating to give in `conversation`: an agent invited one and
    /// no rating (sent or on its way) came after the invitation.
    pub fn review_due(&self, conversation: ConversationId) -> bool {
        self.lines
            .iter()
            .filter(|line| line.conversation_id == Some(conversation))
            .fold(false, |due, line| match line.content {
                Content::ReviewInvite => true,
                Content::Review { .. } => false,
                _ => due,
            })
    }

    /// The newest conversation known (a visitor's current one).
    pub fn latest_conversation(&self) -> Option<ConversationId> {
        self.lines
            .iter()
            .rev()
            .find_map(|line| line.conversation_id)
    }

    /// Placement changes of one conversation, oldest first (shown as notes among messages).
    pub fn changes_in(&self, conversation: ConversationId) -> Vec<ConversationEvent> {
        self.changes
            .iter()
            .filter(|change| change.conversation_id == conversation)
            .cloned()
            .collect()
    }

    /// The visitor's place in the queue while they wait for an agent (none: served, or not
    /// waiting).
    pub fn queue_place(&self) -> Option<QueuePlace> {
        self.queue
    }

    /// Whether the placement change with this sequence number is already known (a replayed
    /// or repeated event is not news).
    pub fn has_change(&self, seq: i64) -> bool {
        self.changes.iter().any(|known| known.seq == seq)
    }

    /// Where a conversation stands now (default: nothing known yet).
    pub fn placement(&self, conversation: ConversationId) -> ConversationPlacement {
        self.changes
            .iter()
            .rev()
            .find(|change| change.conversation_id == conversation)
            .map(|change| change.placement.clone())
            .unwrap_or_default()
    }

    /// Conversations, pinned first, then newest activity first.
    pub fn conversations(&self) -> Vec<ConversationRow> {
        let mut rows: Vec<ConversationRow> = Vec::new();
        // Notes, review prompts and ratings are not part of the exchange: they move no
        // counts, no waiting times and no previews.
        for line in self
            .lines
            .iter()
            .filter(|line| line.seq.is_some() && line.content.is_conversation())
        {
            let (Some(id), Some(at)) = (line.conversation_id, line.at) else {
                continue;
            };
            let read_up_to = self.read_by(id, AuthorKind::Agent);
            let row = match rows.iter_mut().position(|row| row.id == id) {
                Some(index) => &mut rows[index],
                None => {
                    rows.push(ConversationRow {
                        id,
                        last_body: String::new(),
                        last_author: line.author,
                        last_at: at,
                        unread: 0,
                        oldest_unanswered_at: None,
                        last_agent_reply_at: None,
                        placement: ConversationPlacement::default(),
                    });
                    let last = rows.len() - 1;
                    &mut rows[last]
                }
            };
            row.last_body.clone_from(&line.body);
            row.last_author = line.author;
            row.last_at = at;
            match line.author {
                AuthorKind::Visitor => {
                    if line.seq.unwrap_or(0) > read_up_to {
                        row.unread += 1;
                    }
                    row.oldest_unanswered_at.get_or_insert(at);
                }
                AuthorKind::Agent => {
                    row.unread = 0;
                    row.oldest_unanswered_at = None;
                    row.last_agent_reply_at = Some(at);
                }
                AuthorKind::System => {}
            }
        }
        for row in &mut rows {
            row.placement = self.placement(row.id);
        }
        rows.sort_by_key(|row| {
            (
                std::cmp::Reverse(row.placement.pinned),
                std::cmp::Reverse(row.last_at),
            )
        });
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::UserId;
    use crate::realtime::placement::Change;

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
            content: Content::Text,
            at: Timestamp(seq * 1000),
        }
    }

    #[test]
    fn a_review_is_due_after_an_invitation_until_the_visitor_rates() {
        let mut log = ChatLog::default();
        let c = ConversationId::new();
        let mut invite = message(2, c, AuthorKind::Agent, Uuid::new_v4(), "");
        invite.content = Content::ReviewInvite;
        log.apply(&ServerFrame::Event {
            event: Event::Message(message(1, c, AuthorKind::Visitor, Uuid::new_v4(), "hi")),
        });
        assert!(!log.review_due(c));
        log.apply(&ServerFrame::Event {
            event: Event::Message(invite.clone()),
        });
        assert!(log.review_due(c));
        assert!(!log.review_due(ConversationId::new()));
        let rating_id = Uuid::new_v4();
        log.add_pending(
            rating_id,
            Some(c),
            AuthorKind::Visitor,
            "great".to_owned(),
            Content::Review { stars: 5 },
        );
        assert!(!log.review_due(c), "a rating on its way answers it");
        let mut rating = message(3, c, AuthorKind::Visitor, rating_id, "great");
        rating.content = Content::Review { stars: 5 };
        log.apply(&ServerFrame::Event {
            event: Event::Message(rating),
        });
        assert!(!log.review_due(c));
        invite.seq = 9;
        log.apply(&ServerFrame::Event {
            event: Event::Message(invite),
        });
        assert!(log.review_due(c), "a new invitation asks again");
    }

    #[test]
    fn notes_move_no_counts_and_are_never_seen_by_the_visitor() {
        let mut log = ChatLog::default();
        let c = ConversationId::new();
        log.apply(&ServerFrame::Event {
            event: Event::Message(message(1, c, AuthorKind::Visitor, Uuid::new_v4(), "help")),
        });
        let mut note = message(2, c, AuthorKind::Agent, Uuid::new_v4(), "VIP");
        note.content = Content::Note;
        log.apply(&ServerFrame::Event {
            event: Event::Message(note),
        });
        let row = &log.conversations()[0];
        assert_eq!(row.unread, 1, "a note does not answer the visitor");
        assert_eq!(row.last_body, "help");
        assert!(row.oldest_unanswered_at.is_some());
        log.apply(&ServerFrame::Event {
            event: Event::Read {
                seq: 3,
                conversation_id: c,
                by: AuthorKind::Visitor,
                up_to: 2,
                at: Timestamp(3),
            },
        });
        assert!(
            !log.seen_note(c, AuthorKind::Agent),
            "no 'seen by visitor' for a note"
        );
    }

    #[test]
    fn a_pending_line_becomes_sent_on_ack_and_is_not_doubled_by_an_echo() {
        let mut log = ChatLog::default();
        let conversation = ConversationId::new();
        let id = Uuid::new_v4();
        log.add_pending(
            id,
            None,
            AuthorKind::Visitor,
            "hi".to_owned(),
            Content::Text,
        );
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
        log.add_pending(
            id,
            None,
            AuthorKind::Visitor,
            "x".repeat(6000),
            Content::Text,
        );
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

    fn read(seq: i64, conversation: ConversationId, by: AuthorKind, up_to: i64) -> ServerFrame {
        ServerFrame::Event {
            event: Event::Read {
                seq,
                conversation_id: conversation,
                by,
                up_to,
                at: Timestamp(seq * 1000),
            },
        }
    }

    #[test]
    fn seen_and_receipts_work_for_both_sides() {
        let mut log = ChatLog::default();
        let c = ConversationId::new();
        for (seq, author) in [(1, AuthorKind::Visitor), (2, AuthorKind::Agent)] {
            log.apply(&ServerFrame::Event {
                event: Event::Message(message(seq, c, author, Uuid::new_v4(), "m")),
            });
        }
        // Nobody has reported reading anything yet.
        assert!(!log.seen_by_other_side(c, AuthorKind::Visitor));
        assert!(!log.seen_by_other_side(c, AuthorKind::Agent));
        assert_eq!(log.receipt_due(c, AuthorKind::Visitor), Some(2));
        assert_eq!(log.receipt_due(c, AuthorKind::Agent), Some(1));

        log.apply(&read(3, c, AuthorKind::Visitor, 2));
        assert!(log.seen_by_other_side(c, AuthorKind::Agent));
        assert_eq!(log.receipt_due(c, AuthorKind::Visitor), None);
        // An older receipt arriving late does not move the mark back.
        log.apply(&read(4, c, AuthorKind::Visitor, 1));
        assert_eq!(log.read_by(c, AuthorKind::Visitor), 2);

        // The visitor's message is read, but the agent's reply came after it: no note for them.
        log.apply(&read(5, c, AuthorKind::Agent, 1));
        assert!(log.seen_by_other_side(c, AuthorKind::Visitor));
        assert!(!log.seen_note(c, AuthorKind::Visitor));
        assert!(log.seen_note(c, AuthorKind::Agent));
        // A newer agent message is not seen until the visitor says so.
        log.apply(&ServerFrame::Event {
            event: Event::Message(message(6, c, AuthorKind::Agent, Uuid::new_v4(), "m")),
        });
        assert!(!log.seen_by_other_side(c, AuthorKind::Agent));
        assert_eq!(log.receipt_due(c, AuthorKind::Visitor), Some(6));
    }

    #[test]
    fn failed_lines_can_be_retried_and_the_outbox_lists_pending_ones() {
        let mut log = ChatLog::default();
        let (failed, waiting) = (Uuid::new_v4(), Uuid::new_v4());
        log.add_pending(
            failed,
            None,
            AuthorKind::Visitor,
            "one".to_owned(),
            Content::Text,
        );
        log.add_pending(
            waiting,
            None,
            AuthorKind::Visitor,
            "two".to_owned(),
            Content::Text,
        );
        log.apply(&ServerFrame::Error {
            code: ErrorCode::Internal,
            message: String::new(),
            client_id: Some(failed),
        });
        let ids = |log: &ChatLog| {
            log.outbox()
                .iter()
                .map(|entry| entry.client_id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&log), [waiting]);
        assert!(log.retry(failed));
        assert_eq!(ids(&log), [failed, waiting]);
        // Only failed lines are retried.
        assert!(!log.retry(waiting));
        assert!(!log.retry(Uuid::new_v4()));
        assert_eq!(log.outbox()[0].body, "one");
    }

    fn placement_event(
        seq: i64,
        conversation: ConversationId,
        change: Change,
        placement: ConversationPlacement,
    ) -> ServerFrame {
        ServerFrame::Event {
            event: Event::Conversation(ConversationEvent {
                seq,
                conversation_id: conversation,
                change,
                by_name: None,
                comment: None,
                placement,
                at: Timestamp(seq * 1000),
            }),
        }
    }

    #[test]
    fn placement_changes_are_kept_in_order_and_the_newest_wins() {
        let mut log = ChatLog::default();
        let (a, b) = (ConversationId::new(), ConversationId::new());
        let bo = UserId::new();
        let queued = ConversationPlacement {
            queued_at: Some(Timestamp(1000)),
            ..ConversationPlacement::default()
        };
        let served = ConversationPlacement {
            assignee_id: Some(bo),
            assignee_name: Some("Bo".to_owned()),
            ..ConversationPlacement::default()
        };
        // Out of order and repeated, as a replay after a reconnect may deliver them.
        assert!(!log.apply(&placement_event(3, a, Change::Assigned, served.clone())));
        assert!(!log.apply(&placement_event(1, a, Change::Queued, queued.clone())));
        log.apply(&placement_event(2, b, Change::Queued, queued.clone()));
        log.apply(&placement_event(3, a, Change::Assigned, served.clone()));
        let seqs: Vec<i64> = log.changes_in(a).iter().map(|change| change.seq).collect();
        assert_eq!(seqs, [1, 3]);
        assert_eq!(log.placement(a), served);
        assert_eq!(log.placement(b), queued);
        assert_eq!(
            log.placement(ConversationId::new()),
            ConversationPlacement::default()
        );
        assert!(log.has_change(2) && !log.has_change(4));
    }

    #[test]
    fn rows_know_who_waits_since_when_and_the_last_reply() {
        let mut log = ChatLog::default();
        let c = ConversationId::new();
        let say = |log: &mut ChatLog, seq: i64, author: AuthorKind| {
            log.apply(&ServerFrame::Event {
                event: Event::Message(message(seq, c, author, Uuid::new_v4(), "m")),
            });
        };
        say(&mut log, 1, AuthorKind::Visitor);
        say(&mut log, 2, AuthorKind::Visitor);
        let row = &log.conversations()[0];
        assert_eq!(row.oldest_unanswered_at, Some(Timestamp(1000)));
        assert_eq!(row.last_agent_reply_at, None);
        say(&mut log, 3, AuthorKind::Agent);
        let row = &log.conversations()[0];
        assert_eq!(row.oldest_unanswered_at, None);
        assert_eq!(row.last_agent_reply_at, Some(Timestamp(3000)));
        // System messages change neither.
        say(&mut log, 4, AuthorKind::System);
        say(&mut log, 5, AuthorKind::Visitor);
        let row = &log.conversations()[0];
        assert_eq!(row.oldest_unanswered_at, Some(Timestamp(5000)));
        assert_eq!(row.last_agent_reply_at, Some(Timestamp(3000)));
        assert_eq!(row.placement, ConversationPlacement::default());
        let closed = ConversationPlacement {
            closed: true,
            ..ConversationPlacement::default()
        };
        log.apply(&placement_event(6, c, Change::Closed, closed.clone()));
        assert_eq!(log.conversations()[0].placement, closed);
    }

    #[test]
    fn pinned_conversations_come_first() {
        let mut log = ChatLog::default();
        let (old, new) = (ConversationId::new(), ConversationId::new());
        for (seq, conversation) in [(1, old), (2, new)] {
            log.apply(&ServerFrame::Event {
                event: Event::Message(message(
                    seq,
                    conversation,
                    AuthorKind::Visitor,
                    Uuid::new_v4(),
                    "m",
                )),
            });
        }
        let order = |log: &ChatLog| {
            log.conversations()
                .iter()
                .map(|row| row.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(order(&log), [new, old]);
        let pinned = ConversationPlacement {
            pinned: true,
            ..ConversationPlacement::default()
        };
        log.apply(&placement_event(3, old, Change::Pinned, pinned));
        assert_eq!(order(&log), [old, new]);
        log.apply(&placement_event(
            4,
            old,
            Change::Unpinned,
            ConversationPlacement::default(),
        ));
        assert_eq!(order(&log), [new, old]);
    }

    #[test]
    fn the_queue_place_is_the_newest_one_and_ends_when_served() {
        let mut log = ChatLog::default();
        let c = ConversationId::new();
        assert_eq!(log.queue_place(), None);
        let queue = |position, wait_minutes| ServerFrame::Queue {
            conversation_id: c,
            position,
            wait_minutes,
        };
        log.apply(&queue(Some(3), Some(6)));
        log.apply(&queue(Some(2), Some(4)));
        assert_eq!(
            log.queue_place(),
            Some(QueuePlace {
                conversation_id: c,
                position: 2,
                wait_minutes: Some(4)
            })
        );
        log.apply(&queue(None, None));
        assert_eq!(log.queue_place(), None);
    }
}
