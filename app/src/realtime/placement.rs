//! The assignment part of the protocol: where a conversation stands (team, serving agent,
//! queued, closed, on hold, pinned), what changed it, what agents may do to it, and who of
//! the team is available. Agents only: visitors never receive these, only their place in the
//! queue.
use crate::models::{ConversationId, TeamId, Timestamp, UserId};
use crate::routing::agent_status::ChosenStatus;
use crate::routing::assignment::AgentStatus;
use serde::{Deserialize, Serialize};

/// Longest internal comment on a transfer, in characters.
pub const MAX_COMMENT_CHARS: usize = 1_000;

/// Where a conversation stands after an event: every conversation event carries the whole
/// placement, so a client only ever keeps the newest one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationPlacement {
    /// The team it is routed to.
    pub team_id: Option<TeamId>,
    /// The serving agent (kept after closing: who served it).
    pub assignee_id: Option<UserId>,
    /// Their display name.
    pub assignee_name: Option<String>,
    /// Waiting in the queue since (set only while open and unassigned).
    pub queued_at: Option<Timestamp>,
    /// Closed (kept; a visitor message reopens it).
    pub closed: bool,
    /// Marked "processing" by its agent.
    pub on_hold: bool,
    /// Pinned to the top of lists.
    pub pinned: bool,
    /// Its team routes in `grab` mode: online members are offered it, the first to join wins.
    pub grab: bool,
}

/// What happened to a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// No agent with free capacity: it waits in the queue.
    Queued,
    /// Offered to the online members of a `grab` team.
    Offered,
    /// Given to an agent by capacity routing.
    Assigned,
    /// An agent took it from the queue (or won a grab).
    Picked,
    /// An agent took it over from another agent.
    Joined,
    /// Handed to another agent, with an internal comment.
    Transferred,
    /// Its agent left it; it went back to routing.
    Left,
    /// Closed by an agent.
    Closed,
    /// Closed after hours without a visitor message.
    AutoClosed,
    /// A visitor message reopened it.
    Reopened,
    /// Marked "processing" (on hold).
    Processing,
    /// The agent wrote without the mark: no longer on hold.
    Resumed,
    /// Pinned to the top.
    Pinned,
    /// No longer pinned.
    Unpinned,
}

/// A persisted change of a conversation's placement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationEvent {
    /// Its sequence number.
    pub seq: i64,
    /// Which conversation.
    pub conversation_id: ConversationId,
    /// What happened.
    pub change: Change,
    /// Who did it (an agent's name; none for Parley's own routing).
    pub by_name: Option<String>,
    /// A transfer's internal comment (agents only; plain text).
    pub comment: Option<String>,
    /// Where the conversation stands now.
    pub placement: ConversationPlacement,
    /// When.
    pub at: Timestamp,
}

/// What an agent asks to do with a conversation (frame `act`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "do", rename_all = "snake_case", deny_unknown_fields)]
pub enum AgentAction {
    /// Take a queued conversation (in a `grab` team: the first one wins).
    Pick,
    /// Become the serving agent. `from` names who the client saw serving it (none: nobody,
    /// as for a `grab` offer); if someone else took it meanwhile, the join is refused with
    /// `taken`, so of many simultaneous joins exactly one wins.
    Join {
        /// The serving agent the client saw.
        #[serde(default)]
        from: Option<UserId>,
    },
    /// Hand it to another online agent, with a comment only agents see.
    Transfer {
        /// The agent taking over.
        to: UserId,
        /// Internal comment (up to [`MAX_COMMENT_CHARS`]).
        #[serde(default)]
        comment: String,
    },
    /// Stop serving it; it goes back to routing.
    Leave,
    /// Close it.
    Close,
    /// Mark it "processing" (on hold until the agent next writes).
    Processing,
    /// Pin it to the top of lists, or unpin it.
    Pin {
        /// Pinned or not.
        pinned: bool,
    },
}

/// One agent of the project as the workbench's team list shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentPresence {
    /// Which agent.
    pub id: UserId,
    /// Their display name.
    pub name: String,
    /// Online, away or offline.
    pub status: AgentStatus,
    /// What they chose in their profile menu.
    pub chosen: ChosenStatus,
    /// Open conversations they serve.
    pub open: u32,
    /// Their conversation limit.
    pub limit: u32,
    /// The teams they belong to.
    pub teams: Vec<TeamId>,
}

#[cfg(test)]
impl AgentPresence {
    /// An online agent with `open` conversations of 5, in no team (for tests).
    pub fn sample(name: &str, open: u32) -> Self {
        Self {
            id: UserId::new(),
            name: name.to_owned(),
            status: AgentStatus::Online,
            chosen: ChosenStatus::Online,
            open,
            limit: 5,
            teams: Vec::new(),
        }
    }
}

/// The project's waiting thresholds and the server's clock, so a workbench can turn "soon"
/// and "overdue" on at the right moment without asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitSettings {
    /// Waiting longer than this: "soon".
    pub soon_secs: i64,
    /// Waiting longer than this: "overdue".
    pub overdue_secs: i64,
    /// The server's time when the frame was sent.
    pub server_now: Timestamp,
}

/// Trims a transfer comment and checks its length; `None` when too long.
pub fn parse_comment(comment: &str) -> Option<String> {
    let trimmed = comment.trim();
    (trimmed.chars().count() <= MAX_COMMENT_CHARS).then(|| trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_are_tagged_by_do() -> Result<(), serde_json::Error> {
        let to = UserId::new();
        let transfer: AgentAction = serde_json::from_value(serde_json::json!({
            "do": "transfer", "to": to, "comment": "VIP"
        }))?;
        assert_eq!(
            transfer,
            AgentAction::Transfer {
                to,
                comment: "VIP".to_owned()
            }
        );
        let pin: AgentAction = serde_json::from_str(r#"{"do":"pin","pinned":true}"#)?;
        assert_eq!(pin, AgentAction::Pin { pinned: true });
        assert!(serde_json::from_str::<AgentAction>(r#"{"do":"explode"}"#).is_err());
        Ok(())
    }

    #[test]
    fn comments_are_trimmed_and_bounded() {
        assert_eq!(parse_comment("  hi "), Some("hi".to_owned()));
        assert_eq!(
            parse_comment(&"字".repeat(MAX_COMMENT_CHARS)).map(|c| c.chars().count()),
            Some(MAX_COMMENT_CHARS)
        );
        assert_eq!(parse_comment(&"a".repeat(MAX_COMMENT_CHARS + 1)), None);
    }
}
