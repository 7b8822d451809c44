//! Running a team over HTTP: invitations by mail (SMTP or the console's outbox), joining
//! with the link, seats and the subscription, the last admin, limits, deactivation and
//! password changes ending sessions and sockets.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::assignment_support::*;
use crate::helpers::*;
use crate::smtp_sink::SmtpSink;
use crate::ws_client::*;
use app::backend::db::{Db, members};
use app::models::Timestamp;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use server::Config;
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

/// Posts a server function's form with `client` (and its cookies).
async fn post(
    app: &TestApp,
    client: &reqwest::Client,
    endpoint: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    let body = form
        .iter()
        .map(|(name, value)| format!("{name}={}", urlencode(value)))
        .collect::<Vec<_>>()
        .join("&");
    client
        .post(app.url(&format!("/api/{endpoint}")))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap()
}

/// Posts a server function's form from a fresh client presenting `cookie` (`parley_session=…`).
async fn post_as(
    app: &TestApp,
    cookie: &str,
    endpoint: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    let body = form
        .iter()
        .map(|(name, value)| format!("{name}={}", urlencode(value)))
        .collect::<Vec<_>>()
        .join("&");
    TestApp::new_client()
        .post(app.url(&format!("/api/{endpoint}")))
        .header("cookie", cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap()
}

/// The status and JSON body (`null` when there is none) of a response.
async fn answer(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// A succeeded server function that answers with a redirect (sign-in, join, password).
fn succeeded(response: &reqwest::Response) -> bool {
    response.status().is_success() || response.status().is_redirection()
}

/// The cookie pair (`parley_session=…`) a response set.
fn cookie_pair(response: &reqwest::Response) -> String {
    let cookie = session_cookie(response).expect("a session cookie");
    cookie.split(';').next().unwrap().to_owned()
}

/// A client signed in as the demo admin.
async fn admin_client(app: &TestApp) -> reqwest::Client {
    let client = TestApp::new_client();
    let response = app.login_with(&client, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert!(succeeded(&response), "{}", response.status());
    client
}

/// The Team page's data, as the admin behind `client` sees it.
async fn team(app: &TestApp, client: &reqwest::Client) -> Value {
    let (status, body) = answer(post(app, client, "team", &[]).await).await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn invite(app: &TestApp, client: &reqwest::Client, emails: &str, role: &str) -> (u16, Value) {
    answer(post(app, client, "invite", &[("emails", emails), ("role", role)]).await).await
}

async fn join(
    app: &TestApp,
    client: &reqwest::Client,
    token: &str,
    name: &str,
    password: &str,
) -> reqwest::Response {
    post(
        app,
        client,
        "join",
        &[("token", token), ("name", name), ("password", password)],
    )
    .await
}

async fn preview(app: &TestApp, token: &str) -> (u16, Value) {
    answer(
        post(
            app,
            &TestApp::new_client(),
            "join_preview",
            &[("token", token)],
        )
        .await,
    )
    .await
}

/// The first `http://…` link in a text.
fn link_in(text: &str) -> String {
    let start = text
        .find("http://")
        .unwrap_or_else(|| panic!("no link in {text}"));
    text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect()
}

/// The token of a join link.
fn token_of(link: &str) -> String {
    link.rsplit_once("/join/")
        .unwrap_or_else(|| panic!("not a join link: {link}"))
        .1
        .to_owned()
}

/// The join link of the newest outbox mail to `email`.
fn outbox_link(team: &Value, email: &str) -> String {
    let mail = team["outbox"]
        .as_array()
        .unwrap()
        .iter()
        .find(|mail| mail["to"] == email)
        .unwrap_or_else(|| panic!("no outbox mail to {email}: {team}"));
    link_in(mail["body"].as_str().unwrap())
}

/// A member as the Team page lists them.
fn member<'a>(team: &'a Value, email: &str) -> &'a Value {
    team["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|member| member["email"] == email)
        .unwrap_or_else(|| panic!("{email} is not listed: {team}"))
}

/// A member as the Team page lists them, by account id.
fn member_by_id(team: &Value, id: &str) -> Value {
    team["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|member| member["id"] == id)
        .unwrap_or_else(|| panic!("{id} is not listed: {team}"))
        .clone()
}

/// Someone who joined by invitation: their account id, their client and its cookie pair.
struct Joined {
    id: String,
    email: String,
    client: reqwest::Client,
    cookie: String,
}

/// Invites `email` as an agent (no SMTP: the link is read from the outbox) and joins with it.
async fn invite_and_join(
    app: &TestApp,
    admin: &reqwest::Client,
    email: &str,
    password: &str,
) -> Joined {
    let (status, results) = invite(app, admin, email, "agent").await;
    assert_eq!(status, 200, "{results}");
    assert_eq!(results[0]["outcome"], "sent", "{results}");
    let link = outbox_link(&team(app, admin).await, email);
    let client = TestApp::new_client();
    let response = join(app, &client, &token_of(&link), "Joined Agent", password).await;
    assert!(succeeded(&response), "{}", response.status());
    let cookie = cookie_pair(&response);
    let me = app.me(&client).await;
    assert_eq!(me["email"], email);
    Joined {
        id: me["id"].as_str().unwrap().to_owned(),
        email: email.to_owned(),
        client,
        cookie,
    }
}

/// Sets the demo project's subscription terms straight in the database.
async fn set_terms(app: &TestApp, seats: i64, valid_until: Option<Timestamp>) {
    let project = demo_project(app).await;
    let db = Db::connect(&app.database_url).await.unwrap();
    let mut conn = db.pool().acquire().await.unwrap();
    assert!(
        members::set_subscription_terms(&mut conn, project, seats, valid_until)
            .await
            .unwrap()
    );
    drop(conn);
    db.close().await;
}

/// The stored conversation `id`.
async fn stored(app: &TestApp, id: &str) -> Stored {
    stored_conversations(app)
        .await
        .into_iter()
        .find(|conversation| conversation.id == id)
        .unwrap_or_else(|| panic!("conversation {id} not stored"))
}

/// Waits until the conversation is served by `agent`.
async fn wait_assigned_to(app: &TestApp, id: &str, agent: &str) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let conversation = stored(app, id).await;
        if conversation.assignee.as_deref() == Some(agent) {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "not assigned to {agent}: {conversation:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

type RawSocket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// An agent's workbench socket read at the frame level (to see the server close it), after
/// its `hello` and replay.
async fn raw_workbench(app: &TestApp, cookie: &str) -> RawSocket {
    let mut request = format!("ws://{}/ws", app.address)
        .into_client_request()
        .unwrap();
    request
        .headers_mut()
        .insert("cookie", cookie.parse().unwrap());
    request
        .headers_mut()
        .insert("origin", format!("http://{}", app.address).parse().unwrap());
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    socket
        .send(Message::Text(
            json!({"type": "hello", "version": 1, "last_seq": 0})
                .to_string()
                .into(),
        ))
        .await
        .unwrap();
    loop {
        let message = tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .expect("the replay within 10 s")
            .expect("socket open")
            .unwrap();
        if let Message::Text(text) = message {
            let frame: Value = serde_json::from_str(&text).unwrap();
            if frame["type"] == "replayed" {
                return socket;
            }
        }
    }
}

/// Whether the server ends the socket (close frame, end of stream or reset) within `wait`;
/// frames before that are skipped.
async fn closes_within(socket: &mut RawSocket, wait: Duration) -> bool {
    let until = tokio::time::Instant::now() + wait;
    loop {
        match tokio::time::timeout_at(until, socket.next()).await {
            Err(_) => return false,
            Ok(None | Some(Err(_)) | Some(Ok(Message::Close(_)))) => return true,
            Ok(Some(Ok(_))) => continue,
        }
    }
}

/// The status a signed-in-only server function answers for this cookie: `password` with
/// nothing filled in is 422 (current password required) when signed in, 401 when not.
async fn member_status(app: &TestApp, cookie: &str) -> u16 {
    post_as(
        app,
        cookie,
        "password",
        &[("current_password", ""), ("new_password", "")],
    )
    .await
    .status()
    .as_u16()
}

/// The HTTP status the `/ws` upgrade answers a cookie with (101 when it is accepted).
async fn ws_upgrade_status(app: &TestApp, cookie: &str) -> u16 {
    let origin = format!("http://{}", app.address);
    match WsClient::connect_with(app, "", &[("cookie", cookie), ("origin", &origin)]).await {
        Ok(socket) => {
            socket.close().await;
            101
        }
        Err(status) => status,
    }
}

/// Test 1 on either backend: invite over SMTP, the mail arrives, the link joins once.
async fn invitation_by_smtp_joins_once(store: Store) {
    let mut sink = SmtpSink::start().await;
    let smtp_url = sink.url();
    let app = spawn_app_on(store, |config| Config {
        smtp_url: Some(smtp_url),
        ..config
    })
    .await;
    let admin = admin_client(&app).await;

    let (status, results) = invite(
        &app,
        &admin,
        &format!("new@example.com, not-an-address; NEW@example.com\n{ADMIN_EMAIL}"),
        "agent",
    )
    .await;
    assert_eq!(status, 200, "{results}");
    assert_eq!(
        results,
        json!([
            {"email": "new@example.com", "outcome": "sent"},
            {"email": "not-an-address", "outcome": "invalid"},
            {"email": "NEW@example.com", "outcome": "duplicate"},
            {"email": ADMIN_EMAIL, "outcome": "already_member"},
        ])
    );

    let mail = sink.next_mail().await;
    assert_eq!(mail.recipients, ["new@example.com"]);
    let decoded = mail.decoded();
    assert!(
        decoded.contains("Demo Admin invited you to Demo Shop on Parley"),
        "{decoded}"
    );
    let link = mail.join_link();
    assert!(link.starts_with(&app.url("/join/")), "{link}");
    sink.expect_no_mail(Duration::from_secs(1)).await;

    let overview = team(&app, &admin).await;
    assert_eq!(
        overview["pending"].as_array().unwrap().len(),
        1,
        "{overview}"
    );
    assert_eq!(overview["pending"][0]["email"], "new@example.com");
    assert_eq!(overview["pending"][0]["role"], "agent");
    assert_eq!(
        overview["subscription"]["used"], 2,
        "the invitation holds a seat"
    );
    assert_eq!(
        overview["outbox"],
        json!([]),
        "with SMTP nothing goes to the outbox"
    );
    assert_eq!(overview["smtp"], true);

    let token = token_of(&link);
    let (status, shown) = preview(&app, &token).await;
    assert_eq!(status, 200, "{shown}");
    assert_eq!(
        shown,
        json!({"project_name": "Demo Shop", "email": "new@example.com"})
    );

    let newcomer = TestApp::new_client();
    let response = join(&app, &newcomer, &token, "New Agent", "joined-password").await;
    assert!(succeeded(&response), "{}", response.status());
    assert!(session_cookie(&response).is_some(), "joining signs in");
    let me = app.me(&newcomer).await;
    assert_eq!(me["email"], "new@example.com");
    assert_eq!(me["display_name"], "New Agent");
    assert_eq!(me["role"], "agent");

    let overview = team(&app, &admin).await;
    assert_eq!(overview["pending"], json!([]));
    let joined = member(&overview, "new@example.com");
    assert_eq!(joined["role"], "agent");
    assert_eq!(joined["active"], true);
    assert_eq!(overview["subscription"]["used"], 2);

    // The link works once.
    let again = TestApp::new_client();
    let response = join(&app, &again, &token, "Someone Else", "other-password").await;
    assert!(session_cookie(&response).is_none());
    let (status, body) = answer(response).await;
    assert_eq!(status, 410, "{body}");
    assert_eq!(body["code"], "invitation_unusable");
    assert_eq!(app.me(&again).await, Value::Null);
    assert_eq!(preview(&app, &token).await.0, 410);

    // A token that never existed.
    let (status, body) = answer(
        join(
            &app,
            &TestApp::new_client(),
            "no-such-token",
            "Nobody",
            "some-password",
        )
        .await,
    )
    .await;
    assert_eq!(status, 410, "{body}");
    assert_eq!(preview(&app, "no-such-token").await.0, 410);

    // The new account signs in with what it chose.
    let response = app
        .login_with(&TestApp::new_client(), "new@example.com", "joined-password")
        .await;
    assert!(session_cookie(&response).is_some(), "{}", response.status());
    app.stop().await;
}

#[tokio::test]
async fn team_admin_invitation_by_smtp_arrives_and_joins_once() {
    invitation_by_smtp_joins_once(Store::Sqlite).await;
}

#[tokio::test]
async fn team_admin_invitation_by_smtp_arrives_and_joins_once_on_postgres() {
    invitation_by_smtp_joins_once(Store::Postgres).await;
}

#[tokio::test]
async fn team_admin_a_mail_the_smtp_server_refuses_is_reported_per_address() {
    // A port nobody listens on: the connection is refused at once.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let app = spawn_app_on(Store::Sqlite, |config| Config {
        smtp_url: Some(format!("smtp://127.0.0.1:{port}")),
        ..config
    })
    .await;
    let admin = admin_client(&app).await;
    let (status, results) = invite(&app, &admin, "unlucky@example.com", "agent").await;
    assert_eq!(status, 200, "{results}");
    assert_eq!(
        results,
        json!([{"email": "unlucky@example.com", "outcome": "not_delivered"}])
    );
    let overview = team(&app, &admin).await;
    assert_eq!(
        overview["outbox"],
        json!([]),
        "SMTP configured: no outbox copy"
    );
    // Stored all the same: inviting again sends a new link.
    assert_eq!(overview["pending"][0]["email"], "unlucky@example.com");
    app.stop().await;
}

#[tokio::test]
async fn team_admin_without_smtp_the_mail_waits_in_the_outbox() {
    let app = spawn_app().await;
    let admin = admin_client(&app).await;
    let (status, results) = invite(&app, &admin, "outbox@example.com", "admin").await;
    assert_eq!(status, 200, "{results}");
    assert_eq!(
        results,
        json!([{"email": "outbox@example.com", "outcome": "sent"}])
    );
    let overview = team(&app, &admin).await;
    assert_eq!(overview["smtp"], false);
    let outbox = overview["outbox"].as_array().unwrap();
    assert_eq!(outbox.len(), 1, "{overview}");
    assert_eq!(outbox[0]["to"], "outbox@example.com");
    assert_eq!(
        outbox[0]["subject"],
        "Demo Admin invited you to Demo Shop on Parley"
    );
    let body = outbox[0]["body"].as_str().unwrap();
    let link = link_in(body);
    assert!(link.starts_with(&app.url("/join/")), "{body}");
    assert_eq!(overview["pending"][0]["role"], "admin");

    let (status, shown) = preview(&app, &token_of(&link)).await;
    assert_eq!(status, 200, "{shown}");
    assert_eq!(shown["email"], "outbox@example.com");
    // Invited as an admin, they join as one.
    let client = TestApp::new_client();
    let response = join(
        &app,
        &client,
        &token_of(&link),
        "Second Admin",
        "admin-password",
    )
    .await;
    assert!(succeeded(&response), "{}", response.status());
    assert_eq!(app.me(&client).await["role"], "admin");
    assert_eq!(post(&app, &client, "team", &[]).await.status(), 200);
    app.stop().await;
}

/// Test 3 on either backend: seats run out as a whole request, and an expired subscription
/// invites nobody.
async fn seats_and_expiry(store: Store) {
    let app = spawn_app_on(store, |config| config).await;
    let admin = admin_client(&app).await;
    set_terms(&app, 2, None).await;
    assert_eq!(
        team(&app, &admin).await["subscription"],
        json!({"seats": 2, "used": 1, "valid_until": null})
    );

    let (status, body) = invite(&app, &admin, "a@example.com b@example.com", "agent").await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["code"], "seats_exhausted");
    assert_eq!(body["seats"], 2);
    assert_eq!(body["free"], 1);
    let overview = team(&app, &admin).await;
    assert_eq!(overview["pending"], json!([]), "nothing stored: {overview}");
    assert_eq!(overview["outbox"], json!([]), "nothing sent: {overview}");
    assert_eq!(overview["subscription"]["used"], 1);

    let (status, body) = invite(&app, &admin, "a@example.com", "agent").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body[0]["outcome"], "sent");
    let first_link = outbox_link(&team(&app, &admin).await, "a@example.com");

    let (status, body) = invite(&app, &admin, "b@example.com", "agent").await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["free"], 0);

    // Inviting the same address again needs no new seat: a new link, the old one withdrawn.
    let (status, body) = invite(&app, &admin, "a@example.com", "agent").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body[0]["outcome"], "reinvited");
    let overview = team(&app, &admin).await;
    assert_eq!(
        overview["pending"].as_array().unwrap().len(),
        1,
        "{overview}"
    );
    assert_eq!(overview["subscription"]["used"], 2);
    assert_eq!(overview["outbox"].as_array().unwrap().len(), 2);
    let second_link = outbox_link(&overview, "a@example.com");
    assert_ne!(first_link, second_link, "the newest mail comes first");
    assert_eq!(preview(&app, &token_of(&first_link)).await.0, 410);
    assert_eq!(preview(&app, &token_of(&second_link)).await.0, 200);

    // The paid period is over: nobody can be invited, whatever the seats.
    let yesterday = Timestamp(Timestamp::now().0 - 86_400_000);
    set_terms(&app, 10, Some(yesterday)).await;
    let (status, body) = invite(&app, &admin, "c@example.com", "agent").await;
    assert_eq!(status, 402, "{body}");
    assert_eq!(body["code"], "subscription_expired");
    let overview = team(&app, &admin).await;
    assert!(
        overview["pending"]
            .as_array()
            .unwrap()
            .iter()
            .all(|pending| pending["email"] != "c@example.com"),
        "{overview}"
    );
    app.stop().await;
}

