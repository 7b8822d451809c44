//! An agent's effective status: what they chose (online or away), unless no workbench has been
//! connected for longer than a grace period (a reload or a flaky network is not "offline").
use super::assignment::AgentStatus;
use crate::models::Timestamp;

/// What the agent set in the workbench's profile menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChosenStatus {
    /// Ready for new conversations.
    Online,
    /// Keeps current conversations, takes no new ones.
    Away,
}

/// The effective status from what is stored: the agent's choice, and until when a connected
/// workbench vouches for them (the node holding the socket keeps it a grace period ahead).
pub fn status_at(
    chosen: ChosenStatus,
    present_until: Option<Timestamp>,
    now: Timestamp,
) -> AgentStatus {
    match (present_until.is_some_and(|until| until > now), chosen) {
        (false, _) => AgentStatus::Offline,
        (true, ChosenStatus::Online) => AgentStatus::Online,
        (true, ChosenStatus::Away) => AgentStatus::Away,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_presence_lapses() {
        let now = Timestamp(1_000);
        assert_eq!(
            status_at(ChosenStatus::Online, Some(Timestamp(1_001)), now),
            AgentStatus::Online
        );
        assert_eq!(
            status_at(ChosenStatus::Away, Some(Timestamp(1_001)), now),
            AgentStatus::Away
        );
        assert_eq!(
            status_at(ChosenStatus::Online, Some(now), now),
            AgentStatus::Offline
        );
        assert_eq!(
            status_at(ChosenStatus::Online, None, now),
            AgentStatus::Offline
        );
    }
}
