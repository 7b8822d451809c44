//! Frames that describe a moment rather than an event: changes in the agents' roster (status,
//! load), visitors coming online or leaving, and each waiting visitor's place in the queue.
//! Requests are gathered per project for a short while and sent once, so a burst of
//! assignments costs one roster frame; each frame carries only what changed, so what a socket
//! receives per change does not grow with the team or the number of visitors online.
use super::AppState;
use super::assign::scope_of;
use super::db::{agents, placements};
use super::hub::Topic;
use crate::models::{ConversationId, ProjectId, TeamId, Timestamp, UserId, VisitorId};
use crate::realtime::placement::AgentPresence;
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
    /// Visitors who came online or left.
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
    /// Conversations whose visitor came or went since the last `visitor_presence` frames.
    presence_changed: Mutex<HashMap<ProjectId, HashSet<ConversationId>>>,
    /// Orders reading who is online with publishing it, so the last frame about a
    /// conversation tells its latest state.
    presence_publishing: Mutex<()>,
    /// The roster last sent per project, so the next frame carries only what changed.
    rosters: Mutex<HashMap<ProjectId, Vec<AgentPresence>>>,
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

    /// Notes the roster a socket was just sent whole, when this node has sent none yet: the
    /// next change is told against it rather than as the whole roster again.
    pub fn roster_sent(&self, project_id: ProjectId, roster: &[AgentPresence]) {
        lock(&self.rosters)
            .entry(project_id)
            .or_insert_with(|| roster.to_vec());
    }

    /// Notes visitors who came online or left, for `visitor_presence` frames soon.
    pub fn visitors_changed(
        &self,
        state: &AppState,
        project_id: ProjectId,
        changes: Vec<ConversationId>,
    ) {
        if changes.is_empty() {
            return;
        }
        lock(&self.presence_changed)
            .entry(project_id)
            .or_default()
            .extend(changes);
        self.request(state, project_id, Refresh::Visitors);
    }
}

async fn send_later(state: AppState, project_id: ProjectId, what: Refresh) {
    tokio::time::sleep(what.gather()).await;
    lock(&state.broadcasts.pending).remove(&(project_id, what));
    let sent = match what {
        Refresh::Roster => send_roster(&state, project_id).await,
        Refresh::Visitors => send_visitor_presence(&state, project_id).await,
        Refresh::Queue => send_queue_positions(&state, project_id).await,
    };
    if let Err(error) = sent {
        tracing::warn!(%error, ?what, "cannot send a refresh");
    }
}

/// Sends the agents whose presence changed since the roster this node sent last (all of
/// them if it has sent none).
async fn send_roster(state: &AppState, project_id: ProjectId) -> Result<(), sqlx::Error> {
    let now = agents::roster(&state.db, project_id, Timestamp::now()).await?;
    let frame = {
        let mut rosters = lock(&state.broadcasts.rosters);
        let before = rosters.get(&project_id).map(Vec::as_slice);
        let (agents, removed) = roster_changes(before, &now);
        rosters.insert(project_id, now);
        if agents.is_empty() && removed.is_empty() {
            return Ok(());
        }
        ServerFrame::AgentsChanged { agents, removed }
    };
    state.hub.publish(&[Topic::Agents(project_id)], frame);
    Ok(())
}

/// The agents of `after` that are new or differ from `before`, and those `before` had that
/// `after` has not.
fn roster_changes(
    before: Option<&[AgentPresence]>,
    after: &[AgentPresence],
) -> (Vec<AgentPresence>, Vec<UserId>) {
    let before = before.unwrap_or_default();
    let changed = after
        .iter()
        .filter(|agent| !before.contains(agent))
        .cloned()
        .collect();
    let removed = before
        .iter()
        .filter(|old| !after.iter().any(|agent| agent.id == old.id))
        .map(|old| old.id)
        .collect();
    (changed, removed)
}

/// One `visitor_presence` frame per conversation whose visitor came or went, to the agents
/// who may see that conversation.
async fn send_visitor_presence(state: &AppState, project_id: ProjectId) -> Result<(), sqlx::Error> {
    let changed: Vec<ConversationId> = lock(&state.broadcasts.presence_changed)
        .remove(&project_id)
        .map(|set| set.into_iter().collect())
        .unwrap_or_default();
    if changed.is_empty() {
        return Ok(());
    }
    let mut conn = state.db.pool().acquire().await?;
    let placed = placements::find_many(&mut conn, state.db.backend(), project_id, &changed).await?;
    drop(conn);
    let _ordered = lock(&state.broadcasts.presence_publishing);
    let online = state.presence.online_conversations(project_id);
    for row in placed {
        state.hub.publish_scoped(
            &[Topic::Agents(project_id)],
            ServerFrame::VisitorPresence {
                conversation_id: row.conversation.id,
                online: online.binary_search(&row.conversation.id).is_ok(),
            },
            Some(scope_of(&row)),
        );
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_roster_change_names_only_the_agents_that_changed() {
        let (ann, bo, cy) = (
            AgentPresence::sample("Ann", 0),
            AgentPresence::sample("Bo", 1),
            AgentPresence::sample("Cy", 2),
        );
        let before = vec![ann.clone(), bo.clone(), cy.clone()];
        let busier = AgentPresence {
            open: 1,
            ..ann.clone()
        };
        let dee = AgentPresence::sample("Dee", 0);
        let after = vec![busier.clone(), bo.clone(), dee.clone()];
        assert_eq!(
            roster_changes(Some(&before), &after),
            (vec![busier, dee], vec![cy.id])
        );
        assert_eq!(
            roster_changes(Some(&after), &after),
            (Vec::new(), Vec::new())
        );
        // Nothing sent yet on this node: everyone, since sockets may hold an older roster.
        assert_eq!(roster_changes(None, &before), (before.clone(), Vec::new()));
    }
}
