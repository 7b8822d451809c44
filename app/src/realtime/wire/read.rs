//! Reading what the server sends (and what the widget keeps in storage) from a parsed
//! [`JsonNode`]. Anything that is not a well-formed value of the type reads as `None`, as
//! serde would refuse it; members this build does not know are ignored.
use super::node::JsonNode;
use crate::models::{ConversationId, Timestamp};
use crate::realtime::chat_log::OutboxEntry;
use crate::realtime::protocol::{
    Attachment, AuthorKind, Content, ErrorCode, Event, Message, ServerFrame,
};
use uuid::Uuid;

/// Every error code by its name on the wire (the tests hold this to serde's names).
pub(super) const ERROR_CODES: [(&str, ErrorCode); 19] = [
    ("malformed", ErrorCode::Malformed),
    ("too_large", ErrorCode::TooLarge),
    ("unsupported_version", ErrorCode::UnsupportedVersion),
    ("hello_first", ErrorCode::HelloFirst),
    ("empty_body", ErrorCode::EmptyBody),
    ("body_too_long", ErrorCode::BodyTooLong),
    ("not_found", ErrorCode::NotFound),
    ("client_id_reused", ErrorCode::ClientIdReused),
    ("rate_limited", ErrorCode::RateLimited),
    ("internal", ErrorCode::Internal),
    ("forbidden", ErrorCode::Forbidden),
    ("invalid_page_view", ErrorCode::InvalidPageView),
    ("taken", ErrorCode::Taken),
    ("at_limit", ErrorCode::AtLimit),
    ("invalid_action", ErrorCode::InvalidAction),
    ("blocked", ErrorCode::Blocked),
    ("content_forbidden", ErrorCode::ContentForbidden),
    ("invalid_review", ErrorCode::InvalidReview),
    ("invalid_attachment", ErrorCode::InvalidAttachment),
];

/// Reads a server frame. Frames only agents receive (assignment, team) read as `None`: the
/// workbench reads those with serde.
pub fn server_frame<J: JsonNode>(frame: &J) -> Option<ServerFrame> {
    let member = |name: &str| frame.member(name);
    Some(match frame.member("type")?.text()?.as_str() {
        "welcome" => ServerFrame::Welcome {
            version: whole(&member("version")?)?,
            role: author(&member("role")?)?,
        },
        "ack" => ServerFrame::Ack {
            client_id: uuid(&member("client_id")?)?,
            message: message(&member("message")?)?,
        },
        "event" => ServerFrame::Event {
            event: event(&member("event")?)?,
        },
        "replayed" => ServerFrame::Replayed {
            last_seq: whole(&member("last_seq")?)?,
        },
        "typing" => ServerFrame::Typing {
            conversation_id: conversation(&member("conversation_id")?)?,
            by: author(&member("by")?)?,
        },
        "error" => ServerFrame::Error {
            code: error_code(&member("code")?)?,
            message: optional(frame, "message", JsonNode::text)?.unwrap_or_default(),
            client_id: optional(frame, "client_id", uuid)?,
        },
        "pong" => ServerFrame::Pong {
            nonce: optional(frame, "nonce", whole)?.unwrap_or_default(),
        },
        "queue" => ServerFrame::Queue {
            conversation_id: conversation(&member("conversation_id")?)?,
            position: optional(frame, "position", whole)?,
            wait_minutes: optional(frame, "wait_minutes", whole)?,
        },
        _ => return None,
    })
}

/// A persisted event: a message, or a read receipt (placement changes are agents').
fn event<J: JsonNode>(event: &J) -> Option<Event> {
    match event.member("kind")?.text()?.as_str() {
        "message" => message(event).map(Event::Message),
        "read" => Some(Event::Read {
            seq: whole(&event.member("seq")?)?,
            conversation_id: conversation(&event.member("conversation_id")?)?,
            by: author(&event.member("by")?)?,
            up_to: whole(&event.member("up_to")?)?,
            at: Timestamp(whole(&event.member("at")?)?),
        }),
        _ => None,
    }
}

/// A stored message.
fn message<J: JsonNode>(message: &J) -> Option<Message> {
    Some(Message {
        conversation_id: conversation(&message.member("conversation_id")?)?,
        seq: whole(&message.member("seq")?)?,
        client_id: uuid(&message.member("client_id")?)?,
        author: author(&message.member("author")?)?,
        author_name: optional(message, "author_name", JsonNode::text)?,
        body: message.member("body")?.text()?,
        content: optional(message, "content", content)?.unwrap_or_default(),
        at: Timestamp(whole(&message.member("at")?)?),
    })
}

