//! Where a conversation stands, derived from facts: queued, pending reply, replied, on hold or
//! closed, and how long the visitor has been waiting (soon / overdue).
use crate::models::{Timestamp, UserId};

/// A conversation's place in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConversationState {
    /// Open, nobody serving it yet.
    Queued,
    /// Served; the visitor spoke last.
    PendingReply,
    /// Served; an agent spoke last (or nobody has yet).
    Replied,
    /// Marked "processing" by the agent.
    OnHold,
    /// Closed (kept; a visitor message reopens it).
    Closed,
}

/// What the derivation needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConversationFacts {
    /// Closed by an agent or by the auto-close timer.
    pub closed: bool,
    /// The serving agent.
    pub assignee: Option<UserId>,
    /// The agent marked it "processing".
    pub on_hold: bool,
    /// When the oldest visitor message no agent has answered yet was written.
    pub oldest_unanswered_at: Option<Timestamp>,
}

/// The state shown in lists and counted in views.
pub fn state(facts: &ConversationFacts) -> ConversationState {
    if facts.closed {
        ConversationState::Closed
    } else if facts.assignee.is_none() {
        ConversationState::Queued
    } else if facts.on_hold {
        ConversationState::OnHold
    } else if facts.oldest_unanswered_at.is_some() {
        ConversationState::PendingReply
    } else {
        ConversationState::Replied
    }
}

/// How long a visitor may wait before the conversation is flagged (from settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitThresholds {
    /// Waiting longer than this many seconds: "soon".
    pub soon_secs: i64,
    /// Waiting longer than this many seconds: "overdue".
    pub overdue_secs: i64,
}

impl Default for WaitThresholds {
    /// 3 and 5 minutes.
    fn default() -> Self {
        Self {
            soon_secs: 180,
            overdue_secs: 300,
        }
    }
}

/// The waiting flag of a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WaitFlag {
    /// Nobody is waiting, or not for long.
    OnTime,
    /// Waiting longer than the "soon" threshold.
    Soon,
    /// Waiting longer than the "overdue" threshold.
    Overdue,
}

/// The flag of an open conversation at `now`, from its oldest unanswered visitor message.
/// Closed and on-hold conversations are never flagged.
pub fn wait_flag(
    facts: &ConversationFacts,
    now: Timestamp,
    thresholds: WaitThresholds,
) -> WaitFlag {
    let Some(since) = facts.oldest_unanswered_at else {
        return WaitFlag::OnTime;
    };
    if facts.closed || facts.on_hold {
        return WaitFlag::OnTime;
    }
    let waited_secs = now.millis_since(since) / 1000;
    if waited_secs > thresholds.overdue_secs {
        WaitFlag::Overdue
    } else if waited_secs > thresholds.soon_secs {
        WaitFlag::Soon
    } else {
        WaitFlag::OnTime
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(assignee: bool, on_hold: bool, unanswered: Option<i64>) -> ConversationFacts {
        ConversationFacts {
            closed: false,
            assignee: assignee.then(UserId::new),
            on_hold,
            oldest_unanswered_at: unanswered.map(Timestamp),
        }
    }

    #[test]
    fn states_follow_the_lifecycle() {
        assert_eq!(
            state(&facts(false, false, Some(1))),
            ConversationState::Queued
        );
        assert_eq!(
            state(&facts(true, false, Some(1))),
            ConversationState::PendingReply
        );
        assert_eq!(state(&facts(true, false, None)), ConversationState::Replied);
        assert_eq!(
            state(&facts(true, true, Some(1))),
            ConversationState::OnHold
        );
        let closed = ConversationFacts {
            closed: true,
            ..facts(true, false, Some(1))
        };
        assert_eq!(state(&closed), ConversationState::Closed);
    }

    #[test]
    fn waiting_flags_turn_on_after_their_thresholds() {
        let limits = WaitThresholds::default();
        let waiting = facts(true, false, Some(0));
        let at = |secs: i64| Timestamp(secs * 1000);
        assert_eq!(wait_flag(&waiting, at(180), limits), WaitFlag::OnTime);
        assert_eq!(wait_flag(&waiting, at(181), limits), WaitFlag::Soon);
        assert_eq!(wait_flag(&waiting, at(300), limits), WaitFlag::Soon);
        assert_eq!(wait_flag(&waiting, at(301), limits), WaitFlag::Overdue);
        // Queued conversations wait too.
        assert_eq!(
            wait_flag(&facts(false, false, Some(0)), at(400), limits),
            WaitFlag::Overdue
        );
        assert_eq!(
            wait_flag(&facts(true, true, Some(0)), at(400), limits),
            WaitFlag::OnTime
        );
        assert_eq!(
            wait_flag(&facts(true, false, None), at(400), limits),
            WaitFlag::OnTime
        );
    }
}
