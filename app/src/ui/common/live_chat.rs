//! Wiring a page to the realtime client: frames fold into a [`ChatLog`], typing notices show
//! for a few seconds, and the outbox is the log's pending lines. Agents' builds also keep the
//! roster, online visitors, wait settings and request outcomes ([`AgentFeeds`]); the widget's
//! build leaves all of that out (feature `agent-frames`).
#[cfg(feature = "agent-frames")]
use super::agent_feeds::AgentFeeds;
use crate::models::{ConversationId, Timestamp};
use crate::realtime::chat_log::{ChatLog, OutboxEntry};
use crate::realtime::protocol::{AuthorKind, ClientFrame, Content};
use leptos::prelude::*;
use uuid::Uuid;

/// A page's live chat state.
#[derive(Clone, Copy)]
pub struct LiveChat {
    /// Everything received and written.
    pub log: RwSignal<ChatLog>,
    /// The conversation someone on the other side is typing in, if any.
    pub typing_in: RwSignal<Option<ConversationId>>,
    /// Whether the socket is live (false while connecting or offline).
    pub live: RwSignal<bool>,
    /// Messages from the other side that arrived after the first replay (history loaded at
    /// page start does not count; messages missed during a reconnect do).
    pub arrivals: RwSignal<u64>,
    /// Roster, online visitors, wait settings and request outcomes (agents only).
    #[cfg(feature = "agent-frames")]
    pub feeds: AgentFeeds,
    /// The newest read receipt sent per conversation (not sent twice while the echo is on
    /// its way).
    receipts_sent: StoredValue<Vec<(ConversationId, i64)>>,
    #[cfg(feature = "browser")]
    client: StoredValue<Option<crate::realtime::client::Client>, LocalStorage>,
}

impl LiveChat {
    /// Fresh state; nothing connects until [`LiveChat::connect`].
    pub fn new() -> Self {
        Self {
            log: RwSignal::new(ChatLog::default()),
            typing_in: RwSignal::new(None),
            live: RwSignal::new(false),
            arrivals: RwSignal::new(0),
            #[cfg(feature = "agent-frames")]
            feeds: AgentFeeds::new(),
            receipts_sent: StoredValue::new(Vec::new()),
            #[cfg(feature = "browser")]
            client: StoredValue::new_local(None),
        }
    }

    /// Opens the socket (browser only).
    #[cfg(feature = "browser")]
    pub fn connect(self, url: String) {
        use crate::realtime::client::{Link, connect};
        let (link, set_link) = signal(Link::Connecting);
        Effect::new(move |_| self.live.set(link.get() == Link::Live));
        let log = self.log;
        let outbox = move || {
            log.with_untracked(|log| {
                log.pending()
                    .into_iter()
                    .map(|line| ClientFrame::Send {
                        client_id: line.client_id,
                        conversation_id: line.conversation_id,
                        body: line.body,
                        content: line.content,
                    })
                    .collect()
            })
        };
        let typing_in = self.typing_in;
        let arrivals = self.arrivals;
        let history_loaded = StoredValue::new(false);
        // Between `welcome` and `replayed` the server replays history: nothing there is news.
        #[cfg(feature = "agent-frames")]
        let replaying = StoredValue::new(true);
        #[cfg(feature = "agent-frames")]
        let feeds = self.feeds;
        let typing_generation = StoredValue::new(0_u64);
        use crate::realtime::protocol::ServerFrame;
        let on_frame = move |frame: ServerFrame| {
            if let ServerFrame::Typing {
                conversation_id, ..
            } = frame
            {
                typing_in.set(Some(conversation_id));
                let generation = typing_generation.get_value() + 1;
                typing_generation.set_value(generation);
                set_timeout(
                    move || {
                        if typing_generation.get_value() == generation {
                            typing_in.set(None);
                        }
                    },
                    std::time::Duration::from_secs(4),
                );
                return;
            }
            #[cfg(feature = "agent-frames")]
            {
                if feeds.apply(&frame, client_now()) {
                    return;
                }
                match &frame {
                    ServerFrame::Welcome { .. } => replaying.set_value(true),
                    ServerFrame::Replayed { .. } | ServerFrame::Resync { .. } => {
                        replaying.set_value(false)
                    }
                    ServerFrame::Event {
                        event: crate::realtime::protocol::Event::Conversation(change),
                    } if !replaying.get_value()
                        && !log.with_untracked(|log| log.has_change(change.seq)) =>
                    {
                        feeds
                            .fresh_changes
                            .update(|fresh| fresh.push(change.clone()));
                    }
                    _ => {}
                }
                if matches!(frame, ServerFrame::Event { .. }) && !replaying.get_value() {
                    feeds.list_changes.update(|count| *count += 1);
                }
            }
            if matches!(frame, ServerFrame::Event { .. }) {
                typing_in.set(None);
            }
            if matches!(
                frame,
                ServerFrame::Replayed { .. } | ServerFrame::Resync { .. }
            ) {
                history_loaded.set_value(true);
            }
            let fresh = log.try_update(|log| log.apply(&frame)).unwrap_or(false);
            if fresh && history_loaded.get_value() {
                arrivals.update(|count| *count += 1);
            }
        };
        // The workbench follows its open conversation in detail; the widget follows all of
        // its own.
        #[cfg(feature = "agent-frames")]
        let open = move || feeds.following.get_untracked().into_iter().collect();
        #[cfg(not(feature = "agent-frames"))]
        let open = Vec::new;
        let client = connect(url, set_link, outbox, open, on_frame);
        self.client.set_value(Some(client));
    }