/// What a message carries besides text: a name (`"note"`) or a one-member object
/// (`{"attachment": {...}}`, `{"review": {"stars": 4}}`).
fn content<J: JsonNode>(content: &J) -> Option<Content> {
    if let Some(name) = content.text() {
        return match name.as_str() {
            "text" => Some(Content::Text),
            "note" => Some(Content::Note),
            "review_invite" => Some(Content::ReviewInvite),
            _ => None,
        };
    }
    if let Some(file) = content.member("attachment") {
        return attachment(&file).map(Content::Attachment);
    }
    let review = content.member("review")?;
    Some(Content::Review {
        stars: whole(&review.member("stars")?)?,
    })
}

/// A stored file's description (also the upload's answer).
pub fn attachment<J: JsonNode>(file: &J) -> Option<Attachment> {
    Some(Attachment {
        id: uuid(&file.member("id")?)?,
        name: optional(file, "name", JsonNode::text)?.unwrap_or_default(),
        mime: optional(file, "mime", JsonNode::text)?.unwrap_or_default(),
        size: optional(file, "size", whole)?.unwrap_or_default(),
    })
}

/// The widget's stored outbox: an array of unacknowledged sends.
pub fn outbox<J: JsonNode>(entries: &J) -> Option<Vec<OutboxEntry>> {
    entries
        .items()?
        .iter()
        .map(|entry| {
            Some(OutboxEntry {
                client_id: uuid(&entry.member("client_id")?)?,
                conversation_id: optional(entry, "conversation_id", conversation)?,
                body: entry.member("body")?.text()?,
                content: optional(entry, "content", content)?.unwrap_or_default(),
            })
        })
        .collect()
}

/// An optional member: `Some(None)` when absent or `null`, `None` when present but not
/// readable as `read` says (the whole value is then refused, as serde would).
pub fn optional<J: JsonNode, T>(
    node: &J,
    name: &str,
    read: impl Fn(&J) -> Option<T>,
) -> Option<Option<T>> {
    match node.member(name) {
        None => Some(None),
        Some(value) => read(&value).map(Some),
    }
}

/// A whole number that fits `T` exactly (no fraction, no rounding beyond 2^53).
pub fn whole<J: JsonNode, T: TryFrom<i64>>(node: &J) -> Option<T> {
    const EXACT: f64 = 9_007_199_254_740_992.0;
    let number = node.number()?;
    if number.fract() != 0.0 || !(-EXACT..=EXACT).contains(&number) {
        return None;
    }
    T::try_from(number as i64).ok()
}

fn uuid<J: JsonNode>(node: &J) -> Option<Uuid> {
    Uuid::parse_str(&node.text()?).ok()
}

fn conversation<J: JsonNode>(node: &J) -> Option<ConversationId> {
    uuid(node).map(ConversationId)
}

fn author<J: JsonNode>(node: &J) -> Option<AuthorKind> {
    match node.text()?.as_str() {
        "visitor" => Some(AuthorKind::Visitor),
        "agent" => Some(AuthorKind::Agent),
        "system" => Some(AuthorKind::System),
        _ => None,
    }
}

