//! What a socket gets between `welcome` and live frames, decided from its `hello` alone:
//! a replay of what it missed, nothing (an agent's first connection on protocol 2), or a
//! `resync` when the gap is too large to send event by event. Pure, so the window's edges
//! are tested without a socket.
use app::models::{ConversationId, Timestamp};
use app::realtime::protocol::{Event, RESUME_MAX_AGE_MS, RESUME_MAX_EVENTS};
use std::collections::HashSet;

/// How a socket starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// Replay every visible event after the resume point (visitors, protocol-1 agents, and
    /// protocol-2 agents a short while away: filtered by [`Follows::replays`]).
    Replay,
    /// Nothing to replay: live from the newest sequence number (`replayed` with it).
    Fresh,
    /// Too far behind: `resync` with the newest sequence number; the client refetches.
    Resync,
}

/// What a protocol-2 agent socket follows in detail, and what that means for the frames it
/// gets. Protocol-1 agents and visitors follow everything.
#[derive(Debug, Clone, Default)]
pub struct Follows {
    /// Agents on protocol 2: details only for `open`.
    pub scoped: bool,
    /// The conversations followed in detail.
    pub open: HashSet<ConversationId>,
}

impl Follows {
    /// Whether this socket receives the details (messages, reads, typing) of `conversation`.
    pub fn details_of(&self, conversation: ConversationId) -> bool {
        !self.scoped || self.open.contains(&conversation)
    }

    /// Whether a missed event is replayed: placement changes always (they move rows and
    /// views), details only of followed conversations (the list is refetched instead).
    pub fn replays(&self, event: &Event) -> bool {
        matches!(event, Event::Conversation(_)) || self.details_of(event.conversation_id())
    }
}

/// How a socket that said `hello` with `last_seq` starts, given the project's newest
/// sequence number `head` and when the first event after `last_seq` was written.
pub fn start(
    scoped: bool,
    last_seq: i64,
    head: i64,
    first_missed_at: Option<Timestamp>,
    now: Timestamp,
) -> Start {
    if !scoped {
        return Start::Replay;
    }
    if last_seq <= 0 || last_seq >= head {
        return Start::Fresh;
    }
    let too_many = head - last_seq > RESUME_MAX_EVENTS;
    let too_old = first_missed_at.is_some_and(|at| now.0 - at.0 > RESUME_MAX_AGE_MS);
    if too_many || too_old {
        Start::Resync
    } else {
        Start::Replay
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = Timestamp(100_000_000);

    fn ago(ms: i64) -> Option<Timestamp> {
        Some(Timestamp(NOW.0 - ms))
    }

    #[test]
    fn visitors_and_old_agents_always_replay() {
        assert_eq!(start(false, 0, 50_000, ago(0), NOW), Start::Replay);
        assert_eq!(
            start(false, 1, 50_000, ago(RESUME_MAX_AGE_MS * 10), NOW),
            Start::Replay
        );
    }

    #[test]
    fn an_agents_first_connection_replays_nothing() {
        assert_eq!(start(true, 0, 50_000, ago(1_000), NOW), Start::Fresh);
        // A client ahead of (or at) the head has missed nothing.
        assert_eq!(start(true, 60, 60, None, NOW), Start::Fresh);
        assert_eq!(start(true, 70, 60, None, NOW), Start::Fresh);
    }

    #[test]
    fn a_short_absence_replays_and_a_long_one_resyncs() {
        let head = 20_000;
        assert_eq!(
            start(true, head - RESUME_MAX_EVENTS, head, ago(60_000), NOW),
            Start::Replay
        );
        assert_eq!(
            start(true, head - RESUME_MAX_EVENTS - 1, head, ago(60_000), NOW),
            Start::Resync
        );
        assert_eq!(
            start(true, head - 5, head, ago(RESUME_MAX_AGE_MS), NOW),
            Start::Replay
        );
        assert_eq!(
            start(true, head - 5, head, ago(RESUME_MAX_AGE_MS + 1), NOW),
            Start::Resync
        );
    }

    #[test]
    fn scoped_sockets_get_details_only_of_what_they_follow() {
        let (open, other) = (ConversationId::new(), ConversationId::new());
        let scoped = Follows {
            scoped: true,
            open: HashSet::from([open]),
        };
        assert!(scoped.details_of(open));
        assert!(!scoped.details_of(other));
        assert!(Follows::default().details_of(other));
    }
}
