//! What the conversation-list tests share: asking the list, count and history server
//! functions as a signed-in member, and talking on sockets without caring for other frames.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use crate::helpers::*;
use crate::ws_client::*;
use serde_json::{Value, json};
use uuid::Uuid;

/// Calls a JSON server function with a session cookie: status and answer.
pub async fn call(app: &TestApp, cookie: &str, endpoint: &str, body: Value) -> (u16, Value) {
    let response = TestApp::new_client()
        .post(app.url(&format!("/api/{endpoint}")))
        .header("cookie", cookie)
        .header("content-type", "application/json")
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Every row of a view with `filters`, page after page (the cursor the server gives).
pub async fn whole_list(app: &TestApp, cookie: &str, view: &str, filters: Value) -> Vec<Value> {
    let mut rows = Vec::new();
    let mut after = Value::Null;
    loop {
        let request = json!({"request": {"view": view, "filters": filters, "after": after}});
        let (status, page) = call(app, cookie, "list_conversations", request).await;
        assert_eq!(status, 200, "{page}");
        rows.extend(page["rows"].as_array().unwrap().iter().cloned());
        after = page["next"].clone();
        if after.is_null() {
            return rows;
        }
    }
}

/// The ids of rows, in order.
pub fn ids(rows: &[Value]) -> Vec<String> {
    rows.iter()
        .map(|row| row["row"]["id"].as_str().unwrap().to_owned())
        .collect()
}

/// The views' counts as `(view, count)`.
pub async fn counts(app: &TestApp, cookie: &str, filters: Value) -> Vec<(String, u64)> {
    let (status, counts) = call(
        app,
        cookie,
        "conversation_counts",
        json!({"filters": filters}),
    )
    .await;
    assert_eq!(status, 200, "{counts}");
    counts["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| {
            (
                pair[0].as_str().unwrap().to_owned(),
                pair[1].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Sends a frame answered by `ack` or `error` with `id` (as `client_id`) and returns that
/// answer; whatever else arrives meanwhile is dropped.
pub async fn answered(socket: &mut WsClient, frame: Value, id: Uuid) -> Value {
    socket.send_json(frame).await;
    loop {
        let frame = socket.next().await;
        let mine = frame["client_id"] == json!(id) || frame["request_id"] == json!(id);
        if mine && matches!(frame["type"].as_str(), Some("ack" | "error" | "acted")) {
            return frame;
        }
    }
}

/// Sends a message (or, with `content`, a note) and returns the answer.
pub async fn send(
    socket: &mut WsClient,
    conversation: Option<&str>,
    body: &str,
    content: Option<&str>,
) -> Value {
    let id = Uuid::new_v4();
    let mut frame =
        json!({"type": "send", "client_id": id, "conversation_id": conversation, "body": body});
    if let Some(content) = content {
        frame["content"] = json!(content);
    }
    answered(socket, frame, id).await
}

/// Acts on a conversation and returns the answer (`acted` or `error`).
pub async fn act_on(socket: &mut WsClient, conversation: &str, action: Value) -> Value {
    let id = Uuid::new_v4();
    let frame =
        json!({"type": "act", "request_id": id, "conversation_id": conversation, "action": action});
    answered(socket, frame, id).await
}

/// Waits until the server has handled everything the socket sent before (frames are
/// handled in order, so the `pong` comes after them).
pub async fn settle(socket: &mut WsClient) {
    let nonce = rand::random::<u32>();
    socket
        .send_json(json!({"type": "ping", "nonce": nonce}))
        .await;
    loop {
        let frame = socket.next().await;
        if frame["type"] == "pong" && frame["nonce"] == json!(nonce) {
            return;
        }
    }
}

/// A visitor who wrote `body`: their socket and conversation id.
pub async fn new_visitor(app: &TestApp, body: &str) -> (WsClient, String) {
    let mut socket = WsClient::visitor(app, &visitor_token(app).await).await;
    socket.hello(0).await;
    let ack = send(&mut socket, None, body, None).await;
    assert_eq!(ack["type"], "ack", "{ack}");
    let conversation = ack["message"]["conversation_id"]
        .as_str()
        .unwrap()
        .to_owned();
    (socket, conversation)
}

/// Runs SQL on the test's database (setting up contacts and tags directly).
pub async fn execute(app: &TestApp, sql: &str, binds: &[&str]) {
    let db = app::backend::db::Db::connect(&app.database_url)
        .await
        .unwrap();
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()));
    for bind in binds {
        query = query.bind(bind.to_string());
    }
    query.execute(db.pool()).await.unwrap();
    db.close().await;
}

/// Three visitors the search tests look for: one asking about shipping to Norway, one asking
/// for a refund in Chinese, and one who only said "Hi" but whose contact is named 王小明, with
/// an email and a phone. Their sockets stay open (the visitors are online).
pub struct SearchFixture {
    pub sockets: Vec<WsClient>,
    pub shipping: String,
    pub refund: String,
    pub named: String,
}

pub async fn search_fixture(app: &TestApp) -> SearchFixture {
    let (english, shipping) = new_visitor(app, "Do you ship to Norway?").await;
    let (chinese, refund) = new_visitor(app, "我想申请退款，订单号是 12345").await;
    let (named_socket, named) = new_visitor(app, "Hi").await;
    // As the server writes a name: with its CJK pairs.
    let pairs = app::models::search_pairs::name_pairs(Some("王小明"));
    execute(
        app,
        "UPDATE visitors SET name = $1, email = $2, phone = $3, name_pairs = $5 \
         WHERE id = (SELECT visitor_id FROM conversations WHERE id = $4)",
        &[
            "王小明",
            "Xiaoming@Example.com",
            "+86 (10) 5555-0100",
            &named,
            &pairs,
        ],
    )
    .await;
    SearchFixture {
        sockets: vec![english, chinese, named_socket],
        shipping,
        refund,
        named,
    }
}
