//! The frames of Parley's one WebSocket protocol (`/ws`), for widget and workbench alike.
//! JSON text frames, tagged by `type`. See `docs/protocol.md` for the prose version.
use super::placement::{AgentAction, AgentPresence, ConversationEvent, WaitSettings};
use crate::models::{ConversationId, Timestamp, UserId};
use crate::routing::agent_status::ChosenStatus;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The protocol version this build speaks. Version 2 changed only what agents receive
/// (no history replay on a first `hello`, live details only for subscribed conversations,
/// bounded resume with `resync`); visitors see the same frames in both.
pub const PROTOCOL_VERSION: u32 = 2;
/// The oldest version the server still accepts in `hello`.
pub const OLDEST_PROTOCOL_VERSION: u32 = 1;
/// Conversations one agent socket may follow in detail at once (`open` and `subscribe`).
pub const MAX_SUBSCRIPTIONS: usize = 20;
/// An agent resumes event by event only when it missed at most this many events...
pub const RESUME_MAX_EVENTS: i64 = 10_000;
/// ...and the first of them is at most this old (15 minutes); otherwise `resync`.
pub const RESUME_MAX_AGE_MS: i64 = 15 * 60 * 1_000;
/// Longest message body, in characters.
pub const MAX_BODY_CHARS: usize = 5_000;
/// Largest client frame accepted, in bytes (a full body of 4-byte characters fits).
pub const MAX_FRAME_BYTES: usize = 32 * 1024;

/// What a client may send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientFrame {
    /// First frame: the protocol version and the last event sequence number this client saw
    /// (0 or absent on a first connection). The server answers `welcome`, then replays every
    /// visible event after `last_seq` in order, then `replayed`. Agents on version 2 get no
    /// replay on a first connection, only what their `open` conversations missed on a
    /// resume, and `resync` when the gap is too large (see `docs/protocol.md`).
    Hello {
        /// Between [`OLDEST_PROTOCOL_VERSION`] and [`PROTOCOL_VERSION`].
        version: u32,
        /// Resume point.
        #[serde(default)]
        last_seq: i64,
        /// Agents (version 2): the conversations whose messages, reads and typing this socket
        /// follows from the start, as if `subscribe`d.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        open: Vec<ConversationId>,
    },
    /// An agent (version 2) follows one conversation's messages, reads and typing live (the
    /// conversation they opened). Nothing is answered unless it is refused.
    Subscribe {
        /// Which conversation.
        conversation_id: ConversationId,
    },
    /// An agent stops following a conversation in detail (they closed it); its list row
    /// still changes through `touched` frames.
    Unsubscribe {
        /// Which conversation.
        conversation_id: ConversationId,
    },
    /// Sends a message. `client_id` makes retries idempotent: the same id is stored once and
    /// acknowledged every time. A visitor may omit `conversation_id` (their open conversation
    /// is used, or a new one started); an agent must give it.
    Send {
        /// Random UUID chosen by the client for this message.
        client_id: Uuid,
        /// The conversation to write to.
        #[serde(default)]
        conversation_id: Option<ConversationId>,
        /// The text (1 to 5,000 characters after trimming; may be empty for an attachment,
        /// a review invitation or a review, where it is a caption or comment).
        #[serde(default)]
        body: String,
        /// What the message carries besides text (absent: plain text). See [`Content`].
        #[serde(default, skip_serializing_if = "Content::is_text")]
        content: Content,
    },
    /// The sender is typing in a conversation (clients throttle this to one per 2 s).
    Typing {
        /// Where.
        conversation_id: ConversationId,
    },
    /// Everything up to `seq` in the conversation has been seen.
    Read {
        /// Where.
        conversation_id: ConversationId,
        /// The last message sequence number seen.
        seq: i64,
    },
    /// The page of the website the widget was loaded on, for the visitor's access trace
    /// (visitors only; once per connection). Nothing is answered unless it is refused.
    PageView {
        /// The page's absolute `http(s)` address.
        url: String,
        /// Its title.
        #[serde(default)]
        title: String,
        /// Where the visitor came from (`document.referrer`).
        #[serde(default)]
        referrer: String,
    },
    /// An agent acts on a conversation: pick, join, transfer, leave, close, processing, pin.
    /// Answered with `acted` (the change itself arrives as an event on every agent's screen)
    /// or an `error` carrying `request_id` as its `client_id`.
    Act {
        /// Chosen by the client to match the answer.
        request_id: Uuid,
        /// Which conversation.
        conversation_id: ConversationId,
        /// What to do.
        action: AgentAction,
    },
    /// An agent sets their status from the profile menu (agents only).
    SetStatus {
        /// Online or away.
        status: ChosenStatus,
    },
    /// Keep-alive; answered with `pong`.
    Ping {
        /// Echoed back.
        #[serde(default)]
        nonce: u64,
    },
}

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthorKind {
    /// The person on the website.
    Visitor,
    /// An admin or agent.
    Agent,
    /// Parley itself.
    System,
}

