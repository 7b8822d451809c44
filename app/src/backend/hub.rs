//! Fan-out of committed events to open sockets, in process. Subscribers register for topics
//! (one visitor's conversations, or a whole project for agents) and get frames through a
//! bounded queue; a subscriber that falls behind is dropped and resumes from the database.
use crate::models::{ConversationId, ProjectId, TeamId, UserId, VisitorId};
use crate::realtime::protocol::{Event, ServerFrame};
use crate::routing::conversation_access::{Action, Placement, Viewer, may};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

/// Frames queued per socket before it counts as too slow.
pub const QUEUE_DEPTH: usize = 256;

/// What a socket listens to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Topic {
    /// One visitor's conversations.
    Visitor(VisitorId),
    /// Everything in a project (agents).
    Agents(ProjectId),
}

/// Which agents may receive a frame about one conversation: admins, members of its team, and
/// the agents it names (its serving agent, and the one who just acted on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    /// The conversation's team.
    pub team: Option<TeamId>,
    /// Agents who see it whatever their teams.
    pub agents: [Option<UserId>; 2],
}

impl Scope {
    /// Whether `viewer` may receive it.
    pub fn admits(&self, viewer: Viewer<'_>) -> bool {
        let placement = |assignee| Placement {
            assignee,
            team: self.team,
            closed: false,
        };
        self.agents
            .iter()
            .any(|agent| may(viewer, placement(*agent), Action::See))
    }
}

/// A published frame, encoded once for every socket that receives it.
#[derive(Debug)]
pub struct LiveFrame {
    /// The event's sequence number, for frames that carry one (sockets skip what they have).
    pub event_seq: Option<i64>,
    /// The frame as JSON text (cheap to clone).
    pub text: axum::extract::ws::Utf8Bytes,
    /// For frames about one conversation: which agents may receive it (none: all of them).
    pub scope: Option<Scope>,
    /// For a conversation's details (a message, a read, typing): which conversation. Agents
    /// on protocol 2 receive them only for conversations they follow...
    pub detail_of: Option<ConversationId>,
    /// ...and this `touched` frame instead for the others (events only; typing is dropped).
    pub touch: Option<axum::extract::ws::Utf8Bytes>,
}

/// The conversation whose details `frame` carries, and the `touched` frame that stands for it
/// where that conversation is not followed.
fn detail(frame: &ServerFrame) -> (Option<ConversationId>, Option<ServerFrame>) {
    match frame {
        ServerFrame::Event { event } if !matches!(event, Event::Conversation(_)) => {
            let conversation_id = event.conversation_id();
            let touch = ServerFrame::Touched {
                conversation_id,
                seq: event.seq(),
            };
            (Some(conversation_id), Some(touch))
        }
        ServerFrame::Typing {
            conversation_id, ..
        } => (Some(*conversation_id), None),
        _ => (None, None),
    }
}

/// A socket's queue, and the account it belongs to (agents), so signing out can end it.
struct Subscriber {
    id: u64,
    owner: Option<UserId>,
    sender: mpsc::Sender<Arc<LiveFrame>>,
}

type Subscribers = HashMap<Topic, Vec<Subscriber>>;

/// The in-process event hub.
#[derive(Default)]
pub struct Hub {
    subscribers: Mutex<Subscribers>,
    next_id: AtomicU64,
    project_locks: Mutex<HashMap<ProjectId, Arc<tokio::sync::Mutex<()>>>>,
}

/// A registration; dropping it unsubscribes.
pub struct Subscription {
    hub: Arc<Hub>,
    id: u64,
    topic: Topic,
    /// Frames for this socket.
    pub frames: mpsc::Receiver<Arc<LiveFrame>>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.hub.remove(self.topic, self.id);
    }
}

impl Hub {
    /// Registers a socket for `topic`; `owner` is the signed-in account behind it, if any.
    pub fn subscribe(self: &Arc<Self>, topic: Topic, owner: Option<UserId>) -> Subscription {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (sender, frames) = mpsc::channel(QUEUE_DEPTH);
        self.lock_subscribers()
            .entry(topic)
            .or_default()
            .push(Subscriber { id, owner, sender });
        Subscription {
            hub: Arc::clone(self),
            id,
            topic,
            frames,
        }
    }

    /// Queues `frame` for every subscriber of `topics`, encoded once for all of them.
    /// Subscribers whose queue is full or closed are removed: their socket ends and the
    /// client resumes from the database.
    pub fn publish(&self, topics: &[Topic], frame: ServerFrame) {
        self.publish_scoped(topics, frame, None);
    }

    /// Like [`Hub::publish`], for a frame about one conversation that only the agents `scope`
    /// admits may receive (visitors' topics are their own already).
    pub fn publish_scoped(&self, topics: &[Topic], frame: ServerFrame, scope: Option<Scope>) {
        let text = match serde_json::to_string(&frame) {
            Ok(text) => text,
            Err(error) => {
                tracing::error!(%error, "cannot encode a frame to publish");
                return;
            }
        };
        let event_seq = match &frame {
            ServerFrame::Event { event } => Some(event.seq()),
            _ => None,
        };
        let (detail_of, touch) = detail(&frame);
        // Only agents' sockets may need the `touched` stand-in: encoded once, and only then.
        let for_agents = topics.iter().any(|topic| matches!(topic, Topic::Agents(_)));
        let touch = touch
            .filter(|_| for_agents)
            .and_then(|touch| serde_json::to_string(&touch).ok());
        let frame = Arc::new(LiveFrame {
            event_seq,
            text: text.into(),
            scope,
            detail_of,
            touch: touch.map(Into::into),
        });
        let mut subscribers = self.lock_subscribers();
        for topic in topics {
            let Some(list) = subscribers.get_mut(topic) else {
                continue;
            };
            list.retain(|subscriber| subscriber.sender.try_send(Arc::clone(&frame)).is_ok());
            if list.is_empty() {
                subscribers.remove(topic);
            }
        }
    }

