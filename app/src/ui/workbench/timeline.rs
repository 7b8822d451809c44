//! The chat window's timeline: messages and placement changes (queued, assigned,
//! transferred...) in one list, in sequence order, and what each change note says. Pure.
use crate::models::ConversationId;
use crate::realtime::chat_log::{ChatLog, Line};
use crate::realtime::placement::{Change, ConversationEvent};

/// One entry of the chat window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A message.
    Message(Line),
    /// A placement change, shown as a system note.
    Note(ConversationEvent),
}

impl Entry {
    /// A key that changes whenever the entry must be drawn again.
    pub fn key(&self) -> String {
        match self {
            Entry::Message(line) => format!(
                "m{}:{:?}:{}",
                line.client_id,
                line.seq,
                line.delivery.as_attribute()
            ),
            Entry::Note(change) => format!("n{}", change.seq),
        }
    }
}

/// The timeline of `conversation`: committed messages and notes by sequence number, then the
/// messages still on their way.
pub fn timeline(log: &ChatLog, conversation: ConversationId) -> Vec<Entry> {
    let mut dated: Vec<(i64, Entry)> = Vec::new();
    let mut pending = Vec::new();
    for line in log
        .lines()
        .iter()
        .filter(|line| line.conversation_id == Some(conversation))
    {
        match line.seq {
            Some(seq) => dated.push((seq, Entry::Message(line.clone()))),
            None => pending.push(Entry::Message(line.clone())),
        }
    }
    for change in log.changes_in(conversation) {
        dated.push((change.seq, Entry::Note(change)));
    }
    dated.sort_by_key(|(seq, _)| *seq);
    dated
        .into_iter()
        .map(|(_, entry)| entry)
        .chain(pending)
        .collect()
}

/// What a change note says, before translation. Names are the agents' display names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteText {
    /// "Queued"
    Queued,
    /// "Offered to the team"
    Offered,
    /// "Assigned to Bo"
    AssignedTo(String),
    /// "Ann picked this conversation"
    Picked(String),
    /// "Ann joined this conversation"
    Joined(String),
    /// "Ann transferred this conversation to Bo", with the internal comment when there is one.
    Transferred {
        /// Who handed it over.
        by: String,
        /// Who took it.
        to: String,
        /// Internal comment (agents only; may be empty).
        comment: Option<String>,
    },
    /// "Ann left this conversation"
    Left(String),
    /// "Closed by Ann" (none: "Closed")
    Closed(Option<String>),
    /// "Closed automatically"
    AutoClosed,
    /// "Reopened"
    Reopened,
    /// "Ann marked this conversation as processing"
    Processing(String),
    /// "No longer on hold"
    Resumed,
    /// "Pinned by Ann"
    Pinned(String),
    /// "Unpinned by Ann"
    Unpinned(String),
}

