//! Attachments: uploads are refused by size and type (read from the content, not the name),
//! SVG is never served inline, and a file is fetched only by its conversation's visitor and
//! the agents who may see that conversation.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use crate::assignment_support::demo_project;
use crate::helpers::*;
use crate::ws_client::*;
use app::backend::db::{Db, attachments};
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use uuid::Uuid;

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
const SVG: &[u8] =
    br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>"#;

/// Who uploads or downloads: a visitor's token (query or header) or an agent's cookie.
#[derive(Clone, Copy)]
enum As<'a> {
    VisitorQuery(&'a str),
    VisitorBearer(&'a str),
    Agent(&'a str),
    Nobody,
}

fn with<'a>(
    app: &TestApp,
    request: reqwest::RequestBuilder,
    who: As<'a>,
) -> reqwest::RequestBuilder {
    match who {
        As::VisitorQuery(token) => request.query(&[("visitor", token)]),
        As::VisitorBearer(token) => request.bearer_auth(token),
        As::Agent(cookie) => request
            .header("cookie", cookie)
            .header("origin", format!("http://{}", app.address)),
        As::Nobody => request,
    }
}

async fn upload_to(
    app: &TestApp,
    who: As<'_>,
    bytes: &[u8],
    name: &str,
    mime: &str,
    conversation: Option<&str>,
) -> (u16, Value) {
    let part = Part::bytes(bytes.to_vec())
        .file_name(name.to_owned())
        .mime_str(mime)
        .unwrap();
    let mut form = Form::new();
    if let Some(conversation) = conversation {
        form = form.text("conversation_id", conversation.to_owned());
    }
    let request = TestApp::new_client()
        .post(app.url("/files"))
        .multipart(form.part("file", part));
    let response = with(app, request, who).send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn upload(app: &TestApp, who: As<'_>, bytes: &[u8], name: &str, mime: &str) -> (u16, Value) {
    upload_to(app, who, bytes, name, mime, None).await
}

async fn fetch(app: &TestApp, who: As<'_>, id: &str) -> reqwest::Response {
    let request = TestApp::new_client().get(app.url(&format!("/files/{id}")));
    with(app, request, who).send().await.unwrap()
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get_all(name)
        .iter()
        .map(|value| value.to_str().unwrap())
        .collect::<Vec<_>>()
        .join(", ")
}

async fn set_limit(app: &TestApp, mb: u32) {
    let db = Db::connect(&app.database_url).await.unwrap();
    attachments::set_max_upload_mb(&db, demo_project(app).await, mb)
        .await
        .unwrap();
    db.close().await;
}

/// Sends the upload `id` as a message of the visitor's (first) conversation; the ack.
async fn send_file(socket: &mut WsClient, conversation: Option<&str>, id: &str) -> Value {
    socket
        .send_json(json!({"type": "send", "client_id": Uuid::new_v4(), "conversation_id": conversation, "body": "", "content": {"attachment": {"id": id}}}))
        .await;
    loop {
        let frame = socket.next().await;
        if matches!(frame["type"].as_str(), Some("ack" | "error")) {
            return frame;
        }
    }
}

#[tokio::test]
async fn uploads_are_refused_by_size_and_type() {
    let app = spawn_app().await;
    let token = visitor_token(&app).await;
    let visitor = As::VisitorQuery(&token);

    // The default limit is 20 MB, checked while the file streams in.
    let mut big = PNG.to_vec();
    big.resize(20 * 1024 * 1024 + 1, 0);
    let (status, message) = upload(&app, visitor, &big, "big.png", "image/png").await;
    assert_eq!(status, 413, "{message}");
    assert!(message.as_str().unwrap().contains("20 MB"), "{message}");
    let mut fits = PNG.to_vec();
    fits.resize(2 * 1024 * 1024, 0);
    assert_eq!(
        upload(&app, visitor, &fits, "fits.png", "image/png")
            .await
            .0,
        201
    );
    // The console's setting applies at once.
    set_limit(&app, 1).await;
    let (status, message) = upload(&app, visitor, &fits, "fits.png", "image/png").await;
    assert_eq!(status, 413, "{message}");
    assert!(message.as_str().unwrap().contains("1 MB"), "{message}");

    // Types off the allow list, whatever they claim to be.
    for (bytes, name, mime) in [
        (SVG, "logo.svg", "image/svg+xml"),
        (SVG, "logo.png", "image/png"),
        (
            &b"<!DOCTYPE html><script>alert(1)</script>"[..],
            "page.txt",
            "text/plain",
        ),
        (
            &b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff"[..],
            "setup.pdf",
            "application/pdf",
        ),
        (
            &b"\x7fELF\x02\x01\x01\0\0\0\0\0"[..],
            "run.jpg",
            "image/jpeg",
        ),
    ] {
        let (status, message) = upload(&app, visitor, bytes, name, mime).await;
        assert_eq!(status, 415, "{name}: {message}");
    }
    assert_eq!(
        upload(&app, visitor, b"", "empty.txt", "text/plain")
            .await
            .0,
        400
    );
    // No credentials, or an unknown token.
    assert_eq!(
        upload(&app, As::Nobody, PNG, "a.png", "image/png").await.0,
        401
    );
    assert_eq!(
        upload(&app, As::VisitorBearer("nope"), PNG, "a.png", "image/png")
            .await
            .0,
        401
    );
    // Nothing refused was kept (the uploads directory holds the one accepted file).
    let db = Db::connect(&app.database_url).await.unwrap();
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attachments")
        .fetch_one(db.pool())
        .await
        .unwrap();
    db.close().await;
    assert_eq!(count, 1);
    app.stop().await;
}

#[tokio::test]
async fn a_blocked_visitor_may_not_upload() {
    let app = spawn_app().await;
    let token = visitor_token(&app).await;
    let mut socket = WsClient::visitor(&app, &token).await;
    socket.hello(0).await;
    let ack = socket.say(Uuid::new_v4(), None, "hello").await;
    let conversation = ack["message"]["conversation_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let db = Db::connect(&app.database_url).await.unwrap();
    sqlx::query(
        "UPDATE visitors SET blocked_at = 1 WHERE id = (SELECT visitor_id FROM conversations WHERE id = $1)",
    )
    .bind(&conversation)
    .execute(db.pool())
    .await
    .unwrap();
    db.close().await;
    let (status, message) =
        upload(&app, As::VisitorBearer(&token), PNG, "a.png", "image/png").await;
    assert_eq!(status, 403);
    assert!(message.as_str().unwrap().contains("blocked"), "{message}");
    app.stop().await;
}

#[tokio::test]
async fn the_content_decides_the_type_and_only_harmless_files_show_inline() {
    let app = spawn_app().await;
    let token = visitor_token(&app).await;
    let visitor = As::VisitorQuery(&token);

    // A picture named and declared as text is a picture.
    let (status, file) = upload(&app, visitor, PNG, "notes.txt", "text/plain").await;
    assert_eq!(status, 201, "{file}");
    assert_eq!(file["mime"], "image/png");
    assert_eq!(file["name"], "notes.txt.png");
    assert_eq!(file["size"], PNG.len());
    let response = fetch(&app, visitor, file["id"].as_str().unwrap()).await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "content-type"), "image/png");
    assert_eq!(header(&response, "x-content-type-options"), "nosniff");
    assert!(header(&response, "content-disposition").starts_with("inline;"));
    assert!(header(&response, "content-security-policy").contains("sandbox"));
    assert_eq!(response.bytes().await.unwrap(), PNG);

    // Text named as a picture (with a path and a leading dot) is a text download.
    let (status, file) = upload(
        &app,
        visitor,
        "prix: 12 €\n".as_bytes(),
        "../../.secret.png",
        "image/png",
    )
    .await;
    assert_eq!(status, 201, "{file}");
    assert_eq!(file["mime"], "text/plain");
    assert_eq!(file["name"], "secret.png.txt");
    let response = fetch(
        &app,
        As::VisitorBearer(&token),
        file["id"].as_str().unwrap(),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "content-type"), "text/plain");
    assert_eq!(
        header(&response, "content-disposition"),
        "attachment; filename*=UTF-8''secret.png.txt"
    );
    app.stop().await;
}

