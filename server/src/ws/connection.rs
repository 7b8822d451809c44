//! One socket's life: `hello` ([`super::hello`]), then live frames and client frames until
//! either side goes away. Heartbeats find dead peers.
use super::hello;
use super::resume::Follows;
use app::backend::AppState;
use app::backend::chat::{self, Participant};
use app::backend::{arrivals, conversation_actions};
use app::models::TeamId;
use app::realtime::protocol::{
    ClientFrame, ErrorCode, ServerFrame, error_frame, parse_client_frame,
};
use axum::extract::ws::{Message as WsMessage, WebSocket};
use std::collections::HashSet;
use std::time::Duration;
use tokio::time::{Instant, interval};

/// How often the server pings.
const PING_EVERY: Duration = Duration::from_secs(20);
/// A peer silent this long (no frame, no pong) is gone.
const DEAD_AFTER: Duration = Duration::from_secs(50);
/// Why a socket loop ended.
pub(super) enum End {
    Closed,
}

/// What one socket remembers between frames.
#[derive(Default)]
pub(super) struct SocketState {
    /// Set once `hello` was answered and the missed events replayed up to this sequence.
    replayed_up_to: Option<i64>,
    /// Which conversations' details (messages, reads, typing) this socket receives.
    pub(super) follows: Follows,
    /// Messages this socket sent and got acked: their live echo is not sent back to it.
    acked: HashSet<i64>,
    /// A widget reports the page it was loaded on once per socket (each page load opens one).
    page_view_recorded: bool,
    /// An agent's teams: which conversations' live frames this socket gets.
    teams: Vec<TeamId>,
}

pub async fn run(state: AppState, participant: Participant, mut socket: WebSocket) {
    let mut last_heard = Instant::now();
    // Subscribe before replaying, so nothing committed in between is missed; frames already
    // replayed are skipped by sequence number.
    let mut subscription = state
        .hub
        .subscribe(participant.topic(), participant.account());
    let mut remembered = SocketState {
        teams: arrivals::viewer_teams(&state, &participant).await,
        ..SocketState::default()
    };
    let mut pinger = interval(PING_EVERY);
    arrivals::connected(&state, &participant).await;
    loop {
        tokio::select! {
            incoming = socket.recv() => {
                let Some(Ok(incoming)) = incoming else { break };
                last_heard = Instant::now();
                let text = match incoming {
                    WsMessage::Text(text) => text.to_string(),
                    WsMessage::Binary(_) => {
                        let refusal = error_frame(ErrorCode::Malformed, "frames are JSON text", None);
                        if send(&mut socket, &refusal).await.is_err() { break }
                        continue;
                    }
                    WsMessage::Close(_) => break,
                    WsMessage::Ping(_) | WsMessage::Pong(_) => continue,
                };
                // Boxed: the frame handler's state (database futures) lives on the heap only
                // while a frame is handled, so an idle socket's task stays small.
                match Box::pin(handle(&state, &participant, &mut socket, &text, &mut remembered)).await {
                    Ok(()) => {}
                    Err(End::Closed) => break,
                }
            }
            live = subscription.frames.recv() => {
                // The hub dropped us (too slow): close, the client resumes from the database.
                let Some(frame) = live else { break };
                let Some(up_to) = remembered.replayed_up_to else { continue };
                // Already replayed, or this socket's own acked message: skip.
                if frame.event_seq.is_some_and(|seq| seq <= up_to || remembered.acked.remove(&seq)) {
                    continue;
                }
                if !arrivals::admits(&participant, &remembered.teams, &frame) {
                    continue;
                }
                // A conversation this agent does not follow: only that its row changed.
                let text = match frame.detail_of {
                    Some(conversation) if !remembered.follows.details_of(conversation) => {
                        match &frame.touch {
                            Some(touch) => touch.clone(),
                            None => continue,
                        }
                    }
                    _ => frame.text.clone(),
                };
                if socket.send(WsMessage::Text(text)).await.is_err() { break }
            }
            _ = pinger.tick() => {
                if last_heard.elapsed() > DEAD_AFTER { break }
                if socket.send(WsMessage::Ping(Vec::new().into())).await.is_err() { break }
            }
        }
    }
    arrivals::disconnected(&state, &participant);
    let _ = socket.send(WsMessage::Close(None)).await;
}

/// A blacklisted visitor's socket: says so once, then closes.
pub async fn refuse_blocked(mut socket: WebSocket) {
    let refusal = error_frame(
        ErrorCode::Blocked,
        "this visitor may not chat with this project",
        None,
    );
    let _ = send(&mut socket, &refusal).await;
    let _ = socket.send(WsMessage::Close(None)).await;
}

