//! Email fallback: agents' replies that a visitor with an email has not read are mailed to
//! them, at most once per batch window per conversation, and the mail's link brings the
//! visitor back to the same conversation (a fresh widget token for the same contact).
#![allow(clippy::unwrap_used, clippy::expect_used)]
use crate::assignment_support::*;
use crate::helpers::*;
use crate::ws_client::*;
use app::backend::db::Db;
use std::time::Duration;
use uuid::Uuid;

/// The batch window of these tests, in seconds.
const WINDOW: u32 = 2;

async fn mails_to(app: &TestApp, address: &str) -> Vec<String> {
    let db = Db::connect(&app.database_url).await.unwrap();
    let bodies: Vec<String> =
        sqlx::query_scalar("SELECT body FROM outbox WHERE to_address = $1 ORDER BY created_at, id")
            .bind(address)
            .fetch_all(db.pool())
            .await
            .unwrap();
    db.close().await;
    bodies
}

/// Waits until `count` mails went to `address` (or 15 s passed) and returns them.
async fn wait_for_mails(app: &TestApp, address: &str, count: usize) -> Vec<String> {
    for _ in 0..150 {
        let mails = mails_to(app, address).await;
        if mails.len() >= count {
            return mails;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    mails_to(app, address).await
}

/// The visitor of `conversation` gets `email` (as an agent would type it in the console).
async fn give_email(app: &TestApp, conversation: &str, email: &str) {
    let db = Db::connect(&app.database_url).await.unwrap();
    let visitor: String = sqlx::query_scalar("SELECT visitor_id FROM conversations WHERE id = $1")
        .bind(conversation)
        .fetch_one(db.pool())
        .await
        .unwrap();
    db.close().await;
    assert_eq!(app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
    let form = format!(
        "contact={visitor}&name=Ann&email={}&phone=",
        urlencode(email)
    );
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

/// An admin and a visitor in a new conversation, opened with `first`, whose visitor has
/// `email`. The visitor's socket sends `headers` (such as `Accept-Language`).
struct EmailedChat {
    admin: WsClient,
    visitor: WsClient,
    visitor_token: String,
    conversation: String,
}

async fn chat_with_emailed_visitor(
    app: &TestApp,
    headers: &[(&str, &str)],
    first: &str,
    email: &str,
) -> EmailedChat {
    let mut admin = WsClient::agent(app, &admin_cookie(app).await).await;
    admin.hello(0).await;
    let visitor_token = visitor_token(app).await;
    let mut visitor = WsClient::connect_with(app, &format!("?visitor={visitor_token}"), headers)
        .await
        .unwrap();
    visitor.hello(0).await;
    let (conversation, _) = first_message(&mut visitor, first).await;
    admin.expect("event").await;
    give_email(app, &conversation, email).await;
    EmailedChat {
        admin,
        visitor,
        visitor_token,
        conversation,
    }
}

/// The return link in a mail.
fn link_in(mail: &str) -> String {
    mail.split_whitespace()
        .find(|word| word.contains("/resume/"))
        .expect("a return link")
        .to_owned()
}

#[tokio::test]
async fn unread_replies_are_mailed_once_per_window_and_the_link_brings_the_visitor_back() {
    let app = spawn_app_on(Store::Sqlite, app_config).await;
    let EmailedChat {
        mut admin,
        visitor,
        visitor_token: token,
        conversation,
    } = chat_with_emailed_visitor(&app, &[], "Where is my order?", "ann@example.com").await;
    // The visitor leaves the site.
    visitor.close().await;

    for reply in ["It shipped yesterday.", "Tracking: ZX-42"] {
        admin.say(Uuid::new_v4(), Some(&conversation), reply).await;
    }
    let note = serde_json::json!({"type": "send", "client_id": Uuid::new_v4(),
        "conversation_id": conversation, "body": "internal: VIP", "content": "note"});
    admin.send_json(note).await;
    let mails = wait_for_mails(&app, "ann@example.com", 1).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(
        mails[0].contains("Demo Admin: It shipped yesterday."),
        "{}",
        mails[0]
    );
    assert!(
        mails[0].contains("Demo Admin: Tracking: ZX-42"),
        "{}",
        mails[0]
    );
    assert!(
        !mails[0].contains("VIP"),
        "notes are never mailed: {}",
        mails[0]
    );

    // A reply right after the mail waits for the next window: one mail per window.
    admin
        .say(Uuid::new_v4(), Some(&conversation), "Anything else?")
        .await;
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    assert_eq!(mails_to(&app, "ann@example.com").await.len(), 1);
    let mails = wait_for_mails(&app, "ann@example.com", 2).await;
    assert_eq!(mails.len(), 2, "{mails:?}");
    assert!(mails[1].contains("Anything else?"), "{}", mails[1]);
    assert!(
        !mails[1].contains("It shipped yesterday."),
        "each reply is mailed once: {}",
        mails[1]
    );
    tokio::time::sleep(Duration::from_secs(u64::from(WINDOW) * 2)).await;
    assert_eq!(
        mails_to(&app, "ann@example.com").await.len(),
        2,
        "nothing new, no mail"
    );

    // The link opens a page that hands the browser a token for the same visitor.
    let link = link_in(&mails[0]);
    let path = link
        .split_once("/w/")
        .map(|(_, rest)| format!("/w/{rest}"))
        .unwrap();
    let page = app.get(&path).await;
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["cache-control"], "no-store");
    let html = page.text().await.unwrap();
    let widget_token = html
        .split("localStorage.setItem(")
        .nth(1)
        .and_then(|rest| rest.split('"').nth(3))
        .expect("a token in the page")
        .to_owned();
    assert_ne!(widget_token, token, "a fresh token, not the visitor's own");
    let mut back = WsClient::visitor(&app, &widget_token).await;
    let history = back.hello(0).await;
    assert!(
        history
            .iter()
            .any(|event| event["body"] == "Where is my order?"),
        "{history:?}"
    );
    assert!(
        history
            .iter()
            .any(|event| event["body"] == "Anything else?")
    );
    // Unknown links say so.
    let bogus = path
        .rsplit_once('/')
        .map(|(base, _)| format!("{base}/not-a-token"))
        .unwrap();
    assert_eq!(app.get(&bogus).await.status(), 404);
    app.stop().await;
}

#[tokio::test]
async fn a_visitor_who_reads_the_replies_gets_no_mail() {
    let app = spawn_app_on(Store::Sqlite, app_config).await;
    let EmailedChat {
        mut admin,
        mut visitor,
        conversation,
        ..
    } = chat_with_emailed_visitor(&app, &[], "Hi", "bo@example.com").await;
    let ack = admin
        .say(Uuid::new_v4(), Some(&conversation), "Hello Bo")
        .await;
    let seq = ack["message"]["seq"].as_i64().unwrap();
    visitor
        .send_json(serde_json::json!({"type": "read", "conversation_id": conversation, "seq": seq}))
        .await;
    // Online and read: nothing to mail, even after the window.
    tokio::time::sleep(Duration::from_secs(u64::from(WINDOW) * 2 + 1)).await;
    visitor.close().await;
    tokio::time::sleep(Duration::from_secs(u64::from(WINDOW) * 2)).await;
    assert!(mails_to(&app, "bo@example.com").await.is_empty());
    app.stop().await;
}

#[tokio::test]
async fn a_visitor_whose_browser_reads_chinese_is_mailed_in_chinese() {
    let app = spawn_app_on(Store::Sqlite, app_config).await;
    let language = [("accept-language", "zh-CN,zh;q=0.9,en;q=0.8")];
    let EmailedChat {
        mut admin,
        visitor,
        conversation,
        ..
    } = chat_with_emailed_visitor(&app, &language, "我的订单在哪里？", "li@example.com").await;
    visitor.close().await;
    admin
        .say(Uuid::new_v4(), Some(&conversation), "Shipped today.")
        .await;
    let mails = wait_for_mails(&app, "li@example.com", 1).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(mails[0].contains("给您发来了新回复"), "{}", mails[0]);
    assert!(
        mails[0].contains("Demo Admin: Shipped today."),
        "{}",
        mails[0]
    );
    assert!(mails[0].contains("继续对话："), "{}", mails[0]);
    app.stop().await;
}

fn app_config(config: server::Config) -> server::Config {
    server::Config {
        email_batch_secs: WINDOW,
        ..config
    }
}
