//! A socket arriving and leaving: presence (an agent's first workbench lets the queue drain to
//! them; visitors show as online), and the snapshot frames a client needs after its replay.
use super::AppState;
use super::broadcasts;
use super::chat::Participant;
use super::conversation_actions;
use super::db::conversation_list::{self, Asker};
use super::db::{agents, chat_settings, events, teams};
use super::hub::LiveFrame;
use crate::models::{CurrentUser, TeamId, Timestamp};
use crate::realtime::placement::WaitSettings;
use crate::realtime::protocol::ServerFrame;
use crate::routing::conversation_access::Viewer;

/// A socket of `participant` opened.
pub async fn connected(state: &AppState, participant: &Participant) {
    match participant {
        Participant::Agent(user) => {
            if let Err(error) = conversation_actions::agent_connected(state, user).await {
                tracing::warn!(?error, "cannot record an agent's presence");
            }
        }
        Participant::Visitor(visitor) => {
            let latest = match latest_conversation(state, participant).await {
                Ok(latest) => latest,
                Err(error) => {
                    tracing::warn!(%error, "cannot read a visitor's conversation");
                    None
                }
            };
            let changes = state
                .presence
                .visitor_connected(visitor.id, visitor.project_id, latest);
            state
                .broadcasts
                .visitors_changed(state, visitor.project_id, changes);
        }
    }
}

/// The teams of an agent, for deciding which conversations' live frames their socket gets
/// (read when the socket opens; a reconnect picks up changes).
pub async fn viewer_teams(state: &AppState, participant: &Participant) -> Vec<TeamId> {
    let Participant::Agent(user) = participant else {
        return Vec::new();
    };
    let teams = async {
        let mut tx = state.db.pool().begin().await?;
        let teams = teams::of_user(&mut tx, user.id).await?;
        tx.rollback().await?;
        Ok::<_, sqlx::Error>(teams)
    };
    teams.await.unwrap_or_else(|error| {
        tracing::warn!(%error, "cannot read an agent's teams");
        Vec::new()
    })
}

/// Whether a live frame may go to this participant's socket.
pub fn admits(participant: &Participant, teams: &[TeamId], frame: &LiveFrame) -> bool {
    match (participant, frame.scope) {
        (Participant::Agent(user), Some(scope)) => scope.admits(Viewer {
            id: user.id,
            role: user.role,
            teams,
        }),
        _ => true,
    }
}

/// A socket of `participant` closed.
pub fn disconnected(state: &AppState, participant: &Participant) {
    match participant {
        Participant::Agent(user) => conversation_actions::agent_disconnected(state, user),
        Participant::Visitor(visitor) => {
            let changes = state.presence.visitor_disconnected(visitor.id);
            state
                .broadcasts
                .visitors_changed(state, visitor.project_id, changes);
        }
    }
}

async fn latest_conversation(
    state: &AppState,
    participant: &Participant,
) -> Result<Option<crate::models::ConversationId>, sqlx::Error> {
    let Participant::Visitor(visitor) = participant else {
        return Ok(None);
    };
    let mut tx = state.db.pool().begin().await?;
    let latest = events::latest_conversation_of(&mut tx, visitor.id).await?;
    tx.rollback().await?;
    Ok(latest.map(|conversation| conversation.id))
}

/// The waiting thresholds and server clock, for agents (sent after `welcome`).
pub async fn wait_settings(state: &AppState, participant: &Participant) -> Option<ServerFrame> {
    let Participant::Agent(user) = participant else {
        return None;
    };
    match chat_settings::find(&state.db, user.project_id).await {
        Ok(Some(settings)) => Some(ServerFrame::WaitSettings(WaitSettings {
            soon_secs: settings.soon_secs,
            overdue_secs: settings.overdue_secs,
            server_now: Timestamp::now(),
        })),
        Ok(None) => None,
        Err(error) => {
            tracing::warn!(%error, "cannot read chat settings");
            None
        }
    }
}

/// The roster, and the conversations of visitors online among those `user` may see.
async fn agent_snapshots(
    state: &AppState,
    user: &CurrentUser,
) -> Result<Vec<ServerFrame>, sqlx::Error> {
    let agents = agents::roster(&state.db, user.project_id, Timestamp::now()).await?;
    state.broadcasts.roster_sent(user.project_id, &agents);
    let online = state.presence.online_conversations(user.project_id);
    let conversation_ids = conversation_list::visible_among(
        &state.db,
        user.project_id,
        Asker {
            id: user.id,
            role: user.role,
        },
        online,
    )
    .await?;
    Ok(vec![
        ServerFrame::Agents { agents },
        ServerFrame::VisitorsOnline { conversation_ids },
    ])
}

/// What a client gets once its replay is done: agents the roster and the visitors online;
/// a visitor whose conversation waits, their place in the queue.
pub async fn after_replay(state: &AppState, participant: &Participant) -> Vec<ServerFrame> {
    let frames = match participant {
        Participant::Agent(user) => agent_snapshots(state, user).await,
        Participant::Visitor(visitor) => match latest_conversation(state, participant).await {
            Ok(Some(conversation)) => {
                broadcasts::queue_frame_for(state, visitor.project_id, conversation)
                    .await
                    .map(|frame| frame.into_iter().collect())
            }
            Ok(None) => Ok(Vec::new()),
            Err(error) => Err(error),
        },
    };
    frames.unwrap_or_else(|error| {
        tracing::warn!(%error, "cannot gather the frames that follow a replay");
        Vec::new()
    })
}