/// Most stars a review gives.
pub const MAX_STARS: u8 = 5;

/// A file attached to a message. Clients name it by `id` when sending (after uploading it);
/// the server fills in the rest from what it stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// The stored file's id (fetch it from `/files/{id}` with the sender's credentials).
    pub id: Uuid,
    /// The sanitised file name.
    #[serde(default)]
    pub name: String,
    /// The type detected from the file's content (never from its name).
    #[serde(default)]
    pub mime: String,
    /// Size in bytes.
    #[serde(default)]
    pub size: u64,
}

impl Attachment {
    /// Whether the file is shown inline as a picture.
    pub fn is_image(&self) -> bool {
        self.mime.starts_with("image/")
    }

    /// Whether the file is played inline as a video.
    pub fn is_video(&self) -> bool {
        self.mime.starts_with("video/")
    }

    /// Whether the file is played inline as audio.
    pub fn is_audio(&self) -> bool {
        self.mime.starts_with("audio/")
    }
}

/// What a message carries besides its text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Content {
    /// Plain text: the body.
    #[default]
    Text,
    /// An internal note (agents only): never sent to the visitor, never counts as a reply.
    Note,
    /// A file; the body is an optional caption.
    Attachment(Attachment),
    /// An agent invites the visitor to rate the conversation (1 to 5 stars and a comment).
    ReviewInvite,
    /// The visitor's rating; the body is their comment.
    Review {
        /// 1 to [`MAX_STARS`].
        stars: u8,
    },
}

impl Content {
    /// Plain text (the default, left out of frames).
    pub fn is_text(&self) -> bool {
        matches!(self, Content::Text)
    }

    /// Whether the visitor may never see it.
    pub fn is_note(&self) -> bool {
        matches!(self, Content::Note)
    }

    /// Whether it is part of the exchange itself (moves unread counts, waiting times and the
    /// conversation's state, reopens a closed one): text and files are; notes, review prompts
    /// and ratings are not (a rating after closing must not reopen the conversation).
    pub fn is_conversation(&self) -> bool {
        matches!(self, Content::Text | Content::Attachment(_))
    }

    /// Whether the body may be empty (a file without caption, a prompt, a rating alone).
    fn allows_empty_body(&self) -> bool {
        !matches!(self, Content::Text | Content::Note)
    }

    /// Whether this author may send it: notes and review prompts are agents', reviews
    /// visitors'.
    pub fn allowed_for(&self, author: AuthorKind) -> bool {
        match self {
            Content::Text | Content::Attachment(_) => true,
            Content::Note | Content::ReviewInvite => author == AuthorKind::Agent,
            Content::Review { .. } => author == AuthorKind::Visitor,
        }
    }
}

/// A stored message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// Conversation it belongs to.
    pub conversation_id: ConversationId,
    /// Its event sequence number (unique and increasing within the project).
    pub seq: i64,
    /// The sender's idempotency key.
    pub client_id: Uuid,
    /// Visitor, agent or system.
    pub author: AuthorKind,
    /// Display name of the author (agents' names show in the widget).
    pub author_name: Option<String>,
    /// The text, exactly as sent (rendered as text, never HTML).
    pub body: String,
    /// What it carries besides text (absent: plain text).
    #[serde(default, skip_serializing_if = "Content::is_text")]
    pub content: Content,
    /// When it was committed.
    pub at: Timestamp,
}

/// A persisted event, as replayed and pushed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// A new message.
    Message(Message),
    /// Someone has seen a conversation up to `up_to`.
    Read {
        /// Its sequence number.
        seq: i64,
        /// Where.
        conversation_id: ConversationId,
        /// Who read.
        by: AuthorKind,
        /// The last message sequence number seen.
        up_to: i64,
        /// When.
        at: Timestamp,
    },
    /// A conversation's placement changed (agents only).
    Conversation(ConversationEvent),
}

