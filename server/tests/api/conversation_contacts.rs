//! The workbench's view of contacts: the name, email and phone of the visitors of the
//! conversations an agent may see, by the socket's team rule; nothing about the others.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use crate::assignment_support::*;
use crate::helpers::*;
use crate::ws_client::*;
use app::backend::db::{Db, teams};
use serde_json::{Value, json};
use uuid::Uuid;

/// Asks for the contacts of `conversations` with a session cookie.
async fn contacts_of(app: &TestApp, cookie: &str, conversations: &[&str]) -> (u16, Value) {
    let body = conversations
        .iter()
        .enumerate()
        .map(|(index, id)| format!("conversations%5B{index}%5D={id}"))
        .collect::<Vec<_>>()
        .join("&");
    let response = TestApp::new_client()
        .post(app.url("/api/conversation_contacts"))
        .header("cookie", cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// A visitor who wrote `body`: their visitor id and conversation id.
async fn visitor_who_wrote(app: &TestApp, body: &str) -> (String, String) {
    let mut socket = WsClient::visitor(app, &visitor_token(app).await).await;
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
    (visitor, conversation)
}

/// The admin (signed in on `app.client`) names a contact.
async fn name_contact(app: &TestApp, visitor: &str, name: &str, email: &str, phone: &str) {
    let form = [
        ("contact", visitor),
        ("name", name),
        ("email", email),
        ("phone", phone),
    ]
    .iter()
    .map(|(field, value)| format!("{field}={}", urlencode(value)))
    .collect::<Vec<_>>()
    .join("&");
    let saved = app
        .client
        .post(app.url("/api/contact_fields"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200);
}

#[tokio::test]
async fn agents_get_the_contacts_of_conversations_they_may_see_only() {
    contacts_follow_visibility(Store::Sqlite).await;
}

#[tokio::test]
async fn conversation_contacts_follow_visibility_on_postgres_too() {
    contacts_follow_visibility(Store::Postgres).await;
}

async fn contacts_follow_visibility(store: Store) {
    let app = spawn_app_on(store, |config| config).await;
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

    assert_eq!(app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
    let (ann_visitor, named) = visitor_who_wrote(&app, "where is my parcel?").await;
    let (_, anonymous) = visitor_who_wrote(&app, "hello").await;
    name_contact(
        &app,
        &ann_visitor,
        "Ann Lee",
        "Ann@Example.com",
        "+1 555 0100",
    )
    .await;
    let unknown = Uuid::new_v4().to_string();
    let asked = [named.as_str(), anonymous.as_str(), unknown.as_str()];

    // Ann, in the default team the conversations are routed to, sees both.
    let (status, found) = contacts_of(&app, &team[0].cookie, &asked).await;
    assert_eq!(status, 200, "{found}");
    let mut found = found.as_array().unwrap().clone();
    found.sort_by_key(|contact| contact["conversation_id"] != json!(named));
    assert_eq!(
        found,
        [
            json!({"conversation_id": named, "name": "Ann Lee", "email": "ann@example.com",
                   "phone": "+1 555 0100"}),
            json!({"conversation_id": anonymous, "name": null, "email": null, "phone": null}),
        ]
    );

    // Bo, in another team, learns nothing about them: no error either.
    let (status, found) = contacts_of(&app, &team[1].cookie, &asked).await;
    assert_eq!(status, 200, "{found}");
    assert_eq!(found, json!([]));

    // The admin sees every conversation of the project; nothing asked, nothing answered.
    let admin = admin_cookie(&app).await;
    let (status, found) = contacts_of(&app, &admin, &[named.as_str()]).await;
    assert_eq!(status, 200);
    assert_eq!(found[0]["name"], "Ann Lee");
    assert_eq!(contacts_of(&app, &admin, &[]).await, (200, json!([])));

    // Signed out: refused.
    assert_eq!(contacts_of(&app, "", &[named.as_str()]).await.0, 401);

    // Too many at once: refused on the field.
    let many: Vec<String> = (0..501).map(|_| Uuid::new_v4().to_string()).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    let (status, refusal) = contacts_of(&app, &admin, &many).await;
    assert_eq!(status, 422, "{refusal}");
    assert_eq!(refusal["field"], "conversations");
    assert_eq!(refusal["problem"], "too_long");
    app.stop().await;
}
