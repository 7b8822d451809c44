//! Runs the routing core (`crate::routing`) under a transaction that holds the project's
//! numbering lock. Every claim (automatic, picked, grabbed, joined, transferred) is decided on
//! what that transaction reads and committed by it, so across tasks and server processes no
//! conversation is assigned twice and no agent goes over their limit. Each change becomes an
//! agents-only event in the log, published after the commit.
use super::db::agents;
use super::db::events::{self, Author, ConversationRef};
use super::db::placements::{self, PlacementRow};
use super::db::teams::{self, RoutingMode};
use super::hub::Scope;
use crate::models::{ConversationId, CurrentUser, ProjectId, TeamId, Timestamp, UserId};
use crate::realtime::placement::{Change, ConversationEvent};
use crate::realtime::protocol::{AuthorKind, Event};
use crate::routing::assignment::{AgentLoad, choose_agent, plan_drain};
use sqlx::{Any, Row, Transaction};

/// What a routing transaction did, to publish once it has committed.
#[derive(Debug, Default)]
pub struct Effects {
    /// Agents-only events, in sequence order, with the agents who may receive each.
    pub events: Vec<(ConversationRef, Event, Scope)>,
    /// Someone's place in a queue may have moved.
    pub queue_moved: bool,
    /// An agent's load or status changed.
    pub roster_changed: bool,
}

/// Who made a change: an agent, or Parley's own routing and timers.
#[derive(Debug, Clone, Copy)]
pub enum Actor<'a> {
    /// A signed-in agent or admin.
    Agent(&'a CurrentUser),
    /// Parley.
    Parley,
}

impl Actor<'_> {
    fn id(&self) -> Option<UserId> {
        match self {
            Actor::Agent(user) => Some(user.id),
            Actor::Parley => None,
        }
    }

    fn author(&self) -> Author {
        match self {
            Actor::Agent(user) => Author {
                kind: AuthorKind::Agent,
                id: user.id.to_string(),
                name: Some(user.display_name.clone()),
            },
            Actor::Parley => Author {
                kind: AuthorKind::System,
                id: "parley".to_owned(),
                name: None,
            },
        }
    }
}

type Tx = Transaction<'static, Any>;

/// Stores the change just made to a conversation as an event carrying its new placement.
pub async fn record(
    tx: &mut Tx,
    effects: &mut Effects,
    conversation: ConversationRef,
    change: Change,
    actor: Actor<'_>,
    comment: Option<String>,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    let row = placements::find(tx, conversation.project_id, conversation.id)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;
    let author = actor.author();
    let event = ConversationEvent {
        seq: events::next_seq(tx, conversation.project_id).await?,
        conversation_id: conversation.id,
        change,
        by_name: author.name.clone(),
        comment,
        placement: row.placement(),
        at: now,
    };
    events::insert_conversation_event(tx, conversation, &author, &event).await?;
    let scope = Scope {
        team: row.team_id,
        agents: [row.assignee_id, actor.id()],
    };
    effects
        .events
        .push((conversation, Event::Conversation(event), scope));
    Ok(())
}

/// Which agents may receive frames about a conversation placed like `row`.
pub fn scope_of(row: &PlacementRow) -> Scope {
    Scope {
        team: row.team_id,
        agents: [row.assignee_id, None],
    }
}

/// Gives `agent` the conversation and remembers when (ties go to whoever waited longest).
pub async fn claim(
    tx: &mut Tx,
    conversation: ConversationId,
    agent: UserId,
    at: Timestamp,
) -> Result<bool, sqlx::Error> {
    let assigned = placements::assign(tx, conversation, agent).await?;
    if assigned {
        agents::mark_assigned(tx, agent, at).await?;
    }
    Ok(assigned)
}

