//! Answering `hello`: the version check, `welcome`, the agent's wait settings, then what the
//! socket missed ([`resume::start`]): a replay ending in `replayed`, nothing, or `resync`;
//! then the roster and online visitors. Also `subscribe` and `unsubscribe`, which change what
//! a protocol-2 agent socket follows.
use super::connection::{End, SocketState, send};
use super::resume::{self, Start};
use app::backend::AppState;
use app::backend::arrivals;
use app::backend::chat::{self, Participant};
use app::models::{ConversationId, Timestamp};
use app::realtime::protocol::{
    ErrorCode, MAX_SUBSCRIPTIONS, OLDEST_PROTOCOL_VERSION, PROTOCOL_VERSION, ServerFrame,
    error_frame,
};
use axum::extract::ws::WebSocket;

/// Events replayed per database page.
const REPLAY_PAGE: i64 = 500;

/// Answers `hello`; on success the socket is live from the returned sequence number.
pub async fn answer(
    state: &AppState,
    participant: &Participant,
    socket: &mut WebSocket,
    remembered: &mut SocketState,
    (version, last_seq, open): (u32, i64, Vec<ConversationId>),
) -> Result<Option<i64>, End> {
    if !(OLDEST_PROTOCOL_VERSION..=PROTOCOL_VERSION).contains(&version) {
        let message =
            format!("this server speaks versions {OLDEST_PROTOCOL_VERSION} to {PROTOCOL_VERSION}");
        let refusal = error_frame(ErrorCode::UnsupportedVersion, message, None);
        send(socket, &refusal).await?;
        return Ok(None);
    }
    remembered.follows.scoped = version >= 2 && matches!(participant, Participant::Agent(_));
    let role = participant.kind();
    send(socket, &ServerFrame::Welcome { version, role }).await?;
    for conversation in open {
        follow(state, participant, socket, remembered, conversation).await?;
    }
    if let Some(settings) = arrivals::wait_settings(state, participant).await {
        send(socket, &settings).await?;
    }
    let after = last_seq.max(0);
    let scoped = remembered.follows.scoped;
    // Only protocol-2 agents can start other than by a replay: nobody else pays for asking.
    let start = if scoped {
        match chat::resume_point(state, participant, after).await {
            Ok((head, first_missed_at)) => {
                let start = resume::start(true, after, head, first_missed_at, Timestamp::now());
                (start, head)
            }
            Err(error) => {
                send(socket, &error.frame(None)).await?;
                return Err(End::Closed);
            }
        }
    } else {
        (Start::Replay, after)
    };
    let live_from = match start {
        (Start::Replay, _) => replay(state, participant, socket, remembered, after).await?,
        (Start::Fresh, head) => {
            let last_seq = head.max(after);
            send(socket, &ServerFrame::Replayed { last_seq }).await?;
            last_seq
        }
        (Start::Resync, head) => {
            send(socket, &ServerFrame::Resync { last_seq: head }).await?;
            head
        }
    };
    for frame in arrivals::after_replay(state, participant).await {
        send(socket, &frame).await?;
    }
    Ok(Some(live_from))
}

/// `subscribe`: follow `conversation` in detail, if this agent may see it.
pub async fn follow(
    state: &AppState,
    participant: &Participant,
    socket: &mut WebSocket,
    remembered: &mut SocketState,
    conversation: ConversationId,
) -> Result<(), End> {
    if !matches!(participant, Participant::Agent(_)) {
        let refusal = error_frame(ErrorCode::Forbidden, "only agents subscribe", None);
        return send(socket, &refusal).await;
    }
    let open = &mut remembered.follows.open;
    if open.len() >= MAX_SUBSCRIPTIONS && !open.contains(&conversation) {
        let message = format!("at most {MAX_SUBSCRIPTIONS} conversations are followed at once");
        return send(socket, &error_frame(ErrorCode::AtLimit, message, None)).await;
    }
    match chat::visible(state, participant, conversation).await {
        Ok(_) => {
            remembered.follows.open.insert(conversation);
            Ok(())
        }
        Err(error) => send(socket, &error.frame(None)).await,
    }
}

/// `unsubscribe`: stop following `conversation` in detail.
pub fn unfollow(remembered: &mut SocketState, conversation: ConversationId) {
    remembered.follows.open.remove(&conversation);
}

/// Sends every visible event after `after` that the socket follows, then `replayed`; returns
/// the last sequence number covered.
async fn replay(
    state: &AppState,
    participant: &Participant,
    socket: &mut WebSocket,
    remembered: &SocketState,
    after: i64,
) -> Result<i64, End> {
    let mut last = after;
    loop {
        let page = match chat::events_after(state, participant, last, REPLAY_PAGE).await {
            Ok(page) => page,
            Err(error) => {
                send(socket, &error.frame(None)).await?;
                return Err(End::Closed);
            }
        };
        let full_page = page.len() as i64 == REPLAY_PAGE;
        for event in page {
            last = event.seq();
            if remembered.follows.replays(&event) {
                send(socket, &ServerFrame::Event { event }).await?;
            }
        }
        if !full_page {
            break;
        }
    }
    send(socket, &ServerFrame::Replayed { last_seq: last }).await?;
    Ok(last)
}