impl Event {
    /// The event's sequence number.
    pub fn seq(&self) -> i64 {
        match self {
            Event::Message(message) => message.seq,
            Event::Read { seq, .. } => *seq,
            Event::Conversation(change) => change.seq,
        }
    }

    /// Whether only agents may receive it (placement changes, internal notes).
    pub fn agents_only(&self) -> bool {
        match self {
            Event::Message(message) => message.content.is_note(),
            Event::Read { .. } => false,
            Event::Conversation(_) => true,
        }
    }

    /// The conversation the event belongs to.
    pub fn conversation_id(&self) -> ConversationId {
        match self {
            Event::Message(message) => message.conversation_id,
            Event::Read {
                conversation_id, ..
            } => *conversation_id,
            Event::Conversation(change) => change.conversation_id,
        }
    }
}

/// Why a frame was refused. Stable codes clients can branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Not JSON, or not a known frame.
    Malformed,
    /// Larger than [`MAX_FRAME_BYTES`].
    TooLarge,
    /// `hello` named another protocol version.
    UnsupportedVersion,
    /// Another frame came before `hello`.
    HelloFirst,
    /// The message body is empty after trimming.
    EmptyBody,
    /// The message body is longer than [`MAX_BODY_CHARS`].
    BodyTooLong,
    /// No such conversation for this client (never says whether it exists).
    NotFound,
    /// The same `client_id` was already used for a different message.
    ClientIdReused,
    /// Too many frames; slow down.
    RateLimited,
    /// The server failed; the frame may be retried with the same `client_id`.
    Internal,
    /// This role may not send this frame (an agent sending `page_view`).
    Forbidden,
    /// A `page_view` whose `url` is not an absolute `http(s)` address.
    InvalidPageView,
    /// Another agent took the conversation first.
    Taken,
    /// The agent already serves as many open conversations as their limit allows.
    AtLimit,
    /// The action does not fit the conversation's state or names an unavailable agent.
    InvalidAction,
    /// The visitor was blacklisted: the socket closes after this frame.
    Blocked,
    /// This author may not send this kind of message (a visitor's note, an agent's review).
    ContentForbidden,
    /// A review without 1 to 5 stars, or with no invitation to answer.
    InvalidReview,
    /// The attachment was not uploaded by this sender, or is already used.
    InvalidAttachment,
}

impl ErrorCode {
    /// Whether sending the same frame again may succeed (the user is offered a retry).
    pub fn is_retryable(self) -> bool {
        matches!(self, ErrorCode::RateLimited | ErrorCode::Internal)
    }
}

