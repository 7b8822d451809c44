//! Which live placement changes deserve a sound and a desktop notification: a conversation
//! assigned or transferred to me, offered to a team of mine while I am online, or newly
//! queued where I can see it. Pure; the browser side is in `notify.rs`.
use crate::realtime::placement::{Change, ConversationEvent};
use crate::routing::assignment::AgentStatus;
use crate::routing::conversation_access::{Action, Viewer, may};

/// Why the agent is alerted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Alert {
    /// Routing gave me a conversation.
    AssignedToMe,
    /// A colleague handed me a conversation (their name, when known).
    TransferredToMe(Option<String>),
    /// A `grab` team of mine is offered a conversation: the first to pick it wins.
    Offered,
    /// A conversation waits in the queue.
    Queued,
}

/// The alert for a live `change`, if any. `status` is my status from the roster (none
/// until the roster has come).
pub fn alert_for(
    change: &ConversationEvent,
    viewer: Viewer<'_>,
    status: Option<AgentStatus>,
) -> Option<Alert> {
    let placement = &change.placement;
    let to_me = placement.assignee_id == Some(viewer.id) && !placement.closed;
    let visible = may(
        viewer,
        super::actions::access_placement(placement),
        Action::See,
    );
    match change.change {
        Change::Assigned if to_me => Some(Alert::AssignedToMe),
        Change::Transferred if to_me => Some(Alert::TransferredToMe(change.by_name.clone())),
        Change::Offered
            if placement.assignee_id.is_none()
                && status == Some(AgentStatus::Online)
                && placement
                    .team_id
                    .is_none_or(|team| viewer.teams.contains(&team)) =>
        {
            Some(Alert::Offered)
        }
        Change::Queued if visible && placement.assignee_id.is_none() && !placement.closed => {
            Some(Alert::Queued)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{ConversationId, Role, TeamId, Timestamp, UserId};
    use crate::realtime::placement::ConversationPlacement;

    fn event(change: Change, placement: ConversationPlacement) -> ConversationEvent {
        ConversationEvent {
            seq: 1,
            conversation_id: ConversationId::new(),
            change,
            by_name: Some("Ann".to_owned()),
            comment: Some("VIP".to_owned()),
            placement,
            at: Timestamp(0),
        }
    }

    #[test]
    fn alerts_for_what_is_mine_offered_to_me_or_waiting() {
        let (me, other) = (UserId::new(), UserId::new());
        let (team, elsewhere) = (TeamId::new(), TeamId::new());
        let teams = [team];
        let viewer = Viewer {
            id: me,
            role: Role::Agent,
            teams: &teams,
        };
        let online = Some(AgentStatus::Online);
        let served = |agent| ConversationPlacement {
            team_id: Some(team),
            assignee_id: Some(agent),
            ..ConversationPlacement::default()
        };
        let waiting = |team| ConversationPlacement {
            team_id: Some(team),
            queued_at: Some(Timestamp(0)),
            grab: true,
            ..ConversationPlacement::default()
        };
        assert_eq!(
            alert_for(&event(Change::Assigned, served(me)), viewer, online),
            Some(Alert::AssignedToMe)
        );
        assert_eq!(
            alert_for(&event(Change::Assigned, served(other)), viewer, online),
            None
        );
        assert_eq!(
            alert_for(&event(Change::Transferred, served(me)), viewer, online),
            Some(Alert::TransferredToMe(Some("Ann".to_owned())))
        );
        assert_eq!(
            alert_for(&event(Change::Transferred, served(other)), viewer, online),
            None
        );
        // My own doings are no news.
        for change in [
            Change::Picked,
            Change::Joined,
            Change::Pinned,
            Change::Processing,
        ] {
            assert_eq!(alert_for(&event(change, served(me)), viewer, online), None);
        }
        assert_eq!(
            alert_for(&event(Change::Offered, waiting(team)), viewer, online),
            Some(Alert::Offered)
        );
        assert_eq!(
            alert_for(
                &event(Change::Offered, waiting(team)),
                viewer,
                Some(AgentStatus::Away)
            ),
            None
        );
        assert_eq!(
            alert_for(&event(Change::Offered, waiting(elsewhere)), viewer, online),
            None
        );
        assert_eq!(
            alert_for(&event(Change::Queued, waiting(team)), viewer, None),
            Some(Alert::Queued)
        );
        // Another team's queue is not mine to see.
        assert_eq!(
            alert_for(&event(Change::Queued, waiting(elsewhere)), viewer, online),
            None
        );
        // Admins see every queue.
        let admin = Viewer {
            role: Role::Admin,
            ..viewer
        };
        assert_eq!(
            alert_for(&event(Change::Queued, waiting(elsewhere)), admin, online),
            Some(Alert::Queued)
        );
    }
}
