//! Writing what a client sends as JSON text: the frames of [`ClientFrame`] a browser sends
//! (agents' `act` and `set_status` excepted: the workbench writes those with serde) and the
//! widget's stored outbox. The tests hold every frame to what serde writes.
use crate::models::ConversationId;
use crate::realtime::chat_log::OutboxEntry;
use crate::realtime::protocol::{ClientFrame, Content};
use std::fmt::Write;
use uuid::Uuid;

/// A frame as JSON text; `None` for the agents' frames this writer leaves to serde.
pub fn client_frame(frame: &ClientFrame) -> Option<String> {
    let object = match frame {
        // The widget never follows conversations: a hello with `open` is the workbench's.
        ClientFrame::Hello {
            version,
            last_seq,
            open,
        } if open.is_empty() => Object::typed("hello")
            .number("version", i64::from(*version))
            .number("last_seq", *last_seq),
        ClientFrame::Send {
            client_id,
            conversation_id,
            body,
            content,
        } => Object::typed("send").send(*client_id, *conversation_id, body, content),
        ClientFrame::Typing { conversation_id } => {
            Object::typed("typing").uuid("conversation_id", conversation_id.0)
        }
        ClientFrame::Read {
            conversation_id,
            seq,
        } => Object::typed("read")
            .uuid("conversation_id", conversation_id.0)
            .number("seq", *seq),
        ClientFrame::PageView {
            url,
            title,
            referrer,
        } => Object::typed("page_view")
            .text("url", url)
            .text("title", title)
            .text("referrer", referrer),
        ClientFrame::Ping { nonce } => Object::typed("ping").unsigned("nonce", *nonce),
        ClientFrame::Hello { .. }
        | ClientFrame::Subscribe { .. }
        | ClientFrame::Unsubscribe { .. }
        | ClientFrame::Act { .. }
        | ClientFrame::SetStatus { .. } => return None,
    };
    Some(object.finish())
}

/// The widget's outbox as a JSON array of sends.
pub fn outbox(entries: &[OutboxEntry]) -> String {
    let mut out = String::from("[");
    for (index, entry) in entries.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        let object = Object::new().send(
            entry.client_id,
            entry.conversation_id,
            &entry.body,
            &entry.content,
        );
        out.push_str(&object.finish());
    }
    out.push(']');
    out
}

/// One JSON object being written, member by member.
struct Object {
    out: String,
}

impl Object {
    fn new() -> Self {
        Self {
            out: String::from("{"),
        }
    }

    /// An object whose first member is `"type"`.
    fn typed(name: &str) -> Self {
        Self::new().text("type", name)
    }

    fn key(mut self, name: &str) -> Self {
        if self.out.len() > 1 {
            self.out.push(',');
        }
        push_string(&mut self.out, name);
        self.out.push(':');
        self
    }

    fn text(mut self, name: &str, value: &str) -> Self {
        self = self.key(name);
        push_string(&mut self.out, value);
        self
    }

    fn number(mut self, name: &str, value: i64) -> Self {
        self = self.key(name);
        let _ = write!(self.out, "{value}");
        self
    }

    fn unsigned(mut self, name: &str, value: u64) -> Self {
        self = self.key(name);
        let _ = write!(self.out, "{value}");
        self
    }

    fn uuid(self, name: &str, value: Uuid) -> Self {
        self.text(
            name,
            value.hyphenated().encode_lower(&mut Uuid::encode_buffer()),
        )
    }

    fn raw(mut self, name: &str, json: &str) -> Self {
        self = self.key(name);
        self.out.push_str(json);
        self
    }

    /// The members of a send (a `send` frame or a stored outbox entry).
    fn send(
        self,
        client_id: Uuid,
        conversation_id: Option<ConversationId>,
        body: &str,
        content: &Content,
    ) -> Self {
        let object = self.uuid("client_id", client_id);
        let object = match conversation_id {
            Some(id) => object.uuid("conversation_id", id.0),
            None => object.raw("conversation_id", "null"),
        };
        let object = object.text("body", body);
        if content.is_text() {
            object
        } else {
            object.raw("content", &content_json(content))
        }
    }

    fn finish(mut self) -> String {
        self.out.push('}');
        self.out
    }
}

/// Content as serde writes an externally tagged enum: a name, or a one-member object.
fn content_json(content: &Content) -> String {
    match content {
        Content::Text => "\"text\"".to_owned(),
        Content::Note => "\"note\"".to_owned(),
        Content::ReviewInvite => "\"review_invite\"".to_owned(),
        Content::Attachment(file) => {
            let file = Object::new()
                .uuid("id", file.id)
                .text("name", &file.name)
                .text("mime", &file.mime)
                .unsigned("size", file.size)
                .finish();
            Object::new().raw("attachment", &file).finish()
        }
        Content::Review { stars } => {
            let review = Object::new().number("stars", i64::from(*stars)).finish();
            Object::new().raw("review", &review).finish()
        }
    }
}

/// Appends `value` as a JSON string: quotes, backslashes and control characters escaped,
/// everything else as it is (JSON text is UTF-8).
fn push_string(out: &mut String, value: &str) {
    out.push('"');
    for character in value.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            control if u32::from(control) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(control));
            }
            other => out.push(other),
        }
    }
    out.push('"');
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::realtime::wire::samples::{client_frames, outbox_entries};
    use serde_json::Value;

    #[test]
    fn every_frame_a_browser_writes_is_what_serde_writes() {
        for frame in client_frames() {
            let agents_only = match &frame {
                ClientFrame::Hello { open, .. } => !open.is_empty(),
                ClientFrame::Subscribe { .. }
                | ClientFrame::Unsubscribe { .. }
                | ClientFrame::Act { .. }
                | ClientFrame::SetStatus { .. } => true,
                _ => false,
            };
            let Some(text) = client_frame(&frame) else {
                assert!(agents_only, "{frame:?}");
                continue;
            };
            assert!(!agents_only, "{text}");
            let written: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(written, serde_json::to_value(&frame).unwrap(), "{text}");
            // And the server reads it back as the same frame.
            assert_eq!(serde_json::from_str::<ClientFrame>(&text).unwrap(), frame);
        }
    }

    #[test]
    fn the_outbox_is_written_as_serde_writes_it() {
        let entries = outbox_entries();
        let written: Value = serde_json::from_str(&outbox(&entries)).unwrap();
        assert_eq!(written, serde_json::to_value(&entries).unwrap());
        assert_eq!(outbox(&[]), "[]");
    }

    #[test]
    fn every_control_character_is_escaped_and_reads_back() {
        let all: String = (0_u32..0x80).filter_map(char::from_u32).collect();
        let mut out = String::new();
        push_string(&mut out, &all);
        assert!(out.chars().all(|character| u32::from(character) >= 0x20));
        assert_eq!(serde_json::from_str::<String>(&out).unwrap(), all);
    }
}
