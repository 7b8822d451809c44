//! One frame of every kind, for the wire tests.
use crate::models::{ConversationId, TeamId, Timestamp, UserId};
use crate::realtime::chat_log::OutboxEntry;
use crate::realtime::placement::{
    AgentPresence, Change, ConversationEvent, ConversationPlacement, WaitSettings,
};
use crate::realtime::protocol::{
    Attachment, AuthorKind, ClientFrame, Content, ErrorCode, Event, Message, ServerFrame,
};
use crate::routing::agent_status::ChosenStatus;
use crate::routing::assignment::AgentStatus;
use uuid::Uuid;

/// One frame of every kind; the `match` makes a new variant fail to compile here until it
/// has a sample (and so a round trip below).
pub fn server_frames() -> Vec<ServerFrame> {
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
    let ann = AgentPresence {
        id: UserId::new(),
        name: "Ann".to_owned(),
        status: AgentStatus::Away,
        chosen: ChosenStatus::Away,
        open: 2,
        limit: 5,
        teams: vec![TeamId::new()],
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
        ServerFrame::Resync { last_seq: 12_000 },
        ServerFrame::Touched {
            conversation_id,
            seq: 44,
        },
        ServerFrame::VisitorsOnline {
            conversation_ids: vec![conversation_id],
        },
        ServerFrame::VisitorPresence {
            conversation_id,
            online: false,
        },
        ServerFrame::Agents {
            agents: vec![ann.clone()],
        },
        ServerFrame::AgentsChanged {
            agents: vec![ann],
            removed: vec![UserId::new()],
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
            | ServerFrame::Resync { .. }
            | ServerFrame::Touched { .. }
            | ServerFrame::VisitorsOnline { .. }
            | ServerFrame::VisitorPresence { .. }
            | ServerFrame::Agents { .. }
            | ServerFrame::AgentsChanged { .. }
            | ServerFrame::WaitSettings(_) => {}
        }
    }
    frames
}

/// One frame of every kind a client sends, with every kind of content and text that needs
/// escaping; the `match` makes a new variant fail to compile here until it has a sample.
pub fn client_frames() -> Vec<ClientFrame> {
    let conversation_id = ConversationId::new();
    let send = |conversation_id, body: &str, content| ClientFrame::Send {
        client_id: Uuid::new_v4(),
        conversation_id,
        body: body.to_owned(),
        content,
    };
    let frames = vec![
        ClientFrame::Hello {
            version: 1,
            last_seq: 0,
            open: Vec::new(),
        },
        ClientFrame::Hello {
            version: 2,
            last_seq: 9_007_199_254_740_000,
            open: Vec::new(),
        },
        ClientFrame::Hello {
            version: 2,
            last_seq: 7,
            open: vec![conversation_id],
        },
        ClientFrame::Subscribe { conversation_id },
        ClientFrame::Unsubscribe { conversation_id },
        send(None, "Hello", Content::Text),
        send(
            Some(conversation_id),
            "Quotes \" backslash \\ slash / tab \t newline \n bell \u{7} nul \u{0} del \u{7f} \
             line sep \u{2028} emoji \u{1F600} <b>html</b>",
            Content::Text,
        ),
        send(Some(conversation_id), "VIP", Content::Note),
        send(
            Some(conversation_id),
            "",
            Content::Attachment(Attachment {
                id: Uuid::new_v4(),
                name: "scan \"1\".pdf".to_owned(),
                mime: "application/pdf".to_owned(),
                size: 12_345,
            }),
        ),
        send(Some(conversation_id), "", Content::ReviewInvite),
        send(Some(conversation_id), "Great", Content::Review { stars: 5 }),
        ClientFrame::Typing { conversation_id },
        ClientFrame::Read {
            conversation_id,
            seq: 42,
        },
        ClientFrame::PageView {
            url: "https://shop.example/p?q=\"x\"".to_owned(),
            title: "Shoes — sale".to_owned(),
            referrer: String::new(),
        },
        ClientFrame::Ping { nonce: 0 },
        ClientFrame::Ping { nonce: 77 },
        ClientFrame::Act {
            request_id: Uuid::new_v4(),
            conversation_id,
            action: crate::realtime::placement::AgentAction::Pick,
        },
        ClientFrame::SetStatus {
            status: ChosenStatus::Online,
        },
    ];
    for frame in &frames {
        match frame {
            ClientFrame::Hello { .. }
            | ClientFrame::Send { .. }
            | ClientFrame::Typing { .. }
            | ClientFrame::Read { .. }
            | ClientFrame::PageView { .. }
            | ClientFrame::Ping { .. }
            | ClientFrame::Subscribe { .. }
            | ClientFrame::Unsubscribe { .. }
            | ClientFrame::Act { .. }
            | ClientFrame::SetStatus { .. } => {}
        }
    }
    frames
}

/// The sends of [`client_frames`] as the widget's stored outbox.
pub fn outbox_entries() -> Vec<OutboxEntry> {
    client_frames()
        .into_iter()
        .filter_map(|frame| match frame {
            ClientFrame::Send {
                client_id,
                conversation_id,
                body,
                content,
            } => Some(OutboxEntry {
                client_id,
                conversation_id,
                body,
                content,
            }),
            _ => None,
        })
        .collect()
}
