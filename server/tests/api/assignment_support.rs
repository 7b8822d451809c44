//! What the assignment tests share: agents with their own sign-ins, settings, and reading
//! where conversations stand, from the frames and from the database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::helpers::*;
use crate::ws_client::*;
use app::backend::db::{Db, chat_settings, projects, teams, users};
use app::models::{CurrentUser, Language, ProjectId, Role, Timestamp, UserId};
use serde_json::{Value, json};
use uuid::Uuid;

pub async fn demo_project(app: &TestApp) -> ProjectId {
    let db = Db::connect(&app.database_url).await.unwrap();
    let project = projects::first(&db).await.unwrap().expect("demo project");
    db.close().await;
    project.id
}

/// Changes the demo project's chat settings.
pub async fn adjust_settings(app: &TestApp, adjust: impl FnOnce(&mut chat_settings::ChatSettings)) {
    let db = Db::connect(&app.database_url).await.unwrap();
    let project = demo_project(app).await;
    let mut settings = chat_settings::find(&db, project).await.unwrap().unwrap();
    adjust(&mut settings);
    chat_settings::update(&db, project, settings).await.unwrap();
    db.close().await;
}

/// Switches the demo project's default team to `grab` mode.
pub async fn grab_mode(app: &TestApp) {
    let db = Db::connect(&app.database_url).await.unwrap();
    let project = demo_project(app).await;
    assert!(
        teams::set_mode(
            &db,
            project,
            teams::default_team_id(project),
            teams::RoutingMode::Grab
        )
        .await
        .unwrap()
    );
    db.close().await;
}

/// A signed-in agent of the demo project's default team.
pub struct Agent {
    pub id: UserId,
    pub cookie: String,
}

/// Creates `count` agents (one password hash shared, to keep the test fast) and signs each in.
pub async fn agents(app: &TestApp, count: usize) -> Vec<Agent> {
    use app::backend::auth::password;
    let db = Db::connect(&app.database_url).await.unwrap();
    let project = demo_project(app).await;
    let hash = password::hash(ADMIN_PASSWORD.to_owned()).await.unwrap();
    let mut created = Vec::new();
    for n in 0..count {
        let user = CurrentUser {
            id: UserId::new(),
            project_id: project,
            email: format!("agent{n}-{}@example.com", Uuid::new_v4().simple()),
            display_name: format!("Agent {n}"),
            role: Role::Agent,
            language: Language::En,
        };
        let new_user = users::NewUser {
            user: user.clone(),
            password_hash: hash.clone(),
        };
        users::insert(db.pool(), &new_user, Timestamp::now())
            .await
            .unwrap();
        teams::add_member(db.pool(), teams::default_team_id(project), user.id)
            .await
            .unwrap();
        created.push(user);
    }
    db.close().await;
    let mut signed_in = Vec::new();
    for user in created {
        let client = TestApp::new_client();
        let response = app.login_with(&client, &user.email, ADMIN_PASSWORD).await;
        let cookie = session_cookie(&response).expect("signed in");
        signed_in.push(Agent {
            id: user.id,
            cookie: cookie.split(';').next().unwrap().to_owned(),
        });
    }
    signed_in
}

/// An agent's workbench socket that sees assignment frames, after its replay.
pub async fn workbench(app: &TestApp, agent: &Agent) -> WsClient {
    let mut socket = WsClient::agent(app, &agent.cookie).await.seeing_routing();
    socket.hello(0).await;
    socket
}

/// A visitor's widget socket that sees its queue place, after its replay.
pub async fn widget(app: &TestApp) -> WsClient {
    let mut socket = WsClient::visitor(app, &visitor_token(app).await)
        .await
        .seeing_routing();
    socket.hello(0).await;
    socket
}

/// The next placement change of `conversation` a socket receives.
pub async fn next_change(socket: &mut WsClient, conversation: &str) -> Value {
    loop {
        let frame = socket.next().await;
        if frame["type"] == "event"
            && frame["event"]["kind"] == "conversation"
            && frame["event"]["conversation_id"] == conversation
        {
            return frame["event"].clone();
        }
    }
}

/// The next `change` of `conversation` a socket receives, skipping earlier changes of it that
/// this socket had not read yet.
pub async fn wait_change(socket: &mut WsClient, conversation: &str, change: &str) -> Value {
    loop {
        let event = next_change(socket, conversation).await;
        if event["change"] == change {
            return event;
        }
    }
}

/// The next frame of `kind` a socket receives, skipping others.
pub async fn next_of(socket: &mut WsClient, kind: &str) -> Value {
    loop {
        let frame = socket.next().await;
        if frame["type"] == kind {
            return frame;
        }
    }
}

/// Sends `act` and returns the answer: `acted`, or the `error` for this request. Frames that
/// came first (a colleague's change may) stay for the socket's next reads.
pub async fn act(socket: &mut WsClient, conversation: &str, action: Value) -> Value {
    let request_id = Uuid::new_v4();
    socket
        .send_json(json!({"type": "act", "request_id": request_id, "conversation_id": conversation, "action": action}))
        .await;
    let mut before = Vec::new();
    loop {
        let frame = socket.next().await;
        let answers_me = (frame["type"] == "acted" && frame["request_id"] == json!(request_id))
            || (frame["type"] == "error" && frame["client_id"] == json!(request_id));
        if answers_me {
            socket.stash(before);
            return frame;
        }
        before.push(frame);
    }
}

/// A visitor's first message; returns its conversation id and sequence number.
pub async fn first_message(visitor: &mut WsClient, body: &str) -> (String, i64) {
    let ack = visitor.say(Uuid::new_v4(), None, body).await;
    (
        ack["message"]["conversation_id"]
            .as_str()
            .unwrap()
            .to_owned(),
        ack["message"]["seq"].as_i64().unwrap(),
    )
}

/// Where a conversation stands in the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub id: String,
    pub assignee: Option<String>,
    pub queue_seq: Option<i64>,
    pub status: String,
}

/// Every conversation of the database.
pub async fn stored_conversations(app: &TestApp) -> Vec<Stored> {
    use sqlx::Row;
    let db = Db::connect(&app.database_url).await.unwrap();
    let rows = sqlx::query(
        "SELECT id, assignee_id, queue_seq, status FROM conversations ORDER BY created_at, id",
    )
    .fetch_all(db.pool())
    .await
    .unwrap();
    db.close().await;
    rows.iter()
        .map(|row| Stored {
            id: row.get("id"),
            assignee: row.get("assignee_id"),
            queue_seq: row.get("queue_seq"),
            status: row.get("status"),
        })
        .collect()
}

/// The queued conversations' ids in queue order.
pub fn queue_order(conversations: &[Stored]) -> Vec<String> {
    let mut queued: Vec<&Stored> = conversations
        .iter()
        .filter(|conversation| conversation.queue_seq.is_some())
        .collect();
    queued.sort_by_key(|conversation| conversation.queue_seq);
    queued
        .into_iter()
        .map(|conversation| conversation.id.clone())
        .collect()
}

/// Open conversations served per agent id.
pub fn open_per_agent(conversations: &[Stored]) -> std::collections::HashMap<String, usize> {
    let mut counts = std::collections::HashMap::new();
    for conversation in conversations {
        if let (Some(agent), "open") = (&conversation.assignee, conversation.status.as_str()) {
            *counts.entry(agent.clone()).or_insert(0) += 1;
        }
    }
    counts
}
