//! The widget's forms: their settings in the console (checked, admins only), what the widget's
//! page is told (forms and whether anyone can answer), the pre-chat form's details and the
//! offline form's message (a queued conversation with the visitor's email), and the blacklist.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use crate::assignment_support::*;
use crate::helpers::*;
use crate::ws_client::*;
use app::backend::db::Db;
use app::models::visitor_forms::{AVAILABLE, OFFLINE_FORM};
use serde_json::Value;
use sqlx::Row;

/// Posts a server function's form with `client`; the status and JSON body.
async fn call(
    app: &TestApp,
    client: &reqwest::Client,
    endpoint: &str,
    form: &[(&str, &str)],
) -> (u16, Value) {
    let body = form
        .iter()
        .map(|(name, value)| format!("{}={}", urlencode(name), urlencode(value)))
        .collect::<Vec<_>>()
        .join("&");
    let response = client
        .post(app.url(&format!("/api/{endpoint}")))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// The console's form: the given fields over sensible defaults (no hours, UTC).
fn forms_form<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(String, &'a str)> {
    let mut form: Vec<(&str, &str)> = vec![
        ("name", "off"),
        ("email", "off"),
        ("phone", "off"),
        ("time_zone", "UTC"),
    ];
    for day in ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] {
        form.push((day, ""));
    }
    for (field, value) in changes {
        match form.iter_mut().find(|(name, _)| name == field) {
            Some(slot) => slot.1 = value,
            None => form.push((field, value)),
        }
    }
    form.into_iter()
        .map(|(name, value)| (format!("forms[{name}]"), value))
        .collect()
}

async fn save_forms(
    app: &TestApp,
    client: &reqwest::Client,
    changes: &[(&str, &str)],
) -> (u16, Value) {
    let form = forms_form(changes);
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    call(app, client, "update_visitor_forms", &pairs).await
}

