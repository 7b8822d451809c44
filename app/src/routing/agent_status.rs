//! An agent's effective status: what they chose (online or away), unless no workbench has been
//! connected for longer than a grace period (a reload or a flaky network is not "offline").
use super::assignment::AgentStatus;
use crate::models::Timestamp;

/// What the agent set in the workbench's profile menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChosenStatus {
    /// Ready for new conversations.
    Online,
    /// Keeps current conversations, takes no new ones.
    Away,
}

/// The agent's workbench connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Presence {
    /// Open workbench sockets now.
    pub sockets: u32,
    /// When the last one closed (none: never connected).
    pub last_disconnect_at: Option<Timestamp>,
}

/// The status routing uses at `now`.
pub fn effective_status(
    chosen: ChosenStatus,
    presence: Presence,
    now: Timestamp,
    grace_secs: i64,
) -> AgentStatus {
    let connected = presence.sockets > 0
        || presence
            .last_disconnect_at
            .is_some_and(|at| now.millis_since(at) <= grace_secs.saturating_mul(1000));
    match (connected, chosen) {
        (false, _) => AgentStatus::Offline,
        (true, ChosenStatus::Online) => AgentStatus::Online,
        (true, ChosenStatus::Away) => AgentStatus::Away,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offline_only_after_the_grace_period() {
        let gone_at = |ms| Presence {
            sockets: 0,
            last_disconnect_at: Some(Timestamp(ms)),
        };
        let at = Timestamp(100_000);
        assert_eq!(
            effective_status(ChosenStatus::Online, gone_at(90_000), at, 30),
            AgentStatus::Online
        );
        assert_eq!(
            effective_status(ChosenStatus::Online, gone_at(60_000), at, 30),
            AgentStatus::Offline
        );
        let never = Presence {
            sockets: 0,
            last_disconnect_at: None,
        };
        assert_eq!(
            effective_status(ChosenStatus::Online, never, at, 30),
            AgentStatus::Offline
        );
        let connected = Presence {
            sockets: 2,
            last_disconnect_at: None,
        };
        assert_eq!(
            effective_status(ChosenStatus::Away, connected, at, 30),
            AgentStatus::Away
        );
        assert_eq!(
            effective_status(ChosenStatus::Online, connected, at, 30),
            AgentStatus::Online
        );
    }
}
