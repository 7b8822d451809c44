//! What the chat window's header offers the signed-in agent for a conversation, what its
//! state line says, and why the composer may be locked. Pure: it asks
//! [`may`](crate::routing::conversation_access::may) with the newest placement.
use crate::models::{TeamId, UserId};
use crate::realtime::placement::{AgentAction, AgentPresence, ConversationPlacement};
use crate::routing::assignment::AgentStatus;
use crate::routing::conversation_access::{Action, Placement, Viewer, may};

/// A button of the chat window's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeaderAction {
    /// Take it from the queue.
    Pick,
    /// Take it over from its agent.
    Join,
    /// Open the transfer form.
    Transfer,
    /// Stop serving it.
    Leave,
    /// Mark it "processing".
    MarkProcessing,
    /// Pin it to the top of lists.
    Pin,
    /// Unpin it.
    Unpin,
    /// Close it.
    Close,
}

impl HeaderAction {
    /// The request this button sends at once (the transfer form sends its own). A join names
    /// who the agent saw serving it, so a colleague's simultaneous join makes it fail.
    pub fn request(self, placement: &ConversationPlacement) -> Option<AgentAction> {
        Some(match self {
            HeaderAction::Pick => AgentAction::Pick,
            HeaderAction::Join => AgentAction::Join {
                from: placement.assignee_id,
            },
            HeaderAction::Transfer => return None,
            HeaderAction::Leave => AgentAction::Leave,
            HeaderAction::MarkProcessing => AgentAction::Processing,
            HeaderAction::Pin => AgentAction::Pin { pinned: true },
            HeaderAction::Unpin => AgentAction::Pin { pinned: false },
            HeaderAction::Close => AgentAction::Close,
        })
    }
}

/// The access rules' view of a placement.
pub fn access_placement(placement: &ConversationPlacement) -> Placement {
    Placement {
        assignee: placement.assignee_id,
        team: placement.team_id,
        closed: placement.closed,
    }
}

/// The teams of `me`, from the roster (none until the roster has come).
pub fn teams_of(agents: &[AgentPresence], me: UserId) -> Vec<TeamId> {
    agents
        .iter()
        .find(|agent| agent.id == me)
        .map(|agent| agent.teams.clone())
        .unwrap_or_default()
}

/// The header's buttons for `viewer`, in display order.
pub fn header_actions(viewer: Viewer<'_>, placement: &ConversationPlacement) -> Vec<HeaderAction> {
    let access = access_placement(placement);
    let allowed = |action| may(viewer, access, action);
    let mut actions = Vec::new();
    if allowed(Action::Pick) {
        actions.push(HeaderAction::Pick);
    }
    if allowed(Action::Join) {
        actions.push(HeaderAction::Join);
    }
    if allowed(Action::Transfer) {
        actions.push(HeaderAction::Transfer);
    }
    if allowed(Action::Leave) {
        actions.push(HeaderAction::Leave);
    }
    if allowed(Action::MarkProcessing) && !placement.on_hold {
        actions.push(HeaderAction::MarkProcessing);
    }
    if allowed(Action::Pin) {
        actions.push(if placement.pinned {
            HeaderAction::Unpin
        } else {
            HeaderAction::Pin
        });
    }
    if allowed(Action::Close) {
        actions.push(HeaderAction::Close);
    }
    actions
}

/// The header's state line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateLine {
    /// Waiting for an agent.
    Queued,
    /// Served by this agent (their name; none when unknown).
    Serving(Option<String>),
    /// Marked "processing".
    OnHold,
    /// Closed.
    Closed,
}

/// The state line of a placement.
pub fn state_line(placement: &ConversationPlacement) -> StateLine {
    if placement.closed {
        StateLine::Closed
    } else if placement.assignee_id.is_none() {
        StateLine::Queued
    } else if placement.on_hold {
        StateLine::OnHold
    } else {
        StateLine::Serving(placement.assignee_name.clone())
    }
}

/// Why the reply box is locked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyLock {
    /// Queued: pick it first.
    PickFirst,
    /// Another agent serves it: join first.
    JoinFirst,
    /// Closed.
    Closed,
    /// Nothing this agent may do here.
    NotYours,
}

/// Whether `viewer` may write in the conversation, and if not, what would let them.
pub fn reply_lock(viewer: Viewer<'_>, placement: &ConversationPlacement) -> Option<ReplyLock> {
    let access = access_placement(placement);
    if may(viewer, access, Action::Reply) {
        None
    } else if placement.closed {
        Some(ReplyLock::Closed)
    } else if may(viewer, access, Action::Pick) {
        Some(ReplyLock::PickFirst)
    } else if may(viewer, access, Action::Join) {
        Some(ReplyLock::JoinFirst)
    } else {
        Some(ReplyLock::NotYours)
    }
}