/// Routes a new, reopened or left conversation: in an `auto` team to the least-loaded online
/// member below their limit (never `exclude`), else into the queue; in a `grab` team into the
/// queue, offered to every online member.
pub async fn route(
    tx: &mut Tx,
    effects: &mut Effects,
    conversation: ConversationRef,
    exclude: Option<UserId>,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    let row = placements::find(tx, conversation.project_id, conversation.id)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;
    let (team, mode) = match row.team_id {
        Some(team) => (team, row.mode),
        None => {
            let Some((team, mode)) = teams::default_of(tx, conversation.project_id).await? else {
                placements::enqueue(tx, conversation.id, now).await?;
                effects.queue_moved = true;
                return record(
                    tx,
                    effects,
                    conversation,
                    Change::Queued,
                    Actor::Parley,
                    None,
                    now,
                )
                .await;
            };
            placements::set_team(tx, conversation.id, team).await?;
            (team, mode)
        }
    };
    effects.queue_moved = true;
    if mode == RoutingMode::Grab {
        placements::enqueue(tx, conversation.id, now).await?;
        return record(
            tx,
            effects,
            conversation,
            Change::Offered,
            Actor::Parley,
            None,
            now,
        )
        .await;
    }
    let loads: Vec<AgentLoad> = agents::rows(tx, conversation.project_id, now)
        .await?
        .into_iter()
        .map(|row| row.load)
        .filter(|load| Some(load.id) != exclude)
        .collect();
    match choose_agent(&loads, team) {
        Some(agent) if claim(tx, conversation.id, agent, now).await? => {
            effects.roster_changed = true;
            record(
                tx,
                effects,
                conversation,
                Change::Assigned,
                Actor::Parley,
                None,
                now,
            )
            .await
        }
        _ => {
            placements::enqueue(tx, conversation.id, now).await?;
            record(
                tx,
                effects,
                conversation,
                Change::Queued,
                Actor::Parley,
                None,
                now,
            )
            .await
        }
    }
}

async fn auto_teams(tx: &mut Tx, project_id: ProjectId) -> Result<Vec<TeamId>, sqlx::Error> {
    let rows = sqlx::query("SELECT id FROM teams WHERE project_id = $1 AND routing_mode = 'auto'")
        .bind(project_id.to_string())
        .fetch_all(&mut **tx)
        .await?;
    Ok(rows
        .iter()
        .filter_map(|row| row.try_get::<String, _>("id").ok())
        .filter_map(|id| TeamId::parse(&id))
        .collect())
}

/// Capacity may have appeared: hands queued conversations of `auto` teams to agents with room,
/// strictly oldest first per team (`skip`: one conversation to leave waiting, the one its agent
/// just left). Reads only as many of each team's queue as its members have room for.
pub async fn drain(
    tx: &mut Tx,
    effects: &mut Effects,
    project_id: ProjectId,
    skip: Option<ConversationId>,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    let loads: Vec<AgentLoad> = agents::rows(tx, project_id, now)
        .await?
        .into_iter()
        .map(|row| row.load)
        .collect();
    let mut queue = Vec::new();
    for team in auto_teams(tx, project_id).await? {
        let room: u32 = loads
            .iter()
            .filter(|load| load.can_take(team))
            .map(|load| load.limit - load.open)
            .sum();
        if room > 0 {
            let wanted = i64::from(room) + i64::from(skip.is_some());
            queue.extend(placements::oldest_queued(tx, project_id, team, wanted).await?);
        }
    }
    queue.retain(|queued| Some(queued.id) != skip);
    let plan = plan_drain(&loads, &queue, now);
    for (index, (conversation_id, agent)) in plan.into_iter().enumerate() {
        // The same order as the plan's: later in the plan is more recently assigned.
        let at = Timestamp(now.0.saturating_add(index as i64));
        if !claim(tx, conversation_id, agent, at).await? {
            continue;
        }
        let row = placements::find(tx, project_id, conversation_id)
            .await?
            .ok_or(sqlx::Error::RowNotFound)?;
        effects.queue_moved = true;
        effects.roster_changed = true;
        record(
            tx,
            effects,
            row.conversation,
            Change::Assigned,
            Actor::Parley,
            None,
            now,
        )
        .await?;
    }
    Ok(())
}