#[tokio::test]
async fn team_admin_seats_limit_invitations_and_an_expired_subscription_stops_them() {
    seats_and_expiry(Store::Sqlite).await;
}

#[tokio::test]
async fn team_admin_seats_limit_invitations_and_an_expired_subscription_stops_them_on_postgres() {
    seats_and_expiry(Store::Postgres).await;
}

#[tokio::test]
async fn team_admin_more_than_ten_addresses_are_refused_as_a_whole() {
    let app = spawn_app().await;
    let admin = admin_client(&app).await;
    set_terms(&app, 100, None).await;
    let eleven: Vec<String> = (0..11).map(|n| format!("p{n}@example.com")).collect();
    let (status, body) = invite(&app, &admin, &eleven.join(", "), "agent").await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["code"], "too_many_invitees");
    assert_eq!(body["max"], 10);
    let overview = team(&app, &admin).await;
    assert_eq!(overview["pending"], json!([]));
    assert_eq!(overview["outbox"], json!([]));

    // Nothing typed names the field.
    let (status, body) = invite(&app, &admin, " ,\n", "agent").await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["field"], "emails");

    // Ten are fine.
    let (status, body) = invite(&app, &admin, &eleven[..10].join("\n"), "agent").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body.as_array().unwrap().len(), 10);
    assert_eq!(
        team(&app, &admin).await["pending"]
            .as_array()
            .unwrap()
            .len(),
        10
    );
    app.stop().await;
}