#[tokio::test]
async fn an_svg_with_a_script_is_never_served_inline() {
    let app = spawn_app().await;
    let token = visitor_token(&app).await;
    let visitor = As::VisitorQuery(&token);
    // Refused at the door, whatever it is called.
    for (name, mime) in [
        ("x.svg", "image/svg+xml"),
        ("x.png", "image/png"),
        ("x.txt", "text/plain"),
    ] {
        assert_eq!(
            upload(&app, visitor, SVG, name, mime).await.0,
            415,
            "{name}"
        );
    }
    // And one that got stored anyway (an older version, a hand-made row) is a sandboxed
    // download, never a page.
    let (_, file) = upload(&app, visitor, PNG, "a.png", "image/png").await;
    let id = file["id"].as_str().unwrap();
    let db = Db::connect(&app.database_url).await.unwrap();
    sqlx::query("UPDATE attachments SET mime = 'image/svg+xml', name = 'x.svg' WHERE id = $1")
        .bind(id)
        .execute(db.pool())
        .await
        .unwrap();
    let key: String = sqlx::query_scalar("SELECT storage_key FROM attachments WHERE id = $1")
        .bind(id)
        .fetch_one(db.pool())
        .await
        .unwrap();
    db.close().await;
    assert!(!key.contains('/') && !key.contains(".."));
    let response = fetch(&app, visitor, id).await;
    assert_eq!(response.status(), 200);
    assert!(header(&response, "content-disposition").starts_with("attachment;"));
    let policy = header(&response, "content-security-policy");
    assert!(
        policy.contains("sandbox") && policy.contains("default-src 'none'"),
        "{policy}"
    );
    assert_eq!(header(&response, "x-content-type-options"), "nosniff");
    app.stop().await;
}

