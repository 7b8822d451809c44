//! What agents do with conversations (pick, join, transfer, leave, close, processing, pin),
//! their status, and their workbench coming and going. Each runs as one routing transaction
//! under the project's numbering lock; capacity that appears drains the queue in the same
//! transaction; the changes are published after the commit.
use super::AppState;
use super::assign::{self, Actor, Effects};
use super::broadcasts::Refresh;
use super::chat::ChatError;
use super::db::{agents, events, placements, teams};
use super::hub::Topic;
use crate::models::{ConversationId, CurrentUser, ProjectId, Timestamp};
use crate::realtime::placement::{AgentAction, Change, parse_comment};
use crate::realtime::protocol::{ErrorCode, ServerFrame};
use crate::routing::agent_status::ChosenStatus;
use crate::routing::assignment::AgentStatus;
use crate::routing::conversation_access::{Action, Viewer, may};

fn not_found() -> ChatError {
    ChatError::new(ErrorCode::NotFound, "no such conversation")
}

/// An open routing transaction: the project's publish order is held, the numbering lock is
/// taken, and what it does is gathered to publish after the commit. Dropped without
/// `commit`, it rolls back and publishes nothing.
struct Routing {
    ordered: tokio::sync::OwnedMutexGuard<()>,
    tx: sqlx::Transaction<'static, sqlx::Any>,
    effects: Effects,
    project_id: ProjectId,
}

impl Routing {
    async fn begin(state: &AppState, project_id: ProjectId) -> Result<Self, ChatError> {
        let ordered = state.hub.project_lock(project_id).lock_owned().await;
        let mut tx = state.db.pool().begin().await?;
        events::lock_numbering(&mut tx, project_id).await?;
        Ok(Self {
            ordered,
            tx,
            effects: Effects::default(),
            project_id,
        })
    }

    async fn commit(self, state: &AppState) -> Result<(), ChatError> {
        self.tx.commit().await?;
        publish_effects(state, self.project_id, self.effects);
        drop(self.ordered);
        Ok(())
    }
}

/// Publishes a committed routing transaction's events (agents only) and asks for the roster
/// and queue places to be sent again where they changed.
pub fn publish_effects(state: &AppState, project_id: ProjectId, effects: Effects) {
    for (conversation, event, scope) in effects.events {
        state.relay.announce(conversation.project_id, event.seq());
        state.hub.publish_scoped(
            &[Topic::Agents(conversation.project_id)],
            ServerFrame::Event { event },
            Some(scope),
        );
    }
    if effects.roster_changed {
        state.broadcasts.request(state, project_id, Refresh::Roster);
    }
    if effects.queue_moved {
        state.broadcasts.request(state, project_id, Refresh::Queue);
    }
}

