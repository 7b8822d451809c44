//! The workbench's visitor panel: what the widget's browser told at connect (user agent,
//! address, languages, time zone), the agent's edits and tags, and the conversation's facts;
//! only for agents who may see the conversation.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use crate::assignment_support::*;
use crate::helpers::*;
use crate::ws_client::*;
use app::backend::db::{Db, teams};
use serde_json::{Value, json};
use std::time::Duration;
use uuid::Uuid;

const CHROME: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 \
    (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

/// Calls a panel server function with a session cookie: status and JSON answer.
async fn call(app: &TestApp, cookie: &str, endpoint: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let body = form
        .iter()
        .map(|(field, value)| format!("{field}={}", urlencode(value)))
        .collect::<Vec<_>>()
        .join("&");
    let response = TestApp::new_client()
        .post(app.url(&format!("/api/{endpoint}")))
        .header("cookie", cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn panel(app: &TestApp, cookie: &str, conversation: &str) -> (u16, Value) {
    call(
        app,
        cookie,
        "visitor_panel",
        &[("conversation_id", conversation)],
    )
    .await
}

/// The panel once the connect's details are stored (they are written off the upgrade's path).
async fn panel_with_client(app: &TestApp, cookie: &str, conversation: &str) -> Value {
    for _ in 0..50 {
        let (status, body) = panel(app, cookie, conversation).await;
        assert_eq!(status, 200, "{body}");
        if !body["visitor"]["ip"].is_null() {
            return body;
        }
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
    panic!("the connect's details were never stored");
}

/// A widget socket with browser headers; `query` is added after the token.
async fn browser_widget(
    app: &TestApp,
    token: &str,
    query: &str,
    headers: &[(&str, &str)],
) -> WsClient {
    let mut socket = WsClient::connect_with(app, &format!("?visitor={token}{query}"), headers)
        .await
        .unwrap();
    socket.hello(0).await;
    socket
}

async fn set_tags(
    app: &TestApp,
    cookie: &str,
    conversation: &str,
    on: &str,
    tags: &[&str],
) -> (u16, Value) {
    let mut form = vec![("conversation_id", conversation), ("on", on)];
    let names: Vec<String> = (0..tags.len())
        .map(|index| format!("tags[{index}]"))
        .collect();
    for (name, tag) in names.iter().zip(tags) {
        form.push((name.as_str(), tag));
    }
    call(app, cookie, "visitor_panel_tags", &form).await
}

fn set_names(choices: &Value) -> Vec<String> {
    choices
        .as_array()
        .unwrap()
        .iter()
        .filter(|choice| choice["set"] == true)
        .map(|choice| choice["name"].as_str().unwrap().to_owned())
        .collect()
}

async fn add_tag(app: &TestApp, admin: &str, kind: &str, name: &str) -> String {
    let (status, tag) = call(app, admin, "tag_create", &[("kind", kind), ("name", name)]).await;
    assert_eq!(status, 200, "{tag}");
    tag["id"].as_str().unwrap().to_owned()
}

/// Adds an older, closed conversation for the visitor of `conversation` (a visitor writes
/// into their latest conversation: older ones come from merged contacts).
async fn past_conversation_of(app: &TestApp, conversation: &str) -> String {
    let db = Db::connect(&app.database_url).await.unwrap();
    let past = Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO conversations (id, project_id, visitor_id, status, created_at, \
         last_activity_at) SELECT $1, project_id, visitor_id, 'closed', 1, 1 \
         FROM conversations WHERE id = $2",
    )
    .bind(&past)
    .bind(conversation)
    .execute(db.pool())
    .await
    .unwrap();
    db.close().await;
    past
}

#[tokio::test]
async fn the_panel_shows_the_browser_the_page_and_the_conversation() {
    panel_end_to_end(Store::Sqlite).await;
}

#[tokio::test]
async fn the_panel_works_on_postgres_too() {
    panel_end_to_end(Store::Postgres).await;
}

async fn panel_end_to_end(store: Store) {
    let app = spawn_app_on(store, |config| config).await;
    let team = agents(&app, 1).await;
    let admin = admin_cookie(&app).await;
    let mut desk = workbench(&app, &team[0]).await;
    let token = visitor_token(&app).await;

    let mut visitor = browser_widget(
        &app,
        &token,
        "&tz=Europe%2FBerlin",
        &[
            ("user-agent", CHROME),
            ("accept-language", "de-DE,de;q=0.9,en;q=0.8"),
        ],
    )
    .await;
    visitor
        .send_json(
            json!({"type": "page_view", "url": "https://shop.example/cart",
            "title": "Cart", "referrer": ""}),
        )
        .await;
    let (conversation, _) = first_message(&mut visitor, "Where is my order?\nIt is late").await;
    wait_change(&mut desk, &conversation, "assigned").await;
    let past = past_conversation_of(&app, &conversation).await;
    // A note first: it is no response to the visitor.
    desk.send_json(json!({"type": "send", "client_id": Uuid::new_v4(),
        "conversation_id": conversation, "body": "VIP, be quick", "content": "note"}))
        .await;
    next_of(&mut desk, "ack").await;
    tokio::time::sleep(Duration::from_millis(5)).await;
    let reply = desk
        .say(Uuid::new_v4(), Some(&conversation), "Let me check.")
        .await;
    let replied_at = reply["message"]["at"].as_i64().unwrap();

    let body = panel_with_client(&app, &team[0].cookie, &conversation).await;
    let visitor_part = &body["visitor"];
    assert_eq!(visitor_part["browser"], "Chrome 120.0.0.0", "{body}");
    assert!(visitor_part["os"].as_str().unwrap().starts_with("Windows"));
    assert_eq!(visitor_part["device"], "desktop");
    assert_eq!(visitor_part["ip"], "127.0.0.1");
    assert_eq!(visitor_part["language"], "de-DE, de, en");
    assert_eq!(visitor_part["time_zone"], "Europe/Berlin");
    assert!(
        [60, 120].contains(&visitor_part["utc_offset_minutes"].as_i64().unwrap()),
        "{body}"
    );
    assert_eq!(
        visitor_part["current_page"]["url"],
        "https://shop.example/cart"
    );
    let past_ids: Vec<&str> = visitor_part["past_conversations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|past| past["id"].as_str().unwrap())
        .collect();
    assert_eq!(past_ids, vec![past.as_str()]);

    let info = &body["conversation"];
    assert_eq!(info["id"], conversation.as_str());
    assert_eq!(info["title"], "Where is my order? It is late");
    assert_eq!(info["first_response_at"], replied_at, "{info}");
    assert_eq!(info["agents"], json!(["Agent 0"]));
    assert_eq!(info["rating"], Value::Null);

    // The visitor rates it after an invitation.
    desk.send_json(json!({"type": "send", "client_id": Uuid::new_v4(),
        "conversation_id": conversation, "body": "", "content": "review_invite"}))
        .await;
    next_of(&mut desk, "ack").await;
    visitor
        .send_json(json!({"type": "send", "client_id": Uuid::new_v4(),
            "conversation_id": conversation, "body": "Quick and kind",
            "content": {"review": {"stars": 5}}}))
        .await;
    next_of(&mut visitor, "ack").await;
    let (_, body) = panel(&app, &team[0].cookie, &conversation).await;
    assert_eq!(
        body["conversation"]["rating"],
        json!({"stars": 5, "comment": "Quick and kind"})
    );

    // Edits: checked by the contacts' rules, stored, read back.
    let fields = |email: &'static str, region: &'static str| {
        [
            ("conversation_id", conversation.clone()),
            ("name", "Ann Lee".to_owned()),
            ("email", email.to_owned()),
            ("phone", "+49 30 1234567".to_owned()),
            ("region", region.to_owned()),
            ("notes", "Prefers email.".to_owned()),
        ]
    };
    let as_form =
        |fields: &[(&'static str, String)]| -> Vec<(&'static str, String)> { fields.to_vec() };
    let bad = as_form(&fields("not-an-email", "Berlin"));
    let bad: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, refusal) = call(&app, &team[0].cookie, "visitor_panel_fields", &bad).await;
    assert_eq!(status, 422, "{refusal}");
    assert_eq!(refusal["field"], "email");
    let long_region = "r".repeat(81);
    let mut too_long = bad.clone();
    too_long[2] = ("email", "");
    too_long[4] = ("region", &long_region);
    let (status, refusal) = call(&app, &team[0].cookie, "visitor_panel_fields", &too_long).await;
    assert_eq!(status, 422, "{refusal}");
    assert_eq!(refusal["field"], "region");
    let good = as_form(&fields("Ann@Example.com", " Berlin "));
    let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, saved) = call(&app, &team[0].cookie, "visitor_panel_fields", &good).await;
    assert_eq!(status, 200, "{saved}");
    let (_, body) = panel(&app, &team[0].cookie, &conversation).await;
    assert_eq!(body["visitor"]["name"], "Ann Lee");
    assert_eq!(body["visitor"]["email"], "ann@example.com");
    assert_eq!(body["visitor"]["region"], "Berlin");
    assert_eq!(body["visitor"]["notes"], "Prefers email.");

    // Tags: set, replaced, cleared; a tag of the wrong kind is refused.
    let vip = add_tag(&app, &admin, "visitor", "VIP").await;
    let refund = add_tag(&app, &admin, "session", "Refund").await;
    let urgent = add_tag(&app, &admin, "session", "Urgent").await;
    let (status, _) = set_tags(&app, &team[0].cookie, &conversation, "visitor", &[&vip]).await;
    assert_eq!(status, 200);
    let (status, _) = set_tags(
        &app,
        &team[0].cookie,
        &conversation,
        "session",
        &[&refund, &urgent],
    )
    .await;
    assert_eq!(status, 200);
    let (_, body) = panel(&app, &team[0].cookie, &conversation).await;
    assert_eq!(set_names(&body["visitor"]["tags"]), vec!["VIP"]);
    assert_eq!(
        set_names(&body["conversation"]["tags"]),
        vec!["Refund", "Urgent"]
    );
    let (status, _) = set_tags(&app, &team[0].cookie, &conversation, "session", &[&vip]).await;
    assert_eq!(status, 404);
    let (status, _) = set_tags(&app, &team[0].cookie, &conversation, "session", &[&urgent]).await;
    assert_eq!(status, 200);
    let (status, _) = set_tags(&app, &team[0].cookie, &conversation, "visitor", &[]).await;
    assert_eq!(status, 200);
    let (_, body) = panel(&app, &team[0].cookie, &conversation).await;
    assert!(set_names(&body["visitor"]["tags"]).is_empty());
    assert_eq!(set_names(&body["conversation"]["tags"]), vec!["Urgent"]);
    assert_eq!(body["conversation"]["tags"].as_array().unwrap().len(), 2);
    app.stop().await;
}

#[tokio::test]
async fn forwarded_addresses_count_only_from_a_trusted_proxy() {
    let forwarded = [("x-forwarded-for", "203.0.113.7")];
    for (trusted, expected) in [("", "127.0.0.1"), ("127.0.0.0/8", "203.0.113.7")] {
        let app = spawn_app_on(Store::Sqlite, |config| app_config(config, trusted)).await;
        let admin = admin_cookie(&app).await;
        let token = visitor_token(&app).await;
        let mut visitor = browser_widget(&app, &token, "&tz=Not%2FA_Zone", &forwarded).await;
        let (conversation, _) = first_message(&mut visitor, "hi").await;
        let body = panel_with_client(&app, &admin, &conversation).await;
        assert_eq!(body["visitor"]["ip"], expected, "trusted: {trusted:?}");
        // An unknown time zone is not stored.
        assert_eq!(body["visitor"]["time_zone"], Value::Null);
        app.stop().await;
    }
}

fn app_config(config: server::config::Config, trusted: &str) -> server::config::Config {
    server::config::Config {
        trusted_proxies: trusted.to_owned(),
        ..config
    }
}

#[tokio::test]
async fn agents_of_other_teams_and_projects_get_not_found() {
    let app = spawn_app().await;
    let team = agents(&app, 2).await;
    // Bo works for another team only.
    let db = Db::connect(&app.database_url).await.unwrap();
    let project = demo_project(&app).await;
    let sales = teams::Team {
        id: app::models::TeamId::new(),
        name: "Sales".to_owned(),
        mode: teams::RoutingMode::Auto,
    };
    teams::insert(&db, project, &sales, app::models::Timestamp::now())
        .await
        .unwrap();
    teams::remove_member(&db, teams::default_team_id(project), team[1].id)
        .await
        .unwrap();
    teams::add_member(db.pool(), sales.id, team[1].id)
        .await
        .unwrap();
    db.close().await;

    let mut visitor = WsClient::visitor(&app, &visitor_token(&app).await).await;
    visitor.hello(0).await;
    let (conversation, _) = first_message(&mut visitor, "hello").await;

    let (status, _) = panel(&app, &team[0].cookie, &conversation).await;
    assert_eq!(status, 200);
    let (status, body) = panel(&app, &team[1].cookie, &conversation).await;
    assert_eq!(status, 404, "{body}");
    let edit = [
        ("conversation_id", conversation.as_str()),
        ("name", "Mallory"),
        ("email", ""),
        ("phone", ""),
        ("region", ""),
        ("notes", ""),
    ];
    let (status, _) = call(&app, &team[1].cookie, "visitor_panel_fields", &edit).await;
    assert_eq!(status, 404);
    let (status, _) = set_tags(&app, &team[1].cookie, &conversation, "session", &[]).await;
    assert_eq!(status, 404);
    let (status, _) = panel(&app, "", &conversation).await;
    assert_eq!(status, 401);
    let (status, _) = panel(&app, &team[0].cookie, &Uuid::new_v4().to_string()).await;
    assert_eq!(status, 404);
    // Nothing was written by the refused edit.
    let (_, body) = panel(&app, &team[0].cookie, &conversation).await;
    assert_eq!(body["visitor"]["name"], Value::Null);
    app.stop().await;
}

#[tokio::test]
async fn a_merged_contact_brings_its_tags_region_and_conversations() {
    let app = spawn_app().await;
    let admin = admin_cookie(&app).await;
    let mut conversations = Vec::new();
    for body in ["first visit", "second visit"] {
        let mut visitor = WsClient::visitor(&app, &visitor_token(&app).await).await;
        visitor.hello(0).await;
        conversations.push(first_message(&mut visitor, body).await.0);
        visitor.close().await;
    }
    let (kept, folded) = (&conversations[0], &conversations[1]);
    let vip = add_tag(&app, &admin, "visitor", "VIP").await;
    let (status, _) = set_tags(&app, &admin, folded, "visitor", &[&vip]).await;
    assert_eq!(status, 200);
    let edit = [
        ("conversation_id", folded.as_str()),
        ("name", ""),
        ("email", ""),
        ("phone", ""),
        ("region", "Lisbon"),
        ("notes", ""),
    ];
    assert_eq!(
        call(&app, &admin, "visitor_panel_fields", &edit).await.0,
        200
    );
    let visitor_of = |body: &Value| body["visitor"]["id"].as_str().unwrap().to_owned();
    let keep = visitor_of(&panel(&app, &admin, kept).await.1);
    let fold = visitor_of(&panel(&app, &admin, folded).await.1);
    let (status, body) = call(
        &app,
        &admin,
        "contact_merge",
        &[("keep", &keep), ("fold", &fold)],
    )
    .await;
    assert_eq!(status, 200, "{body}");

    let (_, body) = panel(&app, &admin, kept).await;
    assert_eq!(set_names(&body["visitor"]["tags"]), vec!["VIP"]);
    assert_eq!(body["visitor"]["region"], "Lisbon");
    assert_eq!(
        body["visitor"]["past_conversations"][0]["id"],
        folded.as_str()
    );
    app.stop().await;
}