    /// Writes a message: shown at once as pending, sent when the socket is live. Plain text
    /// and notes need a body; files, review prompts and ratings may go without.
    pub fn send(
        self,
        author: AuthorKind,
        conversation_id: Option<ConversationId>,
        body: &str,
        content: Content,
    ) {
        let body = body.trim();
        if body.is_empty() && matches!(content, Content::Text | Content::Note) {
            return;
        }
        let client_id = Uuid::new_v4();
        self.log.update(|log| {
            log.add_pending(
                client_id,
                conversation_id,
                author,
                body.to_owned(),
                content.clone(),
            )
        });
        self.frame(ClientFrame::Send {
            client_id,
            conversation_id,
            body: body.to_owned(),
            content,
        });
    }

    /// Tells the other side that `reader` has seen `conversation` up to their newest message,
    /// when that is news (reactive: call it from an effect and it re-runs as messages arrive).
    pub fn mark_seen(self, conversation: ConversationId, reader: AuthorKind) {
        let Some(seq) = self.log.with(|log| log.receipt_due(conversation, reader)) else {
            return;
        };
        let sent = self.receipts_sent.with_value(|sent| {
            sent.iter()
                .any(|(id, up_to)| *id == conversation && *up_to >= seq)
        });
        if sent || !self.live.get() {
            return;
        }
        self.receipts_sent.update_value(|sent| {
            sent.retain(|(id, _)| *id != conversation);
            sent.push((conversation, seq));
        });
        self.frame(ClientFrame::Read {
            conversation_id: conversation,
            seq,
        });
    }

    /// Sends a failed message again with its original `client_id` (the user pressed Retry).
    pub fn retry(self, client_id: Uuid) {
        let line = self
            .log
            .try_update(|log| {
                log.retry(client_id)
                    .then(|| {
                        log.lines()
                            .iter()
                            .find(|line| line.client_id == client_id)
                            .cloned()
                    })
                    .flatten()
            })
            .flatten();
        if let Some(line) = line {
            self.frame(ClientFrame::Send {
                client_id,
                conversation_id: line.conversation_id,
                body: line.body,
                content: line.content,
            });
        }
    }

    /// Puts sends saved before a reload back in the outbox; they go out (with their
    /// original ids) once the socket is live.
    pub fn restore_outbox(self, author: AuthorKind, entries: Vec<OutboxEntry>) {
        self.log.update(|log| {
            for entry in entries {
                log.add_pending(
                    entry.client_id,
                    entry.conversation_id,
                    author,
                    entry.body,
                    entry.content,
                );
            }
        });
    }

    /// Asks the server to act on a conversation (pick, join, transfer...). The answer is
    /// remembered in [`AgentFeeds::requests`] under the returned request id.
    #[cfg(feature = "agent-frames")]
    pub fn act(
        self,
        conversation_id: ConversationId,
        action: crate::realtime::placement::AgentAction,
    ) -> Uuid {
        let request_id = Uuid::new_v4();
        self.feeds
            .requests
            .update(|requests| requests.record(request_id, conversation_id));
        self.frame(ClientFrame::Act {
            request_id,
            conversation_id,
            action,
        });
        request_id
    }

    /// Sets the agent's status (a new `agents` frame shows it once it took effect).
    #[cfg(feature = "agent-frames")]
    pub fn set_status(self, status: crate::routing::agent_status::ChosenStatus) {
        self.frame(ClientFrame::SetStatus { status });
    }

    /// Sends a frame that is not stored (typing, read).
    pub fn frame(self, frame: ClientFrame) {
        #[cfg(feature = "browser")]
        // A page going away may still send (a conversation unsubscribing as it closes).
        self.client.try_with_value(|client| {
            if let Some(client) = client {
                client.send(frame);
            }
        });
        #[cfg(not(feature = "browser"))]
        let _ = frame;
    }
}

impl Default for LiveChat {
    fn default() -> Self {
        Self::new()
    }
}

/// This browser's clock (the server's on the server, where nothing ticks).
pub fn client_now() -> Timestamp {
    #[cfg(feature = "browser")]
    {
        Timestamp(js_sys::Date::now() as i64)
    }
    #[cfg(all(not(feature = "browser"), not(target_arch = "wasm32")))]
    {
        Timestamp::now()
    }
    #[cfg(all(not(feature = "browser"), target_arch = "wasm32"))]
    {
        Timestamp(0)
    }
}

/// `ws://` or `wss://` plus this page's host and `path_and_query`.
#[cfg(feature = "browser")]
pub fn socket_url(path_and_query: &str) -> Option<String> {
    let location = web_sys::window()?.location();
    let scheme = if location.protocol().ok()? == "https:" {
        "wss"
    } else {
        "ws"
    };
    Some(format!(
        "{scheme}://{}{path_and_query}",
        location.host().ok()?
    ))
}