/// Carries out an agent's action on a conversation.
pub async fn act(
    state: &AppState,
    user: &CurrentUser,
    conversation_id: ConversationId,
    action: AgentAction,
) -> Result<(), ChatError> {
    let comment = match &action {
        AgentAction::Transfer { comment, .. } => Some(parse_comment(comment).ok_or_else(|| {
            ChatError::new(
                ErrorCode::InvalidAction,
                "the comment is longer than 1000 characters",
            )
        })?),
        _ => None,
    };
    let mut routing = Routing::begin(state, user.project_id).await?;
    let (tx, effects) = (&mut routing.tx, &mut routing.effects);
    {
        let now = Timestamp::now();
        let row = placements::find(tx, user.project_id, conversation_id)
            .await?
            .ok_or_else(not_found)?;
        let my_teams = teams::of_user(tx, user.id).await?;
        let viewer = Viewer {
            id: user.id,
            role: user.role,
            teams: &my_teams,
        };
        let placement = row.access();
        if !may(viewer, placement, Action::See) {
            return Err(not_found());
        }
        let allowed = |action| {
            if may(viewer, placement, action) {
                Ok(())
            } else {
                Err(ChatError::new(
                    ErrorCode::Forbidden,
                    "you may not do this with this conversation",
                ))
            }
        };
        let conversation = row.conversation;
        let actor = Actor::Agent(user);
        match action {
            AgentAction::Pick | AgentAction::Join { .. } => {
                let seen_serving = match action {
                    AgentAction::Join { from } => from,
                    _ => None,
                };
                if row.assignee_id == Some(user.id) {
                    return Err(ChatError::new(
                        ErrorCode::InvalidAction,
                        "you already serve it",
                    ));
                }
                if row.assignee_id != seen_serving {
                    return Err(ChatError::new(
                        ErrorCode::Taken,
                        "another agent took this conversation first",
                    ));
                }
                let change = if row.assignee_id.is_none() {
                    allowed(Action::Pick)?;
                    Change::Picked
                } else {
                    allowed(Action::Join)?;
                    Change::Joined
                };
                take_within_limit(tx, user, conversation_id, now).await?;
                assign::record(tx, effects, conversation, change, actor, None, now).await?;
                effects.roster_changed = true;
                effects.queue_moved = true;
                if change == Change::Joined {
                    // The previous agent has room again.
                    assign::drain(tx, effects, user.project_id, None, now).await?;
                }
            }
            AgentAction::Transfer { to, .. } => {
                allowed(Action::Transfer)?;
                if Some(to) == row.assignee_id {
                    return Err(ChatError::new(
                        ErrorCode::InvalidAction,
                        "they already serve it",
                    ));
                }
                let agents = agents::rows(tx, user.project_id, now).await?;
                let target = agents
                    .iter()
                    .find(|agent| agent.load.id == to)
                    .ok_or_else(|| ChatError::new(ErrorCode::InvalidAction, "no such agent"))?;
                if target.load.status != AgentStatus::Online {
                    return Err(ChatError::new(
                        ErrorCode::InvalidAction,
                        "that agent is not online",
                    ));
                }
                if target.load.open >= target.load.limit {
                    // Not `at_limit`: that code speaks of the acting agent's own limit.
                    return Err(ChatError::new(
                        ErrorCode::InvalidAction,
                        "that agent is at their conversation limit",
                    ));
                }
                if !assign::claim(tx, conversation_id, to, now).await? {
                    return Err(ChatError::new(
                        ErrorCode::InvalidAction,
                        "the conversation is closed",
                    ));
                }
                assign::record(
                    tx,
                    effects,
                    conversation,
                    Change::Transferred,
                    actor,
                    comment,
                    now,
                )
                .await?;
                effects.roster_changed = true;
                assign::drain(tx, effects, user.project_id, None, now).await?;
            }
            AgentAction::Leave => {
                allowed(Action::Leave)?;
                placements::enqueue(tx, conversation_id, now).await?;
                assign::record(tx, effects, conversation, Change::Left, actor, None, now).await?;
                assign::route(tx, effects, conversation, Some(user.id), now).await?;
                effects.roster_changed = true;
                assign::drain(tx, effects, user.project_id, Some(conversation_id), now).await?;
            }
            AgentAction::Close => {
                allowed(Action::Close)?;
                placements::close(tx, conversation_id).await?;
                assign::record(tx, effects, conversation, Change::Closed, actor, None, now).await?;
                effects.roster_changed = true;
                effects.queue_moved = true;
                assign::drain(tx, effects, user.project_id, None, now).await?;
            }
            AgentAction::Processing => {
                allowed(Action::MarkProcessing)?;
                if !row.on_hold {
                    placements::set_on_hold(tx, conversation_id, true).await?;
                    assign::record(
                        tx,
                        effects,
                        conversation,
                        Change::Processing,
                        actor,
                        None,
                        now,
                    )
                    .await?;
                }
            }
            AgentAction::Pin { pinned } => {
                allowed(Action::Pin)?;
                if row.pinned != pinned {
                    placements::set_pinned(tx, conversation_id, pinned).await?;
                    let change = if pinned {
                        Change::Pinned
                    } else {
                        Change::Unpinned
                    };
                    assign::record(tx, effects, conversation, change, actor, None, now).await?;
                }
            }
        }
    }
    routing.commit(state).await
}

/// Gives the user the conversation if they are below their limit.
async fn take_within_limit(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    user: &CurrentUser,
    conversation_id: ConversationId,
    now: Timestamp,
) -> Result<(), ChatError> {
    let agents = agents::rows(tx, user.project_id, now).await?;
    let me = agents.iter().find(|agent| agent.load.id == user.id);
    if me.is_none_or(|me| me.load.open >= me.load.limit) {
        return Err(ChatError::new(
            ErrorCode::AtLimit,
            "you already serve as many conversations as your limit allows",
        ));
    }
    if assign::claim(tx, conversation_id, user.id, now).await? {
        Ok(())
    } else {
        Err(ChatError::new(
            ErrorCode::InvalidAction,
            "the conversation is closed",
        ))
    }
}

/// Stores the agent's chosen status; going online drains the queue.
pub async fn set_status(
    state: &AppState,
    user: &CurrentUser,
    status: ChosenStatus,
) -> Result<(), ChatError> {
    let mut routing = Routing::begin(state, user.project_id).await?;
    agents::set_chosen_status(&mut routing.tx, user.id, status).await?;
    routing.effects.roster_changed = true;
    if status == ChosenStatus::Online {
        let now = Timestamp::now();
        assign::drain(
            &mut routing.tx,
            &mut routing.effects,
            user.project_id,
            None,
            now,
        )
        .await?;
    }
    routing.commit(state).await
}

