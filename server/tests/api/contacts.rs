//! Contacts in the console: editing with checks, search, merge suggestions, merging (every
//! conversation, event and page view moves; the merged visitor's widget goes on as the kept
//! contact) and the blacklist, which the socket enforces.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use crate::assignment_support::*;
use crate::helpers::*;
use crate::ws_client::*;
use app::backend::db::Db;
use serde_json::{Value, json};
use std::time::Duration;

pub async fn call(app: &TestApp, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
    let body = form
        .iter()
        .map(|(name, value)| format!("{name}={}", urlencode(value)))
        .collect::<Vec<_>>()
        .join("&");
    app.client
        .post(app.url(&format!("/api/{endpoint}")))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn contacts(app: &TestApp, search: &str, filter: &str) -> Value {
    let response = call(app, "contacts", &[("search", search), ("filter", filter)]).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// A visitor who wrote `body`: their token, visitor id and conversation id.
async fn visitor_who_wrote(app: &TestApp, body: &str) -> (String, String, String) {
    let token = visitor_token(app).await;
    let mut socket = WsClient::visitor(app, &token).await;
    socket.hello(0).await;
    let (conversation, _) = first_message(&mut socket, body).await;
    socket.close().await;
    let db = Db::connect(&app.database_url).await.unwrap();
    let visitor: String = sqlx::query_scalar("SELECT visitor_id FROM conversations WHERE id = $1")
        .bind(&conversation)
        .fetch_one(db.pool())
        .await
        .unwrap();
    db.close().await;
    (token, visitor, conversation)
}

async fn set_fields(
    app: &TestApp,
    id: &str,
    name: &str,
    email: &str,
    phone: &str,
) -> reqwest::Response {
    call(
        app,
        "contact_fields",
        &[
            ("contact", id),
            ("name", name),
            ("email", email),
            ("phone", phone),
        ],
    )
    .await
}

#[tokio::test]
async fn contacts_are_edited_with_checks_and_found_by_name_email_or_phone() {
    let app = spawn_app().await;
    assert_eq!(app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
    let (_, ann, _) = visitor_who_wrote(&app, "hello from Ann").await;
    let (_, _anonymous, _) = visitor_who_wrote(&app, "hello from someone").await;

    for (email, phone, field) in [("not-mail", "", "email"), ("", "call me", "phone")] {
        let refused = set_fields(&app, &ann, "Ann", email, phone).await;
        assert_eq!(refused.status(), 422);
        assert_eq!(refused.json::<Value>().await.unwrap()["field"], field);
    }
    let saved = set_fields(
        &app,
        &ann,
        " Ann Lee ",
        "Ann@Example.com",
        "+44 20 7946 0958",
    )
    .await;
    assert_eq!(saved.status(), 200);

    // From the trigram index (three characters or more) and walked (shorter), the same.
    for search in ["ann lee", "EXAMPLE.COM", "7946", "Le", "58"] {
        let found = contacts(&app, search, "all").await;
        let ids: Vec<&str> = found["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, vec![ann.as_str()], "{search}");
    }
    assert!(
        contacts(&app, "%", "all").await["contacts"]
            .as_array()
            .unwrap()
            .is_empty(),
        "a wildcard is taken literally"
    );
    let known = contacts(&app, "", "known").await;
    assert_eq!(known["contacts"].as_array().unwrap().len(), 1);
    assert_eq!(known["contacts"][0]["email"], "ann@example.com");
    assert_eq!(
        contacts(&app, "", "all").await["contacts"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    app.stop().await;
}

#[tokio::test]
async fn a_merge_moves_every_conversation_and_the_merged_widget_goes_on_as_the_kept_contact() {
    merging_moves_everything(Store::Sqlite).await;
}

#[tokio::test]
async fn a_merge_moves_every_conversation_on_postgres_too() {
    merging_moves_everything(Store::Postgres).await;
}

async fn merging_moves_everything(store: Store) {
    let app = spawn_app_on(store, |config| config).await;
    assert_eq!(app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
    let (old_token, old, old_conversation) = visitor_who_wrote(&app, "asked on my laptop").await;
    let (_, new, new_conversation) = visitor_who_wrote(&app, "asked on my phone").await;
    set_fields(&app, &old, "", "same@example.com", "").await;
    set_fields(&app, &new, "Sam", "same@example.com", "555 0100").await;

    let page = contacts(&app, "", "all").await;
    assert_eq!(
        page["suggestions"],
        json!([{"keep": new, "fold": old, "reason": "same_email"}]),
        "{page}"
    );
    let merged = call(&app, "contact_merge", &[("keep", &new), ("fold", &old)]).await;
    assert_eq!(merged.status(), 200);

    let page = contacts(&app, "", "all").await;
    let listed: Vec<&str> = page["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(listed, vec![new.as_str()]);
    assert_eq!(page["contacts"][0]["conversations"], 2);
    assert_eq!(page["contacts"][0]["phone"], "555 0100");
    let detail: Value = call(&app, "contact", &[("contact", &new)])
        .await
        .json()
        .await
        .unwrap();
    let mut ids: Vec<&str> = detail["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    ids.sort();
    let mut expected = vec![old_conversation.as_str(), new_conversation.as_str()];
    expected.sort();
    assert_eq!(ids, expected);

    // The merged visitor's widget replays both conversations: nothing was lost.
    let mut widget = WsClient::visitor(&app, &old_token).await;
    let replay = widget.hello(0).await;
    let bodies: Vec<&str> = replay
        .iter()
        .filter(|event| event["kind"] == "message")
        .map(|event| event["body"].as_str().unwrap())
        .collect();
    assert!(
        bodies.contains(&"asked on my laptop") && bodies.contains(&"asked on my phone"),
        "{bodies:?}"
    );
    // Merging into itself or with a contact that is gone is refused.
    assert_eq!(
        call(&app, "contact_merge", &[("keep", &new), ("fold", &old)])
            .await
            .status(),
        404
    );
    assert_eq!(
        call(&app, "contact_merge", &[("keep", &new), ("fold", &new)])
            .await
            .status(),
        404
    );
    app.stop().await;
}

#[tokio::test]
async fn a_blacklisted_visitor_is_disconnected_refused_and_told_then_let_back() {
    let app = spawn_app().await;
    assert_eq!(app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
    let (token, visitor, _) = visitor_who_wrote(&app, "hi").await;
    let mut open = WsClient::visitor(&app, &token).await;
    open.hello(0).await;

    let blocked = call(
        &app,
        "contact_blocked",
        &[("contact", &visitor), ("blocked", "true")],
    )
    .await;
    assert_eq!(blocked.status(), 200);
    // The open widget is cut off at once.
    assert!(
        open.closes_within(Duration::from_secs(5)).await,
        "the blocked widget stays connected"
    );
    // Reconnecting: told why, then closed.
    let mut again = WsClient::visitor(&app, &token).await;
    let refusal = again.next().await;
    assert_eq!(refusal["type"], "error");
    assert_eq!(refusal["code"], "blocked");
    assert!(again.closes_within(Duration::from_secs(5)).await);
    assert_eq!(
        contacts(&app, "", "blocked").await["contacts"][0]["id"],
        visitor
    );

    let unblocked = call(
        &app,
        "contact_blocked",
        &[("contact", &visitor), ("blocked", "false")],
    )
    .await;
    assert_eq!(unblocked.status(), 200);
    let mut back = WsClient::visitor(&app, &token).await;
    back.hello(0).await;
    back.say(uuid::Uuid::new_v4(), None, "thanks for letting me back")
        .await;
    app.stop().await;
}

#[tokio::test]
async fn blacklisting_cuts_the_visitors_widget_on_every_server_process() {
    let app = spawn_app_on(Store::Postgres, |config| config).await;
    let other_node = spawn_second_node(&app).await;
    assert_eq!(app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
    let (token, visitor, _) = visitor_who_wrote(&app, "hi").await;
    let mut elsewhere = WsClient::visitor(&other_node, &token).await;
    elsewhere.hello(0).await;
    let blocked = call(
        &app,
        "contact_blocked",
        &[("contact", &visitor), ("blocked", "true")],
    )
    .await;
    assert_eq!(blocked.status(), 200);
    assert!(
        elsewhere.closes_within(Duration::from_secs(5)).await,
        "the widget on the other process stays connected"
    );
    other_node.stop().await;
    app.stop().await;
}

#[tokio::test]
async fn contacts_are_for_admins_of_their_own_project() {
    let app = spawn_app().await;
    let (_, visitor, _) = visitor_who_wrote(&app, "hi").await;
    assert_eq!(
        call(&app, "contacts", &[("search", ""), ("filter", "all")])
            .await
            .status(),
        401
    );
    let team = agents(&app, 1).await;
    let as_agent = TestApp::new_client()
        .post(app.url("/api/contact_blocked"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", &team[0].cookie)
        .body(format!("contact={visitor}&blocked=true"))
        .send()
        .await
        .unwrap();
    assert_eq!(as_agent.status(), 403);
    // A contact id of another project is unknown to this admin.
    assert_eq!(app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
    let stranger = uuid::Uuid::new_v4().to_string();
    assert_eq!(
        call(&app, "contact", &[("contact", &stranger)])
            .await
            .status(),
        404
    );
    assert_eq!(set_fields(&app, &stranger, "x", "", "").await.status(), 404);
    app.stop().await;
}
