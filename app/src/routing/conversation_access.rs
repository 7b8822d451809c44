//! Who may do what with a conversation. Admins see and may act on every conversation; agents
//! see their own, the queue and their teams' conversations, and act on those they serve.
use crate::models::{Role, TeamId, UserId};

/// The signed-in person asking.
#[derive(Debug, Clone, Copy)]
pub struct Viewer<'a> {
    /// Who.
    pub id: UserId,
    /// Admin or agent.
    pub role: Role,
    /// Their teams.
    pub teams: &'a [TeamId],
}

/// Where a conversation is: who serves it, which team it is routed to, whether it is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    /// The serving agent (none: queued).
    pub assignee: Option<UserId>,
    /// The routing team (none: the project has no teams; every agent's).
    pub team: Option<TeamId>,
    /// Closed.
    pub closed: bool,
}

/// Something done to a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read it (lists, history, visitor panel).
    See,
    /// Take it from the queue.
    Pick,
    /// Take over another agent's conversation (become the serving agent).
    Join,
    /// Write to the visitor.
    Reply,
    /// Hand it to another agent, with an internal comment.
    Transfer,
    /// Stop serving it (it goes back to the queue).
    Leave,
    /// Close it.
    Close,
    /// Mark it "processing" (on hold).
    MarkProcessing,
    /// Pin it to the top of lists.
    Pin,
}

/// Whether `viewer` may do `action` to a conversation at `placement`.
pub fn may(viewer: Viewer<'_>, placement: Placement, action: Action) -> bool {
    let admin = viewer.role == Role::Admin;
    let mine = placement.assignee == Some(viewer.id);
    let visible = admin
        || mine
        || match placement.team {
            Some(team) => viewer.teams.contains(&team),
            None => true,
        };
    let open = !placement.closed;
    match action {
        Action::See => visible,
        Action::Pick => visible && open && placement.assignee.is_none(),
        Action::Join => visible && open && placement.assignee.is_some() && !mine,
        Action::Reply | Action::Close | Action::Pin => open && (mine || admin),
        Action::Transfer => open && (mine || (admin && placement.assignee.is_some())),
        Action::Leave | Action::MarkProcessing => open && mine,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTIONS: [Action; 9] = [
        Action::See,
        Action::Pick,
        Action::Join,
        Action::Reply,
        Action::Transfer,
        Action::Leave,
        Action::Close,
        Action::MarkProcessing,
        Action::Pin,
    ];

    fn allowed(viewer: Viewer<'_>, placement: Placement) -> Vec<Action> {
        ACTIONS
            .into_iter()
            .filter(|action| may(viewer, placement, *action))
            .collect()
    }

    #[test]
    fn agents_act_on_what_they_serve_and_see_their_teams() {
        let (me, other) = (UserId::new(), UserId::new());
        let (support, sales) = (TeamId::new(), TeamId::new());
        let agent = Viewer {
            id: me,
            role: Role::Agent,
            teams: &[support],
        };
        let queued = Placement {
            assignee: None,
            team: Some(support),
            closed: false,
        };
        assert_eq!(allowed(agent, queued), [Action::See, Action::Pick]);
        let mine = Placement {
            assignee: Some(me),
            ..queued
        };
        assert_eq!(
            allowed(agent, mine),
            [
                Action::See,
                Action::Reply,
                Action::Transfer,
                Action::Leave,
                Action::Close,
                Action::MarkProcessing,
                Action::Pin
            ]
        );
        let colleagues = Placement {
            assignee: Some(other),
            ..queued
        };
        assert_eq!(allowed(agent, colleagues), [Action::See, Action::Join]);
        let other_team = Placement {
            assignee: Some(other),
            team: Some(sales),
            closed: false,
        };
        assert!(allowed(agent, other_team).is_empty());
        let other_queue = Placement {
            assignee: None,
            ..other_team
        };
        assert!(allowed(agent, other_queue).is_empty());
        let closed = Placement {
            closed: true,
            ..mine
        };
        assert_eq!(allowed(agent, closed), [Action::See]);
    }

    #[test]
    fn admins_see_everything_and_may_take_over() {
        let admin = Viewer {
            id: UserId::new(),
            role: Role::Admin,
            teams: &[],
        };
        let elsewhere = Placement {
            assignee: Some(UserId::new()),
            team: Some(TeamId::new()),
            closed: false,
        };
        assert_eq!(
            allowed(admin, elsewhere),
            [
                Action::See,
                Action::Join,
                Action::Reply,
                Action::Transfer,
                Action::Close,
                Action::Pin
            ]
        );
        let queued = Placement {
            assignee: None,
            ..elsewhere
        };
        assert_eq!(
            allowed(admin, queued),
            [
                Action::See,
                Action::Pick,
                Action::Reply,
                Action::Close,
                Action::Pin
            ]
        );
    }
}
