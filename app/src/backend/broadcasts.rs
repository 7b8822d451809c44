//! Frames that describe a moment rather than an event: the agents' roster (status, load), the
//! visitors online, and each waiting visitor's place in the queue. Requests are gathered per
//! project for a short while and sent once, so a burst of assignments costs one roster frame.
use super::AppState;
use super::db::{agents, placements};
use super::hub::Topic;
use crate::models::{ConversationId, ProjectId, TeamId, Timestamp, VisitorId};
use crate::realtime::protocol::ServerFrame;
use crate::routing::assignment::{AgentStatus, wait_estimate_minutes};
use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// The minutes one agent is assumed to need per conversation, for visitors' wait estimates.
pub const AVERAGE_CHAT_MINUTES: u32 = 4;

/// What to send again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Refresh {
    /// The agents' roster.
    Roster,
    /// Waiting visitors' places in the queue.
    Queue,
    /// The visitors online.
    Visitors,
}

impl Refresh {
    /// How long requests are gathered before the frames go out. Places in the queue move for
    /// every waiting visitor each time someone is served: at most once a second is plenty.
    fn gather(self) -> Duration {
        match self {
            Refresh::Roster => Duration::from_millis(150),
            Refresh::Visitors => Duration::from_millis(500),
            Refresh::Queue => Duration::from_secs(1),
        }
    }
}

/// Gathers refresh requests per project and kind.
#[derive(Default)]
pub struct Broadcasts {
    pending: Mutex<HashSet<(ProjectId, Refresh)>>,
    /// The place last sent to each waiting visitor's conversation.
    positions: Mutex<HashMap<ConversationId, (VisitorId, u32)>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Broadcasts {
    /// Asks for `what` to be sent to the project's sockets soon.
    pub fn request(&self, state: &AppState, project_id: ProjectId, what: Refresh) {
        if lock(&self.pending).insert((project_id, what)) {
            tokio::spawn(send_later(state.clone(), project_id, what));
        }
    }
}

async fn send_later(state: AppState, project_id: ProjectId, what: Refresh) {
    tokio::time::sleep(what.gather()).await;
    lock(&state.broadcasts.pending).remove(&(project_id, what));
    let sent = match what {
        Refresh::Roster => send_roster(&state, project_id).await,
        Refresh::Visitors => {
            state.hub.publish(
                &[Topic::Agents(project_id)],
                ServerFrame::VisitorsOnline {
                    conversation_ids: state.presence.online_conversations(project_id),
                },
            );
            Ok(())
        }
        Refresh::Queue => send_queue_positions(&state, project_id).await,
    };
    if let Err(error) = sent {
        tracing::warn!(%error, ?what, "cannot send a refresh");
    }
}

async fn send_roster(state: &AppState, project_id: ProjectId) -> Result<(), sqlx::Error> {
    let agents = agents::roster(&state.db, project_id, Timestamp::now()).await?;
    state
        .hub
        .publish(&[Topic::Agents(project_id)], ServerFrame::Agents { agents });
    Ok(())
}

/// Online members per team, for wait estimates.
async fn online_per_team(
    conn: &mut sqlx::AnyConnection,
    project_id: ProjectId,
) -> Result<HashMap<TeamId, usize>, sqlx::Error> {
    let mut online = HashMap::new();
    for row in agents::rows(conn, project_id, Timestamp::now()).await? {
        if row.load.status == AgentStatus::Online {
            for team in row.load.teams {
                *online.entry(team).or_insert(0) += 1;
            }
        }
    }
    Ok(online)
}

/// Sends each connected waiting visitor their place when it changed, and "served" to those
/// who left the queue.
async fn send_queue_positions(state: &AppState, project_id: ProjectId) -> Result<(), sqlx::Error> {
    let mut conn = state.db.pool().acquire().await?;
    let queue = placements::queue_of_project(&mut conn, project_id).await?;
    let online = online_per_team(&mut conn, project_id).await?;
    drop(conn);
    let mut team_place: HashMap<TeamId, u32> = HashMap::new();
    let mut now_waiting = HashMap::with_capacity(queue.len());
    for (queued, visitor) in &queue {
        let place = team_place.entry(queued.team).or_insert(0);
        *place += 1;
        now_waiting.insert(queued.id, (*visitor, *place, queued.team));
    }
    let mut sent = lock(&state.broadcasts.positions);
    sent.retain(|conversation_id, (visitor, _)| {
        if now_waiting.contains_key(conversation_id) {
            return true;
        }
        state.hub.publish(
            &[Topic::Visitor(*visitor)],
            ServerFrame::Queue {
                conversation_id: *conversation_id,
                position: None,
                wait_minutes: None,
            },
        );
        false
    });
    for (conversation_id, (visitor, place, team)) in now_waiting {
        let topic = Topic::Visitor(visitor);
        if sent.get(&conversation_id).map(|(_, last)| *last) == Some(place)
            || !state.hub.has_subscribers(topic)
        {
            continue;
        }
        sent.insert(conversation_id, (visitor, place));
        let agents = online.get(&team).copied().unwrap_or(0);
        state.hub.publish(
            &[topic],
            queue_frame(conversation_id, place as usize, agents),
        );
    }
    Ok(())
}

fn queue_frame(conversation_id: ConversationId, place: usize, online_agents: usize) -> ServerFrame {
    ServerFrame::Queue {
        conversation_id,
        position: u32::try_from(place).ok(),
        wait_minutes: Some(wait_estimate_minutes(
            place,
            online_agents,
            AVERAGE_CHAT_MINUTES,
        )),
    }
}

/// The queue frame a visitor gets on connecting, when their newest conversation waits. One
/// counting query: a reconnecting visitor does not read the whole queue.
pub async fn queue_frame_for(
    state: &AppState,
    project_id: ProjectId,
    conversation_id: ConversationId,
) -> Result<Option<ServerFrame>, sqlx::Error> {
    let mut conn = state.db.pool().acquire().await?;
    let Some((place, team)) =
        placements::queue_place(&mut conn, project_id, conversation_id).await?
    else {
        return Ok(None);
    };
    let online = online_per_team(&mut conn, project_id).await?;
    let agents = online.get(&team).copied().unwrap_or(0);
    Ok(Some(queue_frame(conversation_id, place, agents)))
}