/// What the server sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerFrame {
    /// Answer to `hello`.
    Welcome {
        /// The protocol version in use.
        version: u32,
        /// Who the server takes this client for.
        role: AuthorKind,
    },
    /// A `send` was committed (sent again for a retried `client_id`).
    Ack {
        /// The client's id for the message.
        client_id: Uuid,
        /// The stored message.
        message: Message,
    },
    /// A persisted event, live or replayed, in sequence order.
    Event {
        /// The event.
        event: Event,
    },
    /// Every missed event up to `last_seq` has been replayed; live events follow.
    Replayed {
        /// The newest sequence number the client has now seen.
        last_seq: i64,
    },
    /// Someone is typing (not persisted).
    Typing {
        /// Where.
        conversation_id: ConversationId,
        /// Who.
        by: AuthorKind,
    },
    /// A frame was refused; the connection stays open.
    Error {
        /// Stable code.
        code: ErrorCode,
        /// A sentence for developers' logs.
        message: String,
        /// The `send` (or the `act`'s `request_id`) this answers, when it answers one.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        client_id: Option<Uuid>,
    },
    /// Agents (version 2): the socket was away too long (more than
    /// [`RESUME_MAX_EVENTS`] events or [`RESUME_MAX_AGE_MS`]) to be resumed event by event.
    /// Instead of the replay, the client refetches its list page, counts and open
    /// conversation; the socket is live from `last_seq` on.
    Resync {
        /// The newest sequence number now: resume from here next time.
        last_seq: i64,
    },
    /// Agents (version 2): something happened in a conversation this socket does not follow
    /// in detail (a message or a read): its list row and the counts may have changed.
    Touched {
        /// Which conversation.
        conversation_id: ConversationId,
        /// The event's sequence number.
        seq: i64,
    },
    /// Answer to `ping`.
    Pong {
        /// Echo.
        nonce: u64,
    },
    /// The `act` with this `request_id` was carried out.
    Acted {
        /// The client's id for the request.
        request_id: Uuid,
    },
    /// The project's agents, their status and load (agents only; sent once, after `replayed`
    /// or `resync`; changes follow as `agents_changed`).
    Agents {
        /// Every active agent.
        agents: Vec<AgentPresence>,
    },
    /// The agents whose status, load or teams changed, and those who are no longer active
    /// (agents only; since version 2, for every agent socket).
    AgentsChanged {
        /// Each changed agent as they are now (replaces what the client had for them).
        agents: Vec<AgentPresence>,
        /// Agents to drop from the roster.
        removed: Vec<UserId>,
    },
    /// The conversations whose visitor has the widget open right now, among those this agent
    /// may see (agents only; sent once, after `replayed` or `resync`; changes follow as
    /// `visitor_presence`).
    VisitorsOnline {
        /// Each online visitor's newest conversation.
        conversation_ids: Vec<ConversationId>,
    },
    /// A conversation's visitor opened or closed the widget (agents who may see the
    /// conversation; since version 2, for every agent socket).
    VisitorPresence {
        /// Which conversation.
        conversation_id: ConversationId,
        /// Whether its visitor has the widget open now.
        online: bool,
    },
    /// Waiting thresholds and the server's clock (agents only; sent after `welcome`).
    WaitSettings(WaitSettings),
    /// A visitor's place in the queue (visitors only; sent when it changes). `position`
    /// 1 is next; none: an agent serves the conversation, or it is not waiting.
    Queue {
        /// Which conversation.
        conversation_id: ConversationId,
        /// Place in line.
        position: Option<u32>,
        /// A rough wait, in minutes.
        wait_minutes: Option<u32>,
    },
}

/// Why a message body was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyProblem {
    /// Nothing but white space.
    Empty,
    /// Over the limit.
    TooLong,
}

/// Trims a message body and checks its length (plain text: it must not be empty).
pub fn parse_body(body: &str) -> Result<String, BodyProblem> {
    parse_body_for(&Content::Text, body)
}

/// Trims a message body and checks its length for what the message carries: a caption,
/// prompt or comment may be empty, text and notes may not.
pub fn parse_body_for(content: &Content, body: &str) -> Result<String, BodyProblem> {
    let trimmed = body.trim();
    if trimmed.is_empty() && !content.allows_empty_body() {
        Err(BodyProblem::Empty)
    } else if trimmed.chars().count() > MAX_BODY_CHARS {
        Err(BodyProblem::TooLong)
    } else {
        Ok(trimmed.to_owned())
    }
}

/// Parses a client frame, with the error frame to answer when it is not acceptable.
// The refusal is the frame sent back as is; it is built once per bad frame, so its size
// (the largest server frame) costs nothing worth boxing for.
#[allow(clippy::result_large_err)]
pub fn parse_client_frame(text: &str) -> Result<ClientFrame, ServerFrame> {
    if text.len() > MAX_FRAME_BYTES {
        return Err(error_frame(
            ErrorCode::TooLarge,
            format!("frames are limited to {MAX_FRAME_BYTES} bytes"),
            None,
        ));
    }
    serde_json::from_str(text).map_err(|error| {
        error_frame(
            ErrorCode::Malformed,
            format!("unreadable frame: {error}"),
            None,
        )
    })
}

