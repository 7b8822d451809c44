//! What agents receive besides messages: the team roster, which visitors have the widget
//! open, the waiting thresholds with the server's clock, and the outcome of their own
//! requests (`act`). The folding is pure ([`ServerClock`], [`Requests`]) and unit-tested;
//! [`AgentFeeds`] only holds it in signals.
use crate::models::{ConversationId, Timestamp, UserId};
use crate::realtime::placement::{AgentPresence, ConversationEvent, WaitSettings};
use crate::realtime::protocol::{ErrorCode, ServerFrame};
use crate::routing::conversation_state::WaitThresholds;
use leptos::prelude::*;
use uuid::Uuid;

/// The project's waiting thresholds and how far the server's clock is from this browser's,
/// so "soon" and "overdue" turn on when the server says, whatever the agent's clock shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ServerClock {
    /// When a waiting visitor is "soon" and "overdue".
    pub thresholds: WaitThresholds,
    /// Server time minus browser time, in milliseconds.
    pub offset_ms: i64,
}

impl ServerClock {
    /// The clock a `wait_settings` frame describes, received at `client_now`.
    pub fn from_settings(settings: &WaitSettings, client_now: Timestamp) -> Self {
        Self {
            thresholds: WaitThresholds {
                soon_secs: settings.soon_secs,
                overdue_secs: settings.overdue_secs,
            },
            offset_ms: settings.server_now.millis_since(client_now),
        }
    }

    /// The server's time when this browser's clock shows `client_now`.
    pub fn now(&self, client_now: Timestamp) -> Timestamp {
        Timestamp(client_now.0.saturating_add(self.offset_ms))
    }
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Sent, no answer yet.
    Pending,
    /// Carried out (`acted`).
    Done,
    /// Refused with this code.
    Refused(ErrorCode),
}

/// One request this screen sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request {
    /// The `request_id` it was sent with.
    pub id: Uuid,
    /// The conversation it acts on.
    pub conversation: ConversationId,
    /// Its answer so far.
    pub outcome: Outcome,
}

/// The newest requests, oldest first (a few are enough: the UI shows the newest per
/// conversation).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Requests {
    list: Vec<Request>,
}

impl Requests {
    /// How many requests are remembered.
    const KEPT: usize = 32;

    /// Notes a request just sent.
    pub fn record(&mut self, id: Uuid, conversation: ConversationId) {
        if self.list.len() >= Self::KEPT {
            self.list.remove(0);
        }
        self.list.push(Request {
            id,
            conversation,
            outcome: Outcome::Pending,
        });
    }

    /// Folds an answer in; true when the frame answered one of these requests.
    pub fn apply(&mut self, frame: &ServerFrame) -> bool {
        let (id, outcome) = match frame {
            ServerFrame::Acted { request_id } => (*request_id, Outcome::Done),
            ServerFrame::Error {
                code,
                client_id: Some(id),
                ..
            } => (*id, Outcome::Refused(*code)),
            _ => return false,
        };
        match self.list.iter_mut().find(|request| request.id == id) {
            Some(request) => {
                request.outcome = outcome;
                true
            }
            None => false,
        }
    }

    /// The newest request about `conversation`.
    pub fn latest_for(&self, conversation: ConversationId) -> Option<Request> {
        self.list
            .iter()
            .rev()
            .find(|request| request.conversation == conversation)
            .copied()
    }

    /// Forgets requests still waiting for an answer: after a reconnect none will come (what
    /// was done shows in the replayed events), and the buttons must not stay disabled.
    pub fn forget_pending(&mut self) {
        self.list
            .retain(|request| request.outcome != Outcome::Pending);
    }

    /// Forgets the answer shown for `conversation` (the agent dismissed the error).
    pub fn dismiss(&mut self, conversation: ConversationId) {
        self.list.retain(|request| {
            request.conversation != conversation || request.outcome == Outcome::Pending
        });
    }
}

/// The roster after an `agents_changed` frame: changed agents replace their old entry (new
/// ones join at the end), removed ones leave.
pub fn merge_roster(
    roster: &mut Vec<AgentPresence>,
    changed: &[AgentPresence],
    removed: &[UserId],
) {
    roster.retain(|agent| !removed.contains(&agent.id));
    for agent in changed {
        match roster.iter_mut().find(|known| known.id == agent.id) {
            Some(known) => *known = agent.clone(),
            None => roster.push(agent.clone()),
        }
    }
}

