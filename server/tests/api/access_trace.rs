//! The visitor's access trace: the widget reports the page it was loaded on over `/ws`; agents
//! of the same project read it; nothing else gets in.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::helpers::*;
use crate::ws_client::*;
use serde_json::{Value, json};
use std::time::Duration;
use uuid::Uuid;

/// The trace as the workbench asks for it, with the given session cookie.
async fn trace(app: &TestApp, cookie: &str, conversation: &str) -> (u16, Value) {
    let response = TestApp::new_client()
        .post(app.url("/api/visitor_trace"))
        .header("cookie", cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("conversation_id={conversation}"))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn page_view(url: &str, title: &str, referrer: &str) -> Value {
    json!({"type": "page_view", "url": url, "title": title, "referrer": referrer})
}

#[tokio::test]
async fn each_page_load_is_recorded_and_agents_read_it_newest_first() {
    let app = spawn_app().await;
    let token = visitor_token(&app).await;
    let cookie = admin_cookie(&app).await;

    // Two page loads: each opens its own socket and reports its page once.
    let mut first = WsClient::visitor(&app, &token).await;
    first.hello(0).await;
    first
        .send_json(page_view(
            "https://shop.example/",
            "Home <b>sale</b>",
            "https://search.example/?q=shoes",
        ))
        .await;
    first.expect_silence(Duration::from_millis(200)).await;
    first.close().await;
    tokio::time::sleep(Duration::from_millis(5)).await;
    let mut second = WsClient::visitor(&app, &token).await;
    second.hello(0).await;
    second
        .send_json(page_view(
            "https://shop.example/cart",
            "Cart",
            "https://shop.example/",
        ))
        .await;
    let ack = second.say(Uuid::new_v4(), None, "Is shipping free?").await;
    let conversation = ack["message"]["conversation_id"]
        .as_str()
        .unwrap()
        .to_owned();

    let (status, views) = trace(&app, &cookie, &conversation).await;
    assert_eq!(status, 200, "{views}");
    let views = views.as_array().unwrap();
    assert_eq!(views.len(), 2);
    assert_eq!(views[0]["url"], "https://shop.example/cart");
    assert_eq!(views[0]["title"], "Cart");
    assert_eq!(views[1]["url"], "https://shop.example/");
    // Stored as given: the workbench renders it as text.
    assert_eq!(views[1]["title"], "Home <b>sale</b>");
    assert_eq!(views[1]["referrer"], "https://search.example/?q=shoes");
    assert!(views[0]["at"].as_i64() >= views[1]["at"].as_i64());
    app.stop().await;
}

#[tokio::test]
async fn bad_or_repeated_page_views_and_agent_page_views_are_refused() {
    let app = spawn_app().await;
    let mut visitor = WsClient::visitor(&app, &visitor_token(&app).await).await;
    visitor.hello(0).await;
    for url in [
        "javascript:alert(1)",
        "",
        "/relative/path",
        "data:text/html,x",
    ] {
        visitor.send_json(page_view(url, "x", "")).await;
        let refusal = visitor.expect("error").await;
        assert_eq!(refusal["code"], "invalid_page_view", "{url}");
    }
    visitor
        .send_json(page_view("https://shop.example/", "Home", ""))
        .await;
    visitor
        .send_json(page_view("https://shop.example/again", "Again", ""))
        .await;
    assert_eq!(visitor.expect("error").await["code"], "rate_limited");
    // The socket is still usable.
    visitor.send_json(json!({"type": "ping", "nonce": 7})).await;
    assert_eq!(visitor.expect("pong").await["nonce"], 7);

    let mut agent = WsClient::agent(&app, &admin_cookie(&app).await).await;
    agent.hello(0).await;
    agent
        .send_json(page_view("https://shop.example/", "Home", ""))
        .await;
    assert_eq!(agent.expect("error").await["code"], "forbidden");
    app.stop().await;
}

#[tokio::test]
async fn only_signed_in_agents_of_the_project_read_a_trace() {
    let app = spawn_app().await;
    let mut visitor = WsClient::visitor(&app, &visitor_token(&app).await).await;
    visitor.hello(0).await;
    visitor
        .send_json(page_view("https://shop.example/private", "Private", ""))
        .await;
    let ack = visitor.say(Uuid::new_v4(), None, "hello").await;
    let conversation = ack["message"]["conversation_id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Signed out: refused.
    let (status, _) = trace(&app, "", &conversation).await;
    assert_eq!(status, 401);

    // An admin of another project: the conversation does not exist for them.
    let other = {
        use app::backend::accounts;
        use app::backend::db::Db;
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
    };
    let (status, body) = trace(&app, &other, &conversation).await;
    assert_eq!(status, 404, "{body}");
    let (status, body) = trace(&app, &other, &Uuid::new_v4().to_string()).await;
    assert_eq!(status, 404, "{body}");

    let (status, views) = trace(&app, &admin_cookie(&app).await, &conversation).await;
    assert_eq!(status, 200);
    assert_eq!(views.as_array().unwrap().len(), 1);
    app.stop().await;
}