    /// The lock that orders one project's writes with their publication, so every socket
    /// receives a project's events in sequence order.
    pub fn project_lock(&self, project_id: ProjectId) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self
            .project_locks
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        Arc::clone(locks.entry(project_id).or_default())
    }

    /// Ends the subscriptions of `user`'s sockets here: their frame queues close, so the
    /// sockets close, and the sessions they would resume with are gone.
    pub fn sign_out(&self, user: UserId) {
        let mut subscribers = self.lock_subscribers();
        for list in subscribers.values_mut() {
            list.retain(|subscriber| subscriber.owner != Some(user));
        }
        subscribers.retain(|_, list| !list.is_empty());
    }

    /// Ends every subscription of `topic` here (a visitor blacklisted or merged away): the
    /// sockets close and their clients reconnect, to be checked again.
    pub fn close_topic(&self, topic: Topic) {
        self.lock_subscribers().remove(&topic);
    }

    /// Whether any socket listens to `topic` here.
    pub fn has_subscribers(&self, topic: Topic) -> bool {
        self.lock_subscribers().contains_key(&topic)
    }

    /// Open subscriptions (for metrics and tests).
    pub fn subscriber_count(&self) -> usize {
        self.lock_subscribers().values().map(Vec::len).sum()
    }

    fn remove(&self, topic: Topic, id: u64) {
        let mut subscribers = self.lock_subscribers();
        if let Some(list) = subscribers.get_mut(&topic) {
            list.retain(|subscriber| subscriber.id != id);
            if list.is_empty() {
                subscribers.remove(&topic);
            }
        }
    }

    fn lock_subscribers(&self) -> std::sync::MutexGuard<'_, Subscribers> {
        self.subscribers
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn frames_reach_only_their_topic_and_drops_unsubscribe() {
        let hub = Arc::new(Hub::default());
        let visitor = VisitorId::new();
        let mut mine = hub.subscribe(Topic::Visitor(visitor), None);
        let mut other = hub.subscribe(Topic::Visitor(VisitorId::new()), None);
        hub.publish(&[Topic::Visitor(visitor)], ServerFrame::Pong { nonce: 1 });
        let received = mine.frames.recv().await.expect("a frame");
        assert_eq!(
            serde_json::from_str::<ServerFrame>(received.text.as_str()).ok(),
            Some(ServerFrame::Pong { nonce: 1 })
        );
        assert_eq!(received.event_seq, None);
        assert!(other.frames.try_recv().is_err());
        assert_eq!(hub.subscriber_count(), 2);
        drop(mine);
        drop(other);
        assert_eq!(hub.subscriber_count(), 0);
    }

    #[test]
    fn scopes_admit_admins_team_members_and_named_agents() {
        use crate::models::Role;
        let (team, other_team) = (TeamId::new(), TeamId::new());
        let (serving, acting, outsider) = (UserId::new(), UserId::new(), UserId::new());
        let scope = Scope {
            team: Some(team),
            agents: [Some(serving), Some(acting)],
        };
        fn agent(id: UserId, teams: &[TeamId]) -> Viewer<'_> {
            Viewer {
                id,
                role: Role::Agent,
                teams,
            }
        }
        assert!(scope.admits(agent(UserId::new(), &[team])));
        assert!(scope.admits(agent(serving, &[other_team])));
        assert!(scope.admits(agent(acting, &[])));
        assert!(!scope.admits(agent(outsider, &[other_team])));
        assert!(scope.admits(Viewer {
            id: outsider,
            role: Role::Admin,
            teams: &[],
        }));
    }

    #[tokio::test]
    async fn a_subscriber_that_falls_behind_is_dropped() {
        let hub = Arc::new(Hub::default());
        let project = ProjectId::new();
        let mut slow = hub.subscribe(Topic::Agents(project), None);
        for nonce in 0..=QUEUE_DEPTH as u64 {
            hub.publish(&[Topic::Agents(project)], ServerFrame::Pong { nonce });
        }
        assert_eq!(hub.subscriber_count(), 0);
        // What was queued is still delivered, then the channel ends.
        let mut received = 0;
        while slow.frames.recv().await.is_some() {
            received += 1;
        }
        assert_eq!(received, QUEUE_DEPTH);
    }

    #[tokio::test]
    async fn signing_out_closes_only_that_accounts_sockets() {
        let hub = Arc::new(Hub::default());
        let project = ProjectId::new();
        let (ann, bo) = (UserId::new(), UserId::new());
        let mut anns = hub.subscribe(Topic::Agents(project), Some(ann));
        let mut bos = hub.subscribe(Topic::Agents(project), Some(bo));
        hub.sign_out(ann);
        hub.publish(&[Topic::Agents(project)], ServerFrame::Pong { nonce: 7 });
        assert!(anns.frames.recv().await.is_none());
        assert!(bos.frames.recv().await.is_some());
        assert_eq!(hub.subscriber_count(), 1);
    }
}