#[tokio::test]
async fn team_admin_an_expired_invitation_cannot_be_previewed_or_used() {
    let app = spawn_app().await;
    let admin = admin_client(&app).await;
    let (status, _) = invite(&app, &admin, "late@example.com", "agent").await;
    assert_eq!(status, 200);
    let token = token_of(&outbox_link(&team(&app, &admin).await, "late@example.com"));
    assert_eq!(preview(&app, &token).await.0, 200);

    let db = Db::connect(&app.database_url).await.unwrap();
    let done = sqlx::query("UPDATE invitations SET expires_at = $1 WHERE email = $2")
        .bind(Timestamp::now().0 - 1_000)
        .bind("late@example.com")
        .execute(db.pool())
        .await
        .unwrap();
    assert_eq!(done.rows_affected(), 1);
    db.close().await;

    let (status, body) = preview(&app, &token).await;
    assert_eq!(status, 410, "{body}");
    assert_eq!(body["code"], "invitation_unusable");
    let client = TestApp::new_client();
    let response = join(&app, &client, &token, "Late Comer", "late-password").await;
    assert!(session_cookie(&response).is_none());
    assert_eq!(response.status(), 410);
    assert_eq!(app.me(&client).await, Value::Null);
    let overview = team(&app, &admin).await;
    assert_eq!(
        overview["pending"],
        json!([]),
        "expired ones are not pending"
    );
    assert_eq!(
        overview["subscription"]["used"], 1,
        "nor do they hold a seat"
    );
    assert!(
        overview["members"]
            .as_array()
            .unwrap()
            .iter()
            .all(|member| member["email"] != "late@example.com")
    );
    app.stop().await;
}