/// Whom a conversation may be transferred to: the other agents who are online now.
pub fn transfer_targets(agents: &[AgentPresence], me: UserId) -> Vec<AgentPresence> {
    agents
        .iter()
        .filter(|agent| agent.id != me && agent.status == AgentStatus::Online)
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::Role;
    use crate::routing::agent_status::ChosenStatus;

    fn served_by(agent: UserId, team: TeamId) -> ConversationPlacement {
        ConversationPlacement {
            team_id: Some(team),
            assignee_id: Some(agent),
            assignee_name: Some("Ann".to_owned()),
            ..ConversationPlacement::default()
        }
    }

    #[test]
    fn the_header_offers_what_the_rules_allow() {
        let (me, other, team) = (UserId::new(), UserId::new(), TeamId::new());
        let teams = [team];
        let agent = Viewer {
            id: me,
            role: Role::Agent,
            teams: &teams,
        };
        let queued = ConversationPlacement {
            team_id: Some(team),
            ..ConversationPlacement::default()
        };
        assert_eq!(header_actions(agent, &queued), [HeaderAction::Pick]);
        assert_eq!(reply_lock(agent, &queued), Some(ReplyLock::PickFirst));
        assert_eq!(
            header_actions(agent, &served_by(other, team)),
            [HeaderAction::Join]
        );
        assert_eq!(
            reply_lock(agent, &served_by(other, team)),
            Some(ReplyLock::JoinFirst)
        );
        let mine = served_by(me, team);
        assert_eq!(
            header_actions(agent, &mine),
            [
                HeaderAction::Transfer,
                HeaderAction::Leave,
                HeaderAction::MarkProcessing,
                HeaderAction::Pin,
                HeaderAction::Close
            ]
        );
        assert_eq!(reply_lock(agent, &mine), None);
        let held_and_pinned = ConversationPlacement {
            on_hold: true,
            pinned: true,
            ..mine.clone()
        };
        assert_eq!(
            header_actions(agent, &held_and_pinned),
            [
                HeaderAction::Transfer,
                HeaderAction::Leave,
                HeaderAction::Unpin,
                HeaderAction::Close
            ]
        );
        let closed = ConversationPlacement {
            closed: true,
            ..mine
        };
        assert!(header_actions(agent, &closed).is_empty());
        assert_eq!(reply_lock(agent, &closed), Some(ReplyLock::Closed));
        let elsewhere = served_by(other, TeamId::new());
        assert!(header_actions(agent, &elsewhere).is_empty());
        assert_eq!(reply_lock(agent, &elsewhere), Some(ReplyLock::NotYours));
    }

    #[test]
    fn buttons_send_their_request() {
        let seen = ConversationPlacement {
            assignee_id: Some(UserId::new()),
            ..ConversationPlacement::default()
        };
        assert_eq!(HeaderAction::Pick.request(&seen), Some(AgentAction::Pick));
        assert_eq!(
            HeaderAction::Join.request(&seen),
            Some(AgentAction::Join {
                from: seen.assignee_id
            })
        );
        assert_eq!(
            HeaderAction::Unpin.request(&seen),
            Some(AgentAction::Pin { pinned: false })
        );
        assert_eq!(HeaderAction::Transfer.request(&seen), None);
    }

    #[test]
    fn the_state_line_follows_the_placement() {
        let (me, team) = (UserId::new(), TeamId::new());
        assert_eq!(
            state_line(&ConversationPlacement::default()),
            StateLine::Queued
        );
        assert_eq!(
            state_line(&served_by(me, team)),
            StateLine::Serving(Some("Ann".to_owned()))
        );
        let held = ConversationPlacement {
            on_hold: true,
            ..served_by(me, team)
        };
        assert_eq!(state_line(&held), StateLine::OnHold);
        let closed = ConversationPlacement {
            closed: true,
            ..held
        };
        assert_eq!(state_line(&closed), StateLine::Closed);
    }

    #[test]
    fn transfers_go_to_other_online_agents() {
        let me = UserId::new();
        let agent = |id, status| AgentPresence {
            id,
            name: "A".to_owned(),
            status,
            chosen: ChosenStatus::Online,
            open: 0,
            limit: 5,
            teams: vec![],
        };
        let (bo, cy) = (UserId::new(), UserId::new());
        let roster = [
            agent(me, AgentStatus::Online),
            agent(bo, AgentStatus::Online),
            agent(cy, AgentStatus::Away),
            agent(UserId::new(), AgentStatus::Offline),
        ];
        let ids: Vec<UserId> = transfer_targets(&roster, me)
            .iter()
            .map(|agent| agent.id)
            .collect();
        assert_eq!(ids, [bo]);
        let team = TeamId::new();
        let mut mine = agent(me, AgentStatus::Online);
        mine.teams = vec![team];
        assert_eq!(teams_of(&[mine], me), [team]);
        assert!(teams_of(&roster[1..], me).is_empty());
    }
}
