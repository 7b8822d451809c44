//! Reading server frames in the browser with little code. serde's internally tagged enums
//! (`ServerFrame`, `Event`) buffer each frame into a generic tree before choosing a variant;
//! in the widget's bundle that machinery was the largest single item. Here a frame is read
//! into flat structs of optional fields, then checked into a [`ServerFrame`], which stays the
//! one definition of the protocol (the tests prove both readings agree for every frame).
use super::protocol::{AuthorKind, Content, ErrorCode, Event, Message, ServerFrame};
use crate::models::{ConversationId, Timestamp};
use serde::Deserialize;
use serde_json::value::RawValue;
use uuid::Uuid;

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum FrameType {
    Welcome,
    Ack,
    Event,
    Replayed,
    Typing,
    Error,
    Pong,
    Queue,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum EventKind {
    Message,
    Read,
}

/// Every field any server frame carries. `message` is a stored message in `ack` and a
/// sentence in `error`, so it is read in a second step, once the type is known.
#[derive(Deserialize)]
struct FlatFrame<'a> {
    #[serde(rename = "type")]
    frame_type: FrameType,
    version: Option<u32>,
    role: Option<AuthorKind>,
    client_id: Option<Uuid>,
    #[serde(borrow)]
    message: Option<&'a RawValue>,
    event: Option<FlatEvent>,
    last_seq: Option<i64>,
    conversation_id: Option<ConversationId>,
    by: Option<AuthorKind>,
    code: Option<ErrorCode>,
    nonce: Option<u64>,
    position: Option<u32>,
    wait_minutes: Option<u32>,
}

#[derive(Deserialize)]
struct FlatEvent {
    kind: EventKind,
    seq: i64,
    conversation_id: ConversationId,
    at: Timestamp,
    client_id: Option<Uuid>,
    author: Option<AuthorKind>,
    author_name: Option<String>,
    body: Option<String>,
    content: Option<Content>,
    by: Option<AuthorKind>,
    up_to: Option<i64>,
}

impl FlatEvent {
    fn into_event(self) -> Option<Event> {
        Some(match self.kind {
            EventKind::Message => Event::Message(Message {
                conversation_id: self.conversation_id,
                seq: self.seq,
                client_id: self.client_id?,
                author: self.author?,
                author_name: self.author_name,
                body: self.body?,
                content: self.content.unwrap_or_default(),
                at: self.at,
            }),
            EventKind::Read => Event::Read {
                seq: self.seq,
                conversation_id: self.conversation_id,
                by: self.by?,
                up_to: self.up_to?,
                at: self.at,
            },
        })
    }
}

/// Reads one server frame; `None` for anything that is not a well-formed frame. Frames only
/// agents receive (assignment, team) are read by serde itself, and only in builds that show
/// them (feature `agent-frames`): the widget ignores them and stays small.
pub fn parse_server_frame(text: &str) -> Option<ServerFrame> {
    let flat = parse_flat(text);
    #[cfg(feature = "agent-frames")]
    if flat.is_none() {
        return serde_json::from_str(text).ok();
    }
    flat
}