#[tokio::test]
async fn team_admin_the_last_admin_stays_until_another_one_exists() {
    let app = spawn_app().await;
    let admin = admin_client(&app).await;
    let admin_id = app.me(&admin).await["id"].as_str().unwrap().to_owned();

    let (status, body) = answer(
        post(
            &app,
            &admin,
            "member_role",
            &[("member", &admin_id), ("role", "agent")],
        )
        .await,
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["code"], "last_admin");
    let (status, body) = answer(
        post(
            &app,
            &admin,
            "member_active",
            &[("member", &admin_id), ("active", "false")],
        )
        .await,
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["code"], "last_admin");
    let overview = team(&app, &admin).await;
    assert_eq!(member(&overview, ADMIN_EMAIL)["role"], "admin");
    assert_eq!(member(&overview, ADMIN_EMAIL)["active"], true);

    let agent = invite_and_join(&app, &admin, "second@example.com", "agent-password").await;
    assert_eq!(post(&app, &agent.client, "team", &[]).await.status(), 403);
    let response = post(
        &app,
        &admin,
        "member_role",
        &[("member", &agent.id), ("role", "admin")],
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        member(&team(&app, &admin).await, &agent.email)["role"],
        "admin"
    );
    // Their session now carries the new role.
    assert_eq!(post(&app, &agent.client, "team", &[]).await.status(), 200);

    let response = post(
        &app,
        &admin,
        "member_role",
        &[("member", &admin_id), ("role", "agent")],
    )
    .await;
    assert_eq!(response.status(), 200);
    let overview = team(&app, &agent.client).await;
    assert_eq!(member(&overview, ADMIN_EMAIL)["role"], "agent");
    assert_eq!(post(&app, &admin, "team", &[]).await.status(), 403);

    // Now the newcomer is the last admin.
    let response = post(
        &app,
        &agent.client,
        "member_role",
        &[("member", &agent.id), ("role", "agent")],
    )
    .await;
    assert_eq!(response.status(), 409);
    app.stop().await;
}

