//! What a message carries besides text: internal notes reach agents only (live, replayed and
//! relayed to another server process), reviews answer an agent's invitation and are kept on
//! the conversation, and each side may send only its own kinds.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use crate::assignment_support::*;
use crate::helpers::*;
use crate::ws_client::*;
use app::backend::db::Db;
use serde_json::{Value, json};
use std::time::Duration;
use uuid::Uuid;

/// Sends a message with `content` and returns the answer to it: its `ack` or its `error`.
async fn send_content(
    socket: &mut WsClient,
    conversation: Option<&str>,
    body: &str,
    content: Value,
) -> Value {
    let client_id = Uuid::new_v4();
    socket
        .send_json(
            json!({"type": "send", "client_id": client_id, "conversation_id": conversation,
            "body": body, "content": content}),
        )
        .await;
    let mut before = Vec::new();
    loop {
        let frame = socket.next().await;
        if frame["client_id"] == json!(client_id) {
            socket.stash(before);
            return frame;
        }
        before.push(frame);
    }
}

/// The next message event a socket receives (other frames are skipped).
async fn next_message(socket: &mut WsClient) -> Value {
    loop {
        let frame = socket.next().await;
        if frame["type"] == "event" && frame["event"]["kind"] == "message" {
            return frame["event"].clone();
        }
    }
}

/// A visitor who wrote to the demo admin, with the admin's socket: (visitor, admin,
/// conversation, the visitor's token).
async fn conversation_with_admin(app: &TestApp) -> (WsClient, WsClient, String, String) {
    let cookie = admin_cookie(app).await;
    let mut admin = WsClient::agent(app, &cookie).await;
    admin.hello(0).await;
    let token = visitor_token(app).await;
    let mut visitor = WsClient::visitor(app, &token).await;
    visitor.hello(0).await;
    let (conversation, _) = first_message(&mut visitor, "Hello").await;
    assert_eq!(next_message(&mut admin).await["body"], "Hello");
    (visitor, admin, conversation, token)
}

async fn rating_of(app: &TestApp, conversation: &str) -> (Option<i64>, Option<String>) {
    let db = Db::connect(&app.database_url).await.unwrap();
    let row: (Option<i64>, Option<String>) =
        sqlx::query_as("SELECT rating_stars, rating_comment FROM conversations WHERE id = $1")
            .bind(conversation)
            .fetch_one(db.pool())
            .await
            .unwrap();
    db.close().await;
    row
}

#[tokio::test]
async fn internal_notes_never_reach_the_visitor() {
    // PostgreSQL: two server processes relay events to each other through it.
    let app = spawn_app_on(Store::Postgres, |config| config).await;
    let (mut visitor, mut admin, conversation, token) = conversation_with_admin(&app).await;
    let other_node = spawn_second_node(&app).await;
    // The same visitor's second device, connected to the other server process.
    let mut elsewhere = WsClient::visitor(&other_node, &token).await;
    elsewhere.hello(0).await;
    let mut colleague_tab = WsClient::agent(&app, &admin_cookie(&app).await).await;
    colleague_tab.hello(0).await;

    let ack = send_content(
        &mut admin,
        Some(&conversation),
        "VIP: refund approved",
        json!("note"),
    )
    .await;
    assert_eq!(ack["type"], "ack", "{ack}");
    assert_eq!(ack["message"]["content"], "note");
    let seen = next_message(&mut colleague_tab).await;
    assert_eq!(seen["body"], "VIP: refund approved");
    assert_eq!(seen["content"], "note");
    send_content(&mut admin, Some(&conversation), "Hi there", json!("text")).await;

    // Live: the visitor's next message is the reply, never the note.
    let live = next_message(&mut visitor).await;
    assert_eq!(live["body"], "Hi there");
    visitor.expect_silence(Duration::from_millis(300)).await;
    // Replayed: a fresh connection of the visitor gets the history without the note.
    let mut again = WsClient::visitor(&app, &token).await;
    let replayed = again.hello(0).await;
    assert!(
        replayed
            .iter()
            .all(|event| event["body"] != "VIP: refund approved"),
        "{replayed:?}"
    );
    assert!(replayed.iter().any(|event| event["body"] == "Hi there"));
    // Replayed for agents: the note is there.
    let mut fresh_admin = WsClient::agent(&app, &admin_cookie(&app).await).await;
    let agent_replay = fresh_admin.hello(0).await;
    assert!(
        agent_replay
            .iter()
            .any(|event| event["body"] == "VIP: refund approved" && event["content"] == "note")
    );
    // Relayed to the other process: the reply reaches that visitor socket, the note (sent
    // before it, relayed in order) never does, nor anything after.
    let mut relayed = Vec::new();
    loop {
        let frame = elsewhere.next().await;
        let is_reply = frame["event"]["body"] == "Hi there";
        relayed.push(frame);
        if is_reply {
            break;
        }
    }
    relayed.extend(elsewhere.frames_within(Duration::from_millis(500)).await);
    assert!(
        relayed
            .iter()
            .all(|frame| frame["event"]["body"] != "VIP: refund approved"),
        "{relayed:?}"
    );
    other_node.stop().await;
    app.stop().await;
}