/// Marks `conversation` online or not in the sorted set `online`.
pub fn set_online(online: &mut Vec<ConversationId>, conversation: ConversationId, now: bool) {
    match (online.binary_search(&conversation), now) {
        (Err(place), true) => online.insert(place, conversation),
        (Ok(place), false) => {
            online.remove(place);
        }
        _ => {}
    }
}

/// The agent-only state of a workbench, in signals.
#[derive(Clone, Copy)]
pub struct AgentFeeds {
    /// Every agent of the project (frame `agents`).
    pub agents: RwSignal<Vec<AgentPresence>>,
    /// Conversations whose visitor has the widget open now, sorted (frame `visitors_online`,
    /// then `visitor_presence`).
    pub visitors_online: RwSignal<Vec<ConversationId>>,
    /// Bumped by every `visitor_presence` frame: a list filtered to online visitors refetches.
    pub presence_changes: RwSignal<u64>,
    /// Thresholds and the server's clock (frame `wait_settings`; defaults until it comes).
    pub clock: RwSignal<ServerClock>,
    /// This screen's `act` requests and their answers.
    pub requests: RwSignal<Requests>,
    /// Placement changes that arrived live (after `replayed`, never replayed ones), waiting
    /// for the alerts to take them.
    pub fresh_changes: RwSignal<Vec<ConversationEvent>>,
    /// The conversation this screen follows in detail (the open one): named in `hello`,
    /// and `subscribe`d while connected.
    pub following: RwSignal<Option<ConversationId>>,
    /// Bumped by every live change that may move list rows or counts (an event or a
    /// `touched` frame): the list refetches, debounced.
    pub list_changes: RwSignal<u64>,
    /// Bumped each time the socket becomes live (`replayed` or `resync`): what was fetched
    /// before may have missed events, so the list and the open conversation refetch.
    pub went_live: RwSignal<u64>,
    /// Bumped when a `touched` frame names the followed conversation (its events raced the
    /// `subscribe`): its newest page is fetched again.
    pub following_stale: RwSignal<u64>,
}

impl AgentFeeds {
    /// Empty feeds.
    pub fn new() -> Self {
        Self {
            agents: RwSignal::new(Vec::new()),
            visitors_online: RwSignal::new(Vec::new()),
            presence_changes: RwSignal::new(0),
            clock: RwSignal::new(ServerClock::default()),
            requests: RwSignal::new(Requests::default()),
            fresh_changes: RwSignal::new(Vec::new()),
            following: RwSignal::new(None),
            list_changes: RwSignal::new(0),
            went_live: RwSignal::new(0),
            following_stale: RwSignal::new(0),
        }
    }

    /// Folds a frame in; true when it was one of the agent-only frames (nothing else to do).
    pub fn apply(self, frame: &ServerFrame, client_now: Timestamp) -> bool {
        match frame {
            ServerFrame::Agents { agents } => self.agents.set(agents.clone()),
            ServerFrame::AgentsChanged { agents, removed } => self
                .agents
                .update(|roster| merge_roster(roster, agents, removed)),
            ServerFrame::VisitorsOnline { conversation_ids } => {
                let mut online = conversation_ids.clone();
                online.sort_unstable();
                self.visitors_online.set(online);
            }
            ServerFrame::VisitorPresence {
                conversation_id,
                online,
            } => {
                self.visitors_online
                    .update(|set| set_online(set, *conversation_id, *online));
                self.presence_changes.update(|count| *count += 1);
            }
            ServerFrame::WaitSettings(settings) => self
                .clock
                .set(ServerClock::from_settings(settings, client_now)),
            ServerFrame::Acted { .. } => {
                self.requests.update(|requests| {
                    requests.apply(frame);
                });
            }
            ServerFrame::Touched {
                conversation_id, ..
            } => {
                self.list_changes.update(|count| *count += 1);
                if self.following.get_untracked() == Some(*conversation_id) {
                    self.following_stale.update(|count| *count += 1);
                }
            }
            ServerFrame::Replayed { .. } | ServerFrame::Resync { .. } => {
                self.went_live.update(|count| *count += 1);
                return false;
            }
            ServerFrame::Welcome { .. } => {
                self.requests.update(Requests::forget_pending);
                return false;
            }
            // An error answering a request is not also a failed message.
            ServerFrame::Error { .. } => {
                return self
                    .requests
                    .try_update(|requests| requests.apply(frame))
                    .unwrap_or(false);
            }
            _ => return false,
        }
        true
    }
}