#[tokio::test]
async fn team_admin_deactivation_ends_sessions_and_socket_and_requeues_conversations() {
    let app = spawn_app().await;
    let admin = admin_client(&app).await;
    let agent = invite_and_join(&app, &admin, "leaver@example.com", "leaver-password").await;
    let mut socket = raw_workbench(&app, &agent.cookie).await;
    assert_eq!(member_status(&app, &agent.cookie).await, 422);

    // A visitor writes while the newcomer is the only agent online: they serve it.
    let mut visitor = widget(&app).await;
    let (conversation, _) = first_message(&mut visitor, "hello?").await;
    wait_assigned_to(&app, &conversation, &agent.id).await;
    assert_eq!(
        member(&team(&app, &admin).await, &agent.email)["open_conversations"],
        1
    );

    let response = post(
        &app,
        &admin,
        "member_active",
        &[("member", &agent.id), ("active", "false")],
    )
    .await;
    assert_eq!(response.status(), 200);

    assert!(
        closes_within(&mut socket, Duration::from_secs(5)).await,
        "the deactivated agent's socket stays open"
    );
    let back = stored(&app, &conversation).await;
    assert_eq!(back.assignee, None, "{back:?}");
    assert!(back.queue_seq.is_some(), "back in the queue: {back:?}");
    assert_eq!(back.status, "open");

    assert_eq!(app.me(&agent.client).await, Value::Null);
    assert_eq!(member_status(&app, &agent.cookie).await, 401);
    assert_eq!(ws_upgrade_status(&app, &agent.cookie).await, 401);
    let (status, body) = answer(
        app.login_with(&TestApp::new_client(), &agent.email, "leaver-password")
            .await,
    )
    .await;
    assert_eq!(status, 401, "{body}");
    let overview = team(&app, &admin).await;
    let listed = member(&overview, &agent.email);
    assert_eq!(listed["active"], false);
    assert_eq!(listed["open_conversations"], 0);
    assert_eq!(
        overview["subscription"]["used"], 1,
        "a deactivated member holds no seat"
    );

    let response = post(
        &app,
        &admin,
        "member_active",
        &[("member", &agent.id), ("active", "true")],
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        member(&team(&app, &admin).await, &agent.email)["active"],
        true
    );
    let client = TestApp::new_client();
    let response = app
        .login_with(&client, &agent.email, "leaver-password")
        .await;
    assert!(session_cookie(&response).is_some(), "{}", response.status());
    assert_eq!(app.me(&client).await["email"], agent.email);
    app.stop().await;
}