async fn handle(
    state: &AppState,
    participant: &Participant,
    socket: &mut WebSocket,
    text: &str,
    remembered: &mut SocketState,
) -> Result<(), End> {
    let frame = match parse_client_frame(text) {
        Ok(frame) => frame,
        Err(refusal) => return send(socket, &refusal).await,
    };
    let Some(replayed_up_to) = remembered.replayed_up_to else {
        let ClientFrame::Hello {
            version,
            last_seq,
            open,
        } = frame
        else {
            return send(
                socket,
                &error_frame(ErrorCode::HelloFirst, "send hello first", None),
            )
            .await;
        };
        let hello = (version, last_seq, open);
        remembered.replayed_up_to =
            hello::answer(state, participant, socket, remembered, hello).await?;
        return Ok(());
    };
    match frame {
        ClientFrame::Hello { .. } => {
            send(
                socket,
                &error_frame(ErrorCode::Malformed, "hello was already sent", None),
            )
            .await
        }
        ClientFrame::Send {
            client_id,
            conversation_id,
            body,
            content,
        } => {
            match chat::send_message(
                state,
                participant,
                client_id,
                conversation_id,
                &body,
                content,
            )
            .await
            {
                Ok(message) => {
                    // Only a fresh commit is echoed by the hub; a retried id is not.
                    if message.seq > replayed_up_to {
                        remembered.acked.insert(message.seq);
                    }
                    send(socket, &ServerFrame::Ack { client_id, message }).await
                }
                Err(error) => send(socket, &error.frame(Some(client_id))).await,
            }
        }
        ClientFrame::Typing { conversation_id } => {
            match chat::typing(state, participant, conversation_id).await {
                Ok(()) => Ok(()),
                Err(error) => send(socket, &error.frame(None)).await,
            }
        }
        ClientFrame::Read {
            conversation_id,
            seq,
        } => match chat::mark_read(state, participant, conversation_id, seq).await {
            Ok(()) => Ok(()),
            Err(error) => send(socket, &error.frame(None)).await,
        },
        ClientFrame::PageView {
            url,
            title,
            referrer,
        } => {
            if remembered.page_view_recorded {
                let refusal = error_frame(
                    ErrorCode::RateLimited,
                    "one page_view per connection: each page load opens its own",
                    None,
                );
                return send(socket, &refusal).await;
            }
            match chat::record_page_view(state, participant, &url, &title, &referrer).await {
                Ok(()) => {
                    remembered.page_view_recorded = true;
                    Ok(())
                }
                Err(error) => send(socket, &error.frame(None)).await,
            }
        }
        ClientFrame::Act {
            request_id,
            conversation_id,
            action,
        } => {
            let outcome = match participant {
                Participant::Agent(user) => {
                    conversation_actions::act(state, user, conversation_id, action).await
                }
                Participant::Visitor(_) => Err(agents_only()),
            };
            match outcome {
                Ok(()) => send(socket, &ServerFrame::Acted { request_id }).await,
                Err(error) => send(socket, &error.frame(Some(request_id))).await,
            }
        }
        ClientFrame::SetStatus { status } => {
            let outcome = match participant {
                Participant::Agent(user) => {
                    conversation_actions::set_status(state, user, status).await
                }
                Participant::Visitor(_) => Err(agents_only()),
            };
            match outcome {
                Ok(()) => Ok(()),
                Err(error) => send(socket, &error.frame(None)).await,
            }
        }
        ClientFrame::Subscribe { conversation_id } => {
            hello::follow(state, participant, socket, remembered, conversation_id).await
        }
        ClientFrame::Unsubscribe { conversation_id } => {
            hello::unfollow(remembered, conversation_id);
            Ok(())
        }
        ClientFrame::Ping { nonce } => send(socket, &ServerFrame::Pong { nonce }).await,
    }
}

fn agents_only() -> chat::ChatError {
    chat::ChatError {
        code: ErrorCode::Forbidden,
        message: "only agents do this".to_owned(),
    }
}

pub(super) async fn send(socket: &mut WebSocket, frame: &ServerFrame) -> Result<(), End> {
    let text = serde_json::to_string(frame).map_err(|error| {
        tracing::error!(%error, "cannot encode a server frame");
        End::Closed
    })?;
    socket
        .send(WsMessage::Text(text.into()))
        .await
        .map_err(|_| End::Closed)
}