/// An agent of the demo project in no team: sees neither the queue nor its conversations.
async fn agent_without_team(app: &TestApp) -> String {
    use app::backend::auth::password;
    use app::backend::db::users;
    use app::models::{CurrentUser, Language, Role, Timestamp, UserId};
    let db = Db::connect(&app.database_url).await.unwrap();
    let user = CurrentUser {
        id: UserId::new(),
        project_id: demo_project(app).await,
        email: "loner@example.com".to_owned(),
        display_name: "Loner".to_owned(),
        role: Role::Agent,
        language: Language::En,
    };
    let new_user = users::NewUser {
        user,
        password_hash: password::hash(ADMIN_PASSWORD.to_owned()).await.unwrap(),
    };
    users::insert(db.pool(), &new_user, Timestamp::now())
        .await
        .unwrap();
    db.close().await;
    let client = TestApp::new_client();
    let response = app
        .login_with(&client, "loner@example.com", ADMIN_PASSWORD)
        .await;
    let cookie = session_cookie(&response).expect("signed in");
    cookie.split(';').next().unwrap().to_owned()
}

/// The admin of a second project.
async fn other_project_admin(app: &TestApp) -> String {
    use app::backend::accounts;
    use app::models::{Email, Password};
    let db = Db::connect(&app.database_url).await.unwrap();
    let project = accounts::create_project(&db, "Other Shop").await.unwrap();
    let email = Email::parse("email", "owner@other.example").unwrap();
    let password = Password::parse("password", "another-long-password").unwrap();
    accounts::create_admin(&db, project.id, &email, &password, None)
        .await
        .unwrap();
    db.close().await;
    let client = TestApp::new_client();
    let response = app
        .login_with(&client, "owner@other.example", "another-long-password")
        .await;
    let cookie = session_cookie(&response).expect("signed in");
    cookie.split(';').next().unwrap().to_owned()
}