#[tokio::test]
async fn a_note_neither_answers_the_visitor_nor_needs_the_conversation_served() {
    let app = spawn_app().await;
    let (_visitor, mut admin, conversation, _) = conversation_with_admin(&app).await;
    let agents = agents(&app, 1).await;
    let mut colleague = workbench(&app, &agents[0]).await;
    // A colleague who does not serve it may leave a note, not a reply.
    let note = send_content(
        &mut colleague,
        Some(&conversation),
        "Known customer",
        json!("note"),
    )
    .await;
    assert_eq!(note["type"], "ack", "{note}");
    let reply = send_content(&mut colleague, Some(&conversation), "Hello", json!("text")).await;
    assert_eq!(reply["code"], "forbidden", "{reply}");
    let empty = send_content(&mut admin, Some(&conversation), "  ", json!("note")).await;
    assert_eq!(empty["code"], "empty_body", "{empty}");
    app.stop().await;
}

#[tokio::test]
async fn a_review_answers_an_invitation_and_is_kept_on_the_conversation() {
    let app = spawn_app().await;
    let (mut visitor, mut admin, conversation, _) = conversation_with_admin(&app).await;

    let early = send_content(
        &mut visitor,
        Some(&conversation),
        "",
        json!({"review": {"stars": 5}}),
    )
    .await;
    assert_eq!(early["code"], "invalid_review", "{early}");
    let forged = send_content(
        &mut admin,
        Some(&conversation),
        "",
        json!({"review": {"stars": 5}}),
    )
    .await;
    assert_eq!(forged["code"], "content_forbidden", "{forged}");
    let visitor_note = send_content(&mut visitor, Some(&conversation), "hi", json!("note")).await;
    assert_eq!(visitor_note["code"], "content_forbidden", "{visitor_note}");
    let visitor_invite = send_content(
        &mut visitor,
        Some(&conversation),
        "",
        json!("review_invite"),
    )
    .await;
    assert_eq!(
        visitor_invite["code"], "content_forbidden",
        "{visitor_invite}"
    );

    let invite = send_content(&mut admin, Some(&conversation), "", json!("review_invite")).await;
    assert_eq!(invite["type"], "ack", "{invite}");
    let prompt = next_message(&mut visitor).await;
    assert_eq!(prompt["content"], "review_invite");
    // The agent closes; the rating must not reopen it.
    assert_eq!(
        act(&mut admin, &conversation, json!({"do": "close"})).await["type"],
        "acted"
    );

    for stars in [0, 6] {
        let wrong = send_content(
            &mut visitor,
            Some(&conversation),
            "",
            json!({"review": {"stars": stars}}),
        )
        .await;
        assert_eq!(wrong["code"], "invalid_review", "{wrong}");
    }
    assert_eq!(rating_of(&app, &conversation).await, (None, None));
    let review = send_content(
        &mut visitor,
        Some(&conversation),
        "  Quick and kind  ",
        json!({"review": {"stars": 4}}),
    )
    .await;
    assert_eq!(review["type"], "ack", "{review}");
    assert_eq!(
        review["message"]["content"],
        json!({"review": {"stars": 4}})
    );
    let seen = next_message(&mut admin).await;
    assert_eq!(seen["content"], json!({"review": {"stars": 4}}));
    assert_eq!(seen["body"], "Quick and kind");
    assert_eq!(
        rating_of(&app, &conversation).await,
        (Some(4), Some("Quick and kind".to_owned()))
    );
    let status = stored_conversations(&app).await;
    assert_eq!(status[0].status, "closed", "a rating does not reopen");
    app.stop().await;
}

#[tokio::test]
async fn an_attachment_must_be_the_senders_own_upload() {
    let app = spawn_app().await;
    let (mut visitor, _admin, conversation, _) = conversation_with_admin(&app).await;
    let made_up = send_content(
        &mut visitor,
        Some(&conversation),
        "",
        json!({"attachment": {"id": Uuid::new_v4()}}),
    )
    .await;
    assert_eq!(made_up["code"], "invalid_attachment", "{made_up}");
    app.stop().await;
}
