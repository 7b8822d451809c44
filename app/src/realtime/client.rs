//! The browser's socket: connect, `hello` with the last sequence seen, resend the outbox,
//! heartbeat, and reconnect with backoff. Frames go to the page through `on_frame`.
use super::protocol::{ClientFrame, PROTOCOL_VERSION, ServerFrame};
use futures::channel::mpsc::{UnboundedSender, unbounded};
use futures::{FutureExt, SinkExt, StreamExt};
use gloo_net::websocket::Message as WsMessage;
use gloo_net::websocket::futures::WebSocket;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

/// Application ping interval.
const PING_EVERY_MS: u64 = 20_000;
/// No frame for this long means the connection is dead.
const DEAD_AFTER_MS: f64 = 45_000.0;

/// Connection state, for the composer and a status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// Opening or re-opening.
    Connecting,
    /// `replayed` received: live.
    Live,
    /// Waiting before the next attempt.
    Offline,
}

enum Command {
    Frame(ClientFrame),
    Heartbeat,
}

/// A handle to send frames; cheap to clone.
#[derive(Clone)]
pub struct Client {
    commands: UnboundedSender<Command>,
}

impl Client {
    /// Queues a frame (sent now when connected, or after reconnecting).
    pub fn send(&self, frame: ClientFrame) {
        let _ = self.commands.unbounded_send(Command::Frame(frame));
    }
}

async fn sleep(ms: u64) {
    let (done, wait) = futures::channel::oneshot::channel::<()>();
    set_timeout(
        move || {
            let _ = done.send(());
        },
        Duration::from_millis(ms),
    );
    let _ = wait.await;
}

/// Opens the socket at `url` and keeps it open. `outbox` is consulted after every (re)connect
/// so unacknowledged sends go out again with their original `client_id`; `open` names the
/// conversations the page follows in detail (the workbench's open one; the widget none),
/// sent in every `hello`.
pub fn connect(
    url: String,
    link: WriteSignal<Link>,
    outbox: impl Fn() -> Vec<ClientFrame> + 'static,
    open: impl Fn() -> Vec<crate::models::ConversationId> + 'static,
    on_frame: impl Fn(ServerFrame) + 'static,
) -> Client {
    let (commands, mut queue) = unbounded::<Command>();
    let heartbeat = commands.clone();
    spawn_local(async move {
        loop {
            sleep(PING_EVERY_MS).await;
            if heartbeat.unbounded_send(Command::Heartbeat).is_err() {
                break;
            }
        }
    });
    let last_seq = Rc::new(Cell::new(0_i64));
    let last_heard = Rc::new(Cell::new(js_sys::Date::now()));
    // Trait objects, not generics: the page's handlers stay out of this loop's state machine
    // (the widget's bundle size is a promise).
    let on_frame: Rc<dyn Fn(ServerFrame)> = Rc::new(on_frame);
    let outbox: Rc<dyn Fn() -> Vec<ClientFrame>> = Rc::new(outbox);
    let open: Rc<dyn Fn() -> Vec<crate::models::ConversationId>> = Rc::new(open);
    spawn_local(async move {
        let mut backoff_ms = 1_000_u64;
        loop {
            link.set(Link::Connecting);
            if let Ok(socket) = WebSocket::open(&url) {
                let (mut writer, mut reader) = socket.split();
                let hello = ClientFrame::Hello {
                    version: PROTOCOL_VERSION,
                    last_seq: last_seq.get(),
                    open: open(),
                };
                let mut healthy = send(&mut writer, encode(&hello)).await;
                let mut live = false;
                last_heard.set(js_sys::Date::now());
                while healthy {
                    futures::select! {
                        incoming = reader.next().fuse() => {
                            let Some(Ok(WsMessage::Text(text))) = incoming else { break };
                            last_heard.set(js_sys::Date::now());
                            let Some(frame) = parse_server_frame(&text) else { continue };
                            if note_progress(&frame, &last_seq) {
                                link.set(Link::Live);
                                live = true;
                                backoff_ms = 1_000;
                                // Unacknowledged sends go out again with their client_id.
                                for frame in outbox() {
                                    healthy &= send(&mut writer, encode(&frame)).await;
                                }
                            }
                            on_frame(frame);
                        }
                        command = queue.next() => match command {
                            None => return,
                            Some(Command::Heartbeat) => {
                                if js_sys::Date::now() - last_heard.get() > DEAD_AFTER_MS {
                                    break;
                                }
                                healthy = send(&mut writer, encode(&ClientFrame::Ping { nonce: 0 })).await;
                            }
                            // Before `replayed`, sends wait in the outbox, which is flushed then.
                            Some(Command::Frame(frame)) => {
                                if live || !matches!(frame, ClientFrame::Send { .. }) {
                                    healthy = send(&mut writer, encode(&frame)).await;
                                }
                            }
                        }
                    }
                }
            }
            link.set(Link::Offline);
            let jitter = (js_sys::Math::random() * 500.0) as u64;
            sleep(backoff_ms + jitter).await;
            backoff_ms = (backoff_ms * 2).min(30_000);
        }
    });
    Client { commands }
}

/// Records the newest sequence number a frame carries; true for `replayed` and `resync`
/// (now live).
fn note_progress(frame: &ServerFrame, last_seq: &Cell<i64>) -> bool {
    let seen = match frame {
        ServerFrame::Event { event } => event.seq(),
        ServerFrame::Ack { message, .. } => message.seq,
        ServerFrame::Touched { seq, .. } => *seq,
        ServerFrame::Replayed { last_seq } | ServerFrame::Resync { last_seq } => *last_seq,
        _ => return false,
    };
    last_seq.set(last_seq.get().max(seen));
    matches!(
        frame,
        ServerFrame::Replayed { .. } | ServerFrame::Resync { .. }
    )
}

/// Reads one server frame; `None` for anything that is not a well-formed frame. The browser
/// parses the JSON ([`super::wire`]); frames only agents receive (assignment, team) are read
/// by serde, and only in builds that show them: the widget ignores them and stays small.
fn parse_server_frame(text: &str) -> Option<ServerFrame> {
    let frame =
        super::wire::node::parse(text).and_then(|json| super::wire::read::server_frame(&json));
    #[cfg(feature = "agent-frames")]
    if frame.is_none() {
        return serde_json::from_str(text).ok();
    }
    frame
}

/// A frame as JSON text (kept out of line so the writer exists once in the bundle). Agents'
/// own frames are written by serde, in the workbench only.
#[inline(never)]
fn encode(frame: &ClientFrame) -> String {
    let text = super::wire::write::client_frame(frame);
    #[cfg(feature = "agent-frames")]
    if text.is_none() {
        return serde_json::to_string(frame).unwrap_or_default();
    }
    text.unwrap_or_default()
}

/// Writes one text frame; false once the socket is gone. Empty text (a frame that could not
/// be encoded, which cannot happen for these types) is skipped.
async fn send<S>(writer: &mut S, text: String) -> bool
where
    S: futures::Sink<WsMessage> + Unpin,
{
    text.is_empty() || writer.send(WsMessage::Text(text)).await.is_ok()
}