#[tokio::test]
async fn team_admin_a_deactivated_agents_conversation_goes_to_another_online_agent() {
    let app = spawn_app().await;
    let admin = admin_client(&app).await;
    let agent = invite_and_join(&app, &admin, "leaver@example.com", "leaver-password").await;
    let mut socket = raw_workbench(&app, &agent.cookie).await;
    let mut visitor = widget(&app).await;
    let (conversation, _) = first_message(&mut visitor, "hello?").await;
    wait_assigned_to(&app, &conversation, &agent.id).await;

    // A colleague comes online afterwards.
    let colleague = agents(&app, 1).await.remove(0);
    let mut colleagues_workbench = workbench(&app, &colleague).await;

    let response = post(
        &app,
        &admin,
        "member_active",
        &[("member", &agent.id), ("active", "false")],
    )
    .await;
    assert_eq!(response.status(), 200);
    assert!(closes_within(&mut socket, Duration::from_secs(5)).await);
    let colleague_id = json!(colleague.id);
    let moved = stored(&app, &conversation).await;
    assert_eq!(
        moved.assignee.as_deref(),
        colleague_id.as_str(),
        "{moved:?}"
    );
    assert_eq!(moved.queue_seq, None);
    // The colleague's workbench hears of it live (and stays open).
    loop {
        let change = next_change(&mut colleagues_workbench, &conversation).await;
        if change["placement"]["assignee_id"] == colleague_id {
            break;
        }
    }
    app.stop().await;
}