/// An agent's workbench connected: vouch for their presence and, on their first socket
/// here, let the queue drain to them.
pub async fn agent_connected(state: &AppState, user: &CurrentUser) -> Result<(), ChatError> {
    let first = state.presence.agent_connected(user.id, user.project_id);
    let until = Timestamp::now().plus_secs(state.presence_grace_secs);
    let mut routing = Routing::begin(state, user.project_id).await?;
    agents::vouch(&mut routing.tx, &[user.id], until).await?;
    if first {
        routing.effects.roster_changed = true;
        let now = Timestamp::now();
        assign::drain(
            &mut routing.tx,
            &mut routing.effects,
            user.project_id,
            None,
            now,
        )
        .await?;
    }
    routing.commit(state).await
}

/// An agent's socket closed. After the grace period, if no workbench of theirs came back,
/// the roster shows them offline (their stored presence has lapsed by then).
pub fn agent_disconnected(state: &AppState, user: &CurrentUser) {
    if !state.presence.agent_disconnected(user.id) {
        return;
    }
    let state = state.clone();
    let (user_id, project_id) = (user.id, user.project_id);
    let grace = std::time::Duration::from_secs(
        u64::try_from(state.presence_grace_secs.max(0)).unwrap_or(0) + 1,
    );
    tokio::spawn(async move {
        tokio::time::sleep(grace).await;
        if !state.presence.agent_is_connected(user_id) {
            state
                .broadcasts
                .request(&state, project_id, Refresh::Roster);
        }
    });
}

/// Drains a project's queue if capacity appeared without an event here: a limit raised from
/// outside (the command line, another server process), an agent who came online on another
/// node. The timer job calls it; every claim is as atomic as always.
pub async fn drain_queue(state: &AppState, project_id: ProjectId) -> Result<(), ChatError> {
    let mut routing = Routing::begin(state, project_id).await?;
    let now = Timestamp::now();
    assign::drain(&mut routing.tx, &mut routing.effects, project_id, None, now).await?;
    routing.commit(state).await
}

/// Takes a member out of routing (deactivated): in one transaction they stop counting as an
/// agent (`set_inactive` runs first, under the lock), and every open conversation they served
/// goes back to routing, to another agent or the queue, never lost.
pub async fn hand_back_all(
    state: &AppState,
    member: &CurrentUser,
    set_inactive: impl AsyncFnOnce(&mut sqlx::AnyConnection) -> Result<bool, sqlx::Error>,
) -> Result<bool, ChatError> {
    let mut routing = Routing::begin(state, member.project_id).await?;
    if !set_inactive(&mut *routing.tx).await? {
        return Ok(false);
    }
    let (tx, effects) = (&mut routing.tx, &mut routing.effects);
    let now = Timestamp::now();
    for conversation_id in placements::open_of_agent(tx, member.id).await? {
        let Some(row) = placements::find(tx, member.project_id, conversation_id).await? else {
            continue;
        };
        placements::enqueue(tx, conversation_id, now).await?;
        let actor = Actor::Agent(member);
        assign::record(
            tx,
            effects,
            row.conversation,
            Change::Left,
            actor,
            None,
            now,
        )
        .await?;
        assign::route(tx, effects, row.conversation, Some(member.id), now).await?;
    }
    effects.roster_changed = true;
    effects.queue_moved = true;
    routing.commit(state).await?;
    Ok(true)
}

/// Closes a conversation nobody wrote in for its project's auto-close hours (the timer job).
pub async fn auto_close(
    state: &AppState,
    project_id: ProjectId,
    conversation_id: ConversationId,
) -> Result<(), ChatError> {
    let mut routing = Routing::begin(state, project_id).await?;
    let (tx, effects) = (&mut routing.tx, &mut routing.effects);
    {
        let now = Timestamp::now();
        let Some(row) = placements::find(tx, project_id, conversation_id).await? else {
            return Ok(());
        };
        if row.closed {
            return Ok(());
        }
        placements::close(tx, conversation_id).await?;
        assign::record(
            tx,
            effects,
            row.conversation,
            Change::AutoClosed,
            Actor::Parley,
            None,
            now,
        )
        .await?;
        effects.roster_changed = true;
        effects.queue_moved = true;
        assign::drain(tx, effects, project_id, None, now).await?;
    }
    routing.commit(state).await
}