/// An `error` frame.
pub fn error_frame(
    code: ErrorCode,
    message: impl Into<String>,
    client_id: Option<Uuid>,
) -> ServerFrame {
    ServerFrame::Error {
        code,
        message: message.into(),
        client_id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_use_a_type_tag() -> Result<(), serde_json::Error> {
        let hello: ClientFrame =
            serde_json::from_str(r#"{"type":"hello","version":1,"last_seq":7}"#)?;
        assert_eq!(
            hello,
            ClientFrame::Hello {
                version: 1,
                last_seq: 7,
                open: Vec::new(),
            }
        );
        let ping: ClientFrame = serde_json::from_str(r#"{"type":"ping"}"#)?;
        assert_eq!(ping, ClientFrame::Ping { nonce: 0 });
        let pong = serde_json::to_value(ServerFrame::Pong { nonce: 3 })?;
        assert_eq!(pong, serde_json::json!({"type": "pong", "nonce": 3}));
        Ok(())
    }

    #[test]
    fn unknown_and_malformed_frames_become_error_frames() {
        for text in [
            "not json",
            r#"{"type":"launch_rockets"}"#,
            r#"{"type":"hello"}"#,
            r#"{"type":"ping","extra":1}"#,
        ] {
            assert!(
                matches!(
                    parse_client_frame(text),
                    Err(ServerFrame::Error {
                        code: ErrorCode::Malformed,
                        ..
                    })
                ),
                "{text}"
            );
        }
        let huge = format!(
            r#"{{"type":"ping","pad":"{}"}}"#,
            "x".repeat(MAX_FRAME_BYTES)
        );
        assert!(matches!(
            parse_client_frame(&huge),
            Err(ServerFrame::Error {
                code: ErrorCode::TooLarge,
                ..
            })
        ));
    }

    #[test]
    fn contents_ride_along_and_plain_text_stays_as_it_was() -> Result<(), serde_json::Error> {
        let plain: ClientFrame = serde_json::from_str(
            r#"{"type":"send","client_id":"00000000-0000-4000-8000-000000000001","body":"hi"}"#,
        )?;
        assert!(matches!(
            plain,
            ClientFrame::Send {
                content: Content::Text,
                ..
            }
        ));
        let text = serde_json::to_string(&plain)?;
        assert!(!text.contains("content"), "{text}");
        let review: ClientFrame = serde_json::from_str(
            r#"{"type":"send","client_id":"00000000-0000-4000-8000-000000000001","content":{"review":{"stars":4}}}"#,
        )?;
        assert!(matches!(
            review,
            ClientFrame::Send { content: Content::Review { stars: 4 }, ref body, .. } if body.is_empty()
        ));
        let note: ClientFrame = serde_json::from_str(
            r#"{"type":"send","client_id":"00000000-0000-4000-8000-000000000001","body":"x","content":"note"}"#,
        )?;
        assert!(matches!(
            note,
            ClientFrame::Send {
                content: Content::Note,
                ..
            }
        ));
        Ok(())
    }

    #[test]
    fn who_may_send_what() {
        let file = Content::Attachment(Attachment {
            id: Uuid::nil(),
            name: String::new(),
            mime: String::new(),
            size: 0,
        });
        for author in [AuthorKind::Visitor, AuthorKind::Agent] {
            assert!(Content::Text.allowed_for(author));
            assert!(file.allowed_for(author));
        }
        assert!(Content::Note.allowed_for(AuthorKind::Agent));
        assert!(!Content::Note.allowed_for(AuthorKind::Visitor));
        assert!(Content::ReviewInvite.allowed_for(AuthorKind::Agent));
        assert!(!Content::ReviewInvite.allowed_for(AuthorKind::Visitor));
        assert!(Content::Review { stars: 5 }.allowed_for(AuthorKind::Visitor));
        assert!(!Content::Review { stars: 5 }.allowed_for(AuthorKind::Agent));
    }

    #[test]
    fn only_text_and_notes_need_a_body() {
        assert_eq!(parse_body_for(&Content::Note, " "), Err(BodyProblem::Empty));
        assert_eq!(
            parse_body_for(&Content::ReviewInvite, " "),
            Ok(String::new())
        );
        assert_eq!(
            parse_body_for(&Content::Review { stars: 3 }, " ok "),
            Ok("ok".to_owned())
        );
        assert_eq!(
            parse_body_for(&Content::ReviewInvite, &"a".repeat(MAX_BODY_CHARS + 1)),
            Err(BodyProblem::TooLong)
        );
    }

    #[test]
    fn bodies_are_trimmed_and_bounded() {
        assert_eq!(parse_body("  hi \n"), Ok("hi".to_owned()));
        assert_eq!(parse_body(" \n\t "), Err(BodyProblem::Empty));
        assert_eq!(
            parse_body(&"字".repeat(MAX_BODY_CHARS)).map(|body| body.chars().count()),
            Ok(MAX_BODY_CHARS)
        );
        assert_eq!(
            parse_body(&"a".repeat(MAX_BODY_CHARS + 1)),
            Err(BodyProblem::TooLong)
        );
    }
}