async fn only_the_conversation_s_people_fetch_a_file(app: TestApp) {
    let token = visitor_token(&app).await;
    let other_token = visitor_token(&app).await;
    let (me, stranger) = (As::VisitorQuery(&token), As::VisitorQuery(&other_token));
    let admin = admin_cookie(&app).await;
    let (loner, outsider) = (
        agent_without_team(&app).await,
        other_project_admin(&app).await,
    );

    let (status, file) = upload(&app, me, PNG, "me.png", "image/png").await;
    assert_eq!(status, 201);
    let id = file["id"].as_str().unwrap().to_owned();
    // Not sent yet: only its uploader.
    assert_eq!(fetch(&app, me, &id).await.status(), 200);
    assert_eq!(fetch(&app, As::Agent(&admin), &id).await.status(), 404);
    // Another visitor may not send it either.
    let mut other_socket = WsClient::visitor(&app, &other_token).await;
    other_socket.hello(0).await;
    let refused = send_file(&mut other_socket, None, &id).await;
    assert_eq!(refused["code"], "invalid_attachment", "{refused}");

    let mut socket = WsClient::visitor(&app, &token).await;
    socket.hello(0).await;
    let ack = send_file(&mut socket, None, &id).await;
    assert_eq!(ack["type"], "ack", "{ack}");
    assert_eq!(ack["message"]["content"]["attachment"]["name"], "me.png");
    let conversation = ack["message"]["conversation_id"]
        .as_str()
        .unwrap()
        .to_owned();

    // The conversation's visitor and the agents who see it; nobody else, and a stranger
    // learns nothing (404 like a file that does not exist).
    assert_eq!(fetch(&app, me, &id).await.status(), 200);
    assert_eq!(
        fetch(&app, As::VisitorBearer(&token), &id).await.status(),
        200
    );
    assert_eq!(fetch(&app, As::Agent(&admin), &id).await.status(), 200);
    assert_eq!(fetch(&app, stranger, &id).await.status(), 404);
    assert_eq!(
        fetch(&app, As::VisitorBearer(&other_token), &id)
            .await
            .status(),
        404
    );
    assert_eq!(fetch(&app, As::Agent(&loner), &id).await.status(), 404);
    assert_eq!(fetch(&app, As::Agent(&outsider), &id).await.status(), 404);
    assert_eq!(fetch(&app, As::Nobody, &id).await.status(), 401);
    let unknown = Uuid::new_v4().to_string();
    assert_eq!(fetch(&app, me, &unknown).await.status(), 404);
    assert_eq!(fetch(&app, me, "../parley.db").await.status(), 404);

    // Agents upload into a conversation they may see, from our own pages only.
    let (status, reply) = upload_to(
        &app,
        As::Agent(&admin),
        PNG,
        "r.png",
        "image/png",
        Some(&conversation),
    )
    .await;
    assert_eq!(status, 201, "{reply}");
    let (status, _) = upload_to(
        &app,
        As::Agent(&loner),
        PNG,
        "r.png",
        "image/png",
        Some(&conversation),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = upload(&app, As::Agent(&admin), PNG, "r.png", "image/png").await;
    assert_eq!(status, 404);
    let cross_site = TestApp::new_client()
        .post(app.url("/files"))
        .header("cookie", &admin)
        .header("origin", "https://evil.example")
        .multipart(Form::new().part("file", Part::bytes(PNG.to_vec()).file_name("x.png")))
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
    // The agent's unsent upload is theirs alone, then the visitor's once sent.
    let reply_id = reply["id"].as_str().unwrap().to_owned();
    assert_eq!(
        fetch(&app, As::Agent(&admin), &reply_id).await.status(),
        200
    );
    assert_eq!(fetch(&app, me, &reply_id).await.status(), 404);
    let mut workbench = WsClient::agent(&app, &admin).await;
    workbench.hello(0).await;
    let ack = send_file(&mut workbench, Some(&conversation), &reply_id).await;
    assert_eq!(ack["type"], "ack", "{ack}");
    assert_eq!(fetch(&app, me, &reply_id).await.status(), 200);
    assert_eq!(fetch(&app, stranger, &reply_id).await.status(), 404);
    app.stop().await;
}

#[tokio::test]
async fn one_visitor_cannot_fetch_another_s_file_on_sqlite() {
    only_the_conversation_s_people_fetch_a_file(spawn_app().await).await;
}

#[tokio::test]
async fn one_visitor_cannot_fetch_another_s_file_on_postgres() {
    only_the_conversation_s_people_fetch_a_file(
        spawn_app_on(Store::Postgres, |config| config).await,
    )
    .await;
}

async fn call(app: &TestApp, client: &reqwest::Client, endpoint: &str, body: &str) -> (u16, Value) {
    let response = client
        .post(app.url(&format!("/api/{endpoint}")))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn only_an_admin_sets_the_upload_limit_between_1_and_100_mb() {
    let app = spawn_app().await;
    assert_eq!(app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
    assert_eq!(
        call(&app, &app.client, "upload_limit", "").await,
        (200, json!(20))
    );
    for refused in ["0", "101", "ten", ""] {
        let (status, error) = call(
            &app,
            &app.client,
            "set_upload_limit",
            &format!("max_upload_mb={refused}"),
        )
        .await;
        assert_eq!(status, 422, "{refused}: {error}");
        assert_eq!(error["field"], "max_upload_mb");
    }
    assert_eq!(
        call(&app, &app.client, "set_upload_limit", "max_upload_mb=5")
            .await
            .0,
        200
    );
    assert_eq!(
        call(&app, &app.client, "upload_limit", "").await,
        (200, json!(5))
    );
    // The new limit applies to the next upload.
    let token = visitor_token(&app).await;
    let mut six = PNG.to_vec();
    six.resize(6 * 1024 * 1024, 0);
    let (status, message) = upload(
        &app,
        As::VisitorBearer(&token),
        &six,
        "six.png",
        "image/png",
    )
    .await;
    assert_eq!(status, 413, "{message}");
    // Agents may not change it; signed-out callers neither.
    let agent = agent_without_team(&app).await;
    let agent_client = TestApp::new_client();
    let response = agent_client
        .post(app.url("/api/set_upload_limit"))
        .header("cookie", &agent)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("max_upload_mb=50")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let (status, _) = call(
        &app,
        &TestApp::new_client(),
        "set_upload_limit",
        "max_upload_mb=50",
    )
    .await;
    assert_eq!(status, 401);
    assert_eq!(
        call(&app, &app.client, "upload_limit", "").await,
        (200, json!(5))
    );
    app.stop().await;
}

#[tokio::test]
async fn uploads_nobody_sent_are_found_for_the_sweeper_and_sent_ones_never_are() {
    let app = spawn_app().await;
    let token = visitor_token(&app).await;
    let me = As::VisitorQuery(&token);
    let (_, abandoned) = upload(&app, me, PNG, "left.png", "image/png").await;
    let (_, sent) = upload(&app, me, PNG, "sent.png", "image/png").await;
    let (abandoned, sent) = (
        abandoned["id"].as_str().unwrap().to_owned(),
        sent["id"].as_str().unwrap().to_owned(),
    );
    let mut socket = WsClient::visitor(&app, &token).await;
    socket.hello(0).await;
    assert_eq!(send_file(&mut socket, None, &sent).await["type"], "ack");

    let db = Db::connect(&app.database_url).await.unwrap();
    let now = app::models::Timestamp::now();
    let later = now.plus_secs(3600);
    let due = attachments::unsent_before(&db, later, 100).await.unwrap();
    let due: Vec<String> = due.iter().map(|(id, _)| id.to_string()).collect();
    assert_eq!(
        due,
        std::slice::from_ref(&abandoned),
        "only the unsent upload"
    );
    assert!(
        attachments::unsent_before(&db, now.plus_secs(-3600), 100)
            .await
            .unwrap()
            .is_empty(),
        "a fresh upload waits"
    );
    assert!(
        !attachments::delete_unsent(&db, Uuid::parse_str(&sent).unwrap())
            .await
            .unwrap()
    );
    assert!(
        attachments::delete_unsent(&db, Uuid::parse_str(&abandoned).unwrap())
            .await
            .unwrap()
    );
    db.close().await;
    assert_eq!(fetch(&app, me, &abandoned).await.status(), 404);
    assert_eq!(fetch(&app, me, &sent).await.status(), 200);
    app.stop().await;
}