fn error_code<J: JsonNode>(node: &J) -> Option<ErrorCode> {
    let name = node.text()?;
    ERROR_CODES
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, code)| *code)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::realtime::protocol::ClientFrame;
    use crate::realtime::wire::samples::{client_frames, outbox_entries, server_frames};
    use serde_json::{Value, json};

    fn read_text(text: &str) -> Option<ServerFrame> {
        server_frame(&serde_json::from_str::<Value>(text).ok()?)
    }

    #[test]
    fn every_frame_a_client_reads_reads_back_as_serde_wrote_it() {
        for frame in server_frames() {
            let value = serde_json::to_value(&frame).unwrap();
            let agents_only = matches!(
                frame,
                ServerFrame::Acted { .. }
                    | ServerFrame::Resync { .. }
                    | ServerFrame::Touched { .. }
                    | ServerFrame::Agents { .. }
                    | ServerFrame::AgentsChanged { .. }
                    | ServerFrame::VisitorsOnline { .. }
                    | ServerFrame::VisitorPresence { .. }
                    | ServerFrame::WaitSettings(_)
                    | ServerFrame::Event {
                        event: Event::Conversation(_)
                    }
            );
            let expected = (!agents_only).then_some(frame);
            assert_eq!(server_frame(&value), expected, "{value}");
        }
    }

    #[test]
    fn every_error_code_has_serdes_name() {
        for (name, code) in ERROR_CODES {
            assert_eq!(serde_json::to_value(code).unwrap(), json!(name));
        }
        // A new code fails to compile here until it is named above.
        for (_, code) in ERROR_CODES {
            match code {
                ErrorCode::Malformed
                | ErrorCode::TooLarge
                | ErrorCode::UnsupportedVersion
                | ErrorCode::HelloFirst
                | ErrorCode::EmptyBody
                | ErrorCode::BodyTooLong
                | ErrorCode::NotFound
                | ErrorCode::ClientIdReused
                | ErrorCode::RateLimited
                | ErrorCode::Internal
                | ErrorCode::Forbidden
                | ErrorCode::InvalidPageView
                | ErrorCode::Taken
                | ErrorCode::AtLimit
                | ErrorCode::InvalidAction
                | ErrorCode::Blocked
                | ErrorCode::ContentForbidden
                | ErrorCode::InvalidReview
                | ErrorCode::InvalidAttachment => {}
            }
        }
    }

    #[test]
    fn broken_frames_are_none() {
        for text in [
            "",
            "not json",
            "42",
            r#""welcome""#,
            r#"{"type":"launch"}"#,
            r#"{"type":"ack"}"#,
            r#"{"type":"ack","client_id":"00000000-0000-4000-8000-000000000001","message":"text"}"#,
            r#"{"type":"event","event":{"kind":"message","seq":1,"conversation_id":"00000000-0000-4000-8000-000000000001","at":1}}"#,
            r#"{"type":"welcome","version":1}"#,
            r#"{"type":"welcome","version":1.5,"role":"visitor"}"#,
            r#"{"type":"welcome","version":-1,"role":"visitor"}"#,
            r#"{"type":"welcome","version":1,"role":"robot"}"#,
            r#"{"type":"replayed","last_seq":"7"}"#,
            r#"{"type":"error","code":"no_such_code","message":""}"#,
            r#"{"type":"error","code":"internal","client_id":"not-a-uuid"}"#,
            r#"{"type":"queue","conversation_id":"00000000-0000-4000-8000-000000000001","position":-2}"#,
        ] {
            assert_eq!(read_text(text), None, "{text}");
        }
    }

    #[test]
    fn unknown_members_and_nulls_for_optional_ones_are_accepted() {
        assert_eq!(
            read_text(r#"{"type":"pong","nonce":3,"later":true}"#),
            Some(ServerFrame::Pong { nonce: 3 })
        );
        assert_eq!(
            read_text(r#"{"type":"pong"}"#),
            Some(ServerFrame::Pong { nonce: 0 })
        );
        assert_eq!(
            read_text(r#"{"type":"error","code":"internal","client_id":null}"#),
            Some(ServerFrame::Error {
                code: ErrorCode::Internal,
                message: String::new(),
                client_id: None,
            })
        );
    }

    #[test]
    fn contents_read_as_serde_writes_them_and_unknown_ones_are_refused() {
        for frame in client_frames() {
            if let ClientFrame::Send { content: sent, .. } = frame {
                let value = serde_json::to_value(&sent).unwrap();
                assert_eq!(content(&value), Some(sent), "{value}");
            }
        }
        for value in [
            json!("sticker"),
            json!({"review": {"stars": 300}}),
            json!({"attachment": {"name": "a.png"}}),
            json!({}),
            json!(4),
        ] {
            assert_eq!(content(&value), None, "{value}");
        }
    }

    #[test]
    fn the_stored_outbox_and_an_uploads_answer_read_back() {
        let entries = outbox_entries();
        assert!(entries.len() >= 3);
        let value = serde_json::to_value(&entries).unwrap();
        assert_eq!(outbox(&value), Some(entries));
        assert_eq!(outbox(&json!([{"body": "no id"}])), None);
        assert_eq!(outbox(&json!({"not": "a list"})), None);

        let file = Attachment {
            id: Uuid::new_v4(),
            name: "scan.pdf".to_owned(),
            mime: "application/pdf".to_owned(),
            size: 20 * 1024 * 1024,
        };
        let value = serde_json::to_value(&file).unwrap();
        assert_eq!(attachment(&value), Some(file));
    }

    #[test]
    fn whole_numbers_fit_their_type_exactly() {
        assert_eq!(whole::<_, u8>(&json!(5)), Some(5));
        assert_eq!(whole::<_, u8>(&json!(256)), None);
        assert_eq!(whole::<_, u32>(&json!(-1)), None);
        assert_eq!(whole::<_, i64>(&json!(2.5)), None);
        assert_eq!(
            whole::<_, i64>(&json!(1_700_000_000_000_i64)),
            Some(1_700_000_000_000)
        );
        assert_eq!(whole::<_, i64>(&json!(1e300)), None);
        assert_eq!(whole::<_, i64>(&json!("3")), None);
    }
}