fn parse_flat(text: &str) -> Option<ServerFrame> {
    let flat: FlatFrame = serde_json::from_str(text).ok()?;
    Some(match flat.frame_type {
        FrameType::Welcome => ServerFrame::Welcome {
            version: flat.version?,
            role: flat.role?,
        },
        FrameType::Ack => ServerFrame::Ack {
            client_id: flat.client_id?,
            message: serde_json::from_str(flat.message?.get()).ok()?,
        },
        FrameType::Event => ServerFrame::Event {
            event: flat.event?.into_event()?,
        },
        FrameType::Replayed => ServerFrame::Replayed {
            last_seq: flat.last_seq?,
        },
        FrameType::Typing => ServerFrame::Typing {
            conversation_id: flat.conversation_id?,
            by: flat.by?,
        },
        FrameType::Error => ServerFrame::Error {
            code: flat.code?,
            message: flat
                .message
                .and_then(|raw| serde_json::from_str(raw.get()).ok())
                .unwrap_or_default(),
            client_id: flat.client_id,
        },
        FrameType::Pong => ServerFrame::Pong {
            nonce: flat.nonce.unwrap_or_default(),
        },
        FrameType::Queue => ServerFrame::Queue {
            conversation_id: flat.conversation_id?,
            position: flat.position,
            wait_minutes: flat.wait_minutes,
        },
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::models::{TeamId, UserId};
    use crate::realtime::placement::{
        AgentPresence, Change, ConversationEvent, ConversationPlacement, WaitSettings,
    };
    use crate::routing::agent_status::ChosenStatus;
    use crate::routing::assignment::AgentStatus;

    /// One frame of every kind; the `match` makes a new variant fail to compile here until it
    /// has a sample (and so a round trip below).
    fn samples() -> Vec<ServerFrame> {
        let conversation_id = ConversationId::new();
        let message = Message {
            conversation_id,
            seq: 41,
            client_id: Uuid::new_v4(),
            author: AuthorKind::Agent,
            author_name: Some("Ann <b>".to_owned()),
            body: "Hi \"there\" \u{1F600}\n".to_owned(),
            content: Content::Text,
            at: Timestamp(1_700_000_000_000),
        };
        let frames = vec![
            ServerFrame::Welcome {
                version: 1,
                role: AuthorKind::Visitor,
            },
            ServerFrame::Ack {
                client_id: message.client_id,
                message: message.clone(),
            },
            ServerFrame::Event {
                event: Event::Message(Message {
                    author_name: None,
                    ..message.clone()
                }),
            },
            ServerFrame::Event {
                event: Event::Message(Message {
                    content: Content::Attachment(crate::realtime::protocol::Attachment {
                        id: Uuid::new_v4(),
                        name: "scan \"1\".pdf".to_owned(),
                        mime: "application/pdf".to_owned(),
                        size: 12_345,
                    }),
                    body: String::new(),
                    ..message.clone()
                }),
            },
            ServerFrame::Event {
                event: Event::Message(Message {
                    content: Content::ReviewInvite,
                    ..message.clone()
                }),
            },
            ServerFrame::Ack {
                client_id: message.client_id,
                message: Message {
                    content: Content::Review { stars: 4 },
                    ..message.clone()
                },
            },
            ServerFrame::Event {
                event: Event::Read {
                    seq: 42,
                    conversation_id,
                    by: AuthorKind::Visitor,
                    up_to: 41,
                    at: Timestamp(5),
                },
            },
            ServerFrame::Replayed { last_seq: 42 },
            ServerFrame::Typing {
                conversation_id,
                by: AuthorKind::Agent,
            },
            ServerFrame::Error {
                code: ErrorCode::BodyTooLong,
                message: "too long".to_owned(),
                client_id: Some(Uuid::new_v4()),
            },
            ServerFrame::Error {
                code: ErrorCode::Malformed,
                message: String::new(),
                client_id: None,
            },
            ServerFrame::Pong { nonce: 9 },
            ServerFrame::Queue {
                conversation_id,
                position: Some(3),
                wait_minutes: Some(6),
            },
            ServerFrame::Queue {
                conversation_id,
                position: None,
                wait_minutes: None,
            },
            ServerFrame::Acted {
                request_id: Uuid::new_v4(),
            },
            ServerFrame::VisitorsOnline {
                conversation_ids: vec![conversation_id],
            },
            ServerFrame::Agents {
                agents: vec![AgentPresence {
                    id: UserId::new(),
                    name: "Ann".to_owned(),
                    status: AgentStatus::Away,
                    chosen: ChosenStatus::Away,
                    open: 2,
                    limit: 5,
                    teams: vec![TeamId::new()],
                }],
            },
            ServerFrame::WaitSettings(WaitSettings {
                soon_secs: 180,
                overdue_secs: 300,
                server_now: Timestamp(9),
            }),
            ServerFrame::Event {
                event: Event::Conversation(ConversationEvent {
                    seq: 43,
                    conversation_id,
                    change: Change::Transferred,
                    by_name: Some("Ann".to_owned()),
                    comment: Some("VIP <b>".to_owned()),
                    placement: ConversationPlacement {
                        team_id: Some(TeamId::new()),
                        assignee_id: Some(UserId::new()),
                        assignee_name: Some("Bo".to_owned()),
                        queued_at: None,
                        closed: false,
                        on_hold: true,
                        pinned: true,
                        grab: false,
                    },
                    at: Timestamp(6),
                }),
            },
        ];
        for frame in &frames {
            match frame {
                ServerFrame::Welcome { .. }
                | ServerFrame::Ack { .. }
                | ServerFrame::Event { .. }
                | ServerFrame::Replayed { .. }
                | ServerFrame::Typing { .. }
                | ServerFrame::Error { .. }
                | ServerFrame::Pong { .. }
                | ServerFrame::Queue { .. }
                | ServerFrame::Acted { .. }
                | ServerFrame::VisitorsOnline { .. }
                | ServerFrame::Agents { .. }
                | ServerFrame::WaitSettings(_) => {}
            }
        }
        frames
    }

    #[test]
    fn every_frame_reads_back_as_serde_wrote_it() {
        for frame in samples() {
            let text = serde_json::to_string(&frame).unwrap();
            assert_eq!(parse_server_frame(&text), Some(frame), "{text}");
        }
    }

    #[test]
    fn broken_frames_are_none() {
        for text in [
            "",
            "not json",
            r#"{"type":"launch"}"#,
            r#"{"type":"ack"}"#,
            r#"{"type":"ack","client_id":"00000000-0000-4000-8000-000000000001","message":"text"}"#,
            r#"{"type":"event","event":{"kind":"message","seq":1,"conversation_id":"00000000-0000-4000-8000-000000000001","at":1}}"#,
            r#"{"type":"welcome","version":1}"#,
        ] {
            assert_eq!(parse_server_frame(text), None, "{text}");
        }
    }

    #[test]
    fn unknown_fields_are_ignored_for_forward_compatibility() {
        assert_eq!(
            parse_server_frame(r#"{"type":"pong","nonce":3,"later":true}"#),
            Some(ServerFrame::Pong { nonce: 3 })
        );
    }
}