#[tokio::test]
async fn team_admin_changing_the_password_ends_every_session_of_the_account() {
    let app = spawn_app().await;
    let admin = admin_client(&app).await;
    let agent = invite_and_join(&app, &admin, "changer@example.com", "first-password").await;
    let second = TestApp::new_client();
    let response = app
        .login_with(&second, &agent.email, "first-password")
        .await;
    let second_cookie = cookie_pair(&response);
    // The admin's own session is another account's: it must survive.
    let admin_cookie = admin_cookie(&app).await;

    let (status, body) = answer(
        post(
            &app,
            &agent.client,
            "password",
            &[
                ("current_password", "not-the-password"),
                ("new_password", "second-password"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["field"], "current_password");
    assert_eq!(body["problem"], "incorrect");
    assert_eq!(
        member_status(&app, &agent.cookie).await,
        422,
        "still signed in"
    );
    assert_eq!(member_status(&app, &second_cookie).await, 422);

    let response = post(
        &app,
        &agent.client,
        "password",
        &[
            ("current_password", "first-password"),
            ("new_password", "second-password"),
        ],
    )
    .await;
    assert!(succeeded(&response), "{}", response.status());

    // Both sessions ended on the server, whatever the browsers still hold.
    assert_eq!(member_status(&app, &agent.cookie).await, 401);
    assert_eq!(member_status(&app, &second_cookie).await, 401);
    assert_eq!(app.me(&second).await, Value::Null);
    assert_eq!(ws_upgrade_status(&app, &second_cookie).await, 401);
    assert_eq!(member_status(&app, &admin_cookie).await, 422);

    let old = app
        .login_with(&TestApp::new_client(), &agent.email, "first-password")
        .await;
    assert_eq!(old.status(), 401);
    let client = TestApp::new_client();
    let new = app
        .login_with(&client, &agent.email, "second-password")
        .await;
    assert!(session_cookie(&new).is_some(), "{}", new.status());
    assert_eq!(app.me(&client).await["email"], agent.email);
    app.stop().await;
}

#[tokio::test]
async fn team_admin_password_change_closes_the_accounts_socket() {
    let app = spawn_app().await;
    let admin = admin_client(&app).await;
    let agent = invite_and_join(&app, &admin, "changer@example.com", "first-password").await;
    let mut socket = raw_workbench(&app, &agent.cookie).await;
    let response = post(
        &app,
        &agent.client,
        "password",
        &[
            ("current_password", "first-password"),
            ("new_password", "second-password"),
        ],
    )
    .await;
    assert!(succeeded(&response), "{}", response.status());
    assert!(closes_within(&mut socket, Duration::from_secs(5)).await);
    app.stop().await;
}

#[tokio::test]
async fn team_admin_member_limits_are_validated_stored_and_reset() {
    let app = spawn_app().await;
    let admin = admin_client(&app).await;
    let agent = agents(&app, 1).await.remove(0);
    let id = agent.id.to_string();
    let limit_of =
        async |app: &TestApp| member_by_id(&team(app, &admin).await, &id)["limit"].clone();
    assert_eq!(limit_of(&app).await, Value::Null);

    for bad in ["0", "abc", "101", "-1"] {
        let (status, body) = answer(
            post(
                &app,
                &admin,
                "member_limit",
                &[("member", &id), ("limit", bad)],
            )
            .await,
        )
        .await;
        assert_eq!(status, 422, "{bad}: {body}");
        assert_eq!(body["field"], "limit", "{bad}");
        assert_eq!(body["problem"], "out_of_range", "{bad}");
    }
    assert_eq!(limit_of(&app).await, Value::Null);

    let response = post(
        &app,
        &admin,
        "member_limit",
        &[("member", &id), ("limit", "3")],
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(limit_of(&app).await, 3);

    let response = post(
        &app,
        &admin,
        "member_limit",
        &[("member", &id), ("limit", "")],
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(limit_of(&app).await, Value::Null);

    // A member of no team here.
    let stranger = uuid::Uuid::new_v4().to_string();
    let response = post(
        &app,
        &admin,
        "member_limit",
        &[("member", &stranger), ("limit", "3")],
    )
    .await;
    assert_eq!(response.status(), 404);
    app.stop().await;
}

#[tokio::test]
async fn team_admin_agents_are_forbidden_and_strangers_unauthorized() {
    let app = spawn_app().await;
    let admin = admin_client(&app).await;
    let admin_id = app.me(&admin).await["id"].as_str().unwrap().to_owned();
    let agent = agents(&app, 1).await.remove(0);
    let agent_id = agent.id.to_string();
    let calls: [(&str, Vec<(&str, &str)>); 5] = [
        ("team", vec![]),
        (
            "invite",
            vec![("emails", "sneaky@example.com"), ("role", "admin")],
        ),
        (
            "member_role",
            vec![("member", &agent_id), ("role", "admin")],
        ),
        ("member_limit", vec![("member", &agent_id), ("limit", "50")]),
        (
            "member_active",
            vec![("member", &admin_id), ("active", "false")],
        ),
    ];
    for (endpoint, form) in &calls {
        let (status, body) = answer(post_as(&app, &agent.cookie, endpoint, form).await).await;
        assert_eq!(status, 403, "{endpoint}: {body}");
        assert_eq!(body["code"], "forbidden", "{endpoint}");
        let (status, body) = answer(post(&app, &TestApp::new_client(), endpoint, form).await).await;
        assert_eq!(status, 401, "{endpoint}: {body}");
        assert_eq!(body["code"], "unauthorized", "{endpoint}");
    }
    // None of it happened.
    let overview = team(&app, &admin).await;
    assert_eq!(overview["pending"], json!([]));
    assert_eq!(overview["outbox"], json!([]));
    let listed = member_by_id(&overview, &agent_id);
    assert_eq!(listed["role"], "agent");
    assert_eq!(listed["limit"], Value::Null);
    assert_eq!(member(&overview, ADMIN_EMAIL)["active"], true);
    app.stop().await;
}

#[tokio::test]
async fn team_admin_deactivation_closes_the_agents_socket_on_every_server_process() {
    let app = spawn_app_on(Store::Postgres, |config| config).await;
    let node_b = spawn_second_node(&app).await;
    let admin = admin_client(&app).await;
    let agent = invite_and_join(&app, &admin, "far-away@example.com", "far-away-password").await;
    // The agent's workbench is on the other process.
    let mut socket = raw_workbench(&node_b, &agent.cookie).await;

    let response = post(
        &app,
        &admin,
        "member_active",
        &[("member", &agent.id), ("active", "false")],
    )
    .await;
    assert_eq!(response.status(), 200);
    assert!(
        closes_within(&mut socket, Duration::from_secs(5)).await,
        "the socket on the other process stays open"
    );
    assert_eq!(ws_upgrade_status(&node_b, &agent.cookie).await, 401);
    node_b.stop().await;
    app.stop().await;
}