impl Default for AgentFeeds {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_clock_keeps_its_offset() {
        let settings = WaitSettings {
            soon_secs: 60,
            overdue_secs: 120,
            server_now: Timestamp(10_000),
        };
        // This browser's clock is 3 s behind the server's.
        let clock = ServerClock::from_settings(&settings, Timestamp(7_000));
        assert_eq!(clock.offset_ms, 3_000);
        assert_eq!(clock.now(Timestamp(8_000)), Timestamp(11_000));
        assert_eq!(
            clock.thresholds,
            WaitThresholds {
                soon_secs: 60,
                overdue_secs: 120
            }
        );
        assert_eq!(ServerClock::default().now(Timestamp(5)), Timestamp(5));
    }

    #[test]
    fn roster_changes_replace_add_and_remove_agents() {
        let (ann, bo, cy) = (
            AgentPresence::sample("Ann", 0),
            AgentPresence::sample("Bo", 1),
            AgentPresence::sample("Cy", 0),
        );
        let mut roster = vec![ann.clone(), bo.clone()];
        let busier = AgentPresence {
            open: 3,
            ..ann.clone()
        };
        merge_roster(&mut roster, &[busier.clone(), cy.clone()], &[bo.id]);
        assert_eq!(roster, [busier, cy]);
    }

    #[test]
    fn visitors_come_online_and_leave_in_a_sorted_set() {
        let mut ids = [
            ConversationId::new(),
            ConversationId::new(),
            ConversationId::new(),
        ];
        ids.sort_unstable();
        let mut online = vec![ids[0], ids[2]];
        set_online(&mut online, ids[1], true);
        assert_eq!(online, ids);
        set_online(&mut online, ids[1], true);
        assert_eq!(online, ids, "twice online is once");
        set_online(&mut online, ids[0], false);
        set_online(&mut online, ids[0], false);
        assert_eq!(online, [ids[1], ids[2]]);
    }

    #[test]
    fn requests_learn_their_outcome() {
        let mut requests = Requests::default();
        let (a, b) = (ConversationId::new(), ConversationId::new());
        let (first, second, third) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        requests.record(first, a);
        requests.record(second, b);
        assert_eq!(
            requests.latest_for(a).map(|request| request.outcome),
            Some(Outcome::Pending)
        );
        assert!(requests.apply(&ServerFrame::Acted { request_id: first }));
        assert!(requests.apply(&ServerFrame::Error {
            code: ErrorCode::Taken,
            message: String::new(),
            client_id: Some(second),
        }));
        assert_eq!(
            requests.latest_for(a).map(|request| request.outcome),
            Some(Outcome::Done)
        );
        assert_eq!(
            requests.latest_for(b).map(|request| request.outcome),
            Some(Outcome::Refused(ErrorCode::Taken))
        );
        // Answers to other frames (a message's client_id) are not requests.
        assert!(!requests.apply(&ServerFrame::Error {
            code: ErrorCode::BodyTooLong,
            message: String::new(),
            client_id: Some(Uuid::new_v4()),
        }));
        assert!(!requests.apply(&ServerFrame::Pong { nonce: 1 }));
        // The newest request about a conversation is the one shown.
        requests.record(third, a);
        assert_eq!(
            requests.latest_for(a).map(|request| request.id),
            Some(third)
        );
        requests.dismiss(b);
        assert_eq!(requests.latest_for(b), None);
        // A pending request is not dismissed with the error.
        requests.dismiss(a);
        assert_eq!(
            requests.latest_for(a).map(|request| request.id),
            Some(third)
        );
    }

    #[test]
    fn only_the_newest_requests_are_kept() {
        let mut requests = Requests::default();
        let conversation = ConversationId::new();
        let first = Uuid::new_v4();
        requests.record(first, conversation);
        for _ in 0..Requests::KEPT {
            requests.record(Uuid::new_v4(), conversation);
        }
        assert_eq!(requests.list.len(), Requests::KEPT);
        assert!(!requests.apply(&ServerFrame::Acted { request_id: first }));
    }
}