/// A client signed in as the demo admin.
async fn admin(app: &TestApp) -> reqwest::Client {
    let client = TestApp::new_client();
    let response = app.login_with(&client, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert!(session_cookie(&response).is_some());
    client
}

/// The `forms` code in the widget page's config, checked against what the panel reads again
/// when it is opened (`/w/{key}/forms`).
async fn widget_code(app: &TestApp) -> u8 {
    let key = demo_key(app).await;
    let page = app.get(&format!("/w/{key}")).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    let start = html.find("\"forms\":").expect("forms in the config") + "\"forms\":".len();
    let digits: String = html[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let reread = app.get(&format!("/w/{key}/forms")).await;
    assert_eq!(reread.status(), 200);
    assert_eq!(
        reread.headers()["cache-control"].to_str().unwrap(),
        "no-store"
    );
    assert_eq!(reread.text().await.unwrap(), digits);
    digits.parse().unwrap()
}

/// One visitor's stored name, email and phone.
async fn visitor_fields(
    app: &TestApp,
    token: &str,
) -> (Option<String>, Option<String>, Option<String>) {
    use app::backend::auth::token::token_hash;
    let db = Db::connect(&app.database_url).await.unwrap();
    let row = sqlx::query("SELECT name, email, phone FROM visitors WHERE token_hash = $1")
        .bind(token_hash(token))
        .fetch_one(db.pool())
        .await
        .unwrap();
    db.close().await;
    (row.get("name"), row.get("email"), row.get("phone"))
}

#[tokio::test]
async fn forms_settings_are_checked_stored_and_for_admins_only() {
    let app = spawn_app().await;
    let anonymous = TestApp::new_client();
    assert_eq!(call(&app, &anonymous, "visitor_forms", &[]).await.0, 401);
    let agent = &agents(&app, 1).await[0];
    let form = forms_form(&[("name", "required")])
        .iter()
        .map(|(name, value)| format!("{}={}", urlencode(name), urlencode(value)))
        .collect::<Vec<_>>()
        .join("&");
    let agent_page = TestApp::new_client()
        .post(app.url("/api/update_visitor_forms"))
        .header("cookie", &agent.cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(agent_page.status(), 403, "agents may not change the forms");

    let admin = admin(&app).await;
    let (status, stored) = call(&app, &admin, "visitor_forms", &[]).await;
    assert_eq!(status, 200, "{stored}");
    assert_eq!(stored["name"], "off");
    assert_eq!(stored["time_zone"], "UTC");
    assert_eq!(stored["offline_form"], false);

    for (changes, field) in [
        (vec![("time_zone", "Mars/Olympus")], "time_zone"),
        (vec![("time_zone", "")], "time_zone"),
        (vec![("mon", "9-5")], "mon"),
        (vec![("sun", "10:00-10:00")], "sun"),
        (vec![("name", "sometimes")], "name"),
    ] {
        let (status, body) = save_forms(&app, &admin, &changes).await;
        assert_eq!(status, 422, "{changes:?}: {body}");
        assert_eq!(body["field"], field, "{body}");
    }
    let (status, body) = save_forms(
        &app,
        &admin,
        &[
            ("name", "required"),
            ("phone", "optional"),
            ("offline_form", "on"),
            ("mon", "09:00-17:30"),
            ("fri", "22:00-06:00"),
            ("time_zone", " Europe/Berlin "),
            ("bot_reception_first", "on"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, stored) = call(&app, &admin, "visitor_forms", &[]).await;
    assert_eq!(stored["name"], "required");
    assert_eq!(stored["email"], "off");
    assert_eq!(stored["phone"], "optional");
    assert_eq!(stored["offline_form"], true);
    assert_eq!(stored["bot_reception_first"], true);
    assert_eq!(stored["time_zone"], "Europe/Berlin");
    assert_eq!(stored["hours"][0], serde_json::json!([540, 1050]));
    assert_eq!(stored["hours"][4], serde_json::json!([1320, 360]));
    assert_eq!(stored["hours"][1], Value::Null);
    app.stop().await;
}

#[tokio::test]
async fn the_widget_page_says_which_forms_and_whether_anyone_can_answer() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    assert_eq!(widget_code(&app).await & OFFLINE_FORM, 0);
    let (status, _) = save_forms(
        &app,
        &admin,
        &[("offline_form", "on"), ("email", "required")],
    )
    .await;
    assert_eq!(status, 200);
    // Nobody has a workbench open: the offline form, and the pre-chat email as asked.
    let code = widget_code(&app).await;
    assert_eq!(code & (OFFLINE_FORM | AVAILABLE), OFFLINE_FORM);
    assert_eq!((code >> 2) & 3, 2, "email required");
    // An online agent's workbench: available from the next page load.
    let mut bench = WsClient::agent(&app, &admin_cookie(&app).await).await;
    bench.hello(0).await;
    assert_eq!(widget_code(&app).await & AVAILABLE, AVAILABLE);
    // Outside business hours (open one minute a week, at an hour that is not now) nobody is.
    let now = chrono_free_utc_minute();
    let closed_hour = (now / 60 + 12) % 24;
    let hours = format!("{closed_hour:02}:00-{closed_hour:02}:01");
    let days: Vec<(&str, &str)> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .into_iter()
        .map(|day| (day, hours.as_str()))
        .collect();
    let (status, body) = save_forms(&app, &admin, &days).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(widget_code(&app).await & AVAILABLE, 0);
    bench.close().await;
    let unknown = app.get("/w/pk_nosuchproject0000000000/forms").await;
    assert_eq!(unknown.status(), 404);
    app.stop().await;
}

/// The current minute of the UTC day.
fn chrono_free_utc_minute() -> u64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    (secs % 86_400) / 60
}

#[tokio::test]
async fn the_offline_form_queues_a_conversation_with_the_message_and_keeps_the_email() {
    offline_message_is_queued(Store::Sqlite).await;
}

#[tokio::test]
async fn the_offline_form_works_on_postgres_too() {
    offline_message_is_queued(Store::Postgres).await;
}

async fn offline_message_is_queued(store: Store) {
    let app = spawn_app_on(store, |config| config).await;
    let visitor = TestApp::new_client();
    let token = visitor_token(&app).await;
    let too_long = "x".repeat(5001);
    for (email, message, field) in [
        ("not-an-address", "Hello?", "email"),
        ("", "Hello?", "email"),
        ("ann@example.com", "   ", "message"),
        // Refused by the message's own checks, after the address passed its own.
        ("ann@example.com", too_long.as_str(), "message"),
    ] {
        let (status, body) = call(
            &app,
            &visitor,
            "offline_message",
            &[("token", &token), ("email", email), ("message", message)],
        )
        .await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["field"], field, "{body}");
    }
    assert!(
        stored_conversations(&app).await.is_empty(),
        "nothing stored"
    );
    // The address goes in with the message or not at all.
    assert_eq!(visitor_fields(&app, &token).await.1, None);

    let (status, body) = call(
        &app,
        &visitor,
        "offline_message",
        &[
            ("token", &token),
            ("email", "Ann@Example.com"),
            ("message", "Do you ship to Norway?"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let conversations = stored_conversations(&app).await;
    assert_eq!(conversations.len(), 1);
    assert!(
        conversations[0].queue_seq.is_some(),
        "queued: nobody is online"
    );
    assert_eq!(conversations[0].assignee, None);
    let db = Db::connect(&app.database_url).await.unwrap();
    let bodies: Vec<String> = sqlx::query_scalar(
        "SELECT body FROM events WHERE conversation_id = $1 AND kind = 'message'",
    )
    .bind(&conversations[0].id)
    .fetch_all(db.pool())
    .await
    .unwrap();
    db.close().await;
    assert_eq!(bodies, vec!["Do you ship to Norway?".to_owned()]);
    assert_eq!(
        visitor_fields(&app, &token).await.1.as_deref(),
        Some("ann@example.com")
    );
    // The visitor's widget sees its message in its conversation.
    let mut widget = WsClient::visitor(&app, &token).await;
    let replay = widget.hello(0).await;
    assert!(
        replay
            .iter()
            .any(|frame| frame.to_string().contains("Do you ship to Norway?")),
        "{replay:?}"
    );
    widget.close().await;
    app.stop().await;
}

#[tokio::test]
async fn pre_chat_details_are_checked_against_the_settings_and_stored() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let (status, _) =
        save_forms(&app, &admin, &[("name", "required"), ("email", "optional")]).await;
    assert_eq!(status, 200);
    let visitor = TestApp::new_client();
    let token = visitor_token(&app).await;
    for (name, email, field) in [("", "ann@example.com", "name"), ("Ann", "ann@", "email")] {
        let (status, body) = call(
            &app,
            &visitor,
            "visitor_details",
            &[("token", &token), ("name", name), ("email", email)],
        )
        .await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["field"], field);
    }
    let (status, body) = call(
        &app,
        &visitor,
        "visitor_details",
        &[
            ("token", &token),
            ("name", " Ann Lee "),
            ("phone", "+47 1234 5678"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    // The phone is not asked for: ignored.
    assert_eq!(
        visitor_fields(&app, &token).await,
        (Some("Ann Lee".to_owned()), None, None)
    );
    let (status, _) = call(
        &app,
        &visitor,
        "visitor_details",
        &[("token", "not-a-token"), ("name", "Eve")],
    )
    .await;
    assert_eq!(status, 401);
    app.stop().await;
}

#[tokio::test]
async fn a_blacklisted_visitor_is_refused_by_both_forms() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let token = visitor_token(&app).await;
    let mut socket = WsClient::visitor(&app, &token).await;
    socket.hello(0).await;
    let (conversation, _) = first_message(&mut socket, "hello").await;
    socket.close().await;
    let db = Db::connect(&app.database_url).await.unwrap();
    let visitor_id: String =
        sqlx::query_scalar("SELECT visitor_id FROM conversations WHERE id = $1")
            .bind(&conversation)
            .fetch_one(db.pool())
            .await
            .unwrap();
    db.close().await;
    let (status, _) = call(
        &app,
        &admin,
        "contact_blocked",
        &[("contact", &visitor_id), ("blocked", "true")],
    )
    .await;
    assert_eq!(status, 200);

    let visitor = TestApp::new_client();
    let (status, _) = call(
        &app,
        &visitor,
        "visitor_details",
        &[("token", &token), ("name", "Mallory")],
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) = call(
        &app,
        &visitor,
        "offline_message",
        &[
            ("token", &token),
            ("email", "m@example.com"),
            ("message", "let me in"),
        ],
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(visitor_fields(&app, &token).await, (None, None, None));
    assert_eq!(
        stored_conversations(&app).await.len(),
        1,
        "no new conversation"
    );
    app.stop().await;
}