/// What the note for `change` says. Missing names (Parley's own routing, an agent since
/// renamed away) fall back to `someone`.
pub fn note_text(change: &ConversationEvent, someone: &str) -> NoteText {
    let by = || change.by_name.clone().unwrap_or_else(|| someone.to_owned());
    let assignee = || {
        change
            .placement
            .assignee_name
            .clone()
            .unwrap_or_else(|| someone.to_owned())
    };
    match change.change {
        Change::Queued => NoteText::Queued,
        Change::Offered => NoteText::Offered,
        Change::Assigned => NoteText::AssignedTo(assignee()),
        Change::Picked => NoteText::Picked(change.by_name.clone().unwrap_or_else(assignee)),
        Change::Joined => NoteText::Joined(change.by_name.clone().unwrap_or_else(assignee)),
        Change::Transferred => NoteText::Transferred {
            by: by(),
            to: assignee(),
            comment: change
                .comment
                .as_deref()
                .map(str::trim)
                .filter(|comment| !comment.is_empty())
                .map(str::to_owned),
        },
        Change::Left => NoteText::Left(by()),
        Change::Closed => NoteText::Closed(change.by_name.clone()),
        Change::AutoClosed => NoteText::AutoClosed,
        Change::Reopened => NoteText::Reopened,
        Change::Processing => NoteText::Processing(by()),
        Change::Resumed => NoteText::Resumed,
        Change::Pinned => NoteText::Pinned(by()),
        Change::Unpinned => NoteText::Unpinned(by()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{Timestamp, UserId};
    use crate::realtime::placement::ConversationPlacement;
    use crate::realtime::protocol::{AuthorKind, Content, Event, Message, ServerFrame};
    use uuid::Uuid;

    fn change(seq: i64, conversation: ConversationId, kind: Change) -> ConversationEvent {
        ConversationEvent {
            seq,
            conversation_id: conversation,
            change: kind,
            by_name: Some("Ann".to_owned()),
            comment: None,
            placement: ConversationPlacement {
                assignee_id: Some(UserId::new()),
                assignee_name: Some("Bo".to_owned()),
                ..ConversationPlacement::default()
            },
            at: Timestamp(seq),
        }
    }

    #[test]
    fn notes_sit_between_messages_by_sequence() {
        let mut log = ChatLog::default();
        let (c, other) = (ConversationId::new(), ConversationId::new());
        for (seq, conversation) in [(1, c), (4, c), (5, other)] {
            log.apply(&ServerFrame::Event {
                event: Event::Message(Message {
                    conversation_id: conversation,
                    seq,
                    client_id: Uuid::new_v4(),
                    author: AuthorKind::Visitor,
                    author_name: None,
                    body: format!("m{seq}"),
                    content: Content::Text,
                    at: Timestamp(seq),
                }),
            });
        }
        for event in [change(3, c, Change::Assigned), change(2, c, Change::Queued)] {
            log.apply(&ServerFrame::Event {
                event: Event::Conversation(event),
            });
        }
        log.add_pending(
            Uuid::new_v4(),
            Some(c),
            AuthorKind::Agent,
            "on its way".to_owned(),
            Content::Text,
        );
        let order: Vec<String> = timeline(&log, c)
            .iter()
            .map(|entry| match entry {
                Entry::Message(line) => line.body.clone(),
                Entry::Note(change) => format!("{:?}", change.change),
            })
            .collect();
        assert_eq!(order, ["m1", "Queued", "Assigned", "m4", "on its way"]);
    }

    #[test]
    fn notes_name_who_did_what() {
        let c = ConversationId::new();
        let mut transfer = change(1, c, Change::Transferred);
        transfer.comment = Some(" VIP customer ".to_owned());
        assert_eq!(
            note_text(&transfer, "Someone"),
            NoteText::Transferred {
                by: "Ann".to_owned(),
                to: "Bo".to_owned(),
                comment: Some("VIP customer".to_owned())
            }
        );
        transfer.comment = Some("  ".to_owned());
        assert!(matches!(
            note_text(&transfer, "Someone"),
            NoteText::Transferred { comment: None, .. }
        ));
        let mut routed = change(2, c, Change::Assigned);
        routed.by_name = None;
        assert_eq!(
            note_text(&routed, "Someone"),
            NoteText::AssignedTo("Bo".to_owned())
        );
        let mut closed = change(3, c, Change::Closed);
        assert_eq!(
            note_text(&closed, "Someone"),
            NoteText::Closed(Some("Ann".to_owned()))
        );
        closed.by_name = None;
        assert_eq!(note_text(&closed, "Someone"), NoteText::Closed(None));
        let mut left = change(4, c, Change::Left);
        left.by_name = None;
        assert_eq!(
            note_text(&left, "Someone"),
            NoteText::Left("Someone".to_owned())
        );
        assert_eq!(
            note_text(&change(5, c, Change::Reopened), "Someone"),
            NoteText::Reopened
        );
    }
}
